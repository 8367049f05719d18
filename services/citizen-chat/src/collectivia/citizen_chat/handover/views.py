"""HTTP route of the handover to a human agent: translation only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from collectivia.citizen_chat.dependencies import PROBLEM, Owner
from collectivia.citizen_chat.handover.service import Channel, Handovers
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/conversations", tags=["handover"])


class HandoffBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel = Channel.CONVERSATION
    # The e-mail address or phone number, for those channels.
    contact: str = Field(default="", max_length=320)


class HandoffReceiptRead(BaseModel):
    handoff_id: str
    channel: Channel
    message: str


@router.post(
    "/{conversation_id}/handoff",
    status_code=202,
    summary="Demander à parler à un agent",
    responses={404: PROBLEM, 422: PROBLEM, 503: PROBLEM},
)
def request_handoff(
    conversation_id: str,
    body: HandoffBody,
    handovers: Annotated[Handovers, Depends(provided(Handovers))],
    owner: Owner,
) -> HandoffReceiptRead:
    receipt = handovers.request(conversation_id, owner, body.channel, body.contact)
    return HandoffReceiptRead(
        handoff_id=receipt.handoff_id, channel=receipt.channel, message=receipt.message
    )
