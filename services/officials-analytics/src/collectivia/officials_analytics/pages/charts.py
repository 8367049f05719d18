"""The charts of the officials' page and report, drawn by matplotlib: an indicator's values
by month or by another dimension, as SVG for the page (with its <title> and <desc>, role
``img``) and as figures for the PDF report.

What a chart shows is its :class:`Chart`: the shown values only — a group too small to be
shown (suppressed) is neither drawn nor listed, only counted — with the French sentence that
sums it up (:func:`summary`), which the SVG's description, the page and the report share.
Colours come from the Okabe-Ito palette (told apart with any colour vision); every value is
also written on its bar, so nothing is said by colour or by the drawing alone.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from collectivia.officials_analytics import messages

# Okabe & Ito (2008), "Color Universal Design": eight colours told apart by every colour
# vision; blue on white 5.0:1, vermillion 3.6:1 (graphics need 3:1, WCAG 1.4.11).
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
BAR = OKABE_ITO["blue"]
TEXT = "#1e1e1e"
GRID = "#767676"

MONTHS = messages.MONTH_NAMES
SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)
# Units as people write them.
UNITS = {"m3": "m³", "m3/h": "m³/h"}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")

# What every figure is drawn with: real text in the SVG (read by the browser, not paths),
# TrueType in the PDF (text that can be selected and read aloud), ids that do not change
# from one drawing to the next.
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "collectivia",
    "pdf.fonttype": 42,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans"],
    "font.size": 11,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
}
# matplotlib's settings are global and its drawing is not meant for threads: one figure at
# a time.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Bar:
    """One shown value: its group (a month "2026-03", a theme), the group in words ("mars
    2026"), the value."""

    key: str
    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    """An indicator's shown values along one dimension (or one value for the whole period)."""

    # The indicator's French label ("Questions posées").
    indicator: str
    # Its unit ("questions", "%", "m³").
    unit: str
    # The dimension's French name ("Mois", "Thème"), empty for a single value.
    dimension: str
    # The commune and the period, in words ("Montigny-lès-Metz (57480)", "de janvier à
    # juin 2026").
    scope: str
    period: str
    bars: tuple[Bar, ...]
    # How many groups were too small to be shown, and the smallest group shown.
    suppressed: int = 0
    min_group_size: int = 0
    # Months keep their order; other dimensions are drawn largest first, as horizontal bars.
    by_month: bool = False
    # Whether values add up (counts, sums) or not (rates, medians, means).
    additive: bool = True
    # Decimals of the values, as the indicator declares them.
    decimals: int = 0

    def value(self, value: float) -> str:
        """A value in words, with the unit."""
        return number(value, self.unit, self.decimals)

    @property
    def title(self) -> str:
        by = messages.CHART_BY.format(dimension=lowered(self.dimension)) if self.dimension else ""
        return messages.CHART_TITLE.format(
            indicator=self.indicator, by=by, scope=self.scope, period=self.period
        )


def lowered(name: str) -> str:
    """ "Thème" → "thème", "Commune (code INSEE)" → "commune (code INSEE)"."""
    return name[:1].lower() + name[1:]


def month_label(month: str, *, short: bool = False) -> str:
    """ "2026-03" in French: "mars 2026" ("févr. 2026" short); anything else as it is."""
    found = MONTH.match(month)
    if not found or not 1 <= int(found.group(2)) <= 12:
        return month
    index = int(found.group(2)) - 1
    return f"{(SHORT_MONTHS if short else MONTHS)[index]} {found.group(1)}"


def period_label(from_month: str, to_month: str) -> str:
    """The period in words: "de janvier à juin 2026", "de mars 2025 à février 2026", "en
    mars 2026"."""
    if from_month == to_month:
        return messages.PERIOD_ONE_MONTH.format(month=month_label(from_month))
    start, end = MONTH.match(from_month), MONTH.match(to_month)
    first = month_label(from_month)
    if start and end and start.group(1) == end.group(1):
        first = first.rpartition(" ")[0]
    return messages.PERIOD_RANGE.format(first=first, last=month_label(to_month))


def number(value: float, unit: str = "", decimals: int | None = None) -> str:
    """A French number with its unit: "1 234 questions", "72,5 %". ``decimals``: as
    declared by the indicator; None: whole numbers without decimals, others with one (two
    under 10)."""
    if decimals is None:
        decimals = 0 if value == int(value) else (2 if abs(value) < 10 else 1)
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    text = text.replace("-", "\u2212")  # the minus sign
    shown = UNITS.get(unit, unit)
    return f"{text}\u00a0{shown}" if shown else text


def _suppressed_note(chart: Chart) -> str:
    if not chart.suppressed:
        return ""
    size = messages.SUMMARY_SUPPRESSED_SIZE.format(minimum=chart.min_group_size)
    if chart.suppressed == 1:
        return messages.SUMMARY_SUPPRESSED_ONE.format(size=size)
    return messages.SUMMARY_SUPPRESSED_MANY.format(count=chart.suppressed, size=size)


def summary(chart: Chart) -> str:
    """One French sentence that says what the chart shows, computed from its values (and
    how many groups it does not show)."""
    said: dict[str, object] = {
        "indicator": chart.indicator,
        "scope": f"{chart.scope}, {chart.period}",
    }
    note = _suppressed_note(chart)
    if not chart.bars:
        return messages.SUMMARY_NONE.format(**said) + note
    if not chart.dimension:
        return messages.SUMMARY_ONE.format(value=chart.value(chart.bars[0].value), **said) + note
    highest = max(chart.bars, key=lambda bar: bar.value)
    lowest = min(chart.bars, key=lambda bar: bar.value)
    total = sum(bar.value for bar in chart.bars)
    said |= {
        "high": highest.label,
        "high_value": chart.value(highest.value),
        "low": lowest.label,
        "low_value": chart.value(lowest.value),
        "total": chart.value(total),
        "count": len(chart.bars),
        "dimension": lowered(chart.dimension),
    }
    if chart.by_month:
        if len(chart.bars) == 1:
            return messages.SUMMARY_ONE_MONTH.format(**said) + note
        first, last = chart.bars[0], chart.bars[-1]
        trend = "up" if last.value > first.value else "down" if last.value < first.value else "flat"
        said |= {
            "first": first.label,
            "first_value": chart.value(first.value),
            "last": last.label,
            "last_value": chart.value(last.value),
            "trend": messages.SUMMARY_TRENDS[trend],
            "overall": messages.SUMMARY_TOTAL.format(**said) if chart.additive else "",
        }
        return messages.SUMMARY_MONTHS.format(**said) + note
    if len(chart.bars) == 1:
        return messages.SUMMARY_ONE_GROUP.format(**said) + note
    if chart.additive and total:
        share = number(round(100 * highest.value / total), "%")
        return messages.SUMMARY_GROUPS_ADDITIVE.format(share=share, **said) + note
    return messages.SUMMARY_GROUPS.format(**said) + note


@contextmanager
def drawing() -> Iterator[None]:
    """While one figure is drawn (the settings of every figure; one at a time)."""
    with _LOCK, matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        yield


def _shown_bars(chart: Chart) -> list[Bar]:
    if chart.by_month or not chart.dimension:
        return list(chart.bars)
    # Largest first, read from the top.
    return sorted(chart.bars, key=lambda bar: bar.value)


def _tick(value: float, _position: object = None) -> str:
    return number(value, decimals=0 if value == int(value) else 1)


def draw(
    chart: Chart,
    figure: Figure,
    position: tuple[float, float, float, float] | None = None,
    *,
    titled: bool = True,
) -> None:
    """The chart on ``figure`` (in the rectangle ``position``, figure fractions, or the
    whole figure), with its title unless the page around it says it (``titled``)."""
    axes = figure.add_axes(position) if position else figure.add_subplot()
    if titled:
        axes.set_title(chart.title, loc="left", wrap=True)
    bars = _shown_bars(chart)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if not bars:
        axes.set_axis_off()
        axes.text(0.5, 0.5, messages.CHART_EMPTY, ha="center", va="center")
        return
    labels = [month_label(bar.key, short=True) if chart.by_month else bar.label for bar in bars]
    values = [bar.value for bar in bars]
    texts = [number(value, decimals=chart.decimals) for value in values]
    if chart.by_month or not chart.dimension:
        drawn = axes.bar(labels, values, color=BAR, edgecolor=TEXT, linewidth=0.6)
        axes.set_ylabel(UNITS.get(chart.unit, chart.unit))
        axes.yaxis.set_major_formatter(FuncFormatter(_tick))
        if chart.additive:
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", color=GRID, linewidth=0.4, linestyle=":")
        axes.tick_params(axis="x", labelrotation=45 if len(bars) > 6 else 0)
        axes.margins(y=0.15)
    else:
        drawn = axes.barh(labels, values, color=BAR, edgecolor=TEXT, linewidth=0.6)
        axes.set_xlabel(UNITS.get(chart.unit, chart.unit))
        axes.xaxis.set_major_formatter(FuncFormatter(_tick))
        if chart.additive:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="x", color=GRID, linewidth=0.4, linestyle=":")
        axes.margins(x=0.18)
    axes.set_axisbelow(True)
    axes.bar_label(drawn, labels=texts, padding=3, color=TEXT, fontsize=9)


