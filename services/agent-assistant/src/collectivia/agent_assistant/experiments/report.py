"""An experiment's report from its recorded uses: pure arithmetic."""

from __future__ import annotations

from collections.abc import Sequence

from collectivia.agent_assistant.experiments.models import ExperimentUseRow
from collectivia.agent_assistant.experiments.schemas import (
    ExperimentRead,
    ExperimentReport,
    ReportComment,
)

MAX_COMMENTS = 200


def build_report(
    experiment: ExperimentRead, uses: Sequence[ExperimentUseRow], min_group: int
) -> ExperimentReport:
    distribution = {str(score): 0 for score in range(1, 6)}
    for use in uses:
        distribution[str(use.rating)] += 1
    count = len(uses)
    minutes = sum(use.minutes_saved for use in uses)
    contributors = len({use.agent for use in uses})
    comments = [
        ReportComment(rating=use.rating, comment=use.comment, recorded_at=use.recorded_at)
        for use in sorted(uses, key=lambda u: u.recorded_at, reverse=True)
        if use.comment
    ][:MAX_COMMENTS]
    notice = None
    if contributors < min_group:
        notice = (
            f"Moins de {min_group} agents ont contribué : leurs notes et commentaires "
            "peuvent être reconnus. Partagez ce bilan avec discernement."
        )
    return ExperimentReport(
        experiment=experiment,
        uses=count,
        participants=experiment.participants,
        contributors=contributors,
        rating_mean=round(sum(u.rating for u in uses) / count, 2) if count else None,
        rating_distribution=distribution,
        minutes_saved_total=minutes,
        minutes_saved_per_use=round(minutes / count, 1) if count else None,
        comments=comments,
        notice=notice,
    )
