"""One query adapter, two engines: DuckDB embedded (the rows read into this process, then
queried over Arrow) and Trino (the cluster scans the Iceberg tables itself, the same catalog
under its own name). A query names each table it reads (``src0``...) and the caller says what
each name is (:class:`TableRead`); both engines answer an Arrow table with the same types.

The SQL is the caller's, written for the engine's ``dialect``: declared identifiers only,
every value a ``?`` bound from ``parameters``."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

import pyarrow as pa
from pyiceberg.expressions import AlwaysTrue, BooleanExpression
from pyiceberg.io.pyarrow import schema_to_pyarrow
from pyiceberg.table import Table

from collectivia.lakehouse.queries import run_query

log = logging.getLogger(__name__)

Dialect = Literal["duckdb", "trino"]


class EngineUnavailable(RuntimeError):
    """The engine did not answer (unreachable, overloaded, its storage failing): the query may
    succeed later. A wrong query is not this: it raises the engine's own error."""


@dataclass(frozen=True)
class TableRead:
    """What a query reads under one name: an Iceberg table (None: not created yet, it reads
    as empty) at one snapshot (None: its current one), the columns wanted in this order, the
    Arrow type of each column the table lacks (string when not given; such a column reads as
    nulls), and the rows a scan in this process may skip (an engine that scans by SQL has the
    same filter in the query). Or ``rows`` the caller already holds (its own cache), for an
    engine that runs in this process (``in_process``). ``months``: columns derived as the
    month of another column of the table (:func:`month_sql`), by their names."""

    table: Table | None
    columns: tuple[str, ...]
    snapshot_id: int | None = None
    types: Mapping[str, pa.DataType] = field(default_factory=dict)
    row_filter: BooleanExpression = field(default_factory=AlwaysTrue)
    rows: pa.Table | None = None
    months: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of_rows(cls, rows: pa.Table) -> TableRead:
        return cls(None, tuple(rows.column_names), rows=rows)

    def type_of(self, column: str) -> pa.DataType:
        return self.types.get(column, pa.string())

    def present(self) -> set[str]:
        return set(self.table.schema().column_names) if self.table is not None else set()


class QueryEngine(Protocol):
    @property
    def dialect(self) -> Dialect: ...

    @property
    def in_process(self) -> bool:
        """Whether it queries rows read into this process (then a caller may give them:
        ``TableRead.rows``); otherwise it scans the tables itself."""
        ...

    def run(
        self, sql: str, tables: Mapping[str, TableRead], parameters: Sequence[object] = ()
    ) -> pa.Table:
        """``sql`` over ``tables`` (each visible under its name), ``parameters`` bound to its
        ``?``; raises :class:`EngineUnavailable` when the engine does not answer."""
        ...


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class EmbeddedDuckDb:
    """DuckDB in this process: each table's wanted columns and rows (its filter pushed into
    the scan) read into Arrow, then queried without a copy."""

    @property
    def dialect(self) -> Dialect:
        return "duckdb"

    @property
    def in_process(self) -> bool:
        return True

    def run(
        self, sql: str, tables: Mapping[str, TableRead], parameters: Sequence[object] = ()
    ) -> pa.Table:
        return run_query(sql, {name: scanned(read) for name, read in tables.items()}, parameters)


def scanned(read: TableRead) -> pa.Table:
    """The rows of ``read`` as Arrow, its columns in order (those the table lacks: nulls)."""
    if read.rows is not None:
        return read.rows
    present = read.present()
    if read.table is None:
        schema = pa.schema([pa.field(c, read.type_of(c)) for c in read.columns])
        return schema.empty_table()
    readable = tuple(c for c in read.columns if c in present)
    rows = read.table.scan(
        row_filter=read.row_filter,
        selected_fields=readable or ("*",),
        snapshot_id=read.snapshot_id,
    ).to_arrow()
    for column in read.columns:
        if column not in present and column not in read.months:
            rows = rows.append_column(column, pa.nulls(rows.num_rows, type=read.type_of(column)))
    for derived, source in read.months.items():
        kind = rows.schema.field(source).type if source in rows.schema.names else pa.null()
        month = month_sql(source, kind, "duckdb")
        # Named in SQL by declared identifiers only: the rows' own columns.
        derive = f"SELECT {month} AS {quoted(derived)} FROM {quoted('rows')}"  # noqa: S608
        rows = rows.append_column(derived, run_query(derive, {"rows": rows}).column(0))
    return rows.select(list(read.columns))


