"""The vocabulary of the semantic layer: what an indicator is made of, as data.

An indicator is declared once (``catalogue.py``): a source table (an analytics table of
``sink/tables.py``, or a dataset of the lake), optional joins on a shared key, a fixed row
filter, an aggregate, the month and commune columns, the other dimensions it may be grouped
by, and its privacy threshold. The engine (``sql.py``) turns a declaration into SQL: only
these declared identifiers, quoted, and the declared constants as bound parameters; nothing
the caller sends is ever written into the SQL. Columns are named ``"table.column"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Where a table lives: the analytics namespace (the suite's events as rows) or the lake's.
Store = Literal["analytics", "lake"]
Value = str | int | float | bool


@dataclass(frozen=True)
class Source:
    table: str
    store: Store = "analytics"


@dataclass(frozen=True)
class Join:
    """An inner join on a column both tables have (``on``); ``first_only`` keeps one row of
    the joined table per key, the earliest by ``occurred_at`` (a handoff's first reply)."""

    table: str
    on: str
    store: Store = "analytics"
    first_only: bool = False


# --- row conditions (a fixed filter, or the numerator of a share) ------------------------


@dataclass(frozen=True)
class Equals:
    column: str
    value: Value


@dataclass(frozen=True)
class OneOf:
    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class AtLeast:
    column: str
    value: int | float


@dataclass(frozen=True)
class Filled:
    """The column holds a value, not empty text (a dataset update that names a contract)."""

    column: str


@dataclass(frozen=True)
class Matches:
    """The column's text matches ``pattern`` (a regular expression both engines read alike:
    anchored, character classes only)."""

    column: str
    pattern: str


Condition = Equals | OneOf | AtLeast | Filled | Matches


# --- measures (what a sum, an average or a median is taken of) ---------------------------


@dataclass(frozen=True)
class Elapsed:
    """The time from ``start`` to ``end`` (two timestamp columns), in hours."""

    start: str
    end: str


Measure = str | Elapsed


# --- aggregates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """The number of rows (facts)."""


@dataclass(frozen=True)
class CountDistinct:
    column: str


@dataclass(frozen=True)
class Sum:
    measure: Measure


@dataclass(frozen=True)
class Average:
    measure: Measure


@dataclass(frozen=True)
class Median:
    measure: Measure


@dataclass(frozen=True)
class Share:
    """The percentage of the rows (those the indicator's filter keeps) that meet every one of
    ``numerator``: a ratio of two filtered counts."""

    numerator: tuple[Condition, ...]


@dataclass(frozen=True)
class RatioOfSums:
    """``sum(numerator) / sum(denominator)``: a mean weighted by the denominator (the mean
    flow of hourly aggregates, weighted by their readings); ``factor`` 100: a percentage
    (the budget's execution rate)."""

    numerator: str
    denominator: str
    factor: float = 1.0


@dataclass(frozen=True)
class CountLess:
    """The rows kept minus the rows of another table (``table``) that meet ``where``, taken
    at the finest grain (month, commune and every dimension, matched by the same column
    names in both tables; never below 0) then summed; ``percent``: that difference as a
    percentage of the rows kept. The deliveries received on time are the updates a DSP
    operator made, less those announced late."""

    table: str
    where: tuple[Condition, ...]
    store: Store = "analytics"
    percent: bool = False


Aggregate = Count | CountDistinct | Sum | Average | Median | Share | RatioOfSums | CountLess


@dataclass(frozen=True)
class Category:
    """One value of a derived dimension, given to the rows that meet every one of ``when``."""

    value: str
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Dimension:
    """A way to group an indicator: its name in the API (``theme``) and its column; or a
    value derived by a declared rule (``categories``: the first whose conditions all hold,
    else ``otherwise``), ``column`` then being the first column the rule reads."""

    name: str
    column: str
    categories: tuple[Category, ...] = ()
    otherwise: str = ""

    @property
    def derived(self) -> bool:
        return bool(self.categories)

    @property
    def rule_columns(self) -> tuple[str, ...]:
        """The columns the rule reads (its own column alone for a plain dimension)."""
        read = [self.column]
        for category in self.categories:
            read += [c.column for c in category.when]
        return tuple(dict.fromkeys(read))


@dataclass(frozen=True)
class MonthOf:
    """The month of a lake dataset's date column, for datasets that have no "YYYY-MM"
    column: the local month of a date or a timestamp (Europe/Paris), and January of a year
    (an annual budget's exercise counts once, in the first month of its year). The engine
    derives it when it reads the rows (``lake_datasets.py``)."""

    column: str


# The derived month's column, beside a lake dataset's own (the national schemas' names
# never start with an underscore).
DERIVED_MONTH = "_month"
MONTH = "month"
COMMUNE = "commune"
DEFAULT_MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    definition: str
    unit: str
    source: Source
    aggregate: Aggregate
    # The column of the local month ("YYYY-MM") the period filters and ``month`` groups by,
    # or the date column of a lake dataset it is derived from.
    month: str | MonthOf
    # The column of the commune (INSEE code); None: the indicator is the whole
    # collectivity's (its facts have no commune) and cannot be filtered by commune.
    commune: str | None
    owner: str
    # The event types and lake datasets it is computed from, as people name them.
    sources: tuple[str, ...]
    # Dimensions besides month and commune.
    dimensions: tuple[Dimension, ...] = ()
    joins: tuple[Join, ...] = ()
    where: tuple[Condition, ...] = ()
    # What the group size counts: distinct values of this column (conversations: people),
    # or rows (facts) when None. A group smaller than ``min_group_size`` is not shown.
    privacy_unit: str | None = None
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    decimals: int = 0

    @property
    def all_dimensions(self) -> tuple[Dimension, ...]:
        """Month first, then the commune (when it has one), then the others."""
        own = [Dimension(MONTH, self.month_column)]
        if self.commune is not None:
            own.append(Dimension(COMMUNE, self.commune))
        return (*own, *self.dimensions)

    @property
    def month_column(self) -> str:
        """The ``table.column`` of the month, as the query reads it (a derived one beside
        the date column it comes from)."""
        if isinstance(self.month, MonthOf):
            return f"{split(self.month.column)[0]}.{DERIVED_MONTH}"
        return self.month

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.all_dimensions)

    def dimension(self, name: str) -> Dimension | None:
        return next((d for d in self.all_dimensions if d.name == name), None)

    @property
    def per_commune(self) -> bool:
        return self.commune is not None

    @property
    def tables(self) -> tuple[tuple[str, Store], ...]:
        """The tables it reads, the source first, then the joins, then the table a
        :class:`CountLess` subtracts."""
        read = [(self.source.table, self.source.store), *((j.table, j.store) for j in self.joins)]
        if isinstance(self.aggregate, CountLess):
            read.append((self.aggregate.table, self.aggregate.store))
        return tuple(read)


