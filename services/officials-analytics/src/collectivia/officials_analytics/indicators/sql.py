"""A declaration and a query, as SQL for DuckDB: declared identifiers only (quoted), every
value a bound parameter (``?``), the caller's choices only among declared dimensions.

The tables are registered under fixed names (``src0`` the source, ``src1``... the joins, in
their declared order) and aliased ``t0``, ``t1``...; each output column has a fixed name
(``d0``, ``d1``... the dimensions in the order asked, ``value``, ``size``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from collectivia.officials_analytics.indicators.declarations import (
    Aggregate,
    AtLeast,
    Average,
    Condition,
    Count,
    CountDistinct,
    Dimension,
    Elapsed,
    Equals,
    Indicator,
    Measure,
    Median,
    OneOf,
    RatioOfSums,
    Share,
    Sum,
    Value,
    split,
)


@dataclass(frozen=True)
class Scope:
    """What the rows are restricted to: a month range ("YYYY-MM", inclusive) and, for an
    indicator per commune, the communes (None: every commune)."""

    first_month: str
    last_month: str
    communes: tuple[str, ...] | None


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: tuple[Value, ...]
    # The registered name of each table read, by table name.
    registered: dict[str, str]


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class _Builder:
    def __init__(self, indicator: Indicator) -> None:
        self.indicator = indicator
        self.aliases = {table: f"t{i}" for i, (table, _store) in enumerate(indicator.tables)}
        self.parameters: list[Value] = []

    def column(self, reference: str) -> str:
        table, name = split(reference)
        return f"{quoted(self.aliases[table])}.{quoted(name)}"

    def bind(self, value: Value) -> str:
        self.parameters.append(value)
        return "?"

    def condition(self, condition: Condition) -> str:
        column = self.column(condition.column)
        if isinstance(condition, Equals):
            return f"{column} = {self.bind(condition.value)}"
        if isinstance(condition, OneOf):
            marks = ", ".join(self.bind(v) for v in condition.values)
            return f"{column} IN ({marks})"
        assert isinstance(condition, AtLeast)
        return f"{column} >= {self.bind(condition.value)}"

    def measure(self, measure: Measure) -> str:
        if isinstance(measure, Elapsed):
            start, end = self.column(measure.start), self.column(measure.end)
            return f"((epoch({end}) - epoch({start})) / 3600.0)"
        return f"CAST({self.column(measure)} AS DOUBLE)"

    def aggregate(self, aggregate: Aggregate) -> str:
        if isinstance(aggregate, Count):
            return "CAST(count(*) AS DOUBLE)"
        if isinstance(aggregate, CountDistinct):
            return f"CAST(count(DISTINCT {self.column(aggregate.column)}) AS DOUBLE)"
        if isinstance(aggregate, Sum):
            return f"sum({self.measure(aggregate.measure)})"
        if isinstance(aggregate, Average):
            return f"avg({self.measure(aggregate.measure)})"
        if isinstance(aggregate, Median):
            return f"median({self.measure(aggregate.measure)})"
        if isinstance(aggregate, Share):
            met = " AND ".join(self.condition(c) for c in aggregate.numerator)
            return f"(100.0 * count(*) FILTER (WHERE {met}) / count(*))"
        assert isinstance(aggregate, RatioOfSums)
        numerator = self.measure(aggregate.numerator)
        denominator = self.measure(aggregate.denominator)
        return f"(sum({numerator}) / nullif(sum({denominator}), 0))"

    def size(self) -> str:
        unit = self.indicator.privacy_unit
        if unit is None:
            return "count(*)"
        return f"count(DISTINCT {self.column(unit)})"

    def sources(self) -> str:
        indicator = self.indicator
        parts = [f"{quoted('src0')} AS {quoted('t0')}"]
        for index, join in enumerate(indicator.joins, start=1):
            registered, alias = quoted(f"src{index}"), quoted(f"t{index}")
            key = quoted(join.on)
            if join.first_only:
                table = (  # declared identifiers only
                    f"(SELECT * FROM {registered} QUALIFY row_number() OVER "  # noqa: S608
                    f"(PARTITION BY {key} ORDER BY {quoted('occurred_at')}) = 1)"
                )
            else:
                table = registered
            left = self.column(f"{indicator.source.table}.{join.on}")
            parts.append(f"JOIN {table} AS {alias} ON {left} = {alias}.{key}")
        return " ".join(parts)


def statement(indicator: Indicator, group_by: Sequence[Dimension], scope: Scope) -> Statement:
    """The query of ``indicator`` grouped by ``group_by`` (declared dimensions of it) over
    ``scope``: one row per group with its value and its size (what the privacy threshold
    is compared with); groups without rows are absent."""
    builder = _Builder(indicator)
    selected = [
        f"coalesce(CAST({builder.column(d.column)} AS VARCHAR), '') AS {quoted(f'd{i}')}"
        for i, d in enumerate(group_by)
    ]
    # Bound in the order they appear: the SELECT list's first (a share's numerator).
    value = builder.aggregate(indicator.aggregate)
    selected += [f"{value} AS {quoted('value')}", f"{builder.size()} AS {quoted('size')}"]
    where = [builder.condition(c) for c in indicator.where]
    month = builder.column(indicator.month)
    where.append(
        f"{month} BETWEEN {builder.bind(scope.first_month)} AND {builder.bind(scope.last_month)}"
    )
    if indicator.commune is not None and scope.communes is not None:
        marks = ", ".join(builder.bind(c) for c in scope.communes) or "NULL"
        where.append(f"{builder.column(indicator.commune)} IN ({marks})")
    sql = (
        f"SELECT {', '.join(selected)} FROM {builder.sources()} "  # noqa: S608 - identifiers declared, values bound
        f"WHERE {' AND '.join(where)}"
    )
    if group_by:
        positions = ", ".join(str(i + 1) for i in range(len(group_by)))
        sql += f" GROUP BY {positions} HAVING count(*) > 0 ORDER BY {positions}"
    else:
        sql += " HAVING count(*) > 0"
    registered = {table: f"src{i}" for i, (table, _store) in enumerate(indicator.tables)}
    return Statement(sql, tuple(builder.parameters), registered)
