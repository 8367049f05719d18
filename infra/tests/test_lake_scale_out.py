"""The data lake's scale-out path, for real: pyiceberg writes Iceberg tables into the SQL
catalog on PostgreSQL and the warehouse on versitygw (S3); Trino reads the same tables.

The ``lake_scale_out`` fixture starts the three servers (`infra/stack.py up lake-scale-out`)
or reuses them. Each test works in a namespace of its own, dropped through Trino afterwards
(which deletes the tables' files too).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import MonthTransform
from pyiceberg.types import LongType, NestedField, StringType, TimestampType

from collectivia.testkit.servers import LakeScaleOut

pytestmark = pytest.mark.integration

EVENTS_SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=True),
    NestedField(2, "ts", TimestampType(), required=True),
    NestedField(3, "district", StringType(), required=True),
    NestedField(4, "amount", LongType(), required=True),
)
EVENTS_ARROW = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("ts", pa.timestamp("us"), nullable=False),
        pa.field("district", pa.string(), nullable=False),
        pa.field("amount", pa.int64(), nullable=False),
    ]
)
MONTHLY = PartitionSpec(
    PartitionField(source_id=2, field_id=1000, transform=MonthTransform(), name="ts_month")
)


def _events(rows: list[tuple[int, str, str, int]]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"id": i, "ts": dt.datetime.fromisoformat(ts), "district": d, "amount": a}
            for i, ts, d, a in rows
        ],
        schema=EVENTS_ARROW,
    )


FIRST = [  # January and February 2025
    (1, "2025-01-03T08:00:00", "Nord", 10),
    (2, "2025-01-17T12:30:00", "Sud", 20),
    (3, "2025-02-02T09:15:00", "Nord", 30),
    (4, "2025-02-28T23:59:59", "Sud", 40),
]
SECOND = [  # March 2025, and one more January row
    (5, "2025-03-01T00:00:00", "Nord", 50),
    (6, "2025-03-15T10:00:00", "Centre", 60),
    (7, "2025-01-31T18:00:00", "Centre", 70),
]


@pytest.fixture
def lake(lake_scale_out: LakeScaleOut) -> Iterator[tuple[SqlCatalog, str]]:
    """pyiceberg's catalog on the shared PostgreSQL catalog, and a fresh namespace in it."""
    catalog = SqlCatalog(lake_scale_out.catalog_name, **lake_scale_out.catalog_properties())
    namespace = f"it_{uuid.uuid4().hex[:12]}"
    catalog.create_namespace(namespace)
    yield catalog, namespace
    with lake_scale_out.trino_connection() as connection:
        cursor = connection.cursor()
        for _, table in catalog.list_tables(namespace):
            cursor.execute(f'DROP TABLE "{namespace}"."{table}"')
            cursor.fetchall()
        cursor.execute(f'DROP SCHEMA "{namespace}"')
        cursor.fetchall()


def _query(lake_scale_out: LakeScaleOut, namespace: str, sql: str) -> list[list[Any]]:
    with lake_scale_out.trino_connection(schema=namespace) as connection:
        cursor = connection.cursor()
        cursor.execute(sql)
        rows: list[list[Any]] = cursor.fetchall()
        return rows


