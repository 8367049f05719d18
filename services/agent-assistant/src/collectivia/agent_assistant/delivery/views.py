"""HTTP routes of how a reply reaches the citizen: translation only. Every route needs an
agent who accepted the current charter."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict

from collectivia.agent_assistant.delivery.service import Deliveries, Delivery
from collectivia.agent_assistant.dependencies import CharteredAgent
from collectivia.agent_assistant.inbox.views import ERRORS, HandoffRead, ReplyBody, _handoff
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1", tags=["inbox"])

DeliveryService = Annotated[Deliveries, Depends(provided(Deliveries))]


class DeliveryRead(BaseModel):
    # "email", "phone" or "conversation".
    channel: str
    # "sent", "failed", "callback-due", "reached", "no-answer", "wrong-number", "posted".
    outcome: str
    reason: str
    at: datetime
    # What happened, in French, for the agent's screen.
    summary: str


class RepliedRead(HandoffRead):
    delivery: DeliveryRead


class ContactRead(BaseModel):
    channel: str
    contact: str
    revealed_at: datetime


class CallbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Checked by the service, with French messages.
    outcome: str = ""


def _delivery(delivery: Delivery) -> DeliveryRead:
    return DeliveryRead.model_validate(asdict(delivery))


@router.post(
    "/handoffs/{handoff_id}/reply",
    summary="Répondre à l'habitant (par courriel, rappel ou dans la conversation, selon son choix)",
    responses=ERRORS,
)
def reply(
    handoff_id: str, body: ReplyBody, agent: CharteredAgent, deliveries: DeliveryService
) -> RepliedRead:
    replied = deliveries.reply(
        agent, handoff_id, body.text, body.suggestion_rejected, body.suggestion_use_id
    )
    handoff = _handoff(replied.handoff)
    return RepliedRead(**handoff.model_dump(), delivery=_delivery(replied.delivery))


@router.post(
    "/handoffs/{handoff_id}/contact-reveals",
    status_code=201,
    summary="Voir le contact de l'habitant (agents du service destinataire ; chaque consultation "
    "est enregistrée)",
    responses=ERRORS,
)
def reveal_contact(
    handoff_id: str, agent: CharteredAgent, deliveries: DeliveryService, response: Response
) -> ContactRead:
    # Personal data: never kept by a browser's or a proxy's cache.
    response.headers["Cache-Control"] = "no-store"
    return ContactRead.model_validate(asdict(deliveries.reveal(agent, handoff_id)))


@router.post(
    "/handoffs/{handoff_id}/callback-outcomes",
    status_code=201,
    summary="Noter le résultat du rappel (habitant joint, pas de réponse, mauvais numéro)",
    responses=ERRORS,
)
def record_callback(
    handoff_id: str, body: CallbackBody, agent: CharteredAgent, deliveries: DeliveryService
) -> DeliveryRead:
    return _delivery(deliveries.record_callback(agent, handoff_id, body.outcome))


@router.get(
    "/handoffs/{handoff_id}/deliveries",
    summary="Ce qu'il est advenu des réponses à une demande",
    responses=ERRORS,
)
def list_deliveries(
    handoff_id: str, agent: CharteredAgent, deliveries: DeliveryService
) -> list[DeliveryRead]:
    return [_delivery(d) for d in deliveries.history(agent, handoff_id)]
