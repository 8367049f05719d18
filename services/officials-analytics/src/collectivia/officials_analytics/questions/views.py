"""HTTP route of the questions: translation only. The caller from its token, as for the
indicators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from collectivia.officials_analytics.indicators.views import Caller
from collectivia.officials_analytics.questions.schemas import (
    QuestionAnswer,
    QuestionAsked,
    question_answer,
)
from collectivia.officials_analytics.questions.service import Questions
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/questions", tags=["questions"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 422)}

Service = Annotated[Questions, Depends(provided(Questions))]


@router.post(
    "",
    summary="Une question en français sur les indicateurs, calculée par un indicateur déclaré",
    responses=ERRORS,
)
def ask(body: QuestionAsked, questions: Service, caller: Caller) -> QuestionAnswer:
    return question_answer(questions.ask(caller, body.question))
