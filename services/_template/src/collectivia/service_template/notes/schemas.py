"""What the notes' API reads and writes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class NoteCreate(BaseModel):
    text: str = Field(max_length=2000, description="Le texte de la note.")


class NoteRead(BaseModel):
    id: str
    text: str
    created_at: datetime
