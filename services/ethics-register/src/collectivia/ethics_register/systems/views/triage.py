"""The risk triage questionnaire, open to anyone (it stores nothing)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from collectivia.ethics_register.systems.record import RiskClass
from collectivia.ethics_register.systems.triage import ALL_QUESTIONS, triage

router = APIRouter(prefix="/v1/triage", tags=["registre"])


class QuestionRead(BaseModel):
    id: str
    text: str
    reference: str


class TriageAnswers(BaseModel):
    answers: dict[str, bool]


class TriageProposal(BaseModel):
    proposed: RiskClass
    reasons: list[str]


@router.get("/questions", summary="Questions du triage des risques (AI Act)")
def questions() -> list[QuestionRead]:
    return [QuestionRead(id=q.id, text=q.text, reference=q.reference) for q in ALL_QUESTIONS]


@router.post("", summary="Proposer une classe de risque à partir des réponses")
def propose(body: TriageAnswers) -> TriageProposal:
    result = triage(body.answers)
    return TriageProposal(proposed=result.proposed, reasons=list(result.reasons))
