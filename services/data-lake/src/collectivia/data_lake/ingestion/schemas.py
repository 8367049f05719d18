"""What the ingestion's routes take and return (French field descriptions for the API docs)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from collectivia.data_lake.datasets.schemas import COLUMN


class IssueRead(BaseModel):
    """One problem found in a file: its row (1 = the first data row; none for the whole
    file or a column), its column, the rule it breaks (a stable slug) and why, in French."""

    row: int | None
    column: str | None
    rule: str
    message: str


class LoadRead(BaseModel):
    id: str
    dataset_id: str
    status: str = Field(description="« accepted », « rejected » ou « failed ».")
    accepted: bool
    filename: str
    size_bytes: int
    sha256: str
    rows: int = Field(description="Lignes du fichier (celles de la nouvelle version si accepté).")
    snapshot_id: str | None = Field(
        description="La version créée (identifiant de l'instantané Iceberg, en texte)."
    )
    schema_name: str
    schema_version: str
    error_count: int
    truncated: bool = Field(description="Le rapport s'arrête avant la dernière erreur.")
    detail: str = Field(description="Pourquoi le fichier a été refusé ; vide s'il est accepté.")
    warnings: list[str] = Field(
        description="Remarques de la lecture (encodage, séparateur...) qui n'empêchent rien."
    )
    quarantine_id: str | None
    contract_id: str | None
    announced: bool = Field(
        description="La nouvelle version est annoncée : l'annonce, enregistrée avec le "
        "chargement, part sur Kafka dès la validation (au moins une fois)."
    )
    submitted_by: str = Field(description="Pseudonyme de l'auteur du dépôt (SHA-256).")
    submitted_at: datetime


class QuarantineRead(BaseModel):
    id: str
    dataset_id: str
    load_id: str
    filename: str
    size_bytes: int
    sha256: str
    schema_name: str
    error_count: int
    truncated: bool
    status: str = Field(description="« pending », « replaced » ou « discarded ».")
    file_kept: bool = Field(description="Le fichier lui-même est encore conservé.")
    contract_id: str | None
    submitted_by: str = Field(description="Pseudonyme de l'auteur du dépôt (SHA-256).")
    created_at: datetime
    closed_at: datetime | None


class QuarantineDetail(QuarantineRead):
    row_count: int
    issues: list[IssueRead]


class ErasureRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str = Field(pattern=COLUMN, description="La colonne qui désigne la personne.")
    value: str | int | float | bool = Field(
        description="Sa valeur pour cette personne (jamais conservée en clair)."
    )


class ErasureRead(BaseModel):
    id: str
    dataset_id: str
    column: str
    rows_erased: int = Field(description="Lignes effacées de la version en cours.")
    versions_removed: int = Field(description="Versions antérieures effacées de l'historique.")
    files_removed: int
    quarantined_files_removed: int
    snapshot_id: str | None = Field(description="La seule version restante après l'effacement.")
    erased_at: datetime
