"""The register's public pages: the list of published systems and one system's entry."""

from __future__ import annotations

from collectivia.ethics_register import messages
from collectivia.ethics_register.evidence.models_in_use import ModelInUse
from collectivia.ethics_register.evidence.usage import UsageStatistics
from collectivia.ethics_register.performance.schemas import MeasurementRead
from collectivia.ethics_register.publication import labels, measured, wording
from collectivia.ethics_register.publication.html_layout import (
    definitions,
    esc,
    link,
    page,
    paragraphs,
)
from collectivia.ethics_register.systems.lifecycle import special_categories_approved
from collectivia.ethics_register.systems.record import SourceData
from collectivia.ethics_register.systems.schemas import SystemRead, SystemSummary

# The models and methods listed on an entry's page, the most used first.
MAX_MODELS = 10
EXPORTS = (
    ("register.json", "Format du registre (JSON)"),
    ("register.csv", "Format du registre (CSV, tableur)"),
    ("eurocities-ats-0.3.1.json", "Standard Eurocities ATS 0.3.1 (JSON)"),
    ("uk-atrs.json", "Standard britannique ATRS (JSON)"),
    ("ai-act-annex-viii-c.json", "Règlement européen sur l'IA, annexe VIII, section C (JSON)"),
)


def list_page(systems: list[SystemSummary]) -> str:
    intro = (
        "<h1>Registre des algorithmes et systèmes d'IA</h1>"
        "<p>La collectivité publie ici les algorithmes et les systèmes d'intelligence "
        "artificielle qu'elle utilise ou a utilisés : à quoi ils servent, qui en répond, "
        "comment ils interviennent dans les décisions et comment les contester.</p>"
    )
    if not systems:
        return page("Registre", intro + "<p>Aucun système n'est publié pour le moment.</p>")
    entries = "".join(_summary(system) for system in systems)
    count = f"<p>{len(systems)} système{'s' if len(systems) > 1 else ''} publié"
    count += f"{'s' if len(systems) > 1 else ''}.</p>"
    exports = "<h2>Données ouvertes</h2>" + _exports()
    return page("Registre", f"{intro}{count}<ul>{entries}</ul>{exports}")


def _summary(system: SystemSummary) -> str:
    facts = definitions(
        [
            ("Statut", esc(labels.STATUS[system.status])),
            ("Niveau de risque (règlement européen sur l'IA)", esc(labels.RISK[system.risk_class])),
            ("Domaine", esc(labels.DOMAIN[system.policy_domain]) if system.policy_domain else "—"),
        ]
    )
    return (
        f'<li class="fiche"><h2>{link(f"/registre/{system.id}", system.name)}</h2>'
        f"{paragraphs(system.summary, 'Résumé non renseigné.')}{facts}</li>"
    )


def detail_page(
    system: SystemRead,
    usage: UsageStatistics | None = None,
    measurement: MeasurementRead | None = None,
    models: list[ModelInUse] | None = None,
) -> str:
    """``models``: what the evidence of its uses says ran (None: not asked)."""
    sections = [
        ("À quoi sert ce système", _purpose(system)),
        ("Qui en est responsable", _responsibility(system)),
        ("Place dans les décisions", _decisions(system, models)),
        ("Contrôle humain", _oversight(system)),
        ("Données utilisées", _data(system)),
        ("Risques et mesures prises", _risks(system)),
        ("Suivi et utilisation", _monitoring(system, usage)),
        (messages.PAGE_PERFORMANCE_TITLE, _performance(system, measurement)),
        ("Contester une décision ou demander une explication", _appeal(system)),
        ("Contacts", _contacts(system)),
        ("Dernière modification", _last_change(system)),
        ("Télécharger cette fiche et le registre", _exports()),
    ]
    body = f"<h1>{esc(system.name)}</h1>{paragraphs(system.summary, '')}" + "".join(
        f"<section><h2>{esc(title)}</h2>{content}</section>" for title, content in sections
    )
    return page(system.name, body)


def _purpose(system: SystemRead) -> str:
    return definitions(
        [
            ("Statut", esc(labels.STATUS[system.status])),
            ("Objectif", paragraphs(system.goal)),
            ("Description", paragraphs(system.description)),
            ("Ce que le système ne fait pas", paragraphs(system.out_of_scope)),
            ("Base légale", paragraphs(system.legal_basis)),
            ("Domaine", esc(labels.DOMAIN[system.policy_domain]) if system.policy_domain else "—"),
        ]
    )


