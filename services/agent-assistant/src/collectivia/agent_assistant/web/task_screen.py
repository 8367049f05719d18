"""The task screen: summarise, plain-language rewrite, draft from a template, classify; one
form shown at a time, one result area (hidden stream, live region), the template's rating."""

from __future__ import annotations

from collectivia.agent_assistant.web.fields import (
    SUBMIT_HINT,
    publication,
    rating_fields,
    template_choice,
    textarea,
)
from collectivia.agent_assistant.web.layout import Frame
from collectivia.platform.pages.layout import alert, screen, status

TASKS = (
    ("resume", "Résumer un document"),
    ("clair", "Réécrire en langage clair"),
    ("redaction", "Rédiger un courrier"),
    ("classement", "Classer une demande"),
)


def _summary_form(frame: Frame) -> str:
    megabytes = frame.max_upload_bytes / (1024 * 1024)
    size = f"{megabytes:.0f}" if megabytes >= 1 else f"{megabytes:.2f}".replace(".", ",")
    return (
        '<label for="resume-fichier">Document (PDF, DOCX, HTML, Markdown ou texte)</label>'
        f'<p id="resume-fichier-aide" class="indice">{size} Mo au plus. Ou collez le texte '
        "ci-dessous.</p>"
        '<input type="file" id="resume-fichier" name="file" '
        'accept=".pdf,.docx,.html,.htm,.md,.txt,application/pdf,text/plain,text/html,'
        'text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document" '
        'aria-describedby="resume-fichier-aide resume-fichier-erreur">'
        '<p id="resume-fichier-erreur" class="erreur-champ"></p>'
        + textarea("resume-texte", "Ou texte à résumer", SUBMIT_HINT, 8)
        + '<label for="resume-mots">Longueur visée (en mots)</label>'
        '<input type="number" id="resume-mots" name="max_words" min="20" max="1000" '
        'inputmode="numeric" aria-describedby="resume-mots-erreur">'
        '<p id="resume-mots-erreur" class="erreur-champ"></p>'
        + template_choice("resume", "Modèle de consignes (facultatif)")
        + publication("resume")
    )


def _plain_form() -> str:
    return (
        textarea(
            "clair-texte",
            "Texte à réécrire",
            "Règles du « Facile à lire et à comprendre ». " + SUBMIT_HINT,
            8,
        )
        + template_choice("clair", "Modèle de consignes (facultatif)")
        + publication("clair")
    )


def _draft_form() -> str:
    return (
        template_choice("redaction", "Modèle de courrier")
        + '<p class="indice">Chaque élément du modèle devient un champ à remplir.</p>'
        + publication("redaction")
    )


def _classify_form() -> str:
    return textarea("classement-texte", "Demande à classer", SUBMIT_HINT, 6) + (
        '<label for="classement-commune">Code INSEE de la commune (facultatif)</label>'
        '<input type="text" id="classement-commune" name="commune" maxlength="5" '
        'inputmode="numeric" aria-describedby="classement-commune-erreur">'
        '<p id="classement-commune-erreur" class="erreur-champ"></p>'
    )


def tasks(frame: Frame) -> str:
    links = "".join(
        f'<li><a href="/#taches/{name}" data-tache="{name}">{label}</a></li>'
        for name, label in TASKS
    )
    bodies = {
        "resume": _summary_form(frame),
        "clair": _plain_form(),
        "redaction": _draft_form(),
        "classement": _classify_form(),
    }
    buttons = {
        "resume": "Résumer",
        "clair": "Réécrire",
        "redaction": "Rédiger le brouillon",
        "classement": "Classer",
    }
    forms = "".join(
        f'<form id="tache-{name}" class="tache bloc" data-tache="{name}" novalidate hidden '
        f'aria-labelledby="titre-tache-{name}"><h2 id="titre-tache-{name}" tabindex="-1">'
        f'{label}</h2>{bodies[name]}<button type="submit">{buttons[name]}</button></form>'
        for name, label in TASKS
    )
    rating = (
        '<form id="tache-note" class="bloc" novalidate hidden aria-labelledby="titre-tache-note">'
        '<h2 id="titre-tache-note">Noter le modèle utilisé</h2>'
        '<p id="tache-note-modele" class="indice"></p>'
        + rating_fields("tache-note")
        + '<button type="submit">Enregistrer ma note</button></form>'
        + status("tache-note-etat")
    )
    return screen(
        "taches",
        "Tâches",
        f'<nav aria-label="Tâches"><ul class="onglets">{links}</ul></nav>{forms}'
        + alert("tache-erreur")
        + '<div id="tache-flux" class="flux" aria-hidden="true"></div>'
        '<div id="tache-resultat" aria-live="polite"></div>'
        '<div id="tache-relecture" hidden></div>' + rating,
    )