def month_sql(column: str, kind: pa.DataType, dialect: Dialect) -> str:
    """The month ("YYYY-MM") of ``column`` (of Arrow type ``kind``) in ``dialect``: a date's,
    a timestamp's local one (Europe/Paris; UTC when it has no zone), January of a year, the
    first seven characters of a text that starts with a date; else NULL."""
    name = quoted(column)
    if pa.types.is_integer(kind):
        year = f"lpad(CAST({name} AS VARCHAR), 4, '0') || '-01'"
        return f"CASE WHEN {name} BETWEEN 1 AND 9999 THEN {year} END"
    if pa.types.is_timestamp(kind) and dialect == "trino":
        zoned = name if kind.tz else f"with_timezone({name}, 'UTC')"
        return f"format_datetime({zoned} AT TIME ZONE 'Europe/Paris', 'yyyy-MM')"
    if pa.types.is_timestamp(kind):
        zoned = name if kind.tz else f"timezone('UTC', {name})"
        return f"strftime(timezone('Europe/Paris', {zoned}), '%Y-%m')"
    if pa.types.is_date(kind):
        return f"substr(CAST({name} AS VARCHAR), 1, 7)"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        matches = "regexp_like" if dialect == "trino" else "regexp_matches"
        dated = f"{matches}({name}, '^[0-9]{{4}}-(0[1-9]|1[0-2])')"
        return f"CASE WHEN {dated} THEN substr({name}, 1, 7) END"
    return "CAST(NULL AS VARCHAR)"


# --- Trino ----------------------------------------------------------------------------------