def _responsibility(system: SystemRead) -> str:
    organisation = system.organisation
    return definitions(
        [
            ("Organisation", esc(organisation.name) if organisation else "Non renseignée."),
            ("Service", esc(organisation.department or "—") if organisation else "—"),
            ("Responsable", esc(system.owner or "Non renseigné.")),
            ("Fournisseur", esc(system.supplier.name) if system.supplier else "Aucun (interne)."),
        ]
    )


def _decisions(system: SystemRead, models: list[ModelInUse] | None) -> str:
    level = labels.AUTOMATION[system.automation_level] if system.automation_level else "—"
    kind = esc(labels.ALGORITHM[system.algorithm_type]) if system.algorithm_type else "—"
    items = [
        ("Degré d'automatisation", esc(level)),
        ("Comment le système intervient", paragraphs(system.decision_process)),
        ("Personnes concernées", paragraphs(system.affected_groups)),
        ("Effets sur les personnes", paragraphs(system.impact)),
        ("Type de système", kind),
    ]
    if models is not None:
        notice = wording.running_notice(system.algorithm_type, models)
        if notice:
            items[-1] = ("Type de système", f'{kind}<p class="alerte">{esc(notice)}</p>')
        items.append((messages.PAGE_MODELS_IN_USE, _models(models)))
    return definitions(items)


def _model_line(model: ModelInUse) -> str:
    """Generative uses are said; « none » only when every use said its mode."""
    if model.generative:
        return messages.PAGE_MODEL_IN_USE_GENERATIVE
    if model.mode_unknown:
        return messages.PAGE_MODEL_IN_USE_MODE_UNKNOWN
    return messages.PAGE_MODEL_IN_USE


def _models(models: list[ModelInUse]) -> str:
    if not models:
        return f"<p>{esc(messages.PAGE_MODELS_IN_USE_NONE)}</p>"
    shown = [
        _model_line(model).format(
            model=wording.model_name(model),
            uses=messages.recorded_uses(model.uses),
            generative=model.generative,
        )
        for model in models[:MAX_MODELS]
    ]
    more = len(models) - MAX_MODELS
    rest = f"<p>{esc(messages.PAGE_MODELS_IN_USE_MORE.format(count=more))}</p>" if more > 0 else ""
    return "<ul>" + "".join(f"<li>{esc(text)}</li>" for text in shown) + "</ul>" + rest


def _oversight(system: SystemRead) -> str:
    roles = "".join(f"<li>{esc(p.role)}</li>" for p in system.oversight_persons)
    return paragraphs(system.human_intervention) + (
        f"<p>Rôles chargés de la surveillance :</p><ul>{roles}</ul>" if roles else ""
    )


def _data(system: SystemRead) -> str:
    sources = "".join(
        f"<li>{esc(s.name)}"
        f"{' — contient des données personnelles' if s.contains_personal_data else ''}"
        f"{(' : ' + esc(s.description)) if s.description else ''}{_dataset(s)}</li>"
        for s in system.source_data
    )
    return (f"<ul>{sources}</ul>" if sources else "<p>Non renseigné.</p>") + definitions(
        [
            (messages.PAGE_SPECIAL_CATEGORIES, esc(_special_categories(system))),
            ("Données d'entraînement", paragraphs(system.training_data)),
            (
                "Sources connectées, partage et conservation",
                paragraphs(system.connected_data_sources),
            ),
            ("Biais connus", paragraphs(system.data_bias)),
        ]
    )


def _special_categories(system: SystemRead) -> str:
    """What the gate lets through, as the register's events announce it."""
    if special_categories_approved(system.status, system.special_category_data):
        return messages.PAGE_SPECIAL_CATEGORIES_APPROVED
    if system.special_category_data:
        return messages.PAGE_SPECIAL_CATEGORIES_NOT_IN_USE
    return messages.PAGE_SPECIAL_CATEGORIES_NONE


def _dataset(source: SourceData) -> str:
    """The data-lake dataset a source names: a link to a public one; the title of another and
    who may read it (never its rows); an id the register could not check, said as such."""
    if not source.dataset_id:
        return ""
    dataset = source.dataset
    if dataset is None:
        return (
            f"<br>Jeu de données du lac de données : {esc(source.dataset_id)} "
            "(identifiant non vérifié)"
        )
    if dataset.url is not None:
        shown = link(str(dataset.url), dataset.title)
    else:
        shown = f"{esc(dataset.title)} ({esc(labels.DATASET_ACCESS[dataset.access_rights])})"
    return f"<br>Jeu de données du lac de données : {shown}"


