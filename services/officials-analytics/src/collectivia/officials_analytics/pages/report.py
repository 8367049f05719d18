"""The council's printable report (PDF, A4), drawn by matplotlib's ``PdfPages``: for one
commune and one period, the key indicators (their value, their chart by month with its data
table and its summary), the unanswered questions and the forecasts — each forecast with
« Prévision produite par un algorithme », the link to its entry in the register and its
error measured on the past.

Everything comes from the indicators', the gaps' and the forecasts' domain objects, with
the caller's access rules and their suppression: a suppressed cell is neither drawn nor
listed here either.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.service import Briefing
from collectivia.officials_analytics.forecasts.schemas import ForecastRead
from collectivia.officials_analytics.gaps.service import ContentGaps
from collectivia.officials_analytics.pages import charts, forecast_charts
from collectivia.officials_analytics.pages.charts import Chart, month_label, number, summary
from collectivia.officials_analytics.pages.figures import rows_of

# A4 portrait, in inches; margins.
WIDTH, HEIGHT = 8.27, 11.69
MARGIN = 0.75
BODY = 10
SMALL = 8.5
# The average width of a character of DejaVu Sans, in ems (to wrap lines).
CHARACTER = 0.56
LINE = 1.45


@dataclass(frozen=True)
class IndicatorSection:
    """One key indicator: its value over the period and its values by month."""

    name: str
    definition: str
    total: Chart
    by_month: Chart


@dataclass(frozen=True)
class ForecastMissing:
    """A series whose forecast could not be read, and why (in French)."""

    label: str
    reason: str


@dataclass(frozen=True)
class CouncilReport:
    collectivity: str
    commune: str
    # The period in words ("de janvier à juin 2026").
    period: str
    made_on: date
    indicators: tuple[IndicatorSection, ...]
    gaps: ContentGaps
    forecasts: tuple[ForecastRead | ForecastMissing, ...]
    # The briefing of the period's last month (None: none could be made).
    briefing: Briefing | None = None

    @property
    def title(self) -> str:
        return messages.PAGES_REPORT_TITLE.format(commune=self.commune)


class _Pages:
    """Text, charts and tables laid out page after page, top to bottom."""

    def __init__(self, pdf: PdfPages, footer: str) -> None:
        self.pdf = pdf
        self.footer = footer
        self.number = 0
        self.figure: Figure | None = None
        self.top = 0.0

    # -- pages -------------------------------------------------------------------------

    def new_page(self) -> Figure:
        self.close_page()
        self.number += 1
        self.figure = Figure(figsize=(WIDTH, HEIGHT))
        self.top = MARGIN
        return self.figure

    def close_page(self) -> None:
        if self.figure is None:
            return
        self.figure.text(
            MARGIN / WIDTH,
            0.45 / HEIGHT,
            f"{self.footer} — page {self.number}",
            fontsize=SMALL - 1,
            color=charts.TEXT,
        )
        self.pdf.savefig(self.figure)  # type: ignore[no-untyped-call]
        self.figure = None

    def _room(self, inches: float) -> Figure:
        """The current page, or a new one when ``inches`` more do not fit."""
        if self.figure is None or self.top + inches > HEIGHT - MARGIN:
            return self.new_page()
        return self.figure

    def _y(self) -> float:
        return 1 - self.top / HEIGHT

    # -- content -----------------------------------------------------------------------

    def text(
        self, content: str, size: float = BODY, *, bold: bool = False, gap: float = 0.1
    ) -> None:
        width = int((WIDTH - 2 * MARGIN) * 72 / (size * CHARACTER))
        lines = textwrap.wrap(content, width=width) or [""]
        height = len(lines) * size * LINE / 72
        figure = self._room(height)
        figure.text(
            MARGIN / WIDTH,
            self._y(),
            "\n".join(lines),
            fontsize=size,
            fontweight="bold" if bold else "normal",
            va="top",
            linespacing=LINE,
            color=charts.TEXT,
        )
        self.top += height + gap

    def heading(self, content: str, size: float = 14) -> None:
        # A heading never ends a page.
        self._room(size * LINE / 72 + 1.0)
        self.text(content, size, bold=True, gap=0.15)

    def chart(self, chart: Chart | ForecastRead, height: float = 3.6) -> None:
        figure = self._room(height)
        bottom = 1 - (self.top + height) / HEIGHT
        position = (
            (MARGIN + 0.6) / WIDTH,
            bottom + 0.9 / HEIGHT,
            (WIDTH - 2 * MARGIN - 0.8) / WIDTH,
            (height - 1.4) / HEIGHT,
        )
        if isinstance(chart, ForecastRead):
            forecast_charts.draw(chart, figure, position, titled=False)
        else:
            charts.draw(chart, figure, position, titled=False)
        self.top += height + 0.1

    def table(
        self, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: int = 1
    ) -> None:
        """A table with its caption, continued on the next page when long; the last
        ``numeric`` columns aligned right."""
        row_height = SMALL * 1.8 / 72
        usable = WIDTH - 2 * MARGIN
        first = usable - 1.6 * (len(header) - 1)
        edges = [MARGIN, MARGIN + first] + [
            MARGIN + first + 1.6 * (i + 1) for i in range(len(header) - 1)
        ]
        self.text(caption, SMALL + 0.5, bold=True, gap=0.02)
        self._row(header, edges, numeric, row_height, bold=True)
        for row in rows:
            if self.top + row_height > HEIGHT - MARGIN:
                self.new_page()
                self.text(f"{caption} (suite)", SMALL + 0.5, bold=True, gap=0.02)
                self._row(header, edges, numeric, row_height, bold=True)
            self._row(row, edges, numeric, row_height)
        self.top += 0.15

    def _row(
        self,
        cells: Sequence[str],
        edges: Sequence[float],
        numeric: int,
        height: float,
        *,
        bold: bool = False,
    ) -> None:
        figure = self._room(height)
        y = 1 - (self.top + height * 0.7) / HEIGHT
        for index, cell in enumerate(cells):
            right = index >= len(cells) - numeric and index > 0
            x = (edges[index + 1] - 0.08) if right else (edges[index] + 0.05)
            width = int(((edges[index + 1] - edges[index]) * 72) / (SMALL * CHARACTER)) - 1
            figure.text(
                x / WIDTH,
                y,
                textwrap.shorten(cell, width=max(width, 8), placeholder="…"),
                fontsize=SMALL,
                fontweight="bold" if bold else "normal",
                ha="right" if right else "left",
                color=charts.TEXT,
            )
        line = 1 - (self.top + height) / HEIGHT
        figure.add_artist(
            _rule(figure, MARGIN / WIDTH, (WIDTH - MARGIN) / WIDTH, line, 1.0 if bold else 0.4)
        )
        self.top += height


def _rule(figure: Figure, start: float, end: float, y: float, width: float) -> Line2D:
    return Line2D(
        [start, end], [y, y], transform=figure.transFigure, color=charts.GRID, linewidth=width
    )


def _indicators(pages: _Pages, report: CouncilReport) -> None:
    pages.heading(messages.PAGES_REPORT_KEY_FIGURES)
    rows = []
    for section in report.indicators:
        total = section.total
        value = (
            total.value(total.bars[0].value)
            if total.bars
            else (messages.PAGES_SUPPRESSED if total.suppressed else messages.PAGES_NO_DATA)
        )
        rows.append((total.indicator, total.scope, value))
    pages.table(
        messages.PAGES_REPORT_KEY_FIGURES_CAPTION.format(period=report.period),
        (messages.PAGES_INDICATOR, messages.PAGES_SCOPE, messages.PAGES_VALUE),
        rows,
    )
    for section in report.indicators:
        chart = section.by_month
        if chart.bars:
            pages.new_page()
        pages.heading(chart.indicator)
        pages.text(section.definition, SMALL + 0.5)
        pages.text(summary(chart), BODY, gap=0.2)
        if not chart.bars:
            continue
        pages.text(chart.title, SMALL + 0.5, bold=True, gap=0.02)
        pages.chart(chart)
        pages.table(
            messages.PAGES_TABLE_CAPTION.format(title=chart.title),
            (chart.dimension or messages.PAGES_INDICATOR, messages.PAGES_VALUE),
            rows_of(chart),
        )


def _briefing(pages: _Pages, briefing: Briefing) -> None:
    """The month's sentences under their mention (model or template), how they were made."""
    pages.heading(briefing.title)
    pages.text(briefing.mention, BODY, bold=True)
    if briefing.note:
        pages.text(briefing.note, SMALL + 0.5)
    for sentence in briefing.sentences:
        pages.text(f"• {sentence.text}", BODY, gap=0.05)
    if briefing.dropped_text:
        pages.text(briefing.dropped_text, SMALL + 0.5)
    pages.text(briefing.method_text, SMALL + 0.5, gap=0.3)


