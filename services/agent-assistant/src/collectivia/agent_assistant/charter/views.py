"""HTTP routes of the usage charter: translation only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from collectivia.agent_assistant.charter.service import Charters, CharterVersion
from collectivia.agent_assistant.dependencies import PROBLEM, CurrentAdmin, CurrentAgent
from collectivia.agent_assistant.prompts.schemas import MAX_VERSION
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/charter", tags=["charter"])

CharterService = Annotated[Charters, Depends(provided(Charters))]


class CharterRead(BaseModel):
    version: int
    title: str
    text: str
    change_note: str
    published_at: datetime


class CurrentCharterRead(CharterRead):
    # Whether the calling agent accepted this version, and when.
    accepted: bool
    accepted_at: datetime | None


class AcceptanceBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The version the agent read: accepting another than the current one is refused.
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION)


class AcceptanceRead(BaseModel):
    version: int
    accepted_at: datetime


class CharterBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Checked by the service, with French messages.
    title: str
    text: str
    change_note: str = ""


def _read(charter: CharterVersion) -> CharterRead:
    return CharterRead(
        version=charter.version,
        title=charter.title,
        text=charter.text,
        change_note=charter.change_note,
        published_at=charter.published_at,
    )


@router.get(
    "",
    summary="La charte en vigueur, et si je l'ai acceptée",
    responses={401: PROBLEM, 403: PROBLEM},
)
def current_charter(agent: CurrentAgent, charters: CharterService) -> CurrentCharterRead:
    charter = charters.current()
    acceptance = charters.acceptance(agent)
    return CurrentCharterRead(
        **_read(charter).model_dump(),
        accepted=acceptance is not None,
        accepted_at=acceptance.accepted_at if acceptance else None,
    )


@router.post(
    "/acceptances",
    status_code=201,
    summary="Accepter la charte en vigueur",
    responses={401: PROBLEM, 403: PROBLEM, 409: PROBLEM, 422: PROBLEM, 503: PROBLEM},
)
def accept_charter(
    body: AcceptanceBody, agent: CurrentAgent, charters: CharterService
) -> AcceptanceRead:
    acceptance = charters.accept(agent, body.version)
    return AcceptanceRead(version=acceptance.version, accepted_at=acceptance.accepted_at)


@router.get(
    "/versions",
    summary="Historique des versions de la charte",
    responses={401: PROBLEM, 403: PROBLEM},
)
def charter_versions(agent: CurrentAgent, charters: CharterService) -> list[CharterRead]:
    return [_read(version) for version in charters.versions()]


@router.post(
    "/versions",
    status_code=201,
    summary="Publier une nouvelle version de la charte (administrateurs)",
    responses={401: PROBLEM, 403: PROBLEM, 409: PROBLEM, 422: PROBLEM},
)
def publish_charter(
    body: CharterBody, admin: CurrentAdmin, charters: CharterService
) -> CharterRead:
    return _read(charters.publish(admin, body.title, body.text, body.change_note))