def test_trino_reads_a_monthly_partitioned_table_and_its_first_snapshot(
    lake_scale_out: LakeScaleOut, lake: tuple[SqlCatalog, str]
) -> None:
    catalog, namespace = lake
    table = catalog.create_table(
        f"{namespace}.events", schema=EVENTS_SCHEMA, partition_spec=MONTHLY
    )
    # In the S3 warehouse (pyiceberg 0.12 lays tables out as <warehouse>/<namespace>/<table>).
    assert table.metadata_location.startswith(f"{lake_scale_out.warehouse}/{namespace}/events/")
    table.append(_events(FIRST))
    first_snapshot = table.current_snapshot()
    assert first_snapshot is not None
    table.append(_events(SECOND))
    snapshots = [s.snapshot_id for s in table.snapshots()]
    assert len(snapshots) == 2
    assert snapshots[0] == first_snapshot.snapshot_id

    def query(sql: str) -> list[list[Any]]:
        return _query(lake_scale_out, namespace, sql)

    assert query("SELECT count(*) FROM events") == [[7]]
    assert query(
        "SELECT district, count(*), sum(amount) FROM events GROUP BY district ORDER BY district"
    ) == [["Centre", 2, 130], ["Nord", 3, 90], ["Sud", 2, 60]]
    assert query(
        "SELECT month(ts), count(*), sum(amount) FROM events GROUP BY month(ts) ORDER BY 1"
    ) == [[1, 3, 100], [2, 2, 70], [3, 2, 110]]
    # The month(ts) partitioning written by pyiceberg, as Trino sees it: one partition a month.
    assert query('SELECT count(*), sum(record_count) FROM "events$partitions"') == [[3, 7]]
    assert query('SELECT snapshot_id FROM "events$snapshots" ORDER BY committed_at') == [
        [snapshot] for snapshot in snapshots
    ]
    assert query(
        "SELECT id, ts, district, amount FROM events FOR VERSION AS OF "
        f"{first_snapshot.snapshot_id} ORDER BY id"
    ) == [[i, dt.datetime.fromisoformat(ts), d, a] for i, ts, d, a in FIRST]
    # Partition pruning on the partition column: only January's rows, from both snapshots.
    assert query(
        "SELECT id FROM events WHERE ts >= TIMESTAMP '2025-01-01' "
        "AND ts < TIMESTAMP '2025-02-01' ORDER BY id"
    ) == [[1], [2], [7]]


def test_trino_sees_a_column_added_by_pyiceberg(
    lake_scale_out: LakeScaleOut, lake: tuple[SqlCatalog, str]
) -> None:
    catalog, namespace = lake
    table = catalog.create_table(
        f"{namespace}.notes",
        schema=Schema(
            NestedField(1, "id", LongType(), required=True),
            NestedField(2, "title", StringType(), required=False),
        ),
    )
    table.append(
        pa.Table.from_pylist(
            [{"id": 1, "title": "un"}, {"id": 2, "title": "deux"}],
            schema=pa.schema([pa.field("id", pa.int64(), nullable=False), ("title", pa.string())]),
        )
    )

    def query(sql: str) -> list[list[Any]]:
        return _query(lake_scale_out, namespace, sql)

    assert [row[0] for row in query("DESCRIBE notes")] == ["id", "title"]
    with table.update_schema() as update:
        update.add_column("note", StringType())
    table.append(
        pa.Table.from_pylist(
            [{"id": 3, "title": "trois", "note": "ajoutée"}],
            schema=pa.schema(
                [
                    pa.field("id", pa.int64(), nullable=False),
                    ("title", pa.string()),
                    ("note", pa.string()),
                ]
            ),
        )
    )
    assert [row[:2] for row in query("DESCRIBE notes")] == [
        ["id", "bigint"],
        ["title", "varchar"],
        ["note", "varchar"],
    ]
    assert query("SELECT id, title, note FROM notes ORDER BY id") == [
        [1, "un", None],
        [2, "deux", None],
        [3, "trois", "ajoutée"],
    ]


def test_pyiceberg_reads_a_table_trino_wrote(
    lake_scale_out: LakeScaleOut, lake: tuple[SqlCatalog, str]
) -> None:
    """The other way round: one catalog, two engines."""
    catalog, namespace = lake
    with lake_scale_out.trino_connection(schema=namespace) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "CREATE TABLE counts (district varchar, day date, visits bigint) "
            "WITH (partitioning = ARRAY['month(day)'])"
        )
        cursor.fetchall()
        cursor.execute(
            "INSERT INTO counts VALUES ('Nord', DATE '2025-04-01', 5), "
            "('Sud', DATE '2025-05-02', 7)"
        )
        assert cursor.fetchall() == [[2]]
    table = catalog.load_table(f"{namespace}.counts")
    assert table.metadata_location.startswith(lake_scale_out.warehouse)
    assert str(table.spec().fields[0].transform) == "month"
    rows = table.scan().to_arrow().sort_by("district").to_pylist()
    assert rows == [
        {"district": "Nord", "day": dt.date(2025, 4, 1), "visits": 5},
        {"district": "Sud", "day": dt.date(2025, 5, 2), "visits": 7},
    ]
