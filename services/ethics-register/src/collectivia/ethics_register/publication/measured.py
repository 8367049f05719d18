"""The latest measured performance of an entry, as people read it: French numbers (a comma,
a space before « % »), one line for the exports' free-text performance fields."""

from __future__ import annotations

from collectivia.ethics_register import messages
from collectivia.ethics_register.performance.schemas import MeasurementRead, MetricRead


def figure(metric: MetricRead) -> str:
    """« 0,823 », « 12,5 % »: at most three decimals, trailing zeros dropped."""
    number = f"{metric.value:.3f}".rstrip("0").rstrip(".").replace(".", ",")
    if number == "-0":
        number = "0"
    return f"{number} {metric.unit}" if metric.unit else number


def summary(measurement: MeasurementRead) -> str:
    """« Dernière mesure, le 05/12/2026 (méthode) : description : 0,82 ; ... »."""
    figures = " ; ".join(
        f"{metric.description or metric.name} : {figure(metric)}" for metric in measurement.metrics
    )
    return messages.MEASURED_PERFORMANCE_SUMMARY.format(
        date=f"{measurement.measured_at:%d/%m/%Y}",
        method=measurement.method.rstrip(". "),
        figures=figures,
    )