def _figure(chart: Chart) -> Figure:
    height = 4.5 if chart.by_month or not chart.dimension else max(3.5, 1.2 + 0.4 * len(chart.bars))
    figure = Figure(figsize=(8, height), layout="constrained")
    draw(chart, figure)
    return figure


def svg(chart: Chart, element_id: str = "graphique") -> str:
    """The chart as an SVG document: role ``img``, labelled by its <title> and described by
    its <desc> (the summary), in French."""
    with drawing():
        figure = _figure(chart)
        out = io.StringIO()
        figure.savefig(
            out,
            format="svg",
            metadata={
                "Description": summary(chart),
                "Language": "fr",
                "Creator": f"CollectivIA, matplotlib {matplotlib.__version__}",
                "Date": None,
            },
        )
    return accessible_svg(out.getvalue(), chart.title, summary(chart), element_id)


def accessible_svg(document: str, title: str, description: str, element_id: str) -> str:
    """``document`` (matplotlib's SVG) with role ``img``, aria-labelledby its <title> and
    <desc>, written first, and its language."""
    start = re.search(r"<svg\b[^>]*>", document)
    if start is None:  # pragma: no cover - matplotlib always writes one
        raise ValueError("not an SVG document")
    tag = start.group(0)
    labelled = (
        f'{tag[:-1]} role="img" aria-labelledby="{element_id}-titre {element_id}-description" '
        'xml:lang="fr" lang="fr">'
        f'\n <title id="{element_id}-titre">{escape(title)}</title>'
        f'\n <desc id="{element_id}-description">{escape(description)}</desc>'
    )
    return document[: start.start()] + labelled + document[start.end() :]
