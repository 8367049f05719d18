"""What the contracts' routes take and return (French field descriptions for the API docs)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from collectivia.data_lake.contracts.periods import DeliveryFrequency
from collectivia.data_lake.datasets.schemas import DATASET_ID

CONTRACT_ID = r"^[a-z0-9][a-z0-9-]{1,79}$"
CLIENT_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$"
MEASURE = r"^[a-z][a-z0-9_-]{0,39}$"
UNIT = r"^[^\x00-\x1f]{1,20}$"


class PublicService(StrEnum):
    """The public service delegated."""

    DRINKING_WATER = "eau-potable"
    SANITATION = "assainissement"
    WASTE_COLLECTION = "collecte-dechets"
    TRANSPORT = "transports"
    PARKING = "stationnement"
    DISTRICT_HEATING = "chauffage-urbain"
    ENERGY = "energie"
    SCHOOL_CATERING = "restauration-collective"
    SPORTS_AND_LEISURE = "equipements-sportifs"
    OTHER = "autre"


class DeliveryStatus(StrEnum):
    """Where a period owed stands."""

    # Nothing settles it yet, and its deadline has not passed.
    PENDING = "pending"
    # Settled (a complete delivery: valid, not empty) by the deadline.
    ON_TIME = "on_time"
    # Settled after the deadline.
    LATE = "late"
    # The deadline passed: files came, none complete (refused at the door, or empty).
    INVALID = "invalid"
    # The deadline passed and nothing came.
    MISSING = "missing"


class MeasureRange(BaseModel):
    """A telemetry measure: its unit and the range of plausible values."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    measure: str = Field(pattern=MEASURE, description="Grandeur, ex. « debit », « pression ».")
    unit: str = Field(pattern=UNIT, description="Unité attendue, ex. « m3/h », « bar ».")
    minimum: float = Field(allow_inf_nan=False, description="Plus petite valeur plausible.")
    maximum: float = Field(allow_inf_nan=False, description="Plus grande valeur plausible.")


class DatasetObligation(BaseModel):
    """A dataset the operator must deliver, and when."""

    model_config = ConfigDict(extra="forbid")

    dataset_id: str = Field(pattern=DATASET_ID, description="Le jeu de données à livrer.")
    frequency: DeliveryFrequency = Field(
        description="« daily », « monthly », « quarterly », « yearly » ; « continuous » pour "
        "une télémétrie."
    )
    deadline_days: int = Field(
        0, ge=0, le=365, description="Délai de livraison, en jours après la fin de chaque période."
    )
    measures: list[MeasureRange] = Field(
        default_factory=list,
        max_length=50,
        description="Télémétrie : les grandeurs transmises et leurs plages plausibles ; vide : "
        "celles du service par défaut.",
    )


class DataClauses(BaseModel):
    """The contract's clauses on data (code de la commande publique, L3131-2 et suivants)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    clause_text: str = Field(
        "", max_length=20_000, description="Le texte des clauses relatives aux données."
    )
    returned_assets: bool = Field(
        False, description="Le contrat prévoit des biens de retour, dont l'inventaire est dû."
    )
    returned_assets_clause: str = Field(
        "", max_length=10_000, description="La clause des biens de retour."
    )
    returned_assets_dataset_id: str | None = Field(
        None,
        pattern=DATASET_ID,
        description="Le jeu de données de l'inventaire des biens de retour.",
    )
    open_data: bool = Field(
        True,
        description="Les données du service sont ouvertes (L3131-2) ; sinon, l'exemption doit "
        "être motivée et publiée.",
    )
    open_data_exemption: str = Field(
        "",
        max_length=10_000,
        description="La décision motivée d'exemption, quand open_data est faux.",
    )
    open_data_exemption_url: str = Field(
        "", max_length=500, description="Où la décision d'exemption est publiée."
    )


class ContractCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=CONTRACT_ID, description="Identifiant stable du contrat.")
    title: str = Field(min_length=3, max_length=300, description="Intitulé du contrat.")
    public_service: PublicService
    operator_client_id: str = Field(
        pattern=CLIENT_ID,
        description="Le client Keycloak du délégataire (ses jetons client credentials).",
    )
    operator_name: str = Field(
        min_length=2, max_length=300, description="Raison sociale du délégataire."
    )
    operator_siren: str = Field("", pattern=r"^(\d{9})?$", description="SIREN du délégataire.")
    starts_on: date = Field(description="Premier jour du contrat.")
    ends_on: date = Field(description="Dernier jour du contrat.")
    clauses: DataClauses = Field(default_factory=DataClauses)
    datasets: list[DatasetObligation] = Field(min_length=1, max_length=100)


class ContractRead(BaseModel):
    id: str
    title: str
    public_service: PublicService
    operator_client_id: str
    operator_name: str
    operator_siren: str
    starts_on: date
    ends_on: date
    clauses: DataClauses
    datasets: list[DatasetObligation]
    created_at: datetime


class DeliveryRead(BaseModel):
    id: str
    contract_id: str
    dataset_id: str
    period_start: date
    period_end: date = Field(description="Fin de la période (exclue).")
    deadline: datetime
    received_at: datetime
    on_time: bool
    valid: bool = Field(description="Le fichier a passé la validation à l'entrée.")
    complete: bool = Field(description="Valide et non vide : la période est livrée.")
    rows: int
    filename: str
    load_id: str
    quarantine_id: str | None
    snapshot_id: str | None = Field(description="La version créée, quand le fichier est valide.")
    detail: str = Field(description="Pourquoi le fichier a été refusé ; vide s'il est valide.")
    period_status: DeliveryStatus = Field(description="Où en est la période après cette livraison.")


class PeriodCompliance(BaseModel):
    dataset_id: str
    period_start: date
    period_end: date = Field(description="Fin de la période (exclue).")
    deadline: datetime
    status: DeliveryStatus
    status_label: str = Field(description="Le statut, en français.")
    expected: bool = Field(description="Une livraison est due pour cette période.")
    received: int = Field(description="Fichiers reçus pour la période.")
    valid: int = Field(description="Fichiers valides reçus.")
    late: bool
    missing: bool
    first_received_at: datetime | None
    settled_at: datetime | None = Field(description="Arrivée de la première livraison complète.")
    announced_status: DeliveryStatus | None = Field(
        description="Le retard annoncé (fr.collectivia.lake.delivery-late.v1), s'il l'a été."
    )


class DatasetCompliance(BaseModel):
    dataset_id: str
    frequency: DeliveryFrequency
    deadline_days: int
    expected: int
    received: int = Field(description="Périodes pour lesquelles au moins un fichier est arrivé.")
    on_time: int
    late: int
    invalid: int
    missing: int
    pending: int
    periods: list[PeriodCompliance]


class ComplianceRead(BaseModel):
    contract_id: str
    operator_name: str
    as_of: datetime
    datasets: list[DatasetCompliance]
