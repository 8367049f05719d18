"""HTTP route of feedback on an answer: translation only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from collectivia.citizen_chat.dependencies import PROBLEM, Owner
from collectivia.citizen_chat.feedback.service import Feedbacks, Reason
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/conversations", tags=["feedback"])


class FeedbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    useful: bool
    reasons: list[Reason] = Field(default_factory=list, max_length=7)
    comment: str = Field(default="", max_length=1000)
    # Also report the answer as a problem to the ethics register (an incident).
    report_problem: bool = False


class FeedbackRead(BaseModel):
    answer_id: str
    useful: bool
    reasons: list[Reason]
    incident_reported: bool | None


@router.post(
    "/{conversation_id}/answers/{answer_id}/feedback",
    status_code=201,
    summary="Noter une réponse (utile ou non, raisons) ou signaler un problème",
    responses={404: PROBLEM, 409: PROBLEM, 422: PROBLEM},
)
def give_feedback(
    conversation_id: str,
    answer_id: str,
    body: FeedbackBody,
    feedbacks: Annotated[Feedbacks, Depends(provided(Feedbacks))],
    owner: Owner,
) -> FeedbackRead:
    receipt = feedbacks.give(
        conversation_id,
        answer_id,
        owner,
        body.useful,
        body.reasons,
        body.comment,
        body.report_problem,
    )
    return FeedbackRead(
        answer_id=receipt.answer_id,
        useful=receipt.useful,
        reasons=list(receipt.reasons),
        incident_reported=receipt.incident_reported,
    )
