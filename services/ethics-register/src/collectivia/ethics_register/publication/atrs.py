"""UK Algorithmic Transparency Recording Standard (ATRS, template v3): tier 1 and tier 2.

Field names follow the ATRS template: tier 1 ``name``, ``description``, ``website``,
``contact_email``; tier 2 in its six sections. Our fields map as follows (the others are left
empty when the record has nothing for them):

- owner_and_responsibility: organisation, team (department), senior_responsible_owner (owner
  role), external_supplier, companies_house_number (SIREN: the French equivalent),
  external_supplier_role, contract reference in ``procurement_procedure_type``;
- description_and_rationale: detailed_description, scope (goal + out of scope), benefit
  (goal), alternatives;
- decision_making_process: process_integration, provided_information (output type),
  frequency_and_scale_of_usage, human_decisions_and_review, required_training,
  appeals_and_review;
- tool_specification: system_architecture (methods and models), phase (approved and suspended
  -> "Production", retired -> "Retired"; a suspension is said in ``maintenance``), maintenance
  (monitoring), models (algorithm type, performance);
- data_specification: one item per source (source_data_name, data_description,
  source_data_url, sensitive_attributes), data_collection, data_sharing (connected sources),
  data_completeness_and_representativeness (known biases);
- risks_mitigations_and_impact_assessments: the DPIA and the FRIA as impact assessments,
  each risk with its mitigation.
"""

from __future__ import annotations

from typing import Any

from collectivia.ethics_register.publication.ats import fria_summary
from collectivia.ethics_register.publication.labels import ALGORITHM, OUTPUT
from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import Fria, ImpactAssessment
from collectivia.ethics_register.systems.schemas import SystemRead

TEMPLATE_VERSION = "3.0"
PHASES = {
    SystemStatus.DRAFT: "Design",
    SystemStatus.IN_REVIEW: "Development",
    SystemStatus.APPROVED: "Production",
    SystemStatus.SUSPENDED: "Production",
    SystemStatus.RETIRED: "Retired",
}
DPIA_NAME = "Analyse d'impact relative à la protection des données (AIPD)"
FRIA_NAME = "Analyse d'impact sur les droits fondamentaux (AI Act, art. 27)"


def atrs_record(system: SystemRead, page_url: str | None = None) -> dict[str, Any]:
    return {
        "tier_1": {
            "name": system.name,
            "description": system.summary,
            "website": page_url or _url(system.website),
            "contact_email": system.contact.email if system.contact else None,
        },
        "tier_2": {
            "owner_and_responsibility": _owner(system),
            "description_and_rationale": {
                "detailed_description": system.description,
                "scope": _lines(system.goal, _labelled("Hors périmètre", system.out_of_scope)),
                "benefit": system.goal,
                "previous_process": None,
                "alternatives": system.alternatives_considered,
            },
            "decision_making_process": {
                "process_integration": system.decision_process,
                "provided_information": OUTPUT[system.output_type] if system.output_type else None,
                "frequency_and_scale_of_usage": _frequency(system),
                "human_decisions_and_review": system.human_intervention,
                "required_training": system.staff_training,
                "appeals_and_review": system.appeal_procedure,
            },
            "tool_specification": {
                "system_architecture": system.methods_and_models,
                "phase": PHASES[system.status],
                "maintenance": _lines(
                    "Utilisation suspendue dans l'attente d'un nouvel examen."
                    if system.status is SystemStatus.SUSPENDED
                    else None,
                    system.monitoring,
                ),
                "models": [
                    {
                        "model_name": system.name,
                        "model_task": system.goal,
                        "model_architecture": ALGORITHM[system.algorithm_type]
                        if system.algorithm_type
                        else None,
                        "model_performance": system.performance,
                        "datasets": system.training_data,
                    }
                ],
            },
            "data_specification": _data(system),
            "risks_mitigations_and_impact_assessments": {
                "impact_assessments": _assessments(system),
                "risks": [
                    {
                        "risk_name": risk.description,
                        "risk_description": risk.description,
                        "risk_mitigation": risk.mitigation,
                    }
                    for risk in system.risks
                ],
            },
        },
        "metadata": {
            "id": system.id,
            "language": system.language,
            "last_updated": system.updated_at.date().isoformat(),
        },
    }


def atrs_document(systems: list[SystemRead], page_url: dict[str, str]) -> dict[str, Any]:
    return {
        "standard": "UK Algorithmic Transparency Recording Standard",
        "template_version": TEMPLATE_VERSION,
        "records": [atrs_record(system, page_url.get(system.id)) for system in systems],
    }


def _owner(system: SystemRead) -> dict[str, Any]:
    organisation, supplier = system.organisation, system.supplier
    return {
        "organisation": organisation.name if organisation else None,
        "team": organisation.department if organisation else None,
        "senior_responsible_owner": system.owner,
        "external_supplier": supplier.name if supplier else None,
        "companies_house_number": supplier.siren if supplier else None,
        "external_supplier_role": supplier.role if supplier else None,
        "procurement_procedure_type": supplier.contract_reference if supplier else None,
    }


def _data(system: SystemRead) -> dict[str, Any]:
    return {
        "sources": [
            {
                "source_data_name": source.name,
                "data_description": source.description,
                "source_data_url": _url(source.url),
                "sensitive_attributes": "Contient des données personnelles"
                if source.contains_personal_data
                else "Aucune donnée personnelle",
            }
            for source in system.source_data
        ],
        "data_collection": system.data_collection,
        "data_sharing": system.connected_data_sources,
        "data_completeness_and_representativeness": system.data_bias,
    }


def _assessments(system: SystemRead) -> list[dict[str, Any]]:
    items = []
    if system.dpia is not None:
        items.append(_assessment(DPIA_NAME, system.dpia.summary, system.dpia))
    if system.fria is not None:
        items.append(_assessment(FRIA_NAME, fria_summary(system.fria), system.fria))
    return items


def _assessment(name: str, text: str | None, done: ImpactAssessment | Fria) -> dict[str, Any]:
    return {
        "impact_assessment_name": name,
        "impact_assessment_description": text,
        "impact_assessment_date": done.completed_on.isoformat() if done.completed_on else None,
        "impact_assessment_link": _url(done.url),
    }


def _frequency(system: SystemRead) -> str | None:
    if system.yearly_decisions is None:
        return None
    return f"Environ {system.yearly_decisions} décisions par an."


def _labelled(label: str, text: str | None) -> str | None:
    return f"{label} : {text}" if text else None


def _lines(*parts: str | None) -> str | None:
    return "\n".join(part for part in parts if part) or None


def _url(url: object | None) -> str | None:
    return str(url) if url is not None else None
