"""The council's report, gathered: for one commune and one period, the key indicators (from
the indicators' domain object, with the caller's access and suppression), the content gaps,
the forecasts of the commune's series and the briefing of the period's last month (from
theirs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.service import Briefing, Briefings
from collectivia.officials_analytics.forecasts.schemas import ForecastRead
from collectivia.officials_analytics.forecasts.series import SeriesKey, SeriesKind
from collectivia.officials_analytics.forecasts.service import Forecasts
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.declarations import MONTH
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.pages.charts import period_label
from collectivia.officials_analytics.pages.figures import KEY_INDICATORS, chart_of
from collectivia.officials_analytics.pages.report import (
    CouncilReport,
    ForecastMissing,
    IndicatorSection,
)
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import DomainError, InvalidInput

# The commune's series that the report forecasts, in their order.
FORECAST_SERIES = (SeriesKind.DEMAND, SeriesKind.HANDOVERS, SeriesKind.WATER)


def council_report(
    *,
    indicators: Indicators,
    gaps: Gaps,
    forecasts: Forecasts,
    principal: Principal,
    commune: str,
    first_month: str,
    last_month: str,
    collectivity: str,
    briefings: Briefings | None = None,
    today: Callable[[], date] = date.today,
) -> CouncilReport:
    """The report of ``commune``, if the caller may see it (else PermissionDenied, in
    French, before anything is computed)."""
    viewer = Viewer.of(principal)
    viewer.scope([commune])
    chosen = indicators.period(first_month, last_month)
    directory = indicators.commune_directory()
    sections = []
    for name in KEY_INDICATORS:
        indicator = indicators.indicator(name)
        communes = [commune] if indicator.per_commune else []
        total, by_month = (
            indicators.query(
                viewer,
                name,
                group_by=group_by,
                communes=communes,
                first_month=chosen.first,
                last_month=chosen.last,
            )
            for group_by in ((), (MONTH,))
        )
        sections.append(
            IndicatorSection(
                name=name,
                definition=indicator.definition,
                total=chart_of(total, directory),
                by_month=chart_of(by_month, directory),
            )
        )
    return CouncilReport(
        collectivity=collectivity,
        commune=directory.name(commune),
        period=period_label(chosen.first, chosen.last),
        made_on=today(),
        indicators=tuple(sections),
        gaps=gaps.gaps(
            viewer, communes=[commune], first_month=chosen.first, last_month=chosen.last
        ),
        forecasts=tuple(_forecast(forecasts, principal, kind, commune) for kind in FORECAST_SERIES),
        briefing=_briefing(briefings, viewer, commune, chosen.last),
    )


def _briefing(
    briefings: Briefings | None, viewer: Viewer, commune: str, month: str
) -> Briefing | None:
    """The briefing of the period's last month; none when it cannot be made (a month not
    begun yet): the report goes on without it."""
    if briefings is None:
        return None
    try:
        return briefings.briefing(viewer, commune=commune, month=month)
    except InvalidInput:
        return None


def _forecast(
    forecasts: Forecasts, principal: Principal, kind: SeriesKind, commune: str
) -> ForecastRead | ForecastMissing:
    """The series' forecast as the forecasts' page shows it, or why there is none."""
    try:
        return forecasts.view(principal, SeriesKey(kind, None, commune))
    except DomainError as error:
        where = messages.SERIES_COMMUNE.format(commune=commune)
        return ForecastMissing(f"{messages.SERIES_LABELS[kind]} — {where}", error.detail)