def condition_columns(condition: Condition) -> tuple[str, ...]:
    return (condition.column,)


def measure_columns(measure: Measure) -> tuple[str, ...]:
    if isinstance(measure, Elapsed):
        return (measure.start, measure.end)
    return (measure,)


def aggregate_columns(aggregate: Aggregate) -> tuple[str, ...]:
    if isinstance(aggregate, Count):
        return ()
    if isinstance(aggregate, CountDistinct):
        return (aggregate.column,)
    if isinstance(aggregate, Sum | Average | Median):
        return measure_columns(aggregate.measure)
    if isinstance(aggregate, Share):
        return tuple(c.column for c in aggregate.numerator)
    if isinstance(aggregate, CountLess):
        return tuple(c.column for c in aggregate.where)
    return (aggregate.numerator, aggregate.denominator)


def referenced_columns(indicator: Indicator) -> tuple[str, ...]:
    """Every ``table.column`` the indicator reads, once each, in a stable order (a derived
    month: the date column it comes from)."""
    columns: list[str] = [d.column for d in indicator.all_dimensions]
    if isinstance(indicator.month, MonthOf):
        columns[0] = indicator.month.column
    for dimension in indicator.dimensions:
        columns += dimension.rule_columns
    columns += aggregate_columns(indicator.aggregate)
    for condition in indicator.where:
        columns += condition_columns(condition)
    if indicator.privacy_unit is not None:
        columns.append(indicator.privacy_unit)
    for join in indicator.joins:
        columns.append(f"{indicator.source.table}.{join.on}")
        columns.append(f"{join.table}.{join.on}")
        if join.first_only:
            columns.append(f"{join.table}.occurred_at")
    if isinstance(indicator.aggregate, CountLess):
        # The other table's columns of the same names, month first.
        other = indicator.aggregate.table
        columns += [f"{other}.{split(d.column)[1]}" for d in indicator.all_dimensions]
    return tuple(dict.fromkeys(columns))


def split(column: str) -> tuple[str, str]:
    table, _, name = column.partition(".")
    if not table or not name:
        raise ValueError(f"not a table.column reference: {column!r}")
    return table, name
