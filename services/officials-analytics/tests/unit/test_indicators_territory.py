"""The territory's indicators through the engine, on small Arrow tables written to a
temporary lakehouse as the data lake writes them (SCDL column names and types): the month
derived from a date, a timestamp or a budget's year; the budget's voted and executed
expenses and its execution rate; grants shown only from five beneficiaries; deliberations
by subject; DSP deliveries on time, late and their share, per contract."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS, check_catalogue
from collectivia.officials_analytics.indicators.declarations import (
    Join,
    MonthOf,
    referenced_columns,
)
from collectivia.officials_analytics.indicators.engine import Cell, Indicators, pushed_filter
from collectivia.officials_analytics.indicators.lake_datasets import month_of
from collectivia.officials_analytics.indicators.periods import Period
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.indicators.territory import (
    BUDGET_EXECUTED,
    DELIBERATIONS_ADOPTED,
    DELIVERIES_ON_TIME,
    DELIVERIES_ON_TIME_SHARE,
    GRANTS_AWARDED,
)
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse

ADMIN = Viewer(roles=frozenset({"admin"}), communes=())


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}", warehouse=str(tmp_path / "wh")
    )
    return Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )


@pytest.fixture
def indicators(warehouse: Warehouse) -> Indicators:
    return Indicators(warehouse, today=lambda: date(2026, 11, 20))


def values(cells: Iterable[Cell]) -> dict[tuple[str, ...], float | None]:
    return {c.dimensions: c.value for c in cells}


# --- the month of a lake dataset ---------------------------------------------------------


def test_the_month_is_derived_from_a_date_a_timestamp_a_year_or_text() -> None:
    years = pa.array([2024, None, 2026], pa.int32())
    assert month_of(years).to_pylist() == ["2024-01", None, "2026-01"]
    days = pa.chunked_array([pa.array([date(2026, 3, 31), None], pa.date32())])
    assert month_of(days).to_pylist() == ["2026-03", None]
    # 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time): April.
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    stamps = pa.array([late, datetime(2026, 1, 31, 22, 30, tzinfo=UTC)], pa.timestamp("us", "UTC"))
    assert month_of(stamps).to_pylist() == ["2026-04", "2026-01"]
    naive = pa.array([datetime(2026, 3, 31, 22, 30)], pa.timestamp("us"))  # taken as UTC
    assert month_of(naive).to_pylist() == ["2026-04"]
    text = pa.array(["2026-03-05", "2026-03-05T10:00:00+01:00", "mars 2026", "2026-13-01", None])
    assert month_of(text).to_pylist() == ["2026-03", "2026-03", None, None, None]
    assert month_of(pa.array([1.5, 2.0])).to_pylist() == [None, None]
    # Text kept dictionary-encoded in memory (the rows cache) reads the same.
    encoded = pa.chunked_array([pa.array(["2026-03-05", "x"]).dictionary_encode()])
    assert month_of(encoded).to_pylist() == ["2026-03", None]


def test_a_derived_month_reads_its_date_column_and_is_not_pushed_into_the_scan() -> None:
    assert DELIBERATIONS_ADOPTED.month_column == "deliberations._month"
    assert referenced_columns(DELIBERATIONS_ADOPTED) == (
        "deliberations.DELIB_DATE",
        "deliberations.DELIB_MATIERE_NOM",
    )
    scope = Scope("2026-01", "2026-03", None)
    assert repr(pushed_filter(DELIBERATIONS_ADOPTED, "deliberations", scope)) == "AlwaysTrue()"
    built = statement(DELIBERATIONS_ADOPTED, [], scope)
    assert '"t0"."_month" BETWEEN ? AND ?' in built.sql
    assert built.parameters == ("2026-01", "2026-03")


# --- the budget --------------------------------------------------------------------------


def budget_table(rows: list[tuple[Any, ...]]) -> pa.Table:
    """(exercise, stage, direction, operation, section, nature, opened, spent)"""
    return pa.table(
        {
            "BGT_ANNEE": pa.array([r[0] for r in rows], pa.int32()),
            "BGT_NATDEC": [r[1] for r in rows],
            "BGT_CODRD": [r[2] for r in rows],
            "BGT_OPBUDG": [r[3] for r in rows],
            "BGT_SECTION": [r[4] for r in rows],
            "BGT_NATURE_LABEL": [r[5] for r in rows],
            "BGT_FONCTION_LABEL": ["Services généraux"] * len(rows),
            "BGT_CREDOUV": pa.array([r[6] for r in rows], pa.float64()),
            "BGT_MTREAL": pa.array([r[7] for r in rows], pa.float64()),
        }
    )


PRIMITIVE, ACCOUNT = "budget primitif", "compte administratif"
FONCTIONNEMENT, INVESTISSEMENT = "fonctionnement", "investissement"


def test_the_budget_voted_and_executed_per_exercise_and_section(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    rows = [
        (2024, PRIMITIVE, "dépense", "réel", FONCTIONNEMENT, "Personnel", 100.0, None),
        (2025, PRIMITIVE, "dépense", "réel", FONCTIONNEMENT, "Personnel", 110.0, None),
        (2025, PRIMITIVE, "dépense", "réel", INVESTISSEMENT, "Travaux", 50.0, None),
        (2025, ACCOUNT, "dépense", "réel", FONCTIONNEMENT, "Personnel", 120.0, 114.0),
        (2025, ACCOUNT, "dépense", "réel", INVESTISSEMENT, "Travaux", 80.0, 40.0),
        # Neither revenue nor the accounting transfers count as expenses.
        (2025, ACCOUNT, "recette", "réel", FONCTIONNEMENT, "Impôts", 900.0, 950.0),
        (2025, ACCOUNT, "dépense", "ordre", FONCTIONNEMENT, "Amortissements", 30.0, 30.0),
        (2026, PRIMITIVE, "dépense", "réel", FONCTIONNEMENT, "Personnel", 125.0, None),
    ]
    warehouse.lake.write("budget", budget_table(rows), load_id="b", operation="t", replace=True)
    period = Period("2024-01", "2026-11")
    voted = indicators.query(
        ADMIN,
        "depenses-votees",
        group_by=["exercise"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(voted.cells) == {("2024",): 100.0, ("2025",): 160.0, ("2026",): 125.0}
    # An exercise counts in January of its year: a period from June to May holds one.
    one = indicators.query(ADMIN, "depenses-votees", first_month="2025-06", last_month="2026-05")
    assert values(one.cells) == {(): 125.0}
    by_month = indicators.query(
        ADMIN,
        "depenses-votees",
        group_by=["month"],
        first_month=period.first,
        last_month=period.last,
    )
    assert [c.dimensions for c in by_month.cells] == [("2024-01",), ("2025-01",), ("2026-01",)]
    executed = indicators.query(
        ADMIN,
        BUDGET_EXECUTED.name,
        group_by=["exercise", "section"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(executed.cells) == {
        ("2025", FONCTIONNEMENT): 114.0,
        ("2025", INVESTISSEMENT): 40.0,
    }
    rate = indicators.query(
        ADMIN,
        "taux-execution-depenses",
        group_by=["section"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(rate.cells) == {(FONCTIONNEMENT,): 95.0, (INVESTISSEMENT,): 50.0}
    overall = indicators.query(
        ADMIN, "taux-execution-depenses", first_month=period.first, last_month=period.last
    )
    assert values(overall.cells) == {(): 77.0}  # 154 of 200
    # The collectivity's facts: nothing is suppressed, and there is no commune.
    assert not voted.indicator.per_commune and voted.indicator.min_group_size == 1


# --- grants --------------------------------------------------------------------------------


def grants_table(
    rows: list[tuple[date, str, str, float]],
    identifiers: list[tuple[str | None, str | None]] | None = None,
) -> pa.Table:
    """(date, beneficiary, object, amount); ``identifiers``: each one's (SIRET, RNA)."""
    ids = identifiers or [(None, None)] * len(rows)
    return pa.table(
        {
            "dateConvention": pa.array([r[0] for r in rows], pa.date32()),
            "nomBeneficiaire": [r[1] for r in rows],
            "idBeneficiaire": pa.array([i[0] for i in ids], pa.string()),
            "rnaBeneficiaire": pa.array([i[1] for i in ids], pa.string()),
            "objet": [r[2] for r in rows],
            "nature": ["aide en numéraire"] * len(rows),
            "montant": pa.array([r[3] for r in rows], pa.float64()),
        }
    )


