"""The lake's datasets as the indicators read them: they must have the columns an indicator
declares (a French error names the one missing, or the dataset itself), and those without a
"YYYY-MM" month column have it derived from a date column (:class:`MonthOf`).

A dataset keeps the national schema's column names and the lake's types (``date`` a day,
``datetime`` a UTC timestamp, ``year`` an integer, ``number`` a double: see the data lake's
``validation/arrow_types.py``); the derived month is text, like the analytics tables' own.
The period is not pushed into the scan of such a dataset: the date column's type is known
only once read, and the datasets concerned (a budget, a year of deliberations) are small.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.declarations import (
    DERIVED_MONTH,
    Indicator,
    MonthOf,
    split,
)
from collectivia.platform.errors import RuleViolation

PARIS = "Europe/Paris"
DATASET_MISSING = "jeu-de-donnees-absent"
COLUMN_MISSING = "colonne-absente"
# A text date: "YYYY-MM" then anything ("2026-03-05", "2026-03-05T10:00:00+01:00").
_TEXT_MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])"


def required_columns(
    lakehouse: Lakehouse, indicator: Indicator, table: str, columns: list[str]
) -> None:
    """Refuse, in French, to compute ``indicator`` on a lake dataset that does not exist or
    lacks one of ``columns``."""
    try:
        present = set(lakehouse.table(table.replace("_", "-")).schema().column_names)
    except UnknownTable:
        detail = messages.LAKE_DATASET_MISSING.format(name=indicator.name, dataset=table)
        raise RuleViolation(detail, DATASET_MISSING) from None
    missing = [c for c in columns if c not in present]
    if missing:
        detail = messages.LAKE_COLUMN_MISSING.format(
            name=indicator.name, dataset=table, columns=", ".join(f"« {c} »" for c in missing)
        )
        raise RuleViolation(detail, COLUMN_MISSING)


def month_of(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """The "YYYY-MM" of each value: a date's month, a timestamp's local month (Paris), a
    year's January; text that starts with a date, its first seven characters; else null."""
    if pa.types.is_dictionary(values.type):  # text kept dictionary-encoded in memory
        values = pc.cast(values, values.type.value_type)
    kind = values.type
    if pa.types.is_integer(kind):
        years = pc.cast(values, pa.int64())
        valid = pc.and_(pc.greater_equal(years, 1), pc.less_equal(years, 9999))
        text = pc.utf8_lpad(pc.cast(years, pa.string()), width=4, padding="0")
        return pc.if_else(valid, pc.binary_join_element_wise(text, "-01", ""), None)
    if pa.types.is_timestamp(kind):
        timed = values if kind.tz is not None else pc.assume_timezone(values, "UTC")
        return pc.strftime(pc.cast(timed, pa.timestamp("us", tz=PARIS)), format="%Y-%m")
    if pa.types.is_date(kind):
        return pc.strftime(pc.cast(values, pa.timestamp("s")), format="%Y-%m")
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = pc.cast(values, pa.string())
        dated = pc.match_substring_regex(text, _TEXT_MONTH)
        return pc.if_else(dated, pc.utf8_slice_codeunits(text, 0, 7), None)
    return pa.nulls(len(values), pa.string())


def with_month(indicator: Indicator, table: str, rows: pa.Table) -> pa.Table:
    """``rows`` of ``table`` with the month derived from its date column, when the
    indicator's month is one (:class:`MonthOf` on this table); else as they are."""
    if not isinstance(indicator.month, MonthOf):
        return rows
    owner, column = split(indicator.month.column)
    if owner != table:
        return rows
    months = pc.cast(month_of(rows.column(column)), pa.string())
    return rows.append_column(DERIVED_MONTH, months)
