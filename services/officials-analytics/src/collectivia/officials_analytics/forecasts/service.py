"""Forecast runs and their display, through the AI-use pathway.

A run (``Forecasts.run``: the worker, an administrator) asks the register first
(``AiUsePathway.admit``: refused or unreachable, nothing is computed), builds every monthly
series from the analytics tables, forecasts those that may be, records the use
(``ai.used``: purpose, outcome, model, data sources, the run's median errors) and keeps the
forecasts. A display (``Forecasts.view``) builds the series' history afresh, asks the
register again (``AiUsePathway.check``): the forecast is shown only while the entry is
allowed, and only the one made on that very history — otherwise it is computed then, as a
run of one series.
"""

from __future__ import annotations

import hashlib
import json
import logging
import statistics
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.evidence import UseEvidence, UseOutcome
from collectivia.ai.use.pathway import (
    Admission,
    AiUsePathway,
    Masking,
    RegisterUnreachable,
    SpecialCategories,
    UseRefused,
)
from collectivia.ai.use.permission import Permission
from collectivia.events.v1.ai_pb2 import PerformanceMeasured
from collectivia.lakehouse.engines import EngineUnavailable, TableRead
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.forecasts.facts import Facts
from collectivia.officials_analytics.forecasts.model import (
    BASELINE_NAME,
    MODEL_NAME,
    Backtest,
    Forecaster,
    SeriesForecast,
)
from collectivia.officials_analytics.forecasts.models import ForecastRow, ForecastRunRow
from collectivia.officials_analytics.forecasts.performance import (
    BASELINE_MAPE,
    BASELINE_MASE,
    MAPE,
    MASE,
    PerformanceReports,
    RunPerformance,
)
from collectivia.officials_analytics.forecasts.schemas import (
    Accuracy,
    BacktestRead,
    ForecastPoint,
    ForecastRead,
    HistoryPoint,
    RunRead,
)
from collectivia.officials_analytics.forecasts.series import (
    SOURCE_COLUMNS,
    SOURCE_TABLES,
    MonthlySeries,
    Problem,
    SeriesKey,
    SeriesKind,
    pushed_filter,
    query_series,
    telemetry_datasets,
)
from collectivia.officials_analytics.forecasts.settings import ForecastSettings
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import DependencyUnavailable, InvalidInput, PermissionDenied
from collectivia.platform.events.protocol import EventOutbox

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
# Who may read forecasts; who may read every commune's.
READERS = frozenset({"official", "admin", "data-steward"})
EVERY_COMMUNE = frozenset({"admin", "data-steward"})
# The namespace the analytics tables are named under in the evidence.
ANALYTICS_NAMESPACE = "analytics"


