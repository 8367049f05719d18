"""The register record: one set of fields that can be exported to every standard.

The fields follow ../shared/register/fields.md (Eurocities ATS v0.3.1, UK ATRS, French CRPA
and Etalab guidance, AI Act Art. 26-27 and Annex VIII §C). A draft may be incomplete;
:func:`missing_for_review` says what must be filled before review and publication.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints

PURPOSE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
INSEE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"

Text = Field(default=None, max_length=8000)


class RiskClass(StrEnum):
    """AI Act risk classes."""

    MINIMAL = "minimal"
    LIMITED = "limited"
    HIGH = "high"
    PROHIBITED = "prohibited"


class PolicyDomain(StrEnum):
    """Policy domains, in the order of the Eurocities standard's list."""

    TAXES = "taxes"
    HOUSING = "housing"
    CULTURE_SPORTS_LEISURE = "culture-sports-leisure"
    DEFENCE = "defence"
    ECONOMY = "economy"
    FAMILY_YOUTH = "family-youth"
    FINANCE = "finance"
    GENERIC = "generic"
    HEALTH = "health"
    IMMIGRATION = "immigration"
    INTERNATIONAL = "international"
    AGRICULTURE_NATURE_FOOD = "agriculture-nature-food"
    ENVIRONMENT_PLANNING_WATER = "environment-planning-water"
    EDUCATION_SCIENCE = "education-science"
    PUBLIC_SAFETY = "public-safety"
    GOVERNMENT = "government"
    JUSTICE = "justice"
    ABROAD = "abroad"
    SUBSIDIES_BENEFITS = "subsidies-benefits"
    TRAFFIC_TRANSPORT = "traffic-transport"
    WORK_CAREER = "work-career"


class AlgorithmType(StrEnum):
    RULES = "rules"
    MACHINE_LEARNING = "machine-learning"
    GENERATIVE = "generative"
    HYBRID = "hybrid"


class OutputType(StrEnum):
    DESCRIPTIVE = "descriptive"
    DIAGNOSTIC = "diagnostic"
    PREDICTIVE = "predictive"
    PRESCRIPTIVE = "prescriptive"


class AutomationLevel(StrEnum):
    """Where the system sits in a decision (CRPA R311-3-1-2: degree and mode of contribution)."""

    INFORMATION_ONLY = "information-only"
    DECISION_SUPPORT = "decision-support"
    PARTIAL_AUTOMATION = "partial-automation"
    FULL_AUTOMATION = "full-automation"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Contact(_Part):
    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    name: str | None = Field(default=None, max_length=200)


class Organisation(_Part):
    name: str = Field(min_length=2, max_length=300, examples=["Metz Métropole"])
    siret: str | None = Field(default=None, pattern=r"^\d{14}$")
    department: str | None = Field(default=None, max_length=300)
    address: str | None = Field(default=None, max_length=500)


class OversightPerson(_Part):
    """A person who can understand, monitor and override the system (AI Act Art. 14, 26(2))."""

    name: str = Field(min_length=2, max_length=200)
    role: str = Field(min_length=2, max_length=200)
    email: str | None = Field(default=None, pattern=EMAIL_PATTERN, max_length=254)


class Risk(_Part):
    description: str = Field(min_length=3, max_length=2000)
    mitigation: str = Field(min_length=3, max_length=2000)


class ImpactAssessment(_Part):
    summary: str = Field(min_length=3, max_length=8000)
    completed_on: date | None = None
    url: AnyHttpUrl | None = None


class Fria(_Part):
    """Fundamental-rights impact assessment, the six contents of AI Act Art. 27(1)."""

    processes: str | None = Text  # (a) the deployer's processes in which the system is used
    period_and_frequency: str | None = Text  # (b)
    affected_categories: str | None = Text  # (c) people and groups likely to be affected
    risks_of_harm: str | None = Text  # (d) specific risks of harm to them
    oversight_measures: str | None = Text  # (e) human oversight measures
    remediation: str | None = Text  # (f) if risks materialise: governance, complaints
    completed_on: date | None = None
    url: AnyHttpUrl | None = None

    def missing(self) -> list[str]:
        points = (
            "processes",
            "period_and_frequency",
            "affected_categories",
            "risks_of_harm",
            "oversight_measures",
            "remediation",
            "completed_on",
        )
        return [f"fria.{name}" for name in points if not getattr(self, name)]


class DatasetAccess(StrEnum):
    """Who may read a data-lake dataset's rows: anyone, the collectivity's staff, those who
    answer for personal data."""

    PUBLIC = "public"
    RESTRICTED = "restricted"
    PERSONAL = "personal"


class LinkedDataset(_Part):
    """What the data lake said of a source's dataset when the register last checked it."""

    title: str = Field(max_length=500)
    access_rights: DatasetAccess
    # The dataset's latest version in the lake (Iceberg snapshot id); None: never loaded.
    latest_version: str | None = Field(default=None, max_length=40)
    # The dataset in the lake, for a public one only: a non-public dataset shows its title
    # and that it is restricted, never its rows.
    url: AnyHttpUrl | None = None
    checked_at: datetime


