"""The chart of a forecast, drawn by matplotlib from what the forecasts' domain object shows
(never computed again here): the series' history (a solid blue line, round markers), the
forecast (a dashed vermillion line, square markers) and its intervals at 80 % and 95 %
(two shades of the same colour) — told apart by line style and marker as well as by
colour, named in the legend — and « Prévision produite par un algorithme » written on the
chart itself, so that the image never travels without it. Masked months (too few people)
are gaps in the line, never values."""

from __future__ import annotations

import io

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.forecasts.schemas import ForecastRead
from collectivia.officials_analytics.pages.charts import (
    GRID,
    OKABE_ITO,
    TEXT,
    accessible_svg,
    drawing,
    month_label,
    number,
)

HISTORY = OKABE_ITO["blue"]
FORECAST = OKABE_ITO["vermillion"]


def _whole(value: float) -> str:
    return number(round(value), decimals=0)


def title(forecast: ForecastRead) -> str:
    return messages.PAGES_FORECAST_CHART_TITLE.format(label=forecast.label)


def summary(forecast: ForecastRead) -> str:
    """One French sentence, computed from the values: where the forecast goes, its first
    month's interval, its measured error; or why there is none."""
    unit = forecast.unit
    if not forecast.forecast:
        shown = [point for point in forecast.history if point.value is not None]
        history = (
            messages.PAGES_FORECAST_CHART_HISTORY.format(
                months=len(forecast.history),
                first=month_label(forecast.history[0].month),
                last=month_label(forecast.history[-1].month),
            )
            if shown
            else messages.PAGES_FORECAST_CHART_NO_HISTORY
        )
        return messages.PAGES_FORECAST_CHART_NONE.format(
            label=forecast.label,
            history=history,
            reason=forecast.reason or messages.PAGES_FORECAST_NOT_SHOWN,
        )
    first, last = forecast.forecast[0], forecast.forecast[-1]
    backtest = forecast.backtest
    error = (
        messages.PAGES_FORECAST_CHART_ERROR.format(
            mase=number(round(backtest.model.mase, 2), decimals=2),
            months=backtest.months,
        )
        if backtest is not None and backtest.model.mase is not None
        else ""
    )
    return messages.PAGES_FORECAST_CHART_SUMMARY.format(
        label=forecast.label,
        first_value=number(round(first.value), unit, 0),
        first=month_label(first.month),
        last_value=number(round(last.value), unit, 0),
        last=month_label(last.month),
        low=_whole(first.lower_95),
        high=_whole(first.upper_95),
        error=error,
        mention=messages.FORECAST_MENTION,
    )


def draw(
    forecast: ForecastRead,
    figure: Figure,
    position: tuple[float, float, float, float] | None = None,
    *,
    titled: bool = True,
) -> None:
    """The forecast on ``figure`` (in ``position``, figure fractions, or the whole figure)."""
    axes = figure.add_axes(position) if position else figure.add_subplot()
    if titled:
        figure.suptitle(title(forecast), x=0.02, ha="left", fontsize=13, fontweight="bold")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    months = [point.month for point in forecast.history]
    months += [point.month for point in forecast.forecast or []]
    index = {month: position for position, month in enumerate(months)}
    history_x = [index[point.month] for point in forecast.history]
    history_y = [float("nan") if point.value is None else point.value for point in forecast.history]
    axes.plot(
        history_x,
        history_y,
        color=HISTORY,
        marker="o",
        markersize=3,
        linewidth=1.6,
        label=messages.PAGES_FORECAST_CHART_HISTORY_LEGEND,
    )
    if forecast.forecast:
        points = forecast.forecast
        x = [index[point.month] for point in points]
        axes.fill_between(
            x,
            [p.lower_95 for p in points],
            [p.upper_95 for p in points],
            color=FORECAST,
            alpha=0.15,
            linewidth=0,
            label=messages.PAGES_INTERVAL_95,
        )
        axes.fill_between(
            x,
            [p.lower_80 for p in points],
            [p.upper_80 for p in points],
            color=FORECAST,
            alpha=0.3,
            linewidth=0,
            label=messages.PAGES_INTERVAL_80,
        )
        axes.plot(
            x,
            [p.value for p in points],
            color=FORECAST,
            marker="s",
            markersize=3,
            linestyle="--",
            linewidth=1.6,
            label=messages.PAGES_FORECAST_CHART_FORECAST_LEGEND,
        )
        axes.axvline(x[0] - 0.5, color=GRID, linewidth=0.8, linestyle=":")
        axes.text(
            0.99,
            0.02,
            messages.FORECAST_MENTION,
            transform=axes.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            color=TEXT,
        )
    step = max(1, len(months) // 8)
    axes.set_xticks(range(0, len(months), step))
    axes.set_xticklabels(
        [month_label(months[i], short=True) for i in range(0, len(months), step)],
        rotation=45,
        ha="right",
    )
    axes.set_ylabel(forecast.unit)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _whole(value)))
    axes.grid(axis="y", color=GRID, linewidth=0.4, linestyle=":")
    axes.set_axisbelow(True)
    if forecast.history or forecast.forecast:
        # Above the drawing, never over it.
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), fontsize=8, frameon=False, ncols=4)


def svg(forecast: ForecastRead, element_id: str = "prevision") -> str:
    """The forecast's chart as an SVG document: role ``img``, its <title> and <desc> (the
    summary, with the mention), in French."""
    with drawing():
        figure = Figure(figsize=(8, 4.5), layout="constrained")
        draw(forecast, figure)
        out = io.StringIO()
        figure.savefig(
            out,
            format="svg",
            metadata={
                "Description": summary(forecast),
                "Language": "fr",
                "Creator": f"CollectivIA, matplotlib {matplotlib.__version__}",
                "Date": None,
            },
        )
    return accessible_svg(out.getvalue(), title(forecast), summary(forecast), element_id)