def _risks(system: SystemRead) -> str:
    risks = "".join(
        f"<li><strong>{esc(r.description)}</strong> — mesure : {esc(r.mitigation)}</li>"
        for r in system.risks
    )
    return definitions(
        [("Niveau de risque (règlement européen sur l'IA)", esc(labels.RISK[system.risk_class]))]
    ) + (f"<ul>{risks}</ul>" if risks else "<p>Aucun risque déclaré.</p>")


def _appeal(system: SystemRead) -> str:
    return paragraphs(system.appeal_procedure) + (
        "<p>Si une décision vous concernant a été prise avec l'aide de ce système, vous pouvez "
        f"{link('/registre/expliquer', 'demander son explication')} avec le numéro "
        "indiqué sur la décision.</p>"
    )


def _contacts(system: SystemRead) -> str:
    if system.contact is None:
        return "<p>Non renseigné.</p>"
    email = system.contact.email
    items = [("Adresse électronique", link(f"mailto:{email}", email))]
    if system.contact.phone:
        items.append(("Téléphone", esc(system.contact.phone)))
    return definitions(items)


def _monitoring(system: SystemRead, usage: UsageStatistics | None) -> str:
    items = [("Comment le système est suivi", esc(system.monitoring or "Non renseigné."))]
    if usage is not None:
        reviewed = usage.human_review.accepted + usage.human_review.edited
        items += [
            (f"Utilisations (sur {usage.retention_days} jours)", esc(str(usage.total_uses))),
            ("Résultats revus par un agent", esc(str(reviewed))),
            ("Résultats écartés ou corrigés par un agent", esc(str(usage.human_review.overridden))),
            ("Problèmes signalés", esc(str(usage.incidents))),
        ]
    return definitions(items)


def _performance(system: SystemRead, measurement: MeasurementRead | None) -> str:
    """What was declared, then the latest figures the service measured, when and how."""
    declared = definitions([(messages.PAGE_PERFORMANCE_DECLARED, paragraphs(system.performance))])
    if measurement is None:
        return declared + f"<p>{esc(messages.PAGE_PERFORMANCE_NONE)}</p>"
    at = measurement.measured_at
    when = messages.PAGE_PERFORMANCE_MEASURED_ON.format(
        date=f"{at:%d/%m/%Y}", time=f"{at:%H:%M}", service=measurement.service
    )
    figures = "".join(
        f"<li>{esc(metric.description or metric.name)} : "
        f"<strong>{esc(measured.figure(metric))}</strong></li>"
        for metric in measurement.metrics
    )
    history = link(f"/v1/systems/{system.id}/measurements", messages.PAGE_PERFORMANCE_HISTORY)
    return (
        declared
        + definitions(
            [
                (
                    messages.PAGE_PERFORMANCE_MEASURED_AT,
                    f'<time datetime="{esc(at.isoformat())}">{esc(when)}</time>',
                ),
                (messages.PAGE_PERFORMANCE_METHOD, paragraphs(measurement.method)),
                (messages.PAGE_PERFORMANCE_FIGURES, f"<ul>{figures}</ul>"),
                (messages.PAGE_PERFORMANCE_SAMPLES, esc(str(measurement.samples))),
                (
                    messages.PAGE_PERFORMANCE_SOURCES,
                    esc(", ".join(measurement.data_sources) or "—"),
                ),
            ]
        )
        + f"<p>{history}</p>"
    )


def _last_change(system: SystemRead) -> str:
    changed = system.updated_at.date()
    text = f"Fiche modifiée le {changed:%d/%m/%Y} (version {system.version})."
    if system.next_revision:
        text += f" Prochaine revue prévue le {system.next_revision:%d/%m/%Y}."
    return f'<p><time datetime="{changed.isoformat()}">{esc(text)}</time></p>'


def _exports() -> str:
    items = "".join(f"<li>{link(f'/v1/exports/{name}', text)}</li>" for name, text in EXPORTS)
    return f"<ul>{items}</ul>"


def not_found_page() -> str:
    text = esc(messages.PAGE_SYSTEM_NOT_FOUND).format(
        list=link("/registre", messages.PAGE_SYSTEM_LIST_LINK)
    )
    title = messages.PAGE_SYSTEM_NOT_FOUND_TITLE
    return page(title, f"<h1>{esc(title)}</h1><p>{text}</p>")
