"""The grants' beneficiary category: derived by the declared rule from the SCDL identifiers
(an RNA number: association; a SIREN starting with 1 or 2: public body; another SIRET:
company or other body; none: unidentified), computed by DuckDB embedded, written for Trino
the same way, filtered and suppressed like any dimension."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.lakehouse.engines import Dialect
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.declarations import (
    Count,
    CountLess,
    Equals,
    referenced_columns,
)
from collectivia.officials_analytics.indicators.engine import Cell, Indicators, pushed_filter
from collectivia.officials_analytics.indicators.sql import Scope, statement
from collectivia.officials_analytics.indicators.territory import (
    BENEFICIARY_CATEGORY,
    DELIVERIES_ON_TIME,
    GRANTS,
    GRANTS_AMOUNT,
    GRANTS_AWARDED,
)
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.errors import InvalidInput

ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
DAY = date(2026, 3, 10)
ASSOCIATION = messages.GRANT_BENEFICIARY_ASSOCIATION
PUBLIC = messages.GRANT_BENEFICIARY_PUBLIC_BODY
COMPANY = messages.GRANT_BENEFICIARY_COMPANY_OR_OTHER
UNIDENTIFIED = messages.GRANT_BENEFICIARY_UNIDENTIFIED


def values(cells: Iterable[Cell]) -> dict[tuple[str, ...], float | None]:
    return {c.dimensions: c.value for c in cells}


def grants_table(
    rows: list[tuple[date, str, str, float]], identifiers: list[tuple[str | None, str | None]]
) -> pa.Table:
    """(date, beneficiary, object, amount) and each one's (SIRET, RNA), as the lake has them."""
    return pa.table(
        {
            "dateConvention": pa.array([r[0] for r in rows], pa.date32()),
            "nomBeneficiaire": [r[1] for r in rows],
            "idBeneficiaire": pa.array([i[0] for i in identifiers], pa.string()),
            "rnaBeneficiaire": pa.array([i[1] for i in identifiers], pa.string()),
            "objet": [r[2] for r in rows],
            "nature": ["aide en numéraire"] * len(rows),
            "montant": pa.array([r[3] for r in rows], pa.float64()),
        }
    )


@pytest.fixture
def indicators(tmp_path: Path) -> Indicators:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}", warehouse=str(tmp_path / "wh")
    )
    warehouse = Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )
    rows, identifiers = [], []

    def grant(name: str, amount: float, siret: str | None, rna: str | None) -> None:
        rows.append((DAY, name, "Fonctionnement", amount))
        identifiers.append((siret, rna))

    for n in range(6):
        grant(f"Club {n}", 1000.0, f"448948281{n:05d}", f"W57000000{n}")
    # An association is one even when its SIRET looks public: the RNA number comes first.
    grant("Amicale du personnel", 500.0, "21570463000019", "W570000099")
    for n in range(5):
        grant(f"Commune {n}", 2000.0, f"2157046{n}000019", None)
    for n in range(3):
        grant(f"Librairie {n}", 700.0, f"641641873{n:05d}", None)
    # No identifier, or one that is not one (a lower-case RNA, a SIRET too short).
    grant("Collectif sans numéro", 300.0, None, None)
    grant("Mal saisi", 300.0, "6416418", "w570000001")
    warehouse.lake.write(
        GRANTS, grants_table(rows, identifiers), load_id="s", operation="t", replace=True
    )
    return Indicators(warehouse, today=lambda: date(2026, 11, 20))


def test_each_beneficiary_gets_the_category_its_identifiers_tell(indicators: Indicators) -> None:
    counted = indicators.query(
        ADMIN,
        GRANTS_AWARDED.name,
        group_by=["beneficiary_category"],
        first_month="2026-01",
        last_month="2026-06",
    )
    # Companies (3 beneficiaries) and the unidentified (2) are under five: hidden together.
    assert values(counted.cells) == {
        (ASSOCIATION,): 7.0,
        (PUBLIC,): 5.0,
        (COMPANY,): None,
        (UNIDENTIFIED,): None,
    }
    amounts = indicators.query(
        ADMIN,
        GRANTS_AMOUNT.name,
        group_by=["month", "beneficiary_category"],
        first_month="2026-01",
        last_month="2026-06",
    )
    assert values(amounts.cells)[("2026-03", PUBLIC)] == 10_000.0


def test_a_category_filters_like_any_dimension(indicators: Indicators) -> None:
    public = indicators.query(
        ADMIN,
        GRANTS_AMOUNT.name,
        filters={"beneficiary_category": [PUBLIC]},
        first_month="2026-01",
        last_month="2026-06",
    )
    assert values(public.cells) == {(): 10_000.0}
    assert public.filters == (("beneficiary_category", (PUBLIC,)),)
    # A filter that leaves fewer than five beneficiaries shows nothing of them.
    companies = indicators.query(
        ADMIN,
        GRANTS_AWARDED.name,
        filters={"beneficiary_category": [COMPANY]},
        first_month="2026-01",
        last_month="2026-06",
    )
    assert values(companies.cells) == {(): None}


def test_an_unknown_dimension_is_refused_in_french(indicators: Indicators) -> None:
    with pytest.raises(InvalidInput) as refused:
        indicators.query(ADMIN, GRANTS_AWARDED.name, group_by=["categorie"])
    assert "beneficiary_category" in refused.value.detail


def test_the_rule_is_bound_in_both_dialects_and_never_pushed_into_a_scan() -> None:
    scope = Scope("2026-01", "2026-06", None, (("beneficiary_category", (ASSOCIATION,)),))
    dialects: tuple[tuple[Dialect, str], ...] = (
        ("duckdb", "regexp_matches"),
        ("trino", "regexp_like"),
    )
    for dialect, matches in dialects:
        built = statement(GRANTS_AWARDED, [BENEFICIARY_CATEGORY], scope, dialect)
        assert built.sql.count(f"{matches}(") == 6  # three rules, in SELECT and WHERE
        assert "W[0-9]" not in built.sql and ASSOCIATION not in built.sql
        assert built.sql.count("?") == len(built.parameters)
    assert repr(pushed_filter(GRANTS_AWARDED, GRANTS, scope)) == "AlwaysTrue()"
    read = referenced_columns(GRANTS_AWARDED)
    assert f"{GRANTS}.rnaBeneficiaire" in read and f"{GRANTS}.idBeneficiaire" in read
    # The beneficiary is never a dimension: only its category.
    assert GRANTS_AWARDED.privacy_unit == f"{GRANTS}.nomBeneficiaire"


def test_a_difference_of_counts_refuses_a_derived_dimension() -> None:
    odd = DELIVERIES_ON_TIME.__class__(
        **{
            **DELIVERIES_ON_TIME.__dict__,
            "dimensions": (*DELIVERIES_ON_TIME.dimensions, BENEFICIARY_CATEGORY),
            "aggregate": CountLess("lake_deliveries", (Equals("lake_deliveries.status", "x"),)),
        }
    )
    assert isinstance(GRANTS_AWARDED.aggregate, Count)
    with pytest.raises(ValueError, match="columns only"):
        statement(odd, [], Scope("2026-01", "2026-06", None))
