"""HTTP route of the content gaps: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from collectivia.officials_analytics.gaps.service import ContentGaps, Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/gaps", tags=["content gaps"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
# 503: the query engine (Trino) did not answer.
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 422, 503)}

Service = Annotated[Gaps, Depends(provided(Gaps))]


def viewer(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Viewer:
    return Viewer.of(principal)


class ThemeGapRead(BaseModel):
    theme: str
    # Absent (null) when suppressed: too few conversations.
    unanswered: int | None
    suppressed: bool


class QuestionGapRead(BaseModel):
    question: str
    keywords: list[str]
    asked: int
    conversations: int
    refused: int
    handed_over: int
    themes: list[str]


class ContentGapsRead(BaseModel):
    communes: list[str] = Field(description="Les communes couvertes ; vide : toutes.")
    from_month: str = Field(serialization_alias="from")
    to_month: str = Field(serialization_alias="to")
    min_conversations: int
    themes: list[ThemeGapRead]
    questions: list[QuestionGapRead]


def read(gaps: ContentGaps) -> ContentGapsRead:
    return ContentGapsRead(
        communes=list(gaps.communes),
        from_month=gaps.period.first,
        to_month=gaps.period.last,
        min_conversations=gaps.min_conversations,
        themes=[
            ThemeGapRead(theme=t.theme, unanswered=t.unanswered, suppressed=t.suppressed)
            for t in gaps.themes
        ],
        questions=[
            QuestionGapRead(
                question=q.question,
                keywords=list(q.keywords),
                asked=q.asked,
                conversations=q.conversations,
                refused=q.refused,
                handed_over=q.handed_over,
                themes=list(q.themes),
            )
            for q in gaps.questions
        ],
    )


@router.get(
    "", summary="Les questions restées sans réponse, par thème et par question", responses=ERRORS
)
def content_gaps(
    gaps: Service,
    caller: Annotated[Viewer, Depends(viewer)],
    communes: Annotated[
        list[str], Query(alias="commune", description="Codes INSEE ; aucun : vos communes.")
    ] = [],  # noqa: B006 - FastAPI copies query defaults
    first: Annotated[str, Query(alias="from", description="Premier mois, AAAA-MM.")] = "",
    last: Annotated[str, Query(alias="to", description="Dernier mois, AAAA-MM.")] = "",
) -> ContentGapsRead:
    return read(gaps.gaps(caller, communes=communes, first_month=first, last_month=last))