# Arrow types of the columns a table lacks, as Trino types (others: varchar).
_TRINO_TYPES: Mapping[pa.DataType, str] = {
    pa.string(): "varchar",
    pa.large_string(): "varchar",
    pa.int64(): "bigint",
    pa.int32(): "integer",
    pa.float64(): "double",
    pa.float32(): "real",
    pa.bool_(): "boolean",
    pa.date32(): "date",
    pa.timestamp("us", tz="UTC"): "timestamp(6) with time zone",
    pa.timestamp("us"): "timestamp(6)",
}
# Trino's result types as Arrow types; a type not named here is inferred from the values.
_ARROW_TYPES: Mapping[str, pa.DataType] = {
    "varchar": pa.string(),
    "char": pa.string(),
    "bigint": pa.int64(),
    "integer": pa.int32(),
    "smallint": pa.int16(),
    "tinyint": pa.int8(),
    "double": pa.float64(),
    "real": pa.float32(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "varbinary": pa.binary(),
}
_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")
_TIMESTAMP = re.compile(r"^timestamp(\(\d+\))?( with time zone)?$")


def arrow_type(trino_type: str) -> pa.DataType | None:
    """The Arrow type of a Trino result column (``cursor.description``'s type code)."""
    base = trino_type.split("(")[0] if trino_type.startswith(("varchar", "char")) else trino_type
    if base in _ARROW_TYPES:
        return _ARROW_TYPES[base]
    decimal = _DECIMAL.match(trino_type)
    if decimal:
        return pa.decimal128(int(decimal.group(1)), int(decimal.group(2)))
    timestamp = _TIMESTAMP.match(trino_type)
    if timestamp:
        return pa.timestamp("us", tz="UTC" if timestamp.group(2) else None)
    return None


@dataclass(frozen=True)
class TrinoAddress:
    """Where the coordinator is and who asks: ``url`` http(s)://host:port, the catalog that
    holds the Iceberg tables there, the user the queries run as."""

    url: str
    catalog: str
    user: str
    timeout_seconds: float = 30.0

    def check(self) -> None:
        """Refuse an address that is not http(s)://host:port (ValueError, in English: the
        operator reads it at start)."""
        parts = urlsplit(self.url)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
            raise ValueError(
                f"not a Trino coordinator's address (http(s)://host:port): {self.url!r}"
            )
        if parts.path not in ("", "/") or parts.query or parts.username:
            raise ValueError(
                "a Trino coordinator's address has no path, query or credentials: "
                "http(s)://host:port"
            )


Connect = Callable[..., Any]


def _trino_connect(**arguments: Any) -> Any:
    import trino.dbapi

    return trino.dbapi.connect(**arguments)  # type: ignore[no-untyped-call]


class TrinoEngine:
    """Trino scanning the Iceberg tables itself: each name a ``WITH`` query over
    ``catalog.namespace.table`` at the snapshot asked (a column the table lacks: a typed
    NULL), so that the caller's SQL reads the same names as with DuckDB; filters are in the
    SQL, nothing is read into this process but the result."""

    def __init__(self, address: TrinoAddress, *, connect: Connect = _trino_connect) -> None:
        address.check()
        self._address = address
        self._connect = connect

    @property
    def dialect(self) -> Dialect:
        return "trino"

    @property
    def in_process(self) -> bool:
        return False

    def statement(self, sql: str, tables: Mapping[str, TableRead]) -> str:
        """``sql`` with each name bound to its table by a ``WITH`` query (``sql`` has none)."""
        if not tables:
            return sql
        named = ", ".join(
            f"{quoted(name)} AS ({self._relation(read)})" for name, read in tables.items()
        )
        return f"WITH {named} {sql}"

    def run(
        self, sql: str, tables: Mapping[str, TableRead], parameters: Sequence[object] = ()
    ) -> pa.Table:
        import trino.exceptions

        full = self.statement(sql, tables)
        try:
            with self._connection() as connection:
                cursor = connection.cursor()
                cursor.execute(full, list(parameters) if parameters else None)
                rows = cursor.fetchall()
                description = cursor.description
        except (trino.exceptions.OperationalError, trino.exceptions.HttpError) as error:
            # Unreachable, 502-504, a failing catalog or object storage behind it: later.
            log.warning("Trino at %s did not answer: %s", self._address.url, error)
            raise EngineUnavailable(str(error)) from error
        return _arrow(description, rows)

    def _connection(self) -> Any:
        parts = urlsplit(self._address.url)
        return self._connect(
            host=parts.hostname,
            port=parts.port,
            http_scheme=parts.scheme,
            user=self._address.user,
            catalog=self._address.catalog,
            request_timeout=self._address.timeout_seconds,
            # Trino 418+ runs EXECUTE IMMEDIATE: no probe query before the first statement.
            legacy_prepared_statements=False,
        )

    def _relation(self, read: TableRead) -> str:
        if read.rows is not None:
            raise ValueError("Trino scans the tables itself: give it tables, not rows")
        present = read.present()
        kinds = schema_to_pyarrow(read.table.schema()) if read.table is not None else None

        def selected_column(column: str) -> str:
            source = read.months.get(column)
            if source is not None and kinds is not None and source in present:
                kind = kinds.field(source).type
                return f"{month_sql(source, kind, 'trino')} AS {quoted(column)}"
            if column in present:
                return quoted(column)
            kind_name = _TRINO_TYPES.get(read.type_of(column), "varchar")
            return f"CAST(NULL AS {kind_name}) AS {quoted(column)}"

        selected = ", ".join(selected_column(c) for c in read.columns)
        if read.table is None:
            # No table yet: the columns, no rows.
            return (
                f"SELECT {selected} FROM (VALUES 0) AS {quoted('none')}({quoted('x')}) WHERE false"  # noqa: S608
            )
        namespace, name = read.table.name()[-2:]
        source = ".".join(quoted(part) for part in (self._address.catalog, namespace, name))
        if read.snapshot_id is not None:
            # The snapshot the caller keyed its cache by; an integer, never text.
            source += f" FOR VERSION AS OF {int(read.snapshot_id):d}"
        return f"SELECT {selected} FROM {source}"  # noqa: S608 - identifiers quoted, no value


def _arrow(description: Sequence[Sequence[Any]], rows: Sequence[Sequence[Any]]) -> pa.Table:
    names = [str(column[0]) for column in description]
    arrays = [
        pa.array([row[index] for row in rows], type=arrow_type(str(column[1])))
        for index, column in enumerate(description)
    ]
    return pa.Table.from_arrays(arrays, names=names)