def test_grants_are_shown_from_five_beneficiaries_never_by_beneficiary(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    sport = [(date(2026, 2, 20), f"Club {n}", "Fonctionnement", 1000.0 * n) for n in range(1, 6)]
    sport += [(date(2026, 3, 2), f"Club {n}", "Manifestation", 100.0 * n) for n in range(1, 7)]
    # One sole trader (a person) alone in its month and object: never shown alone.
    trader = [(date(2026, 4, 10), "Librairie Dupuis", "Aide à l'installation", 7000.0)]
    # A beneficiary given twice is one beneficiary.
    twice = [(date(2026, 4, 12), "Club 1", "Fonctionnement", 500.0)] * 2
    warehouse.lake.write(
        "subventions-associations",
        grants_table(sport + trader + twice),
        load_id="s",
        operation="t",
        replace=True,
    )
    period = Period("2026-01", "2026-06")
    by_month = indicators.query(
        ADMIN,
        "montant-subventions",
        group_by=["month"],
        first_month=period.first,
        last_month=period.last,
    )
    # April's two beneficiaries are too few; February, the smallest other group (five
    # beneficiaries), is hidden too, so that the total does not give April away.
    assert values(by_month.cells) == {
        ("2026-02",): None,
        ("2026-03",): 2100.0,
        ("2026-04",): None,
    }
    counted = indicators.query(
        ADMIN,
        GRANTS_AWARDED.name,
        group_by=["object"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(counted.cells) == {
        ("Aide à l'installation",): None,
        ("Fonctionnement",): None,  # five beneficiaries: hidden, else the total gives it away
        ("Manifestation",): 6.0,
    }
    total = indicators.query(
        ADMIN, GRANTS_AWARDED.name, first_month=period.first, last_month=period.last
    )
    assert values(total.cells) == {(): 14.0}
    assert "beneficiary" not in GRANTS_AWARDED.dimension_names
    assert GRANTS_AWARDED.privacy_unit == "subventions-associations.nomBeneficiaire"


# --- deliberations -------------------------------------------------------------------------


def test_deliberations_by_month_and_subject(warehouse: Warehouse, indicators: Indicators) -> None:
    subjects = ["Finances locales/Subventions"] * 3 + ["Urbanisme/Documents d'urbanisme"]
    days = [date(2026, 3, 12)] * 3 + [date(2026, 4, 9)]
    warehouse.lake.write(
        "deliberations",
        pa.table({"DELIB_DATE": pa.array(days, pa.date32()), "DELIB_MATIERE_NOM": subjects}),
        load_id="d",
        operation="t",
        replace=True,
    )
    result = indicators.query(
        ADMIN, DELIBERATIONS_ADOPTED.name, group_by=["month", "subject"], first_month="2026-01"
    )
    assert values(result.cells) == {
        ("2026-03", "Finances locales/Subventions"): 3.0,
        ("2026-04", "Urbanisme/Documents d'urbanisme"): 1.0,
    }
    march = indicators.query(
        ADMIN, DELIBERATIONS_ADOPTED.name, first_month="2026-03", last_month="2026-03"
    )
    assert values(march.cells) == {(): 3.0}


# --- DSP deliveries ------------------------------------------------------------------------


def write_analytics(warehouse: Warehouse, table: str, rows: list[dict[str, Any]]) -> None:
    full = [
        {"event_id": str(uuid.uuid4()), "occurred_at": datetime(2026, 3, 20, tzinfo=UTC), **row}
        for row in rows
    ]
    warehouse.analytics.write(
        dataset_id(table),
        pa.Table.from_pylist(full, schema=TABLES[table]),
        load_id=str(uuid.uuid4()),
        operation="test",
        replace=False,
    )


def update(contract: str, month: str, mode: str = "replace") -> dict[str, Any]:
    return {"dataset_id": f"{contract}-data", "mode": mode, "contract_id": contract, "month": month}


def late(contract: str, month: str, status: str = "late") -> dict[str, Any]:
    return {
        "contract_id": contract,
        "dataset_id": f"{contract}-data",
        "period_start": f"{month}-01",
        "status": status,
        "month": month,
    }


def test_deliveries_on_time_and_late_per_contract(
    warehouse: Warehouse, indicators: Indicators
) -> None:
    write_analytics(
        warehouse,
        "lake_updates",
        [update("dsp-eau", "2026-02")] * 3
        + [update("dsp-eau", "2026-03")] * 2
        + [update("dsp-dechets", "2026-03")] * 4
        + [update("", "2026-03"), update("dsp-eau", "2026-03", mode="append")],
    )
    write_analytics(
        warehouse,
        "lake_deliveries",
        [
            late("dsp-eau", "2026-02"),
            late("dsp-eau", "2026-03"),
            late("dsp-eau", "2026-03"),
            late("dsp-dechets", "2026-03", "missing"),
            late("dsp-chaleur", "2026-03"),  # no delivery of this contract received
        ],
    )
    period = Period("2026-01", "2026-06")
    received = indicators.query(
        ADMIN,
        "livraisons-dsp-recues",
        group_by=["contract"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(received.cells) == {("dsp-dechets",): 4.0, ("dsp-eau",): 5.0}
    on_time = indicators.query(
        ADMIN,
        DELIVERIES_ON_TIME.name,
        group_by=["contract", "month"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(on_time.cells) == {
        ("dsp-dechets", "2026-03"): 4.0,  # a missing one is not a late arrival
        ("dsp-eau", "2026-02"): 2.0,
        ("dsp-eau", "2026-03"): 0.0,
    }
    share = indicators.query(
        ADMIN,
        DELIVERIES_ON_TIME_SHARE.name,
        group_by=["contract"],
        first_month=period.first,
        last_month=period.last,
    )
    assert values(share.cells) == {("dsp-dechets",): 100.0, ("dsp-eau",): 40.0}
    assert values(
        indicators.query(
            ADMIN, DELIVERIES_ON_TIME_SHARE.name, first_month=period.first, last_month=period.last
        ).cells
    ) == {(): round(100 * 6 / 9, 1)}
    # A filter on a dimension applies to both tables.
    water = indicators.query(
        ADMIN,
        DELIVERIES_ON_TIME.name,
        filters={"contract": ["dsp-eau"]},
        first_month=period.first,
        last_month=period.last,
    )
    assert values(water.cells) == {(): 2.0}


def test_the_sql_of_a_difference_binds_every_value() -> None:
    scope = Scope("2026-01", "2026-06", None, (("contract", ("dsp-eau",)),))
    dimension = DELIVERIES_ON_TIME.dimension("contract")
    assert dimension is not None
    built = statement(DELIVERIES_ON_TIME, [dimension], scope)
    for value in ("2026-01", "2026-06", "dsp-eau", "late", "replace"):
        assert value not in built.sql
    assert built.sql.count("?") == len(built.parameters)
    assert built.parameters == (
        "replace",
        "2026-01",
        "2026-06",
        "dsp-eau",
        "late",
        "2026-01",
        "2026-06",
        "dsp-eau",
    )
    assert built.registered == {"lake_updates": "src0", "lake_deliveries": "src1"}


def test_derived_declarations_the_engine_could_not_compute_are_refused() -> None:
    on_analytics = dataclasses.replace(
        DELIVERIES_ON_TIME,
        aggregate=GRANTS_AWARDED.aggregate,
        month=MonthOf("lake_updates.occurred_at"),
    )
    with pytest.raises(ValueError, match="not a lake dataset"):
        check_catalogue([on_analytics])
    joined = dataclasses.replace(
        DELIVERIES_ON_TIME, joins=(Join("lake_deliveries", on="contract_id"),)
    )
    with pytest.raises(ValueError, match="CountLess needs no joins"):
        check_catalogue([joined])


def test_the_lake_datasets_read_are_those_the_demo_declares() -> None:
    demo = Path(__file__).resolve().parents[4] / "infra" / "demo" / "lake.json"
    declared = {
        d["body"]["id"]: d["body"].get("schema_name")
        for d in json.loads(demo.read_text(encoding="utf-8"))["datasets"]
    }
    read = {table for i in INDICATORS for table, store in i.tables if store == "lake"}
    assert read == {"budget", "deliberations", "subventions-associations"}
    assert {dataset: declared.get(dataset) for dataset in read} == {
        "budget": "scdl/budget",
        "deliberations": "scdl/deliberations",
        "subventions-associations": "scdl/subventions",
    }
