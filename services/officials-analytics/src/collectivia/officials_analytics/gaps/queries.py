"""The content gaps' queries, through the indicators' engine (DuckDB embedded or Trino, the
same SQL): the unanswered questions of a period and of the communes covered, counted per
theme (questions and distinct conversations) and grouped by exact wording, conversation,
outcome and theme — so that only counts leave the engine, and the wordings, to be masked
again and grouped by their normalised form here (the privacy guard runs in this process)."""

from __future__ import annotations

from pyiceberg.expressions import And, BooleanExpression, GreaterThanOrEqual, In, LessThanOrEqual

from collectivia.lakehouse.engines import EngineUnavailable, QueryEngine, TableRead
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.catalogue import HANDED_OVER, REFUSED
from collectivia.officials_analytics.indicators.periods import Period
from collectivia.platform.errors import DependencyUnavailable

UNANSWERED = (REFUSED, HANDED_OVER)
# The name the table is read under in the SQL.
SOURCE = "answers"

_THEMES = """
SELECT coalesce(theme, '') AS theme, count(*) AS asked,
       count(DISTINCT coalesce(conversation_id, '')) AS conversations
FROM answers WHERE {where}
GROUP BY coalesce(theme, '')
"""
_QUESTIONS = """
SELECT coalesce(question, '') AS question, coalesce(conversation_id, '') AS conversation_id,
       coalesce(outcome, '') AS outcome, coalesce(theme, '') AS theme, count(*) AS asked
FROM answers WHERE {where}
GROUP BY coalesce(question, ''), coalesce(conversation_id, ''), coalesce(outcome, ''),
         coalesce(theme, '')
"""

Rows = list[dict[str, object]]


def pushed_filter(chosen: Period, communes: tuple[str, ...] | None) -> BooleanExpression:
    """The rows a scan in this process may skip (the SQL's WHERE says the same)."""
    row_filter: BooleanExpression = And(
        In(term="outcome", literals=UNANSWERED),
        And(
            GreaterThanOrEqual(term="month", value=chosen.first),
            LessThanOrEqual(term="month", value=chosen.last),
        ),
    )
    if communes is not None and communes:
        row_filter = And(row_filter, In(term="commune", literals=communes))
    return row_filter


def where(chosen: Period, communes: tuple[str, ...] | None) -> tuple[str, list[object]]:
    """The WHERE of both queries and its parameters (no value written into the SQL)."""
    outcomes = ", ".join("?" for _ in UNANSWERED)
    clause = f"outcome IN ({outcomes}) AND month >= ? AND month <= ?"
    parameters: list[object] = [*UNANSWERED, chosen.first, chosen.last]
    if communes is not None:
        # No commune at all: nothing (never every commune).
        clause += f" AND commune IN ({', '.join('?' for _ in communes) or 'NULL'})"
        parameters.extend(communes)
    return clause, parameters


def unanswered(
    engine: QueryEngine, source: TableRead, chosen: Period, communes: tuple[str, ...] | None
) -> tuple[Rows, Rows]:
    """The themes' counts and the questions' groups of the period, for ``communes`` (None:
    every commune)."""
    clause, parameters = where(chosen, communes)
    tables = {SOURCE: source}
    try:
        themes = engine.run(_THEMES.format(where=clause), tables, parameters)
        questions = engine.run(_QUESTIONS.format(where=clause), tables, parameters)
    except EngineUnavailable as error:
        raise DependencyUnavailable(messages.QUERY_ENGINE_UNAVAILABLE) from error
    return themes.to_pylist(), questions.to_pylist()