class RunTrigger(StrEnum):
    SCHEDULE = "schedule"
    REQUEST = "request"
    SERIES = "series"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Forecasts:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        facts: Facts,
        pathway: AiUsePathway,
        settings: ForecastSettings,
        *,
        actor: str,
        outbox: EventOutbox,
        forecaster: Forecaster | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        """``actor``: who the runs are recorded for in the evidence (the service: forecasts
        are made for every official, not for one person); ``outbox``: where each run's evidence
        and measured performance are written, with the run (sent to the register after
        commit)."""
        self._sessions = sessions
        self._facts = facts
        self._pathway = pathway
        self._settings = settings
        self._actor = actor
        self._forecaster = forecaster or Forecaster(
            horizon=settings.forecast_horizon_months,
            backtest_months=settings.forecast_backtest_months,
            jobs=settings.forecast_jobs,
        )
        self._clock = clock
        self._running = threading.Lock()
        self._outbox = outbox
        self._reports = PerformanceReports(
            service=actor,
            months=settings.forecast_backtest_months,
            windows=self._forecaster.windows,
            horizon=self._forecaster.horizon,
        )

    @property
    def settings(self) -> ForecastSettings:
        return self._settings

    # -- runs ------------------------------------------------------------------------------

    def run(self, trigger: RunTrigger = RunTrigger.SCHEDULE) -> RunRead:
        """Recompute every series (one run at a time)."""
        with self._running:
            started = self._clock()
            try:
                admission = self._admit()
            except (UseRefused, RegisterUnreachable) as refused:
                return self._refused(trigger, started, refused.permission)
            current = self._current_month()
            series: list[MonthlySeries] = []
            sources: list[str] = []
            for kind in SeriesKind:
                facts = self._read(kind, current)
                series.extend(self._build(kind, facts, current).values())
                sources.extend(self._sources(kind, facts, current))
            return self._forecast(trigger, started, admission, series, sources)

    def runs(self, limit: int = 20) -> list[RunRead]:
        with self._sessions() as session:
            rows = session.scalars(
                select(ForecastRunRow).order_by(ForecastRunRow.started_at.desc()).limit(limit)
            ).all()
            return [_run_read(row) for row in rows]

    # -- display ---------------------------------------------------------------------------

    def view(self, principal: Principal, key: SeriesKey) -> ForecastRead:
        """The series' history and, while the register allows it, its forecast."""
        _check_access(principal, key)
        if key.kind is SeriesKind.WATER and key.theme is not None:
            raise InvalidInput(messages.FORECAST_THEME_NOT_FOR_WATER)
        current = self._current_month()
        facts = self._read(key.kind, current, only=key)
        series = self._build(key.kind, facts, current, only=key)[key]
        permission = self._pathway.check()
        shown = _base(key, series, permission)
        if not permission.allowed:
            return shown.model_copy(update={"reason": _denial(permission)})
        problem = series.problem(self._settings.forecast_min_months)
        if problem is not None:
            return shown.model_copy(update={"reason": self._explain(problem, series)})
        row = self._cached(key, self._digest(series))
        if row is None:
            self._forecast_one(series, self._sources(key.kind, facts, current, only=key))
            row = self._cached(key, self._digest(series))
        if row is None:  # the register refused in between, or the model gave nothing
            return shown.model_copy(update={"reason": messages.FORECAST_FAILED})
        return _with_forecast(shown, row)

    # -- inside ----------------------------------------------------------------------------

    def _admit(self) -> Admission:
        # No text goes anywhere: the forecasts read counts and volumes, not people's words.
        return self._pathway.admit(
            "",
            masking=Masking.ONE_WAY,
            special_categories=SpecialCategories.NOT_LINKED_TO_A_PERSON,
            model=False,
        )

    def _forecast_one(self, series: MonthlySeries, sources: list[str]) -> None:
        with self._running:
            if self._cached(series.key, self._digest(series)) is not None:
                return  # the run that held the lock made it
            started = self._clock()
            try:
                admission = self._admit()
            except (UseRefused, RegisterUnreachable) as refused:
                self._refused(RunTrigger.SERIES, started, refused.permission)
                return
            self._forecast(RunTrigger.SERIES, started, admission, [series], sources)

    def _forecast(
        self,
        trigger: RunTrigger,
        started: datetime,
        admission: Admission,
        series: Sequence[MonthlySeries],
        sources: Sequence[str],
    ) -> RunRead:
        minimum = self._settings.forecast_min_months
        eligible = [one for one in series if one.problem(minimum) is None]
        run_id = str(uuid.uuid4())
        try:
            # The use's CPU time, in this thread (statsforecast's worker processes, when
            # forecast_jobs > 1, are not counted).
            with admission.meter.measure():
                results = self._forecaster.forecast(
                    {one.key.id: (one.months, one.known()) for one in eligible}
                )
        except Exception:  # the library's edge: record the failed use, say it in French
            logger.exception("forecast run %s failed", run_id)
            return self._store(
                _run_row(run_id, trigger, started, self._clock(), admission, "failed"),
                messages.FORECAST_FAILED,
                [],
                evidence=self._evidence(admission, UseOutcome.FAILED, trigger, series, {}, sources),
            )
        # The evidence goes with the run (outbox): a run is kept if and only if its use is
        # recorded.
        evidence = self._evidence(
            admission, UseOutcome.COMPLETED, trigger, series, results, sources
        )
        run = _run_row(run_id, trigger, started, self._clock(), admission, "completed")
        run.series_total, run.series_forecast = len(series), len(results)
        medians = _medians(results.values())
        run.model_mase, run.model_mape, run.baseline_mase, run.baseline_mape = medians
        rows = [
            ForecastRow(
                series_id=one.key.id,
                run_id=run_id,
                computed_at=run.finished_at,
                digest=self._digest(one),
                system_id=admission.permission.system_id,
                system_version=admission.permission.system_version,
                payload=json.dumps(asdict(results[one.key.id])),
            )
            for one in eligible
            if one.key.id in results
        ]
        logger.info("forecast run %s: %d series, %d forecast", run_id, len(series), len(results))
        measured = None
        # A display's run of one series does not stand for the entry's performance.
        if trigger is not RunTrigger.SERIES:
            names = (MASE, MAPE, BASELINE_MASE, BASELINE_MAPE)
            measured = self._reports.measurement(
                RunPerformance(
                    run_id=run_id,
                    system_id=admission.permission.system_id,
                    system_version=admission.permission.system_version,
                    measured_at=run.finished_at,
                    series=len(results),
                    figures=dict(zip(names, medians, strict=True)),
                    data_sources=sources,
                )
            )
        return self._store(run, None, rows, evidence=evidence, measured=measured)

    def _evidence(
        self,
        admission: Admission,
        outcome: UseOutcome,
        trigger: RunTrigger,
        series: Sequence[MonthlySeries],
        results: Mapping[str, SeriesForecast],
        sources: Sequence[str],
    ) -> UseEvidence:
        model_mase, model_mape, baseline_mase, baseline_mape = _medians(results.values())
        parameters = {
            "trigger": trigger.value,
            "series": str(len(series)),
            "forecast": str(len(results)),
            "horizon_months": str(self._settings.forecast_horizon_months),
            "levels": "80,95",
            "backtest": (
                f"rolling-origin {self._forecaster.windows}x{self._forecaster.horizon} months"
            ),
            "baseline": BASELINE_NAME,
            "mase_median": _figure(model_mase),
            "mape_median": _figure(model_mape),
            "baseline_mase_median": _figure(baseline_mase),
            "baseline_mape_median": _figure(baseline_mape),
        }
        contribution = (
            f"Prévision à {self._settings.forecast_horizon_months} mois de {len(results)} "
            "série(s) mensuelle(s) du territoire (lissage exponentiel AutoETS), avec "
            "intervalles à 80 % et 95 % et erreur mesurée sur les "
            f"{self._settings.forecast_backtest_months} derniers mois ; information des élus, "
            "aucune décision individuelle."
        )
        return self._pathway.evidence(
            admission,
            actor=self._actor,
            outcome=outcome,
            model=MODEL_NAME,
            contribution=contribution,
            data_sources=tuple(dict.fromkeys(sources)),
            parameters=parameters,
        )

    def _refused(self, trigger: RunTrigger, started: datetime, permission: Permission) -> RunRead:
        logger.warning("forecast run refused by the register: %s", permission.message)
        run = ForecastRunRow(
            id=str(uuid.uuid4()),
            trigger=trigger.value,
            outcome="refused",
            started_at=started,
            finished_at=self._clock(),
            system_id=permission.system_id or None,
            system_version=permission.system_version,
            series_total=0,
            series_forecast=0,
        )
        return self._store(run, _denial(permission), [])

    def _store(
        self,
        run: ForecastRunRow,
        reason: str | None,
        rows: Sequence[ForecastRow],
        *,
        evidence: UseEvidence | None = None,
        measured: PerformanceMeasured | None = None,
    ) -> RunRead:
        """The run, its forecasts, and in the same transaction its ``ai.used`` and measured
        performance (outbox: sent once committed, at least once)."""
        run.reason = reason
        with self._sessions.begin() as session:
            session.add(run)
            for row in rows:
                session.merge(row)
            if evidence is not None:
                self._pathway.record_with(self._outbox, session, evidence)
            if measured is not None:
                self._outbox.add(session, measured, key=measured.system_id, subject=measured.run_id)
            session.flush()
            return _run_read(run)

    def _cached(self, key: SeriesKey, digest: str) -> ForecastRow | None:
        with self._sessions() as session:
            row = session.get(ForecastRow, key.id)
            if row is None or row.digest != digest:
                return None
            session.expunge(row)
            return row

    def _read(self, kind: SeriesKind, current: str, only: SeriesKey | None = None) -> TableRead:
        settings = self._settings
        row_filter = pushed_filter(
            kind,
            before_month=current,
            water_measure=settings.forecast_water_measure,
            only=only,
        )
        return self._facts.table(SOURCE_TABLES[kind], SOURCE_COLUMNS[kind], row_filter)

    def _build(
        self, kind: SeriesKind, facts: TableRead, current: str, only: SeriesKey | None = None
    ) -> dict[SeriesKey, MonthlySeries]:
        """The series, grouped by the facts' engine (Trino scans the tables itself)."""
        try:
            return query_series(
                kind,
                self._facts.engine,
                facts,
                before_month=current,
                min_group_size=self._settings.forecast_min_group_size,
                water_measure=self._settings.forecast_water_measure,
                only=only,
            )
        except EngineUnavailable as error:
            logger.warning("forecast series not built, engine unavailable: %s", error)
            raise DependencyUnavailable(messages.QUERY_ENGINE_UNAVAILABLE) from error

    def _sources(
        self, kind: SeriesKind, facts: TableRead, current: str, only: SeriesKey | None = None
    ) -> list[str]:
        sources = [f"{ANALYTICS_NAMESPACE}.{SOURCE_TABLES[kind]}"]
        if kind is SeriesKind.WATER:
            try:
                found = telemetry_datasets(
                    self._facts.engine,
                    facts,
                    before_month=current,
                    water_measure=self._settings.forecast_water_measure,
                    only=only,
                )
            except EngineUnavailable as error:
                logger.warning("forecast sources not read, engine unavailable: %s", error)
                raise DependencyUnavailable(messages.QUERY_ENGINE_UNAVAILABLE) from error
            sources.extend(found)
        return sources

    def _current_month(self) -> str:
        return self._clock().astimezone(PARIS).strftime("%Y-%m")

    def _digest(self, series: MonthlySeries) -> str:
        settings = self._settings
        basis = {
            "months": series.months,
            "values": series.values,
            "horizon": settings.forecast_horizon_months,
            "backtest": settings.forecast_backtest_months,
            "model": MODEL_NAME,
        }
        return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()

    def _explain(self, problem: Problem, series: MonthlySeries) -> str:
        settings = self._settings
        if problem is Problem.NO_DATA:
            return messages.FORECAST_NO_DATA
        if problem is Problem.SMALL_GROUPS:
            return messages.FORECAST_SMALL_GROUPS.format(minimum=settings.forecast_min_group_size)
        if problem is Problem.MISSING_MONTHS:
            return messages.FORECAST_MISSING_MONTHS.format(
                missing=series.missing, months=len(series.months)
            )
        return messages.FORECAST_TOO_SHORT.format(
            months=len(series.months), needed=settings.forecast_min_months
        )


