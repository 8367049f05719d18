"""From stored rows to what callers read: templates with their ratings, uses and rank."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from collectivia.agent_assistant.prompts.models import (
    PromptRatingRow,
    PromptTemplateRow,
    PromptTemplateVersionRow,
)
from collectivia.agent_assistant.prompts.ranking import Standing, prior_mean, usefulness
from collectivia.agent_assistant.prompts.schemas import (
    RatingSummary,
    TemplateKind,
    TemplateRead,
    TemplateSummary,
    VariableSpec,
    VersionRead,
)
from collectivia.agent_assistant.statistics.models import TemplateUseCountRow

SCORES = ("1", "2", "3", "4", "5")


@dataclass
class Feedback:
    """Ratings and uses of one template."""

    distribution: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    uses: int = 0

    @property
    def count(self) -> int:
        return sum(self.distribution.values())

    @property
    def total(self) -> int:
        return sum(int(score) * n for score, n in self.distribution.items())

    def standing_figures(self) -> tuple[int, int, int]:
        """Number of ratings, their sum, uses: what the ranking needs."""
        return self.count, self.total, self.uses

    def summary(self) -> RatingSummary:
        count = self.count
        return RatingSummary(
            count=count,
            mean=round(self.total / count, 2) if count else None,
            distribution=dict(self.distribution),
        )


@dataclass(frozen=True)
class LibraryFeedback:
    """Ratings and uses of every template (or of one), and the mean of every rating."""

    by_template: dict[str, Feedback]
    mean_of_all: float

    def of(self, template_id: str) -> Feedback:
        return self.by_template.get(template_id, Feedback())

    @classmethod
    def load(cls, session: Session, template_id: str | None = None) -> LibraryFeedback:
        by_template: dict[str, Feedback] = defaultdict(Feedback)
        ratings = select(PromptRatingRow.template_id, PromptRatingRow.score, func.count()).group_by(
            PromptRatingRow.template_id, PromptRatingRow.score
        )
        uses = select(TemplateUseCountRow.template_id, TemplateUseCountRow.uses)
        if template_id is not None:
            ratings = ratings.where(PromptRatingRow.template_id == template_id)
            uses = uses.where(TemplateUseCountRow.template_id == template_id)
        for tid, score, count in session.execute(ratings):
            by_template[tid].distribution[str(score)] = count
        for used_id, used in session.execute(uses):
            if used_id:
                by_template[used_id].uses = used
        count, total = session.execute(
            select(func.count(), func.coalesce(func.sum(PromptRatingRow.score), 0))
        ).one()
        return cls(dict(by_template), prior_mean(count=int(count), total=int(total)))


def standing(row: PromptTemplateRow, feedback: Feedback) -> Standing:
    return Standing(row.id, row.title, row.updated_at, *feedback.standing_figures())


def variable_specs(raw: str) -> list[VariableSpec]:
    return [VariableSpec.model_validate(v) for v in json.loads(raw)]


def tag_list(raw: str) -> list[str]:
    tags: list[str] = json.loads(raw)
    return tags


def to_summary(row: PromptTemplateRow, library: LibraryFeedback) -> TemplateSummary:
    feedback = library.of(row.id)
    return TemplateSummary(
        id=row.id,
        version=row.version,
        title=row.title,
        description=row.description,
        kind=TemplateKind(row.kind),
        department=row.department,
        owner_department=row.owner_department,
        tags=tag_list(row.tags),
        variables=[v.name for v in variable_specs(row.variables)],
        archived=row.archived,
        updated_at=row.updated_at,
        ratings=feedback.summary(),
        uses=feedback.uses,
        usefulness=round(usefulness(standing(row, feedback), library.mean_of_all), 4),
    )


def to_read(row: PromptTemplateRow, library: LibraryFeedback) -> TemplateRead:
    return TemplateRead(
        **to_summary(row, library).model_dump(),
        owner=row.owner,
        text=row.text,
        variable_specs=variable_specs(row.variables),
        created_at=row.created_at,
    )


def to_version(row: PromptTemplateVersionRow) -> VersionRead:
    return VersionRead(
        version=row.version,
        title=row.title,
        description=row.description,
        kind=TemplateKind(row.kind),
        department=row.department,
        text=row.text,
        variables=variable_specs(row.variables),
        tags=tag_list(row.tags),
        archived=row.archived,
        reason=row.reason,
        changed_by=row.changed_by,
        changed_by_department=row.changed_by_department,
        changed_at=row.changed_at,
    )
