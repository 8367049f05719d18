"""What the datasets' routes take and return (French field descriptions for the API docs)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

DATASET_ID = r"^[a-z0-9][a-z0-9-]{1,79}$"
INSEE_CODE = r"^(\d{5}|2[AB]\d{3})$"
DEPARTMENT = r"^[a-z0-9][a-z0-9-]{0,59}$"
COLUMN = r"^[^\x00-\x1f]{1,200}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class AccessRights(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"
    PERSONAL = "personal"


class DatasetKind(StrEnum):
    TABLE = "table"
    TELEMETRY = "telemetry"
    DOCUMENT = "document"


class Frequency(StrEnum):
    """The EU frequency vocabulary's codes (publications.europa.eu/resource/authority/frequency)."""

    CONTINUOUS = "CONT"
    HOURLY = "HOURLY"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    ANNUAL = "ANNUAL"
    IRREGULAR = "IRREG"
    UNKNOWN = "UNKNOWN"


class PartitionField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    column: str = Field(pattern=COLUMN)
    transform: str = Field("identity", pattern=r"^(identity|day|month)$")


class DatasetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(
        pattern=DATASET_ID, description="Identifiant stable (minuscules, chiffres, tirets)."
    )
    title: str = Field(min_length=3, max_length=300, description="Titre.")
    description: str = Field(min_length=10, max_length=10_000, description="Description.")
    kind: DatasetKind = DatasetKind.TABLE
    publisher: str = Field(min_length=2, max_length=300, description="Éditeur (la collectivité).")
    contact_name: str = Field(min_length=2, max_length=300, description="Point de contact.")
    contact_email: str = Field(pattern=EMAIL, max_length=300, description="Courriel du contact.")
    licence: str = Field("Licence Ouverte / Open Licence v2.0", min_length=2, max_length=300)
    themes: list[str] = Field(default_factory=list, max_length=20)
    keywords: list[str] = Field(default_factory=list, max_length=50)
    communes: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Codes INSEE couverts ; vide : tout le territoire.",
    )
    temporal_start: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    temporal_end: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    frequency: Frequency = Frequency.UNKNOWN
    access_rights: AccessRights = AccessRights.RESTRICTED
    schema_name: str = Field(
        "", max_length=200, description="Schéma Table Schema des lignes, ex. « scdl/subventions »."
    )
    owner_department: str = Field(pattern=DEPARTMENT, description="Service propriétaire.")
    steward: str = Field(min_length=2, max_length=200, description="Administrateur des données.")
    provider: str = Field(min_length=2, max_length=300, description="Producteur des données.")
    contract_id: str | None = Field(
        None, pattern=DATASET_ID, description="Contrat de DSP d'origine."
    )
    commune_column: str | None = Field(
        None, pattern=COLUMN, description="Colonne du code INSEE : filtre des lignes par commune."
    )
    key_columns: list[str] = Field(default_factory=list, max_length=10)
    partitioning: list[PartitionField] = Field(default_factory=list, max_length=3)


class DatasetRead(BaseModel):
    id: str
    title: str
    description: str
    kind: DatasetKind
    publisher: str
    contact_name: str
    contact_email: str
    licence: str
    themes: list[str]
    keywords: list[str]
    communes: list[str]
    temporal_start: str | None
    temporal_end: str | None
    frequency: Frequency
    access_rights: AccessRights
    schema_name: str
    schema_version: str
    owner_department: str
    steward: str
    provider: str
    contract_id: str | None
    commune_column: str | None
    key_columns: list[str]
    partitioning: list[PartitionField]
    created_at: datetime
    updated_at: datetime
    latest_snapshot_id: str | None = Field(
        description="Dernière version (identifiant de l'instantané Iceberg, en texte : 64 bits)."
    )
    row_count: int


class VersionRead(BaseModel):
    snapshot_id: str
    operation: str
    committed_at: datetime
    rows_added: int
    rows_removed: int
    total_rows: int


class RowsRead(BaseModel):
    dataset_id: str
    snapshot_id: str
    columns: list[str]
    rows: list[dict[str, object]]
    total: int = Field(description="Lignes visibles par l'appelant dans cette version.")
    offset: int
    limit: int


class DiffRead(BaseModel):
    dataset_id: str
    from_snapshot_id: str
    to_snapshot_id: str
    key_columns: list[str]
    added: int
    removed: int
    changed: int
    added_rows: list[dict[str, object]]
    removed_rows: list[dict[str, object]]
    changed_rows: list[dict[str, object]]
