"""Iceberg tables on a real catalog (SQLite) and warehouse (a folder): loads all
or nothing, versions, time travel, diffs, maintenance and erasure."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from pyiceberg.expressions import EqualTo

from collectivia.lakehouse.catalog import CatalogLocation, open_catalog
from collectivia.lakehouse.maintenance import TableMaintenance
from collectivia.lakehouse.queries import diff_tables, run_query
from collectivia.lakehouse.tables import Lakehouse, Partitioning, UnknownTable


@pytest.fixture
def lakehouse(tmp_path: Path) -> Lakehouse:
    location = CatalogLocation(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}",
        catalog_name="lake",
        warehouse=str(tmp_path / "warehouse"),
    )
    return Lakehouse(catalog=open_catalog(location), namespace="collectivia")


def grants(*rows: tuple[str, str, float]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array([r[0] for r in rows], pa.string()),
            "beneficiaire": pa.array([r[1] for r in rows], pa.string()),
            "montant": pa.array([r[2] for r in rows], pa.float64()),
        }
    )


def test_a_replace_is_one_version_and_older_versions_stay_readable(lakehouse: Lakehouse) -> None:
    first = lakehouse.write(
        "subventions",
        grants(("1", "Club de foot", 1000.0), ("2", "Chorale", 500.0)),
        load_id="load-1",
        operation="load",
        replace=True,
    )
    second = lakehouse.write(
        "subventions",
        grants(("1", "Club de foot", 1200.0), ("3", "Théâtre", 800.0)),
        load_id="load-2",
        operation="load",
        replace=True,
    )
    versions = lakehouse.versions("subventions")
    # pyiceberg writes a delete and an append snapshot for a replace: one version for people.
    assert [v.load_id for v in versions] == ["load-1", "load-2"]
    assert (second.rows_added, second.rows_removed, second.total_rows) == (2, 2, 2)
    assert lakehouse.read("subventions", snapshot_id=first.snapshot_id).column(
        "beneficiaire"
    ).to_pylist() == ["Club de foot", "Chorale"]
    assert sorted(lakehouse.read("subventions").column("id").to_pylist()) == ["1", "3"]


def test_an_inner_snapshot_of_a_load_is_not_a_version(lakehouse: Lakehouse) -> None:
    lakehouse.write("a", grants(("1", "x", 1.0)), load_id="l1", operation="load", replace=True)
    lakehouse.write("a", grants(("2", "y", 2.0)), load_id="l2", operation="load", replace=True)
    inner = [
        s.snapshot_id
        for s in lakehouse.table("a").snapshots()
        if s.snapshot_id not in {v.snapshot_id for v in lakehouse.versions("a")}
    ]
    assert len(inner) == 1
    with pytest.raises(UnknownTable):
        lakehouse.read("a", snapshot_id=inner[0])


def test_as_of_a_date_gives_the_version_current_then(lakehouse: Lakehouse) -> None:
    first = lakehouse.write(
        "a", grants(("1", "x", 1.0)), load_id="l1", operation="load", replace=True
    )
    time.sleep(0.01)
    between = datetime.now(UTC)
    time.sleep(0.01)
    lakehouse.write("a", grants(("2", "y", 2.0)), load_id="l2", operation="load", replace=True)
    assert lakehouse.version_as_of("a", between).snapshot_id == first.snapshot_id
    with pytest.raises(UnknownTable):
        lakehouse.version_as_of("a", first.committed_at - timedelta(days=1))


def test_appends_evolve_the_schema_and_partition_by_month(lakehouse: Lakehouse) -> None:
    readings = pa.table(
        {
            "sensor": ["s1", "s2"],
            "measured_at": pa.array(
                [datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 2, 5, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
            "value": [1.5, 2.5],
        }
    )
    lakehouse.write(
        "eau",
        readings,
        load_id="b1",
        operation="telemetry",
        replace=False,
        partitioning=[Partitioning("measured_at", "month")],
    )
    more = readings.append_column("unit", pa.array(["m3", "m3"]))
    lakehouse.write("eau", more, load_id="b2", operation="telemetry", replace=False)
    table = lakehouse.table("eau")
    assert str(table.spec().fields[0].transform) == "month"
    rows = lakehouse.read("eau")
    assert rows.num_rows == 4 and rows.column("unit").null_count == 2
    assert lakehouse.dataset_ids() == ["eau"]


def test_a_dataset_id_that_is_not_a_table_name_is_refused(lakehouse: Lakehouse) -> None:
    with pytest.raises(ValueError, match="dataset id"):
        lakehouse.identifier("../etc")
    with pytest.raises(UnknownTable):
        lakehouse.versions("never-loaded")


def test_diff_by_key_and_without_key() -> None:
    before = grants(("1", "Club", 1000.0), ("2", "Chorale", 500.0))
    after = grants(("1", "Club", 1200.0), ("3", "Théâtre", 800.0))
    keyed = diff_tables(before, after, key=["id"])
    assert keyed.added.column("id").to_pylist() == ["3"]
    assert keyed.removed.column("id").to_pylist() == ["2"]
    assert keyed.changed.to_pylist() == [{"id": "1", "beneficiaire": "Club", "montant": 1200.0}]
    plain = diff_tables(before, after, key=[])
    assert sorted(plain.added.column("id").to_pylist()) == ["1", "3"]
    assert sorted(plain.removed.column("id").to_pylist()) == ["1", "2"]
    assert plain.changed.num_rows == 0


def test_a_quote_in_a_column_name_stays_an_identifier() -> None:
    before = pa.table({'a"b': ["1"], "v": [1]})
    after = pa.table({'a"b': ["1"], "v": [2]})
    assert diff_tables(before, after, key=['a"b']).changed.num_rows == 1
    assert run_query("SELECT count(*) AS n FROM t", {"t": after}).to_pylist() == [{"n": 1}]


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_erasure_leaves_no_trace_of_the_person_in_any_file(
    lakehouse: Lakehouse, tmp_path: Path
) -> None:
    for n in range(3):
        lakehouse.write(
            "aides",
            grants((str(n), "Zoé Quintard-Vasseur", 10.0 + n), ("9", "Autre personne", 1.0)),
            load_id=f"l{n}",
            operation="load",
            replace=n == 0,
        )
    warehouse = tmp_path / "warehouse"
    assert b"Quintard-Vasseur" in _all_bytes(warehouse)
    result = TableMaintenance(lakehouse=lakehouse).erase(
        "aides", EqualTo(term="beneficiaire", value="Zoé Quintard-Vasseur")
    )
    assert result.files_removed > 0
    assert lakehouse.read("aides").column("beneficiaire").to_pylist() == ["Autre personne"] * 3
    assert b"Quintard-Vasseur" not in _all_bytes(warehouse)
    assert [v.operation for v in lakehouse.versions("aides")] == ["erasure"]


def test_expiry_keeps_the_last_versions_and_deletes_only_their_unused_files(
    lakehouse: Lakehouse, tmp_path: Path
) -> None:
    for n in range(4):
        lakehouse.write(
            "a",
            grants((str(n), f"b{n}", float(n))),
            load_id=f"l{n}",
            operation="load",
            replace=True,
        )
    versions = lakehouse.versions("a")
    result = TableMaintenance(lakehouse=lakehouse).expire(
        "a", older_than=datetime.now(UTC) + timedelta(seconds=1), keep_last=2
    )
    assert [v.snapshot_id for v in lakehouse.versions("a")] == [
        v.snapshot_id for v in versions[-2:]
    ]
    assert result.snapshots_expired >= 2 and result.files_removed >= 2
    # The versions kept are still readable after their neighbours' files went.
    assert lakehouse.read("a", snapshot_id=versions[-2].snapshot_id).column("id").to_pylist() == [
        "2"
    ]


def test_compaction_merges_appended_files_into_one_with_the_same_rows(
    lakehouse: Lakehouse,
) -> None:
    for n in range(5):
        lakehouse.write(
            "t", grants((str(n), "x", 1.0)), load_id=f"l{n}", operation="telemetry", replace=False
        )
    maintenance = TableMaintenance(lakehouse=lakehouse)
    result = maintenance.compact("t")
    assert (result.files_before, result.files_after) == (5, 1)
    assert sorted(lakehouse.read("t").column("id").to_pylist()) == ["0", "1", "2", "3", "4"]
    assert maintenance.compact("t").files_after == 1
