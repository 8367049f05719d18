"""The indicators over HTTP with the running service, on the real Keycloak: rows written into
its analytics tables, then read by an elected official of Woippy (their commune only, small
groups suppressed with their complements), by the intercommunality (every commune), as JSON
and as CSV; refusals in French."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pyarrow as pa
import pytest

from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import french_problem
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

AUDIENCE = "officials-analytics"
METZ, WOIPPY = "57463", "57480"  # claire.elue is an official of Woippy
PERIOD = {"from": "2026-01", "to": "2026-03"}
# Questions asked (one per conversation) by commune and month.
ASKED = {
    (METZ, "2026-01"): 8,
    (METZ, "2026-02"): 6,
    (METZ, "2026-03"): 10,
    (WOIPPY, "2026-01"): 7,
    (WOIPPY, "2026-02"): 3,  # under the threshold
    (WOIPPY, "2026-03"): 12,
}


def answer_rows() -> pa.Table:
    rows: list[dict[str, Any]] = []
    for (commune, month), count in ASKED.items():
        year, number = month.split("-")
        rows += [
            {
                "event_id": str(uuid.uuid4()),
                "occurred_at": datetime(int(year), int(number), 12, 14, tzinfo=UTC),
                "month": month,
                "answer_id": str(uuid.uuid4()),
                "conversation_id": str(uuid.uuid4()),
                "commune": commune,
                "theme": "Déchets > Collecte",
                "outcome": "answered",
                "sources_cited": 2,
                "question": "Quand passe la collecte des encombrants ?",
            }
            for _ in range(count)
        ]
    return pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])


@pytest.fixture(scope="module", autouse=True)
def answers(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    analytics.service.get(Warehouse).analytics.write(
        "chat-answers", answer_rows(), load_id="test", operation="test", replace=False
    )


@pytest.fixture(scope="module")
def official(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("official", audience=AUDIENCE))


@pytest.fixture(scope="module")
def admin(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("admin", audience=AUDIENCE))


def test_the_declarations_are_listed(http: httpx.Client, official: dict[str, str]) -> None:
    listed = http.get("/v1/kpis", headers=official)
    assert listed.status_code == 200, listed.text
    by_name = {k["name"]: k for k in listed.json()}
    asked = by_name["questions-posees"]
    assert asked["label"] == "Questions posées" and asked["unit"] == "questions"
    assert asked["per_commune"] is True and asked["min_group_size"] == 5
    assert [d["name"] for d in asked["dimensions"]] == ["month", "commune", "theme", "outcome"]
    assert asked["dimensions"][1]["label"] == "Commune (code INSEE)"
    assert by_name["minutes-gagnees"]["per_commune"] is False
    assert http.get("/v1/kpis").status_code == 401


def test_an_official_reads_their_commune_with_small_groups_suppressed(
    http: httpx.Client, official: dict[str, str]
) -> None:
    answer = http.get(
        "/v1/kpis/questions-posees",
        headers=official,
        params={"group_by": ["commune", "month"], **PERIOD},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["communes"] == [WOIPPY] and (body["from"], body["to"]) == ("2026-01", "2026-03")
    assert body["group_by"] == ["commune", "month"]
    assert body["kpi"]["name"] == "questions-posees"
    # February (3) suppressed, and January (7, the next smallest) with it: Woippy's total
    # (22, shown by commune) minus March would give February away otherwise.
    assert body["cells"] == [
        {"dimensions": {"commune": WOIPPY, "month": "2026-01"}, "value": None, "suppressed": True},
        {"dimensions": {"commune": WOIPPY, "month": "2026-02"}, "value": None, "suppressed": True},
        {"dimensions": {"commune": WOIPPY, "month": "2026-03"}, "value": 12.0, "suppressed": False},
    ]


def test_another_commune_is_refused_to_an_official(
    http: httpx.Client, official: dict[str, str]
) -> None:
    refused = http.get(
        "/v1/kpis/questions-posees", headers=official, params={"commune": METZ, **PERIOD}
    )
    problem = french_problem(refused, 403)
    assert problem["detail"] == (
        "Vous ne pouvez pas consulter les chiffres de la commune 57463 : seulement ceux de "
        "votre commune (57480)."
    )


def test_the_intercommunality_reads_every_commune(
    http: httpx.Client, admin: dict[str, str]
) -> None:
    answer = http.get(
        "/v1/kpis/questions-posees", headers=admin, params={"group_by": "commune", **PERIOD}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["communes"] == []
    assert {c["dimensions"]["commune"]: c["value"] for c in answer.json()["cells"]} == {
        METZ: 24.0,
        WOIPPY: 22.0,
    }
    both = http.get(
        "/v1/kpis/taux-de-reponse",
        headers=admin,
        params={"commune": [WOIPPY, METZ], **PERIOD},
    )
    assert both.json()["communes"] == [METZ, WOIPPY]
    assert both.json()["cells"] == [{"dimensions": {}, "value": 100.0, "suppressed": False}]


def test_the_csv_export_shows_the_same_cells(http: httpx.Client, official: dict[str, str]) -> None:
    exported = http.get(
        "/v1/kpis/questions-posees.csv",
        headers=official,
        params={"group_by": ["month"], **PERIOD},
    )
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"] == (
        'attachment; filename="questions-posees_2026-01_2026-03.csv"'
    )
    assert list(csv.reader(io.StringIO(exported.text))) == [
        ["month", "valeur", "secret_statistique"],
        ["2026-01", "", "oui"],
        ["2026-02", "", "oui"],
        ["2026-03", "12", "non"],
    ]
    refused = http.get("/v1/kpis/questions-posees.csv", headers=official, params={"commune": METZ})
    french_problem(refused, 403)


def test_bad_requests_are_refused_in_french(
    http: httpx.Client, official: dict[str, str], demo_tokens: DemoTokens
) -> None:
    unknown = french_problem(http.get("/v1/kpis/pas-un-indicateur", headers=official), 404)
    assert "pas-un-indicateur" in unknown["detail"]
    french_problem(http.get("/v1/kpis/pas-un-indicateur.csv", headers=official), 404)
    dimension = french_problem(
        http.get("/v1/kpis/questions-posees", headers=official, params={"group_by": "humeur"}),
        422,
    )
    assert "« humeur »" in dimension["detail"]
    assert dimension["errors"][0]["field"] == "group_by"
    period = french_problem(
        http.get("/v1/kpis/questions-posees", headers=official, params={"from": "janvier"}), 422
    )
    assert "« from »" in period["detail"] and "AAAA-MM" in period["detail"]
    citizen = bearer(demo_tokens.for_role("citizen", audience=AUDIENCE))
    french_problem(http.get("/v1/kpis/questions-posees", headers=citizen), 403)
    french_problem(http.get("/v1/kpis", headers=citizen), 403)
