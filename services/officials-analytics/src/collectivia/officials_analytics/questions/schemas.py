"""What the questions' route takes and answers: the question; the indicator chosen, the
filters as understood, the values (as ``/v1/kpis/{name}`` gives them) and the sentence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from collectivia.officials_analytics.indicators.schemas import (
    KpiRead,
    KpiValues,
    kpi_read,
    kpi_values,
)
from collectivia.officials_analytics.questions.service import Answer
from collectivia.officials_analytics.questions.understanding import MAX_QUESTION


class QuestionAsked(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        max_length=MAX_QUESTION * 2,
        description="La question, en français (ex. « combien de questions à Metz en mars ? »).",
    )


class CommuneNamed(BaseModel):
    code: str
    name: str


class Understood(BaseModel):
    communes: list[CommuneNamed] = Field(
        description="Les communes nommées dans la question ; vide : vos communes (ou toutes)."
    )
    period_words: str | None = Field(
        description="Les mots de la question compris comme la période ; absent : la période "
        "par défaut."
    )
    from_month: str = Field(serialization_alias="from")
    to_month: str = Field(serialization_alias="to")
    dimensions: dict[str, list[str]] = Field(
        description="Les valeurs retenues d'autres dimensions (thème...)."
    )
    group_by: list[str]


class QuestionAnswer(BaseModel):
    question: str
    understood: str = Field(description="« J'ai compris : … » : ce qui a été calculé.")
    kpi: KpiRead
    filters: Understood
    values: KpiValues


def question_answer(answer: Answer) -> QuestionAnswer:
    understood, result, directory = answer.understanding, answer.result, answer.directory
    return QuestionAnswer(
        question=understood.question,
        understood=answer.sentence,
        kpi=kpi_read(result.indicator),
        filters=Understood(
            communes=[CommuneNamed(code=c, name=directory.name(c)) for c in understood.communes],
            period_words=understood.period.words if understood.period else None,
            from_month=result.period.first,
            to_month=result.period.last,
            dimensions={name: list(values) for name, values in result.filters},
            group_by=list(result.group_by),
        ),
        values=kpi_values(result, directory),
    )
