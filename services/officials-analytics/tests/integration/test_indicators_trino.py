"""The indicators at scale: the demo's months of activity written through the sink's writer
into the PostgreSQL catalog and the S3 warehouse (versitygw), with the lake's datasets the
territory's indicators read (a budget by year, grants by date, deliberations by timestamp),
then every declared indicator computed by DuckDB embedded and by Trino 476 on the same
tables — the total, the finest grouping (every dimension at once: each dimension's
expression and the aggregate at once) and a commune's months: the same cells (values within
rounding, the same suppression); the content gaps and the forecasts' monthly series too.
Trino unreachable: 503 over HTTP, UNAVAILABLE over gRPC, in French."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta

import grpc
import httpx
import pyarrow as pa
import pytest
from pyiceberg.expressions import AlwaysTrue

from collectivia.analytics.v1 import analytics_pb2, analytics_pb2_grpc
from collectivia.lakehouse.engines import (
    EmbeddedDuckDb,
    QueryEngine,
    TrinoAddress,
    TrinoEngine,
)
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.forecasts.facts import WarehouseFacts
from collectivia.officials_analytics.forecasts.series import (
    SOURCE_COLUMNS,
    SOURCE_TABLES,
    SeriesKind,
    query_series,
    telemetry_datasets,
)
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.indicators.engine import Cell, Indicators
from collectivia.officials_analytics.sink.area import AREA as SINK
from collectivia.officials_analytics.sink.demo import demo_days, seed_demo_into
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.testkit.french import assert_french, french_problem
from collectivia.testkit.processes import free_port
from collectivia.testkit.servers import KafkaServer, KeycloakServer, LakeScaleOut
from collectivia.testkit.tokens import DemoTokens, bearer
from officials_analytics_testing.running import running_analytics

pytestmark = pytest.mark.integration

TODAY = date(2026, 4, 20)
# Two months of the demo's activity (March and April 2026): every kind of fact, at a
# fraction of the load; the period asked still holds the lake's January budget.
MONTHS = 2
EVERY_MONTH = sorted({(day.strftime("%Y-%m"),) for day in demo_days(TODAY, MONTHS)})
FIRST, LAST = "2026-01", "2026-04"
ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
METZ = "57463"
OFFICIAL = Viewer(roles=frozenset({"official"}), communes=(METZ,))
# Every declared indicator, those added to the catalogue since included.
ON_ANALYTICS = [i for i in INDICATORS if all(store == "analytics" for _t, store in i.tables)]
ON_THE_LAKE = [i for i in INDICATORS if i not in ON_ANALYTICS]


def storage_at_scale(scale_out: LakeScaleOut, suffix: str) -> StorageSettings:
    return StorageSettings(
        catalog_url=scale_out.catalog_url,
        catalog_name=scale_out.catalog_name,
        warehouse=scale_out.warehouse,
        s3_endpoint=scale_out.s3_endpoint,
        s3_access_key_id=scale_out.s3_access_key_id,
        s3_secret_access_key=scale_out.s3_secret_access_key,
        s3_region=scale_out.s3_region,
        namespace=f"analytics_trino_{suffix}",
        lake_namespace=f"lake_trino_{suffix}",
    )


def trino_of(scale_out: LakeScaleOut) -> TrinoEngine:
    return TrinoEngine(
        TrinoAddress(
            url=f"http://{scale_out.trino_host}:{scale_out.trino_port}",
            catalog=scale_out.trino_catalog,
            user="collectivia-tests",
        )
    )


def drop_namespaces(scale_out: LakeScaleOut, namespaces: Sequence[str]) -> None:
    with scale_out.trino_connection() as connection:  # the tables' files go with them
        cursor = connection.cursor()
        for namespace in namespaces:
            cursor.execute(f"SHOW TABLES FROM {namespace}")
            for (table,) in cursor.fetchall():
                cursor.execute(f'DROP TABLE "{namespace}"."{table}"')
                cursor.fetchall()
            cursor.execute(f"DROP SCHEMA {namespace}")
            cursor.fetchall()


@pytest.fixture(scope="module")
def warehouse(
    lake_scale_out: LakeScaleOut, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Warehouse]:
    storage = storage_at_scale(lake_scale_out, uuid.uuid4().hex[:8])
    analytics = storage.open_lakehouse(storage.namespace)
    lake = storage.open_lakehouse(storage.lake_namespace)
    database = create_database_engine(f"sqlite:///{tmp_path_factory.mktemp('sink') / 'sink.db'}")
    try:
        create_tables(database, [model.__table__ for model in SINK.tables])
        writer = SinkWriter(create_session_factory(database), analytics)
        writer.ensure_tables()
        outcome = seed_demo_into(writer, TODAY, months=MONTHS)
        assert outcome.committed_rows > 1000
        for dataset, rows in lake_datasets(random.Random(57)).items():
            lake.write(dataset, rows, load_id=dataset, operation="test", replace=True)
        yield Warehouse(analytics=analytics, lake=lake)
    finally:
        database.dispose()
        drop_namespaces(lake_scale_out, [storage.namespace, storage.lake_namespace])


def lake_datasets(rng: random.Random) -> dict[str, pa.Table]:
    """The lake's datasets of the territory's indicators, as the data lake writes them (SCDL
    names; a year, a date, a UTC timestamp to derive months from)."""
    budget = [
        (year, stage, way, operation, section, nature, rng.uniform(1e3, 1e6), rng.uniform(0, 1e6))
        for year in (2025, 2026)
        for stage in ("budget primitif", "compte administratif")
        for way in ("dépense", "recette")
        for operation in ("réel", "ordre")
        for section in ("fonctionnement", "investissement")
        for nature in ("Charges de personnel", "Subventions", "Travaux", "Achats")
    ]
    grants = [
        (date(2026, 1, 1) + timedelta(days=rng.randrange(130)), rng.randrange(40))
        for _ in range(120)
    ]
    # Late evenings in UTC: the first hours of the next day (and month) in Paris.
    sittings = [
        datetime(2026, month, 1, 18, tzinfo=UTC) - timedelta(hours=rng.choice([0, 2, 20]))
        for month in (1, 2, 3, 4, 5)
        for _ in range(rng.randrange(3, 9))
    ]
    return {
        "budget": pa.table(
            {
                "BGT_ANNEE": pa.array([r[0] for r in budget], pa.int32()),
                "BGT_NATDEC": [r[1] for r in budget],
                "BGT_CODRD": [r[2] for r in budget],
                "BGT_OPBUDG": [r[3] for r in budget],
                "BGT_SECTION": [r[4] for r in budget],
                "BGT_NATURE_LABEL": [r[5] for r in budget],
                "BGT_FONCTION_LABEL": ["Services généraux"] * len(budget),
                "BGT_CREDOUV": [r[6] for r in budget],
                "BGT_MTREAL": [r[7] for r in budget],
            }
        ),
        "subventions-associations": pa.table(
            {
                "dateConvention": pa.array([g[0] for g in grants], pa.date32()),
                "nomBeneficiaire": [f"Bénéficiaire {g[1]}" for g in grants],
                # A quarter of public bodies, a quarter of companies, associations.
                "idBeneficiaire": [
                    [f"2157{g[1]:010d}", f"4489{g[1]:010d}", None, f"5012{g[1]:010d}"][g[1] % 4]
                    for g in grants
                ],
                "rnaBeneficiaire": [f"W57{g[1]:07d}" if g[1] % 4 >= 2 else None for g in grants],
                "objet": [rng.choice(["Sport", "Culture", "Social"]) for _ in grants],
                "nature": [rng.choice(["aide en numéraire", "aide en nature"]) for _ in grants],
                "montant": [rng.uniform(100, 20_000) for _ in grants],
            }
        ),
        "deliberations": pa.table(
            {
                "DELIB_DATE": pa.array(sittings, pa.timestamp("us", tz="UTC")),
                "DELIB_MATIERE_NOM": [
                    rng.choice(["Finances locales/Subventions", "Urbanisme/Documents"])
                    for _ in sittings
                ],
            }
        ),
    }


@pytest.fixture(scope="module")
def on_duckdb(warehouse: Warehouse) -> Indicators:
    return Indicators(warehouse, engine=EmbeddedDuckDb(), today=lambda: TODAY)


@pytest.fixture(scope="module")
def on_trino(warehouse: Warehouse, lake_scale_out: LakeScaleOut) -> Indicators:
    return Indicators(warehouse, engine=trino_of(lake_scale_out), today=lambda: TODAY)


def groupings(indicator: Indicator) -> list[list[str]]:
    """The total (a statement without GROUP BY), by month (what the dashboards ask), every
    dimension at once (each dimension's expression, the aggregate at the finest grain):
    suppression, applied here to the cells of either engine, needs no other grouping to
    compare them."""
    return [[], ["month"], list(indicator.dimension_names)]


def assert_same_cells(indicator: Indicator, duckdb: Sequence[Cell], trino: Sequence[Cell]) -> None:
    assert [(c.dimensions, c.suppressed) for c in trino] == [
        (c.dimensions, c.suppressed) for c in duckdb
    ]
    # Sums in another order may differ in their last bits: one unit of the last decimal.
    tolerance = 10.0**-indicator.decimals + 1e-9
    for ours, theirs in zip(duckdb, trino, strict=True):
        if ours.value is None or theirs.value is None:
            assert ours.value is theirs.value is None, ours.dimensions
        else:
            assert math.isclose(ours.value, theirs.value, abs_tol=tolerance), ours.dimensions


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.name)
def test_trino_computes_the_same_cells_as_duckdb(
    on_duckdb: Indicators, on_trino: Indicators, indicator: Indicator
) -> None:
    for group_by in groupings(indicator):
        duckdb = on_duckdb.query(
            ADMIN, indicator.name, group_by=group_by, first_month=FIRST, last_month=LAST
        ).cells
        trino = on_trino.query(
            ADMIN, indicator.name, group_by=group_by, first_month=FIRST, last_month=LAST
        ).cells
        assert_same_cells(indicator, duckdb, trino)
    if indicator.per_commune:
        # The commune filter, as an official of Metz has it.
        mine = on_duckdb.query(
            OFFICIAL, indicator.name, group_by=["month"], first_month=FIRST, last_month=LAST
        )
        theirs = on_trino.query(
            OFFICIAL, indicator.name, group_by=["month"], first_month=FIRST, last_month=LAST
        )
        assert mine.communes == theirs.communes == (METZ,)
        assert_same_cells(indicator, mine.cells, theirs.cells)


def test_the_demo_gives_figures_worth_comparing(
    on_duckdb: Indicators, on_trino: Indicators
) -> None:
    asked = on_trino.query(
        ADMIN, "questions-posees", group_by=["month"], first_month=FIRST, last_month=LAST
    ).cells
    assert [c.dimensions for c in asked] == EVERY_MONTH
    assert all(c.value is not None and c.value > 100 for c in asked)
    shown = [
        c
        for i in ON_ANALYTICS
        for c in on_duckdb.query(
            ADMIN, i.name, group_by=["month"], first_month=FIRST, last_month=LAST
        ).cells
        if not c.suppressed
    ]
    # Most indicators have figures most months.
    assert len(shown) >= 3 * len(EVERY_MONTH) * len(ON_ANALYTICS) // 4
    # The lake's datasets: each indicator on those written here has figures, by month too
    # (derived from a year, a date, a timestamp near midnight).
    written = {"budget", "subventions-associations", "deliberations"}
    for indicator in ON_THE_LAKE:
        if {table for table, store in indicator.tables if store == "lake"} <= written:
            for group_by in ([], ["month"]):
                cells = on_trino.query(
                    ADMIN, indicator.name, group_by=group_by, first_month=FIRST, last_month=LAST
                ).cells
                assert any(not c.suppressed for c in cells), (indicator.name, group_by)
    deliberations = on_trino.query(
        ADMIN, "deliberations-adoptees", group_by=["month"], first_month=FIRST, last_month=LAST
    ).cells
    assert [c.dimensions for c in deliberations] == [
        ("2026-01",),
        ("2026-02",),
        ("2026-03",),
        ("2026-04",),
    ]


def test_a_write_is_seen_by_trino_at_its_new_snapshot(
    warehouse: Warehouse, on_trino: Indicators
) -> None:
    before = on_trino.query(ADMIN, "incidents-ia", first_month=FIRST, last_month=LAST).cells
    incident = {
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime(2026, 2, 3, 10, tzinfo=UTC),
        "month": "2026-02",
        "system_id": str(uuid.uuid4()),
        "kind": "incident-reported",
        "status": "",
        "risk_class": "",
        "severity": "high",
    }
    warehouse.analytics.write(
        "register-events",
        pa.Table.from_pylist([incident], schema=TABLES["register_events"]),
        load_id=str(uuid.uuid4()),
        operation="test",
        replace=False,
    )
    after = on_trino.query(ADMIN, "incidents-ia", first_month=FIRST, last_month=LAST).cells
    total = before[0].value if before and before[0].value is not None else 0.0
    assert [c.value for c in after] == [total + 1]


# --- the content gaps and the forecasts' series, on both engines --------------------------------


def test_the_content_gaps_are_the_same_on_both_engines(
    on_duckdb: Indicators, on_trino: Indicators, warehouse: Warehouse
) -> None:
    duckdb, trino = Gaps(warehouse, on_duckdb), Gaps(warehouse, on_trino)
    # One month: fewer wordings for the privacy guard to mask (its model is the cost here).
    for viewer in (ADMIN, OFFICIAL):
        ours = duckdb.gaps(viewer, first_month=LAST, last_month=LAST)
        theirs = trino.gaps(viewer, first_month=LAST, last_month=LAST)
        assert theirs == ours
    # Worth comparing: themes shown, groups of questions.
    everywhere = trino.gaps(ADMIN, first_month=LAST, last_month=LAST)
    assert any(not t.suppressed for t in everywhere.themes)
    assert everywhere.questions and everywhere.questions[0].conversations >= 5


def test_the_forecasts_series_are_the_same_on_both_engines(
    warehouse: Warehouse, lake_scale_out: LakeScaleOut
) -> None:
    engines: dict[str, QueryEngine] = {
        "duckdb": EmbeddedDuckDb(),
        "trino": trino_of(lake_scale_out),
    }
    facts = {name: WarehouseFacts(warehouse, engine=e) for name, e in engines.items()}
    for kind in SeriesKind:
        columns = SOURCE_COLUMNS[kind]
        built = {
            name: query_series(
                kind,
                one.engine,
                one.table(SOURCE_TABLES[kind], columns, AlwaysTrue()),
                before_month="2026-05",
                min_group_size=5,
            )
            for name, one in facts.items()
        }
        assert built["trino"].keys() == built["duckdb"].keys(), kind
        assert len(built["trino"]) > 3, kind  # the territory, communes, themes
        for key, ours in built["duckdb"].items():
            theirs = built["trino"][key]
            assert (theirs.months, theirs.masked, theirs.missing) == (
                ours.months,
                ours.masked,
                ours.missing,
            )
            for mine, other in zip(ours.values, theirs.values, strict=True):
                assert (mine is None and other is None) or math.isclose(
                    mine or 0.0, other or 0.0, rel_tol=1e-9
                ), key
    water = {
        name: telemetry_datasets(
            one.engine,
            one.table("lake_telemetry", SOURCE_COLUMNS[SeriesKind.WATER], AlwaysTrue()),
            before_month="2026-05",
            water_measure="consommation",
        )
        for name, one in facts.items()
    }
    assert water["trino"] == water["duckdb"] != []


# --- Trino unreachable ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unreachable(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("trino-down")
    storage = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    down = TrinoEngine(
        TrinoAddress(url=f"http://127.0.0.1:{free_port()}", catalog="lake", user="tests")
    )
    warehouse = Warehouse(
        analytics=storage.open_lakehouse("analytics"),
        lake=storage.open_lakehouse("collectivia"),
        query_engine=down,
    )
    with running_analytics(
        kafka_server, keycloak_server, folder, supplied=[storage, warehouse]
    ) as running:
        yield running.base_url, running.grpc_target


def test_trino_unreachable_is_503_and_unavailable_in_french(
    unreachable: tuple[str, str], demo_tokens: DemoTokens
) -> None:
    base_url, grpc_target = unreachable
    token = demo_tokens.for_role("admin", audience="officials-analytics")
    with httpx.Client(base_url=base_url, timeout=30) as http:
        answer = http.get("/v1/kpis/questions-posees", headers=bearer(token))
        # The content gaps and the forecasts' series go through the same engine.
        gaps = http.get("/v1/gaps", headers=bearer(token))
        series = http.get("/v1/forecasts", params={"series": "demand"}, headers=bearer(token))
    for refused_answer in (answer, gaps, series):
        problem = french_problem(refused_answer, 503)
        assert problem["detail"] == messages.QUERY_ENGINE_UNAVAILABLE
    with grpc.insecure_channel(grpc_target) as channel:
        stub = analytics_pb2_grpc.AnalyticsServiceStub(channel)
        with pytest.raises(grpc.RpcError) as refused:
            stub.QueryKpi(
                analytics_pb2.QueryKpiRequest(kpi="questions-posees"),
                metadata=(("authorization", f"Bearer {token}"),),
            )
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
    assert refused.value.details() == messages.QUERY_ENGINE_UNAVAILABLE
    assert_french(refused.value.details() or "")