def _check_access(principal: Principal, key: SeriesKey) -> None:
    if not principal.has_any_role(READERS):
        raise PermissionDenied(messages.FORECAST_ROLE_REQUIRED)
    if key.commune is None or principal.has_any_role(EVERY_COMMUNE):
        return
    communes = principal.communes()
    if key.commune not in communes:
        raise PermissionDenied(
            messages.FORECAST_COMMUNE_FORBIDDEN.format(
                communes=messages.LIST_SEPARATOR.join(communes) or messages.FORECAST_NO_COMMUNE,
                commune=key.commune,
            )
        )


def _denial(permission: Permission) -> str:
    if permission.reason is DenialReason.REGISTER_UNREACHABLE:
        return messages.FORECAST_REGISTER_UNREACHABLE
    return messages.FORECAST_DENIED.format(url=permission.register_url)


def _label(key: SeriesKey) -> str:
    parts = [messages.SERIES_LABELS[key.kind]]
    if key.theme is not None:
        parts.append(messages.SERIES_THEME.format(theme=key.theme))
    parts.append(
        messages.SERIES_COMMUNE.format(commune=key.commune)
        if key.commune is not None
        else messages.SERIES_WHOLE_TERRITORY
    )
    return " — ".join(parts)


def _base(key: SeriesKey, series: MonthlySeries, permission: Permission) -> ForecastRead:
    masked = key.counts_people
    return ForecastRead(
        series=key.kind,
        theme=key.theme,
        commune=key.commune,
        label=_label(key),
        unit=messages.SERIES_UNITS[key.kind],
        history=[
            HistoryPoint(month=month, value=value, masked=masked and value is None)
            for month, value in zip(series.months, series.values, strict=True)
        ],
        register_url=permission.register_url,
        system_id=permission.system_id or None,
    )


