"""A declaration and a query, as SQL for DuckDB or Trino (``dialect``): declared identifiers
only (quoted), every value a bound parameter (``?``), the caller's choices only among
declared dimensions. The two dialects share the statement but for an elapsed time (DuckDB's
``epoch``, Trino's ``to_unixtime``) and a median (Trino has none exact: the middle of the
sorted values, as DuckDB's ``median`` takes it, averaging the two middle ones).

The tables are registered under fixed names (``src0`` the source, ``src1``... the joins, in
their declared order) and aliased ``t0``, ``t1``...; each output column has a fixed name
(``d0``, ``d1``... the dimensions in the order asked, ``value``, ``size``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from collectivia.lakehouse.engines import Dialect
from collectivia.officials_analytics.indicators.declarations import (
    Aggregate,
    AtLeast,
    Average,
    Condition,
    Count,
    CountDistinct,
    CountLess,
    Dimension,
    Elapsed,
    Equals,
    Filled,
    Indicator,
    Matches,
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
    # Values the rows of other declared dimensions must have: (dimension name, values),
    # each a filter (« theme » among these values).
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Statement:
    sql: str
    parameters: tuple[Value, ...]
    # The registered name of each table read, by table name.
    registered: dict[str, str]


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class _Builder:
    def __init__(self, indicator: Indicator, dialect: Dialect) -> None:
        self.indicator = indicator
        self.dialect = dialect
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
        if isinstance(condition, Filled):
            return f"coalesce(CAST({column} AS VARCHAR), '') <> ''"
        if isinstance(condition, Matches):
            matches = "regexp_matches" if self.dialect == "duckdb" else "regexp_like"
            return f"{matches}(CAST({column} AS VARCHAR), {self.bind(condition.pattern)})"
        assert isinstance(condition, AtLeast)
        return f"{column} >= {self.bind(condition.value)}"

    def dimension(self, dimension: Dimension) -> str:
        """A dimension's value as text: its column's (empty for none), or its declared
        rule's category."""
        if not dimension.derived:
            return f"coalesce(CAST({self.column(dimension.column)} AS VARCHAR), '')"
        cases = " ".join(
            f"WHEN {' AND '.join(self.condition(c) for c in category.when)} "
            f"THEN {self.bind(category.value)}"
            for category in dimension.categories
        )
        return f"CASE {cases} ELSE {self.bind(dimension.otherwise)} END"

    def restricted(self, name: str, values: Sequence[str]) -> str:
        """The rows whose dimension ``name`` is among ``values`` (a derived one: by its
        rule; a column: by its own value)."""
        dimension = self.indicator.dimension(name)
        if dimension is None:
            raise ValueError(f"{self.indicator.name} has no dimension {name!r}")
        value = self.dimension(dimension) if dimension.derived else self.column(dimension.column)
        marks = ", ".join(self.bind(v) for v in values) or "NULL"
        return f"{value} IN ({marks})"

    def measure(self, measure: Measure) -> str:
        if isinstance(measure, Elapsed):
            start, end = self.column(measure.start), self.column(measure.end)
            seconds = "epoch" if self.dialect == "duckdb" else "to_unixtime"
            return f"(({seconds}({end}) - {seconds}({start})) / 3600.0)"
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
            return self.median(self.measure(aggregate.measure))
        if isinstance(aggregate, Share):
            met = " AND ".join(self.condition(c) for c in aggregate.numerator)
            # In double precision: Trino keeps a decimal literal's scale through the division.
            return f"(100 * CAST(count(*) FILTER (WHERE {met}) AS DOUBLE) / count(*))"
        assert isinstance(aggregate, RatioOfSums)
        numerator = self.measure(aggregate.numerator)
        denominator = self.measure(aggregate.denominator)
        scaled = f"sum({numerator}) * {float(aggregate.factor)!r}"
        return f"({scaled} / nullif(sum({denominator}), 0))"

    def median(self, measure: str) -> str:
        if self.dialect == "duckdb":
            return f"median({measure})"
        # Exact, as DuckDB's: the sorted values (nulls last), the middle one or the mean of
        # the two middle ones; no value: NULL (a NULL index). approx_percentile would differ.
        values = f"array_sort(array_agg({measure}))"
        known = f"nullif(count({measure}), 0)"
        low = f"element_at({values}, CAST(({known} + 1) / 2 AS BIGINT))"
        high = f"element_at({values}, CAST({known} / 2 + 1 AS BIGINT))"
        return f"(({low} + {high}) / 2)"

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
                # Not QUALIFY (DuckDB's): a numbered subquery both dialects read.
                rank = quoted("first_rank")
                table = (  # declared identifiers only
                    f"(SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY {key} "  # noqa: S608
                    f"ORDER BY {quoted('occurred_at')}) AS {rank} FROM {registered}) "
                    f"WHERE {rank} = 1)"
                )
            else:
                table = registered
            left = self.column(f"{indicator.source.table}.{join.on}")
            parts.append(f"JOIN {table} AS {alias} ON {left} = {alias}.{key}")
        return " ".join(parts)


