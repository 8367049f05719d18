"""The territory's indicators from the real data lake: the demo's SCDL files
(``infra/demo/lake``) declared and loaded as ``make up`` does (``infra/demo/lake.json``),
validated at the lake's door, then computed by the officials' analytics over the lake's own
Iceberg tables and read over HTTP by the intercommunality. The figures are checked against
the CSV files themselves; an indicator whose dataset is not in the lake yet is refused in
French. The lake runs through its entry point; the analytics in this process, on the
lake's catalog."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from collectivia.officials_analytics.indicators.territory import BUDGET, DELIBERATIONS, GRANTS
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import french_problem
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from officials_analytics_testing.running import running_analytics, storage_in

pytestmark = pytest.mark.integration

DEMO = Path(__file__).resolve().parents[4] / "infra" / "demo"
BUDGET_PERIOD = {"from": "2024-01", "to": "2026-12"}
YEAR = {"from": "2025-12", "to": "2026-11"}


def demo_datasets() -> dict[str, dict[str, Any]]:
    """The demo's datasets that have a file of the demo collectivity, by id."""
    declared = json.loads((DEMO / "lake.json").read_text(encoding="utf-8"))["datasets"]
    return {d["body"]["id"]: d for d in declared if "file" in d}


def rows_of(dataset: str) -> list[dict[str, str]]:
    text = (DEMO / demo_datasets()[dataset]["file"]).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", audience="data-lake"))


@pytest.fixture(scope="module")
def lake(running_data_lake: ServiceProcess, steward: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running_data_lake.base_url, timeout=60) as client:
        for dataset in demo_datasets().values():
            created = client.post("/v1/datasets", json=dataset["body"], headers=steward)
            assert created.status_code == 201, created.text
        yield client


def load(lake: httpx.Client, steward: dict[str, str], dataset: str) -> None:
    path = DEMO / demo_datasets()[dataset]["file"]
    loaded = lake.post(
        f"/v1/datasets/{dataset}/loads",
        files={"file": (path.name, path.read_bytes(), "text/csv")},
        headers=steward,
    )
    assert loaded.status_code == 201, loaded.text  # valid against its national schema
    assert loaded.json()["rows"] == len(rows_of(dataset))


@pytest.fixture(scope="module")
def http(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_data_lake: ServiceProcess,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[httpx.Client]:
    """The analytics on the lake's own catalog and warehouse (the lake's folder)."""
    folder = tmp_path_factory.mktemp("analytics-territory")
    lake_folder = running_data_lake.log.parent
    app: RunningApp[OfficialsAnalyticsSettings]
    with (
        running_analytics(
            kafka_server, keycloak_server, folder, supplied=[storage_in(lake_folder)]
        ) as app,
        httpx.Client(base_url=app.base_url, timeout=60) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def admin(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("admin", audience="officials-analytics"))


def cells(answer: httpx.Response, dimension: str) -> dict[str, float | None]:
    assert answer.status_code == 200, answer.text
    return {c["dimensions"][dimension]: c["value"] for c in answer.json()["cells"]}


def test_the_demo_files_load_and_the_indicators_compute_from_them(
    lake: httpx.Client,
    steward: dict[str, str],
    http: httpx.Client,
    admin: dict[str, str],
) -> None:
    # Not loaded yet: the deliberations' indicator says so, in French.
    absent = http.get("/v1/kpis/deliberations-adoptees", headers=admin, params=YEAR)
    problem = french_problem(absent, 422)
    assert problem["detail"] == (
        "L'indicateur « deliberations-adoptees » se calcule sur le jeu de données "
        "« deliberations » du lac de données, qui n'y est pas (encore) : un responsable des "
        "données doit le déclarer et le charger."
    )
    for dataset in (BUDGET, DELIBERATIONS, GRANTS):
        load(lake, steward, dataset)

    # The budget: voted and executed real expenses per exercise, as the file says.
    voted: dict[str, float] = defaultdict(float)
    spent: dict[str, float] = defaultdict(float)
    opened: dict[str, float] = defaultdict(float)
    for row in rows_of(BUDGET):
        if (row["BGT_CODRD"], row["BGT_OPBUDG"]) != ("dépense", "réel"):
            continue
        if row["BGT_NATDEC"] == "budget primitif":
            voted[row["BGT_ANNEE"]] += float(row["BGT_CREDOUV"])
        elif row["BGT_NATDEC"] == "compte administratif":
            spent[row["BGT_ANNEE"]] += float(row["BGT_MTREAL"])
            opened[row["BGT_ANNEE"]] += float(row["BGT_CREDOUV"])
    params = {"group_by": "exercise", **BUDGET_PERIOD}
    assert cells(
        http.get("/v1/kpis/depenses-votees", headers=admin, params=params), "exercise"
    ) == {year: round(total) for year, total in voted.items()}
    assert set(voted) == {"2024", "2025", "2026"}
    executed = http.get("/v1/kpis/depenses-realisees", headers=admin, params=params)
    assert cells(executed, "exercise") == {year: round(total) for year, total in spent.items()}
    rate = http.get("/v1/kpis/taux-execution-depenses", headers=admin, params=params)
    assert cells(rate, "exercise") == {
        year: round(100 * spent[year] / opened[year], 1) for year in ("2024", "2025")
    }
    by_month = http.get(
        "/v1/kpis/depenses-votees", headers=admin, params={"group_by": "month", **BUDGET_PERIOD}
    )
    assert list(cells(by_month, "month")) == ["2024-01", "2025-01", "2026-01"]

    # The officials' page draws it for the whole collectivity, by exercise.
    drawn = http.get("/v1/charts/depenses-votees.svg", headers=admin, params=params)
    assert drawn.status_code == 200, drawn.text
    assert "Dépenses votées au budget primitif par exercice budgétaire — toute la collectivité" in (
        drawn.text
    )

    # The deliberations: a year of them, by subject.
    subjects = Counter(row["DELIB_MATIERE_NOM"] for row in rows_of(DELIBERATIONS))
    by_subject = http.get(
        "/v1/kpis/deliberations-adoptees", headers=admin, params={"group_by": "subject", **YEAR}
    )
    assert cells(by_subject, "subject") == {s: float(n) for s, n in subjects.items()}

    # The grants: the year's count, and no group smaller than five beneficiaries shown.
    grants = [r for r in rows_of(GRANTS) if YEAR["from"] <= r["dateConvention"][:7] <= YEAR["to"]]
    total = http.get("/v1/kpis/subventions-attribuees", headers=admin, params=YEAR)
    assert total.status_code == 200, total.text
    assert [c["value"] for c in total.json()["cells"]] == [len(grants)]
    by_object = http.get(
        "/v1/kpis/subventions-attribuees", headers=admin, params={"group_by": "object", **YEAR}
    )
    beneficiaries: dict[str, set[str]] = defaultdict(set)
    for row in grants:
        beneficiaries[row["objet"]].add(row["nomBeneficiaire"])
    for cell in by_object.json()["cells"]:
        if len(beneficiaries[cell["dimensions"]["object"]]) < 5:
            assert cell["suppressed"] and cell["value"] is None
    # The sole traders' grants (two persons): never shown on their own.
    assert 0 < len(beneficiaries["Aide à l'installation"]) < 5