class SourceData(_Part):
    name: str = Field(min_length=2, max_length=300)
    description: str | None = Field(default=None, max_length=2000)
    url: AnyHttpUrl | None = None
    contains_personal_data: bool = False
    # A data-lake dataset id, when the data comes from the collectivity's lake.
    dataset_id: str | None = Field(default=None, max_length=100)
    # Kept by the register, never by editors (what a write sends here is ignored): the lake's
    # answer about ``dataset_id``, looked up when the entry goes to review and when an entry
    # outside drafts is edited (see systems/datasets.py); None: not checked (a draft, or no
    # lake configured).
    dataset: LinkedDataset | None = Field(
        default=None,
        json_schema_extra={"readOnly": True},
        description="Rempli par le registre à partir du lac de données (lecture seule).",
    )


class Parameter(_Part):
    """A parameter and its weight, as needed to explain a decision to a person."""

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    weight: str | None = Field(default=None, max_length=200)


class Supplier(_Part):
    name: str = Field(min_length=2, max_length=300)
    siren: str | None = Field(default=None, pattern=r"^\d{9}$")
    role: str | None = Field(default=None, max_length=300)
    contract_reference: str | None = Field(default=None, max_length=200)


class SystemRecord(_Part):
    """Everything the register says about one system. Only name, purpose and risk class
    are needed for a draft."""

    # Identity
    name: str = Field(min_length=3, max_length=200, examples=["Assistant virtuel citoyen"])
    purpose: str = Field(
        min_length=2,
        max_length=64,
        pattern=PURPOSE_PATTERN,
        description="The declared use, a slug that the runtime gate checks.",
        examples=["citizen-information"],
    )
    summary: str | None = Field(
        default=None, max_length=150, description="Plain-language summary (150 characters)."
    )
    description: str | None = Field(default=None, max_length=8000)
    keywords: list[str] = Field(default_factory=list, max_length=20)
    language: str = Field(default="fr", pattern=r"^[a-z]{2}$")
    # Organisation, contacts, accountability
    organisation: Organisation | None = None
    owner: str | None = Field(default=None, max_length=200, description="Accountable role.")
    contact: Contact | None = None
    oversight_persons: list[OversightPerson] = Field(default_factory=list, max_length=20)
    # Scope
    policy_domain: PolicyDomain | None = None
    area: list[Annotated[str, StringConstraints(pattern=INSEE_PATTERN)]] = Field(
        default_factory=list, max_length=100, description="INSEE codes of the communes covered."
    )
    website: AnyHttpUrl | None = None
    # Purpose and use
    goal: str | None = Text
    out_of_scope: str | None = Text
    legal_basis: str | None = Text
    decision_process: str | None = Text
    automation_level: AutomationLevel | None = None
    human_intervention: str | None = Text
    yearly_decisions: int | None = Field(default=None, ge=0)
    affected_groups: str | None = Text
    impact: str | None = Text
    proportionality: str | None = Text
    alternatives_considered: str | None = Text
    appeal_procedure: str | None = Text
    # Risks
    risk_class: RiskClass
    risks: list[Risk] = Field(default_factory=list, max_length=50)
    dpia: ImpactAssessment | None = None
    fria: Fria | None = None
    # Data
    source_data: list[SourceData] = Field(default_factory=list, max_length=50)
    special_category_data: bool = Field(
        default=False,
        description=(
            "Le système est autorisé à traiter des catégories particulières de données "
            "personnelles (RGPD art. 9 : santé, opinions, religion, orientation sexuelle…) ; "
            "l'approbation exige alors un avis favorable du DPO et une AIPD."
        ),
    )
    data_collection: str | None = Text
    training_data: str | None = Text
    connected_data_sources: str | None = Text
    data_bias: str | None = Text
    # Algorithm
    algorithm_type: AlgorithmType | None = None
    output_type: OutputType | None = None
    methods_and_models: str | None = Text
    parameters: list[Parameter] = Field(default_factory=list, max_length=100)
    performance: str | None = Text
    supplier: Supplier | None = None
    codebase_url: AnyHttpUrl | None = None
    # Operation
    monitoring: str | None = Text
    rollback: str | None = Text
    staff_training: str | None = Text
    eu_database_url: AnyHttpUrl | None = None
    next_revision: date | None = None

    def processes_personal_data(self) -> bool:
        return self.special_category_data or any(
            source.contains_personal_data for source in self.source_data
        )


# What every published entry must say: the standards' required fields, in our names.
REQUIRED_FOR_REVIEW = (
    "summary",
    "description",
    "organisation",
    "owner",
    "contact",
    "policy_domain",
    "area",
    "goal",
    "legal_basis",
    "decision_process",
    "automation_level",
    "human_intervention",
    "affected_groups",
    "impact",
    "proportionality",
    "appeal_procedure",
    "risks",
    "source_data",
    "training_data",
    "connected_data_sources",
    "algorithm_type",
    "output_type",
    "monitoring",
)


def missing_for_review(record: SystemRecord) -> list[str]:
    """Fields that must be filled before the entry is reviewed and published."""
    return [name for name in REQUIRED_FOR_REVIEW if getattr(record, name) in (None, "", [])]