def statement(
    indicator: Indicator,
    group_by: Sequence[Dimension],
    scope: Scope,
    dialect: Dialect = "duckdb",
) -> Statement:
    """The query of ``indicator`` grouped by ``group_by`` (declared dimensions of it) over
    ``scope``, in ``dialect``: one row per group with its value and its size (what the
    privacy threshold is compared with); groups without rows are absent."""
    builder = _Builder(indicator, dialect)
    if isinstance(indicator.aggregate, CountLess):
        return count_less(builder, indicator.aggregate, group_by, scope)
    selected = [f"{builder.dimension(d)} AS {quoted(f'd{i}')}" for i, d in enumerate(group_by)]
    # Bound in the order they appear: the SELECT list's first (a share's numerator).
    value = builder.aggregate(indicator.aggregate)
    selected += [f"{value} AS {quoted('value')}", f"{builder.size()} AS {quoted('size')}"]
    where = [builder.condition(c) for c in indicator.where]
    month = builder.column(indicator.month_column)
    where.append(
        f"{month} BETWEEN {builder.bind(scope.first_month)} AND {builder.bind(scope.last_month)}"
    )
    if indicator.commune is not None and scope.communes is not None:
        marks = ", ".join(builder.bind(c) for c in scope.communes) or "NULL"
        where.append(f"{builder.column(indicator.commune)} IN ({marks})")
    for name, values in scope.values:
        where.append(builder.restricted(name, values))
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


def count_less(
    builder: _Builder, aggregate: CountLess, group_by: Sequence[Dimension], scope: Scope
) -> Statement:
    """Two counts at the finest grain (month, commune and every dimension), the source's
    (``k``) and the other table's (``l``: its columns of the same names), left-joined: each
    fine group's difference (never below 0), then summed by the groups asked (or its
    percentage of the source's rows), so that a total is the sum of its parts."""
    indicator = builder.indicator
    fine = indicator.all_dimensions
    if any(d.derived for d in fine):
        raise ValueError(f"{indicator.name}: a difference of counts groups by columns only")
    keys = [quoted(f"f{i}") for i in range(len(fine))]

    def on(table: str, reference: str) -> str:
        return builder.column(f"{table}.{split(reference)[1]}")

    def scoped(table: str) -> list[str]:
        first, last = builder.bind(scope.first_month), builder.bind(scope.last_month)
        where = [f"{on(table, indicator.month_column)} BETWEEN {first} AND {last}"]
        if indicator.commune is not None and scope.communes is not None:
            marks = ", ".join(builder.bind(c) for c in scope.communes) or "NULL"
            where.append(f"{on(table, indicator.commune)} IN ({marks})")
        for name, values in scope.values:
            column = indicator.dimension(name)
            assert column is not None and not column.derived
            marks = ", ".join(builder.bind(v) for v in values) or "NULL"
            where.append(f"{on(table, column.column)} IN ({marks})")
        return where

    def grouped(table: str, index: int, where: list[str], counted: str) -> str:
        # By position: Trino groups by input columns, not by the SELECT list's names.
        positions = ", ".join(str(i + 1) for i in range(len(keys)))
        selected = [
            f"coalesce(CAST({on(table, d.column)} AS VARCHAR), '') AS {key}"
            for d, key in zip(fine, keys, strict=True)
        ]
        return (  # declared identifiers only, values bound
            f"SELECT {', '.join([*selected, counted])} "  # noqa: S608
            f"FROM {quoted(f'src{index}')} AS {quoted(f't{index}')} "
            f"WHERE {' AND '.join(where)} GROUP BY {positions}"
        )

    kept = grouped(
        indicator.source.table,
        0,
        [builder.condition(c) for c in indicator.where] + scoped(indicator.source.table),
        'count(*) AS "kept"',
    )
    less = grouped(
        aggregate.table,
        len(indicator.tables) - 1,
        [builder.condition(c) for c in aggregate.where] + scoped(aggregate.table),
        'count(*) AS "less"',
    )
    joined = " AND ".join(f"k.{key} = l.{key}" for key in keys)
    difference = "sum(greatest(k.kept - coalesce(l.less, 0), 0))"
    # In double precision: Trino keeps a decimal literal's scale through the division.
    value = f"100 * CAST({difference} AS DOUBLE) / sum(k.kept)" if aggregate.percent else difference
    chosen = [f"k.{keys[fine.index(d)]} AS {quoted(f'd{i}')}" for i, d in enumerate(group_by)]
    selected = ", ".join([*chosen, f'CAST({value} AS DOUBLE) AS "value"', 'sum(k.kept) AS "size"'])
    sql = (  # declared identifiers only, values bound
        f"SELECT {selected} FROM ({kept}) AS k "  # noqa: S608
        f"LEFT JOIN ({less}) AS l ON {joined}"
    )
    if group_by:
        positions = ", ".join(str(i + 1) for i in range(len(group_by)))
        sql += f" GROUP BY {positions} HAVING sum(k.kept) > 0 ORDER BY {positions}"
    else:
        sql += " HAVING sum(k.kept) > 0"
    return Statement(sql, tuple(builder.parameters), _registered(indicator))


def _registered(indicator: Indicator) -> dict[str, str]:
    return {table: f"src{i}" for i, (table, _store) in enumerate(indicator.tables)}
