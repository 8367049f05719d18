"""HTTP routes of the notes: translation only."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import PermissionDenied
from collectivia.service_template import messages
from collectivia.service_template.notes.schemas import NoteCreate, NoteRead
from collectivia.service_template.notes.service import Notes

router = APIRouter(prefix="/v1/notes", tags=["notes"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM}

Service = Annotated[Notes, Depends(provided(Notes))]


def agent(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> str:
    """The calling agent, pseudonymous."""
    if not principal.has_any_role({"agent", "admin"}):
        raise PermissionDenied(messages.NOTES_ROLE_REQUIRED)
    return hashlib.sha256(principal.subject.encode()).hexdigest()[:32]


Agent = Annotated[str, Depends(agent)]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Garder une note", responses=ERRORS)
def add_note(body: NoteCreate, notes: Service, author: Agent) -> NoteRead:
    return notes.add(body, author=author)


@router.get("", summary="Les dernières notes", responses=ERRORS)
def latest_notes(notes: Service, _author: Agent) -> list[NoteRead]:
    return notes.latest()


@router.get("/{note_id}", summary="Une note", responses=ERRORS)
def get_note(note_id: str, notes: Service, _author: Agent) -> NoteRead:
    return notes.get(note_id)
