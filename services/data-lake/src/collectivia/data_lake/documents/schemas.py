"""What the documents' routes take and return (French field descriptions for the API docs)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from collectivia.data_lake.datasets.schemas import DATASET_ID, INSEE_CODE

# Kafka refuses records over 1 MiB by default: the text travels in the event.
MAX_TEXT_BYTES = 900_000
InseeCode = Annotated[str, Field(pattern=INSEE_CODE)]


class DocumentStatus(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class DocumentContent(BaseModel):
    """One version of a document, as a steward gives it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=300, description="Titre.")
    text: str = Field(
        min_length=10,
        max_length=MAX_TEXT_BYTES,
        description="Le texte, en Markdown ou en texte brut (les titres Markdown le découpent).",
    )
    url: str = Field(
        "",
        max_length=2000,
        pattern=r"^(https?://\S+)?$",
        description="Adresse où le public lit le document.",
    )
    theme: str = Field("", max_length=200, description="Thème, ex. « Enfance > Cantine ».")
    communes: list[InseeCode] = Field(
        default_factory=list,
        max_length=100,
        description="Codes INSEE des communes concernées ; vide : toutes.",
    )
    licence: str = Field("Licence Ouverte / Open Licence v2.0", min_length=2, max_length=300)
    version: str = Field(
        "", max_length=100, description="Libellé de version ; vide : l'empreinte du contenu."
    )
    published: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date de publication (AAAA-MM-JJ)."
    )


class DocumentCreate(DocumentContent):
    id: str = Field(
        pattern=DATASET_ID, description="Identifiant stable (minuscules, chiffres, tirets)."
    )


class DocumentRead(BaseModel):
    id: str
    status: DocumentStatus
    version_number: int = Field(description="Numéro de la version en vigueur (1, 2...).")
    title: str
    text: str
    url: str
    theme: str
    communes: list[str]
    licence: str
    version: str = Field(description="Libellé de version (l'empreinte si aucun n'a été donné).")
    published: str | None
    content_hash: str
    created_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None
    withdrawal_reason: str


class DocumentVersionRead(BaseModel):
    number: int
    title: str
    version: str
    content_hash: str
    published_at: datetime
    published_by: str