def _gaps(pages: _Pages, gaps: ContentGaps) -> None:
    pages.new_page()
    pages.heading(messages.PAGES_GAPS_TITLE)
    introduction = messages.PAGES_GAPS_INTRODUCTION.format(minimum=gaps.min_conversations)
    pages.text(introduction, SMALL + 0.5)
    shown = [theme for theme in gaps.themes if not theme.suppressed]
    hidden = len(gaps.themes) - len(shown)
    if shown:
        pages.table(
            messages.PAGES_GAPS_THEMES_CAPTION,
            (messages.PAGES_THEME, messages.PAGES_UNANSWERED),
            [(theme.theme, number(theme.unanswered or 0)) for theme in shown],
        )
    else:
        pages.text(messages.PAGES_GAPS_NO_THEME, BODY)
    if hidden:
        pages.text(messages.PAGES_GAPS_HIDDEN_THEMES.format(count=hidden), SMALL + 0.5)
    if gaps.questions:
        pages.table(
            messages.PAGES_GAPS_QUESTIONS_CAPTION,
            (messages.PAGES_QUESTION, messages.PAGES_ASKED, messages.PAGES_PEOPLE),
            [
                (question.question, number(question.asked), number(question.conversations))
                for question in gaps.questions
            ],
            numeric=2,
        )
    else:
        pages.text(messages.PAGES_GAPS_NO_QUESTION, BODY)


