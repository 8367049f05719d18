"""UK Algorithmic Transparency Recording Standard (ATRS), template v3.0 (March 2024).

Checked against the official field table (``../shared/register/atrs/official/
v3.0_template_table.md``; ``tests/unit/test_export_atrs_schema.py`` derives its check from that
file). Every key is the template's ``attribute``, grouped as the template groups them: the
fields of tier "N/A" by section at the top (``metadata``, ``title_information``), then
``tier_1`` and ``tier_2``, each by section; a section's key is its ``category`` in snake case
("Decision-making Process" -> ``decision_making_process``). Every field is present; ``None``
when the register's record does not say it. Texts stay in French (the record's language);
dropdown values take the GOV.UK finder's labels (``../shared/register/atrs/govuk-finder/``).

Why v3.0 and not v4.0: v4.0's complete field list is only in the downloadable spreadsheet.
Its change log says what moved (data specification split into development and operational
data, "Decision-making Process" renamed "Deployment Context", "External supplier" renamed
"Third party", "Scope" merged into "Detailed description", the filtering metadata moved to
GOV.UK's publisher, tool-level input and output added); a v4.0 export follows when the
template itself can be checked.

Choices where our record and the template differ:

- id (0.1): ``None``, GOV.UK numbers a record when it publishes it; the entry's page
  (``website_url``) carries the register's id;
- organisation_type: "Local authority"; region: "International", the finder's only value for
  a body outside the United Kingdom; function: the policy domain's COFOG function; capability:
  generative -> "Creation", else by output (predictive -> "Forecasting", prescriptive ->
  "Planning", descriptive and diagnostic -> "Analysis"); task: the declared purpose; tags: the
  keywords;
- date_of_completion: the day the entry was opened; date_updated: its last change;
  date_archived: that change, for a retired entry;
- phase (0.13 and 2.4.1.2): approved and suspended -> "Production" (a suspension is said in
  ``maintenance``), retired -> "Retired", draft and in review -> "Pre-deployment";
- companies_house_number: ``None`` (a French supplier has a SIREN, said with its name); the
  contract reference goes with the supplier's role, not in procurement_procedure_type;
- one model per entry (model_specification), one data specification for all its sources;
  ``model_performance``: the declared performance, then the latest measurement the service
  sent, with its date and method;
- impact_assessment: the DPIA and the FRIA, each with its date and link;
  risks_and_mitigations: each risk with its mitigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from collectivia.ethics_register.performance.schemas import MeasurementRead
from collectivia.ethics_register.publication import measured
from collectivia.ethics_register.publication.ats import fria_summary
from collectivia.ethics_register.publication.labels import ALGORITHM, AUTOMATION, OUTPUT
from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import AlgorithmType, OutputType, PolicyDomain
from collectivia.ethics_register.systems.schemas import SystemRead

STANDARD = "UK Algorithmic Transparency Recording Standard"
TEMPLATE_VERSION = "3.0"
ORGANISATION_TYPE = "Local authority"
REGION = "International"
PHASES = {
    SystemStatus.DRAFT: "Pre-deployment",
    SystemStatus.IN_REVIEW: "Pre-deployment",
    SystemStatus.APPROVED: "Production",
    SystemStatus.SUSPENDED: "Production",
    SystemStatus.RETIRED: "Retired",
}
# The finder's functions are the UN's COFOG divisions: where each policy domain falls.
GENERAL, ECONOMIC, SAFETY = "General public services", "Economic affairs", "Public order and safety"
FUNCTIONS = {
    PolicyDomain.TAXES: GENERAL,
    PolicyDomain.HOUSING: "Housing and community amenities",
    PolicyDomain.CULTURE_SPORTS_LEISURE: "Recreation culture and religion",
    PolicyDomain.DEFENCE: "Defence",
    PolicyDomain.ECONOMY: ECONOMIC,
    PolicyDomain.FAMILY_YOUTH: "Social protection",
    PolicyDomain.FINANCE: GENERAL,
    PolicyDomain.GENERIC: GENERAL,
    PolicyDomain.HEALTH: "Health",
    PolicyDomain.IMMIGRATION: GENERAL,
    PolicyDomain.INTERNATIONAL: GENERAL,
    PolicyDomain.AGRICULTURE_NATURE_FOOD: ECONOMIC,
    PolicyDomain.ENVIRONMENT_PLANNING_WATER: "Environmental protection",
    PolicyDomain.EDUCATION_SCIENCE: "Education",
    PolicyDomain.PUBLIC_SAFETY: SAFETY,
    PolicyDomain.GOVERNMENT: GENERAL,
    PolicyDomain.JUSTICE: SAFETY,
    PolicyDomain.ABROAD: GENERAL,
    PolicyDomain.SUBSIDIES_BENEFITS: "Social protection",
    PolicyDomain.TRAFFIC_TRANSPORT: ECONOMIC,
    PolicyDomain.WORK_CAREER: ECONOMIC,
}
CAPABILITIES = {
    OutputType.DESCRIPTIVE: "Analysis",
    OutputType.DIAGNOSTIC: "Analysis",
    OutputType.PREDICTIVE: "Forecasting",
    OutputType.PRESCRIPTIVE: "Planning",
}
DPIA_NAME = "Analyse d'impact relative à la protection des données (AIPD)"
FRIA_NAME = "Analyse d'impact sur les droits fondamentaux (AI Act, art. 27)"
SUSPENDED_NOTE = "Utilisation suspendue dans l'attente d'un nouvel examen."


def atrs_record(
    system: SystemRead,
    page_url: str | None = None,
    measurement: MeasurementRead | None = None,
) -> dict[str, Any]:
    organisation = system.organisation
    return {
        "metadata": _metadata(system),
        "title_information": {
            "title": system.name,
            "organisation_name": organisation.name if organisation else None,
            "phase": PHASES[system.status],
            "region": REGION,
            "one_sentence_description": system.summary,
        },
        "tier_1": {
            "tier_1_information": {
                "name": system.name,
                "description": _lines(system.summary, system.goal),
                "website_url": page_url or _url(system.website),
                "contact_email": system.contact.email if system.contact else None,
            }
        },
        "tier_2": {
            "owner_and_responsibility": _owner(system),
            "description_and_rationale": {
                "detailed_description": system.description,
                "scope": _lines(system.goal, _labelled("Hors périmètre", system.out_of_scope)),
                "benefit": system.proportionality or system.goal,
                "previous_process": None,
                "alternatives_considered": system.alternatives_considered,
            },
            "decision_making_process": _decisions(system),
            "tool_specification": {
                "system_architecture": system.methods_and_models,
                "phase": PHASES[system.status],
                "maintenance": _lines(
                    SUSPENDED_NOTE if system.status is SystemStatus.SUSPENDED else None,
                    system.monitoring,
                ),
                "models": _model_name(system),
            },
            "model_specification": _model(system, measurement),
            "data_specification": _data(system),
            "risks_mitigations_and_impact_assessments": {
                "impact_assessment": _assessments(system),
                "risks_and_mitigations": "\n".join(
                    f"{risk.description} — mesure : {risk.mitigation}" for risk in system.risks
                )
                or None,
            },
        },
    }


def atrs_document(
    systems: list[SystemRead],
    page_url: dict[str, str],
    latest: Mapping[str, MeasurementRead | None] | None = None,
) -> dict[str, Any]:
    """``latest``: the latest measurement of each entry, by id."""
    latest = latest or {}
    return {
        "standard": STANDARD,
        "template_version": TEMPLATE_VERSION,
        "records": [
            atrs_record(system, page_url.get(system.id), latest.get(system.id))
            for system in systems
        ],
    }


def _metadata(system: SystemRead) -> dict[str, Any]:
    changed = system.updated_at.date().isoformat()
    return {
        "id": None,
        "standard_version": TEMPLATE_VERSION,
        "organisation_type": ORGANISATION_TYPE,
        "function": FUNCTIONS[system.policy_domain] if system.policy_domain else None,
        "capability": _capability(system),
        "task": system.purpose,
        "tags": ", ".join(system.keywords) or None,
        "date_of_completion": system.created_at.date().isoformat(),
        "date_updated": changed,
        "date_archived": changed if system.status is SystemStatus.RETIRED else None,
    }


def _capability(system: SystemRead) -> str | None:
    if system.algorithm_type is AlgorithmType.GENERATIVE:
        return "Creation"
    return CAPABILITIES[system.output_type] if system.output_type else None


def _owner(system: SystemRead) -> dict[str, Any]:
    organisation, supplier = system.organisation, system.supplier
    return {
        "organisation_or_department": organisation.name if organisation else None,
        "team": organisation.department if organisation else None,
        "senior_responsible_owner": system.owner,
        "external_supplier_involvement": "Yes" if supplier else "No",
        "external_supplier": (
            f"{supplier.name} (SIREN {supplier.siren})" if supplier.siren else supplier.name
        )
        if supplier
        else None,
        "companies_house_number": None,
        "external_supplier_role": _lines(
            supplier.role, _labelled("Marché", supplier.contract_reference)
        )
        if supplier
        else None,
        "procurement_procedure_type": None,
        "data_access_terms": None,
    }


def _decisions(system: SystemRead) -> dict[str, Any]:
    level = AUTOMATION[system.automation_level] if system.automation_level else None
    return {
        "process_integration": _lines(
            _labelled("Degré d'automatisation", level), system.decision_process
        ),
        "provided_information": OUTPUT[system.output_type] if system.output_type else None,
        "frequency_and_scale_of_usage": _frequency(system),
        "human_decisions_and_review": system.human_intervention,
        "required_training": system.staff_training,
        "appeals_and_review": system.appeal_procedure,
    }


def _model_name(system: SystemRead) -> str:
    kind = ALGORITHM[system.algorithm_type] if system.algorithm_type else None
    return f"{system.name} ({kind})" if kind else system.name


def _model(system: SystemRead, measurement: MeasurementRead | None) -> dict[str, Any]:
    return {
        "model_name": system.name,
        "model_version": None,
        "model_task": system.goal,
        "model_input": " ; ".join(source.name for source in system.source_data) or None,
        "model_output": OUTPUT[system.output_type] if system.output_type else None,
        "model_architecture": ALGORITHM[system.algorithm_type] if system.algorithm_type else None,
        "model_performance": _lines(
            system.performance, measured.summary(measurement) if measurement else None
        ),
        "datasets": system.training_data,
        "dataset_purposes": None,
    }


def _data(system: SystemRead) -> dict[str, Any]:
    sources = system.source_data
    sensitive = [
        f"{source.name} : contient des données personnelles"
        for source in sources
        if source.contains_personal_data
    ]
    if system.special_category_data:
        sensitive.append("Catégories particulières de données personnelles (RGPD, art. 9)")
    urls = [
        _url(source.url or (source.dataset.url if source.dataset else None)) for source in sources
    ]
    return {
        "source_data_name": " ; ".join(source.name for source in sources) or None,
        "data_modality": None,
        "data_description": "\n".join(
            f"{source.name} : {source.description}" for source in sources if source.description
        )
        or None,
        "data_quantities": None,
        "sensitive_attributes": "\n".join(sensitive)
        or ("Aucune donnée personnelle" if sources else None),
        "data_completeness_and_representativeness": system.data_bias,
        "source_data_url": " ; ".join(url for url in urls if url) or None,
        "data_collection": system.data_collection,
        "data_cleaning": None,
        "data_sharing_agreements": None,
        "data_access_and_storage": system.connected_data_sources,
    }


def _assessments(system: SystemRead) -> str | None:
    """One paragraph each: its name and date, its summary, its link."""
    items = []
    dpia, fria = system.dpia, system.fria
    if dpia is not None:
        items.append(_assessment(DPIA_NAME, dpia.summary, dpia.completed_on, dpia.url))
    if fria is not None:  # its summary says when it was completed
        items.append(_assessment(FRIA_NAME, fria_summary(fria), None, fria.url))
    return "\n\n".join(items) or None


def _assessment(name: str, text: str | None, done: date | None, url: object | None) -> str:
    when = f", terminée le {done:%d/%m/%Y}" if done else ""
    return _lines(f"{name}{when} :", text or "Résumé non publié.", _url(url)) or name


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
