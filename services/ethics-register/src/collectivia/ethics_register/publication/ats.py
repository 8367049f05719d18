"""Eurocities Algorithmic Transparency Standard v0.3.1: one object per published entry.

Keys are exactly the standard's attributes; a value we do not have is left out rather than
sent empty. Texts stay in the record's language (``lang``); enumerations take the standard's
English values. Choices where our model and the standard differ:

- status: approved -> "operational", retired -> "retired", suspended -> "evaluation" (the system
  is stopped while it is examined again before it may run; ``remark`` says it is suspended);
- algorithm_type: rules -> "rule-based", machine-learning and generative -> "self-learning",
  hybrid -> "hybrid";
- area: the INSEE codes of the communes covered, comma-separated;
- publication_date: the day the entry was opened in the register; last_change_date: its last
  change; revision_date: ``next_revision``, or one year after the last change when unset;
- documentation: the entry's public page; product_information: the EU database entry.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import (
    AlgorithmType,
    Fria,
    PolicyDomain,
    RiskClass,
)
from collectivia.ethics_register.systems.schemas import SystemRead

STANDARD_VERSION = "0.3.1"

# The standard's domain list, in the order of record.PolicyDomain.
DOMAINS = dict(
    zip(
        PolicyDomain,
        [
            "taxes",
            "housing, living and living environment",
            "culture, sports and leisure",
            "defence",
            "economy and entrepreneurship",
            "family, youth and households",
            "finance",
            "generic",
            "health and health care",
            "immigration and integration",
            "international collaboration and development aid",
            "agriculture, nature and food",
            "environment, spacial planning and water",
            "education and science",
            "public safety",
            "government",
            "justice",
            "travel, living and working abroad",
            "subsidies, benefits and allowances",
            "traffic and transportation",
            "work and career",
        ],
        strict=True,
    )
)
RISK_CATEGORIES = {
    RiskClass.MINIMAL: "minimal risk",
    RiskClass.LIMITED: "limited risk",
    RiskClass.HIGH: "high risk",
    RiskClass.PROHIBITED: "unacceptable",
}
ALGORITHM_TYPES = {
    AlgorithmType.RULES: "rule-based",
    AlgorithmType.MACHINE_LEARNING: "self-learning",
    AlgorithmType.GENERATIVE: "self-learning",
    AlgorithmType.HYBRID: "hybrid",
}
STATUSES = {
    SystemStatus.DRAFT: "design",
    SystemStatus.IN_REVIEW: "development",
    SystemStatus.APPROVED: "operational",
    SystemStatus.SUSPENDED: "evaluation",
    SystemStatus.RETIRED: "retired",
}
REMARKS = {
    SystemStatus.SUSPENDED: "Utilisation suspendue dans l'attente d'un nouvel examen.",
    SystemStatus.RETIRED: "Système retiré du service ; l'entrée reste publiée pour mémoire.",
}


def ats_record(system: SystemRead, page_url: str | None = None) -> dict[str, Any]:
    """The entry as one ATS registration; ``page_url`` is its public page, if served."""
    organisation, contact = system.organisation, system.contact
    revision = system.next_revision or system.updated_at.date() + timedelta(days=365)
    values: dict[str, Any] = {
        "name": system.name,
        "description_short": system.summary,
        "organization": organisation.name if organisation else None,
        "department": (organisation.department if organisation else None) or system.owner,
        "contact_email": contact.email if contact else None,
        "contact_phone": contact.phone if contact else None,
        "contact_name": contact.name if contact else None,
        "area": ", ".join(system.area) or None,
        "domain": DOMAINS[system.policy_domain] if system.policy_domain else None,
        "website": _url(system.website),
        "status": STATUSES[system.status],
        "remark": REMARKS.get(system.status),
        "decision_making_process": system.decision_process,
        "goal": _joined(system.goal, _labelled("Hors périmètre", system.out_of_scope)),
        "impact": _joined(_labelled("Personnes concernées", system.affected_groups), system.impact),
        "risks": "\n".join(f"{r.description} — mesure : {r.mitigation}" for r in system.risks)
        or None,
        "risk_category": RISK_CATEGORIES[system.risk_class],
        "proportionality": system.proportionality,
        "lawful_basis": system.legal_basis,
        "documentation": page_url,
        "training_data": system.training_data,
        "source_data": "\n".join(_source(s.name, s.description) for s in system.source_data)
        or None,
        "data_bias": system.data_bias,
        "connected_data_sources": system.connected_data_sources,
        "DPIA_description": system.dpia.summary if system.dpia else None,
        "DPIA_url": _url(system.dpia.url) if system.dpia else None,
        "algorithm_type": ALGORITHM_TYPES[system.algorithm_type] if system.algorithm_type else None,
        "description": system.description,
        "methods_and_models": system.methods_and_models,
        "performance": system.performance,
        "alternatives_considered": system.alternatives_considered,
        "product_information": _url(system.eu_database_url),
        "codebase_url": _url(system.codebase_url),
        "AIA_description": fria_summary(system.fria) if system.fria else None,
        "AIA_url": _url(system.fria.url) if system.fria else None,
        "monitoring": system.monitoring,
        "type": system.output_type.value if system.output_type else None,
        "human_intervention": system.human_intervention,
        "objection_procedure": system.appeal_procedure,
        "rollback": system.rollback,
        "standard_version": STANDARD_VERSION,
        "uuid": system.id,
        "lang": system.language,
        "publication_date": system.created_at.date().isoformat(),
        "last_change_date": system.updated_at.date().isoformat(),
        "revision_date": revision.isoformat(),
        "revision_note": "Revue prévue par le registre."
        if system.next_revision
        else "Revue annuelle du registre.",
        "keywords": ", ".join(system.keywords) or None,
    }
    return {key: value for key, value in values.items() if value not in (None, "")}


def ats_document(systems: list[SystemRead], page_url: dict[str, str]) -> list[dict[str, Any]]:
    return [ats_record(system, page_url.get(system.id)) for system in systems]


def fria_summary(fria: Fria) -> str | None:
    """The six points of an AI Act Art. 27 assessment, as one text."""
    points = [
        ("Processus", fria.processes),
        ("Période et fréquence d'utilisation", fria.period_and_frequency),
        ("Personnes concernées", fria.affected_categories),
        ("Risques de préjudice", fria.risks_of_harm),
        ("Contrôle humain", fria.oversight_measures),
        ("Si les risques se réalisent", fria.remediation),
    ]
    lines = [f"{label} : {text}" for label, text in points if text]
    if fria.completed_on:
        lines.append(f"Analyse terminée le {_french_date(fria.completed_on)}.")
    return "\n".join(lines) or None


def _labelled(label: str, text: str | None) -> str | None:
    return f"{label} : {text}" if text else None


def _joined(*parts: str | None) -> str | None:
    return "\n".join(part for part in parts if part) or None


def _source(name: str, description: str | None) -> str:
    return f"{name} : {description}" if description else name


def _url(url: object | None) -> str | None:
    return str(url) if url is not None else None


def _french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")
