"""The "explain a decision" pages and the accessibility statement."""

from __future__ import annotations

from typing import Any

from collectivia.ethics_register import messages
from collectivia.ethics_register.publication.html_layout import esc, link, page, paragraphs
from collectivia.platform.errors import FieldError

FORM_TITLE = "Demander l'explication d'une décision"
FIELDS = {"decision": "Numéro de la décision"}


def form_page(decision: str = "", errors: list[FieldError] | None = None) -> str:
    errors = errors or []
    by_field = {error.field: error.message for error in errors}
    summary = ""
    if errors:
        items = "".join(
            f'<li><a href="#{esc(e.field)}">{esc(FIELDS.get(e.field, e.field))} : '
            f"{esc(e.message)}</a></li>"
            for e in errors
        )
        summary = (
            f'<div class="alerte" role="alert"><h2>{esc(messages.FORM_NOT_SENT)}</h2>'
            f"<ul>{items}</ul></div>"
        )
    body = (
        f"<h1>{esc(FORM_TITLE)}</h1>{summary}"
        "<p>Lorsqu'une décision individuelle vous concernant a été prise avec l'aide d'un "
        "algorithme, vous avez le droit d'en obtenir l'explication : le degré et le mode de "
        "contribution du traitement, les données utilisées et leurs sources, les paramètres "
        "appliqués à votre situation et les opérations effectuées (code des relations entre "
        "le public et l'administration, articles L311-3-1 et R311-3-1-2).</p>"
        '<form method="post" action="/registre/expliquer">'
        + _field(
            "decision",
            "text",
            decision,
            by_field,
            required=True,
            hint="Il figure sur la décision ou le courrier que vous avez reçu.",
        )
        + '<button type="submit">Demander l\'explication</button></form>'
    )
    title = messages.ERROR_TITLE.format(title=FORM_TITLE) if errors else FORM_TITLE
    return page(title, body)


def _field(
    name: str,
    kind: str,
    value: str,
    errors: dict[str, str],
    *,
    required: bool,
    hint: str,
    autocomplete: str = "off",
) -> str:
    label = FIELDS[name] + (" (obligatoire)" if required else " (facultatif)")
    described = [f"{name}-indice"]
    error = ""
    if name in errors:
        described.append(f"{name}-erreur")
        error = f'<p class="erreur" id="{name}-erreur">{esc(errors[name])}</p>'
    invalid = ' aria-invalid="true"' if name in errors else ""
    needed = ' aria-required="true"' if required else ""
    return (
        f'<label for="{name}">{esc(label)}</label>'
        f'<p class="indice" id="{name}-indice">{esc(hint)}</p>{error}'
        f'<input id="{name}" name="{name}" type="{kind}" value="{esc(value)}" '
        f'autocomplete="{autocomplete}" aria-describedby="{" ".join(described)}"'
        f"{needed}{invalid}>"
    )


def explanation_page(explanation: dict[str, Any]) -> str:
    decision = str(explanation.get("use_id", ""))
    sections = "".join(
        f"<section><h2>{esc(s.get('title', ''))}</h2>{paragraphs(str(s.get('text', '')))}</section>"
        for s in explanation.get("sections", [])
        if isinstance(s, dict)
    )
    basis = explanation.get("legal_basis")
    body = (
        f"<h1>Explication de la décision {esc(decision)}</h1>"
        + (f"<p>Établie en application de l'{esc(basis)}.</p>" if basis else "")
        + sections
        + "<p>Pour contester la décision, suivez les voies de recours indiquées sur celle-ci ; "
        f"la fiche du système dans le {link('/registre', 'registre')} les rappelle.</p>"
    )
    return page(f"Explication de la décision {decision}", body)


def unknown_decision_page(decision: str) -> str:
    text = esc(messages.PAGE_DECISION_NOT_FOUND).format(
        decision=esc(decision),
        retry=link("/registre/expliquer", messages.PAGE_DECISION_RETRY_LINK),
    )
    title = messages.PAGE_DECISION_NOT_FOUND_TITLE
    return page(title, f"<h1>{esc(title)}</h1><p>{text}</p>")


def accessibility_page() -> str:
    body = (
        "<h1>Déclaration d'accessibilité</h1>"
        "<p>La collectivité s'engage à rendre ses services numériques accessibles, "
        "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>"
        "<h2>État de conformité</h2>"
        "<p>Les pages publiques du registre des algorithmes sont <strong>partiellement "
        "conformes</strong> avec le référentiel général d'amélioration de l'accessibilité "
        "(RGAA 4.1). Aucun audit complet n'a encore été réalisé : cette déclaration repose sur "
        "une auto-évaluation.</p>"
        "<h2>Ce qui a été fait</h2><ul>"
        "<li>Pages en français déclarées comme telles, titres hiérarchisés, lien d'évitement ;</li>"
        "<li>navigation possible au clavier, focus visible, contrastes suffisants ;</li>"
        "<li>formulaires avec étiquettes, aides et messages d'erreur reliés aux champs ;</li>"
        "<li>aucune fonction ne nécessite JavaScript.</li></ul>"
        "<h2>Limites connues</h2><ul>"
        "<li>Les textes des fiches sont rédigés par les services et peuvent contenir un "
        "vocabulaire technique ;</li>"
        "<li>les fichiers de données ouvertes (JSON, CSV) ne sont pas des documents mis en "
        "forme pour la lecture ;</li>"
        "<li>la compatibilité avec les technologies d'assistance n'a pas été testée par des "
        "utilisateurs.</li></ul>"
        "<h2>Retour d'information et recours</h2>"
        "<p>Si vous ne parvenez pas à accéder à un contenu, écrivez au contact indiqué sur la "
        "fiche du système concerné. Si vous n'obtenez pas de réponse satisfaisante, vous "
        "pouvez saisir le Défenseur des droits.</p>"
    )
    return page("Déclaration d'accessibilité", body)
