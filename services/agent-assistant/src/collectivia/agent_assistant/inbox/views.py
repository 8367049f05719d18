"""HTTP routes of the handover inbox and curated answers: translation only. Every route
needs an agent who accepted the current charter."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict

from collectivia.agent_assistant.dependencies import PROBLEM, CharteredAgent
from collectivia.agent_assistant.inbox.curation import CuratedAnswers
from collectivia.agent_assistant.inbox.labels import DEFAULT_DEPARTMENT_LABELS, HandoffLabels
from collectivia.agent_assistant.inbox.records import CuratedAnswer, Handoff
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1", tags=["inbox"])

InboxService = Annotated[Inbox, Depends(provided(Inbox))]
Labels = Annotated[HandoffLabels, Depends(provided(HandoffLabels))]
CuratedService = Annotated[CuratedAnswers, Depends(provided(CuratedAnswers))]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: PROBLEM,
    403: PROBLEM,
    404: PROBLEM,
    409: PROBLEM,
    422: PROBLEM,
    503: PROBLEM,
}


class TurnRead(BaseModel):
    role: str
    text: str
    at: datetime | None


class HandoffRead(BaseModel):
    id: str
    conversation_id: str
    commune: str
    theme: str
    department: str
    turns: list[TurnRead]
    contact_channel: str
    contact: str
    requested_at: datetime
    status: str
    reply: str
    human_review: str
    resolved_at: datetime | None
    ai_use_id: str
    # An emergency the citizen described while an agent was on duty: listed first.
    urgent: bool = False
    # The citizen's last message before the request (masked): what the request is about.
    trigger: str = ""
    # « Metz (Moselle) » for 57463, from the official list; the service's label.
    commune_label: str = ""
    department_label: str = ""


class CitationRead(BaseModel):
    number: int
    document_id: str
    title: str
    url: str


class SuggestionRead(BaseModel):
    text: str
    citations: list[CitationRead]
    generative: bool
    model: str
    notice: str
    # Id of this use of the assistant in the register's evidence ("" with a notice only);
    # sent back with the reply (suggestion_use_id).
    use_id: str


class ReplyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Checked by the service, with French messages.
    text: str = ""
    # The agent set the suggestion aside (counted as overridden whatever the text).
    suggestion_rejected: bool = False
    # The suggestion the agent saw (its use_id), when known: a withdrawn (expired) one is
    # refused with 409, so that the review is recorded against the right use.
    suggestion_use_id: str = ""


class CuratedBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Checked by the service, with French messages.
    title: str = ""
    question: str = ""
    answer: str = ""


class ReviewBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # True: publish it; False: reject it. Checked by the service.
    approve: bool | None = None
    comment: str = ""


class CuratedRead(BaseModel):
    id: str
    handoff_id: str
    department: str
    # Checked by the service, with French messages.
    title: str = ""
    question: str = ""
    answer: str = ""
    theme: str
    commune: str
    proposed_at: datetime
    proposed_by_me: bool
    status: str
    reviewed_at: datetime | None
    review_comment: str
    document_id: str


def _handoff(handoff: Handoff, labels: HandoffLabels | None = None) -> HandoffRead:
    labels = labels or HandoffLabels(departments=DEFAULT_DEPARTMENT_LABELS)
    return HandoffRead.model_validate(
        asdict(handoff)
        | {
            "trigger": handoff.trigger,
            "commune_label": labels.commune(handoff.commune),
            "department_label": labels.department(handoff.department),
        }
    )


def _curated(curated: CuratedAnswer) -> CuratedRead:
    return CuratedRead.model_validate(asdict(curated))


@router.get("/handoffs", summary="Les demandes adressées à mes services", responses=ERRORS)
def list_handoffs(
    agent: CharteredAgent, inbox: InboxService, labels: Labels, status: str = "open"
) -> list[HandoffRead]:
    return [_handoff(h, labels) for h in inbox.list_for(agent, status)]


@router.get("/handoffs/{handoff_id}", summary="Une demande", responses=ERRORS)
def get_handoff(
    handoff_id: str, agent: CharteredAgent, inbox: InboxService, labels: Labels
) -> HandoffRead:
    return _handoff(inbox.get(agent, handoff_id), labels)


@router.get(
    "/handoffs/{handoff_id}/suggestion",
    summary="La réponse suggérée, citant la base de connaissances",
    responses=ERRORS,
)
def get_suggestion(handoff_id: str, agent: CharteredAgent, inbox: InboxService) -> SuggestionRead:
    return SuggestionRead.model_validate(asdict(inbox.suggestion(agent, handoff_id)))


# The reply (POST /handoffs/{handoff_id}/reply) is the delivery area's: it reaches the citizen
# by the channel they chose (delivery/views.py).


@router.post(
    "/handoffs/{handoff_id}/curated-answers",
    status_code=201,
    summary="Proposer la réponse comme réponse type",
    responses=ERRORS,
)
def propose_curated(
    handoff_id: str, body: CuratedBody, agent: CharteredAgent, curated: CuratedService
) -> CuratedRead:
    return _curated(curated.propose(agent, handoff_id, body.title, body.question, body.answer))


@router.get("/curated-answers", summary="Les réponses types de mes services", responses=ERRORS)
def list_curated(
    agent: CharteredAgent, curated: CuratedService, status: str = "proposed"
) -> list[CuratedRead]:
    return [_curated(c) for c in curated.list_for(agent, status)]


@router.post(
    "/curated-answers/{proposal_id}/review",
    summary="Relire une réponse type (un autre agent que l'auteur)",
    responses=ERRORS,
)
def review_curated(
    proposal_id: str, body: ReviewBody, agent: CharteredAgent, curated: CuratedService
) -> CuratedRead:
    return _curated(curated.review(agent, proposal_id, body.approve, body.comment))