def _with_forecast(shown: ForecastRead, row: ForecastRow) -> ForecastRead:
    payload: dict[str, Any] = json.loads(row.payload)
    backtest = payload["backtest"]
    model, baseline = Accuracy(**backtest["model"]), Accuracy(**backtest["baseline"])
    baseline_better = (
        model.mase is not None and baseline.mase is not None and baseline.mase < model.mase
    )
    return shown.model_copy(
        update={
            "forecast": [ForecastPoint(**point) for point in payload["predictions"]],
            "backtest": BacktestRead(
                method=messages.FORECAST_BACKTEST.format(
                    months=backtest["months"],
                    windows=backtest["windows"],
                    horizon=backtest["horizon"],
                ),
                months=backtest["months"],
                windows=backtest["windows"],
                horizon=backtest["horizon"],
                model=model,
                baseline_name=messages.FORECAST_BASELINE,
                baseline=baseline,
                note=messages.FORECAST_BASELINE_BETTER if baseline_better else None,
            ),
            "model": MODEL_NAME,
            "method": messages.FORECAST_METHOD,
            "computed_at": row.computed_at,
            "mention": messages.FORECAST_MENTION,
        }
    )


def _run_row(
    run_id: str,
    trigger: RunTrigger,
    started: datetime,
    finished: datetime,
    admission: Admission,
    outcome: str,
) -> ForecastRunRow:
    return ForecastRunRow(
        id=run_id,
        trigger=trigger.value,
        outcome=outcome,
        started_at=started,
        finished_at=finished,
        use_id=admission.use_id,
        system_id=admission.permission.system_id,
        system_version=admission.permission.system_version,
        series_total=0,
        series_forecast=0,
    )


def _run_read(row: ForecastRunRow) -> RunRead:
    return RunRead(
        id=row.id,
        trigger=row.trigger,
        outcome=row.outcome,
        reason=row.reason,
        started_at=row.started_at,
        finished_at=row.finished_at,
        use_id=row.use_id,
        system_id=row.system_id,
        system_version=row.system_version,
        series_total=row.series_total,
        series_forecast=row.series_forecast,
        model_mase=row.model_mase,
        model_mape=row.model_mape,
        baseline_mase=row.baseline_mase,
        baseline_mape=row.baseline_mape,
    )


def _medians(
    results: Iterable[SeriesForecast],
) -> tuple[float | None, float | None, float | None, float | None]:
    backtests: list[Backtest] = [result.backtest for result in results]

    def median(values: list[float | None]) -> float | None:
        known = [value for value in values if value is not None]
        return statistics.median(known) if known else None

    return (
        median([b.model.mase for b in backtests]),
        median([b.model.mape for b in backtests]),
        median([b.baseline.mase for b in backtests]),
        median([b.baseline.mape for b in backtests]),
    )


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