def _accuracy(forecast: ForecastRead) -> str:
    backtest = forecast.backtest
    if backtest is None:
        return ""
    return messages.PAGES_FORECAST_ERROR.format(
        mase=_figure(backtest.model.mase),
        mape=_figure(backtest.model.mape, " %"),
        baseline_mase=_figure(backtest.baseline.mase),
        months=backtest.months,
    )


def _figure(value: float | None, unit: str = "") -> str:
    if value is None:
        return messages.PAGES_NOT_MEASURED
    return number(round(value, 2), unit.strip(), 2)


def _forecasts(pages: _Pages, forecasts: Sequence[ForecastRead | ForecastMissing]) -> None:
    pages.new_page()
    pages.heading(messages.PAGES_FORECASTS_TITLE)
    pages.text(
        messages.PAGES_FORECASTS_INTRODUCTION.format(mention=messages.FORECAST_MENTION),
        SMALL + 0.5,
        gap=0.2,
    )
    for forecast in forecasts:
        pages.heading(forecast.label, 12)
        if isinstance(forecast, ForecastMissing):
            pages.text(forecast.reason, BODY)
            continue
        register = messages.PAGES_FORECAST_REGISTER.format(url=forecast.register_url)
        if forecast.forecast is None:
            pages.text(forecast.reason or messages.PAGES_FORECAST_NOT_SHOWN, BODY)
            pages.text(register, SMALL + 0.5)
            continue
        pages.text(forecast.mention or messages.FORECAST_MENTION, BODY, bold=True)
        pages.text(_accuracy(forecast), SMALL + 0.5)
        pages.text(register, SMALL + 0.5)
        pages.text(forecast_charts.summary(forecast), BODY, gap=0.2)
        pages.text(forecast_charts.title(forecast), SMALL + 0.5, bold=True, gap=0.02)
        pages.chart(forecast, 3.8)
        unit = forecast.unit
        pages.table(
            messages.PAGES_FORECAST_CAPTION.format(label=forecast.label),
            (
                messages.PAGES_MONTH,
                messages.PAGES_FORECAST_VALUE,
                messages.PAGES_INTERVAL_80,
                messages.PAGES_INTERVAL_95,
            ),
            [
                (
                    month_label(point.month),
                    number(round(point.value), unit, 0),
                    _interval(point.lower_80, point.upper_80),
                    _interval(point.lower_95, point.upper_95),
                )
                for point in forecast.forecast
            ],
            numeric=3,
        )


def _interval(low: float, high: float) -> str:
    return messages.PAGES_INTERVAL.format(
        low=number(round(low), "", 0), high=number(round(high), "", 0)
    )


def pdf(report: CouncilReport) -> bytes:
    """The report as a PDF document."""
    out = io.BytesIO()
    metadata = {
        "Title": report.title,
        "Author": report.collectivity,
        "Subject": messages.PAGES_REPORT_SUBJECT.format(
            commune=report.commune, period=report.period
        ),
        "Keywords": messages.PAGES_REPORT_KEYWORDS,
        "Creator": "CollectivIA — pilotage des élus (matplotlib)",
    }
    footer = f"{report.collectivity} — {report.title}, {report.period}"
    with charts.drawing(), PdfPages(out, metadata=metadata) as pdf_pages:
        pages = _Pages(pdf_pages, footer)
        pages.new_page()
        pages.text(report.collectivity, 12, bold=True)
        pages.heading(report.title, 18)
        pages.text(
            messages.PAGES_REPORT_INTRODUCTION.format(
                period=report.period, day=_day(report.made_on)
            )
        )
        pages.text(messages.PAGES_REPORT_PRIVACY, SMALL + 0.5, gap=0.3)
        if report.briefing is not None:
            _briefing(pages, report.briefing)
        _indicators(pages, report)
        _gaps(pages, report.gaps)
        _forecasts(pages, report.forecasts)
        pages.close_page()
    return out.getvalue()


def _day(day: date) -> str:
    """ "1er juillet 2026", "14 juillet 2026"."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {charts.MONTHS[day.month - 1]} {day.year}"
