"""Questions in French over HTTP with the running service, on the real Keycloak: the member
communes from the lake's dataset, the chat's rows in the analytics tables; the answer is the
declared indicator's, with the same figures as ``/v1/kpis/{name}`` for the same filters, and
the same access rule (an official of Montigny-lès-Metz asking about Metz is refused in
French); a question that names no indicator gets a French 422 with close ones."""

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
METZ, MONTIGNY = "57463", "57480"  # claire.elue is an official of 57480
CIVIL, WASTE = "Papiers - Citoyenneté > État civil", "Déchets > Collecte"
# Questions asked (one per conversation) by commune, month and theme.
ASKED = {
    (METZ, "2026-03", CIVIL): 9,
    (MONTIGNY, "2026-02", CIVIL): 6,
    (MONTIGNY, "2026-03", CIVIL): 7,
    (MONTIGNY, "2026-03", WASTE): 11,
}


def answer_rows() -> pa.Table:
    rows: list[dict[str, Any]] = []
    for (commune, month, theme), count in ASKED.items():
        year, number = month.split("-")
        rows += [
            {
                "event_id": str(uuid.uuid4()),
                "occurred_at": datetime(int(year), int(number), 10, 9, tzinfo=UTC),
                "month": month,
                "answer_id": str(uuid.uuid4()),
                "conversation_id": str(uuid.uuid4()),
                "commune": commune,
                "theme": theme,
                "outcome": "answered",
                "sources_cited": 1,
                "question": "Comment obtenir un acte de naissance ?",
            }
            for _ in range(count)
        ]
    return pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])


@pytest.fixture(scope="module", autouse=True)
def tables(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    warehouse = analytics.service.get(Warehouse)
    warehouse.analytics.write(
        "chat-answers", answer_rows(), load_id="test", operation="test", replace=False
    )
    communes = pa.table(
        {
            "code_insee": [METZ, MONTIGNY],
            "nom": ["Metz", "Montigny-lès-Metz"],
            "population": [118_000, 21_500],
        }
    )
    warehouse.lake.write(
        "communes-membres", communes, load_id="test", operation="test", replace=True
    )


@pytest.fixture(scope="module")
def official(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("official", audience=AUDIENCE))


@pytest.fixture(scope="module")
def admin(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("admin", audience=AUDIENCE))


def ask(http: httpx.Client, headers: dict[str, str], question: str) -> httpx.Response:
    return http.post("/v1/questions", headers=headers, json={"question": question})


def test_the_answer_is_the_declared_indicators_with_what_was_understood(
    http: httpx.Client, official: dict[str, str]
) -> None:
    answered = ask(
        http, official, "Combien de demandes d'état civil à Montigny les Metz en mars 2026 ?"
    )
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["kpi"]["name"] == "questions-posees"
    assert body["kpi"]["label"] == "Questions posées" and body["kpi"]["definition"]
    assert body["filters"] == {
        "communes": [{"code": MONTIGNY, "name": "Montigny-lès-Metz"}],
        "period_words": "en mars 2026",
        "from": "2026-03",
        "to": "2026-03",
        "dimensions": {"theme": [CIVIL]},
        "group_by": [],
    }
    assert body["understood"] == (
        "J'ai compris : « Questions posées », thème : « Papiers - Citoyenneté > État civil » "
        "— commune Montigny-lès-Metz (57480), en mars 2026."
    )
    assert body["values"]["commune_names"] == {MONTIGNY: "Montigny-lès-Metz"}
    # The same figures as the indicator's own route, for the same filters.
    direct = http.get(
        "/v1/kpis/questions-posees",
        headers=official,
        params={
            "commune": MONTIGNY,
            "from": "2026-03",
            "to": "2026-03",
            "filter": f"theme:{CIVIL}",
        },
    )
    assert direct.status_code == 200, direct.text
    assert body["values"]["cells"] == direct.json()["cells"]
    assert body["values"]["cells"] == [{"dimensions": {}, "value": 7.0, "suppressed": False}]


def test_grouped_by_commune_for_the_intercommunality_with_the_names(
    http: httpx.Client, admin: dict[str, str]
) -> None:
    answered = ask(http, admin, "questions posées par commune au premier trimestre 2026")
    assert answered.status_code == 200, answered.text
    body = answered.json()
    direct = http.get(
        "/v1/kpis/questions-posees",
        headers=admin,
        params={"group_by": "commune", "from": "2026-01", "to": "2026-03"},
    )
    assert body["values"]["cells"] == direct.json()["cells"]
    assert {c["dimensions"]["commune"]: c["value"] for c in body["values"]["cells"]} == {
        METZ: 9.0,
        MONTIGNY: 24.0,
    }
    assert direct.json()["commune_names"] == {METZ: "Metz", MONTIGNY: "Montigny-lès-Metz"}
    assert body["understood"].endswith(
        "toutes les communes, de janvier 2026 à mars 2026, par commune."
    )
    exported = http.get(
        "/v1/kpis/questions-posees.csv",
        headers=admin,
        params={"group_by": "commune", "from": "2026-01", "to": "2026-03"},
    )
    assert list(csv.reader(io.StringIO(exported.text))) == [
        ["commune", "nom_commune", "valeur", "secret_statistique"],
        [METZ, "Metz", "9", "non"],
        [MONTIGNY, "Montigny-lès-Metz", "24", "non"],
    ]


def test_an_official_asking_about_another_commune_is_refused_in_french(
    http: httpx.Client, official: dict[str, str]
) -> None:
    refused = french_problem(ask(http, official, "combien de questions à Metz en mars 2026 ?"), 403)
    assert "57463" in refused["detail"]


def test_what_is_not_understood_is_refused_in_french_with_close_indicators(
    http: httpx.Client, official: dict[str, str]
) -> None:
    vague = french_problem(ask(http, official, "quel temps fera-t-il demain ?"), 422)
    assert vague["detail"].startswith("Je n'ai pas reconnu d'indicateur")
    assert vague["errors"][0]["field"] == "question"
    unknown = french_problem(ask(http, official, "questions posées à Wailly en mars"), 422)
    assert "« Wailly »" in unknown["detail"] and "Montigny-lès-Metz" in unknown["detail"]
    empty = french_problem(ask(http, official, " "), 422)
    assert empty["detail"].startswith("Posez une question")
    filtered = french_problem(
        http.get("/v1/kpis/questions-posees", headers=official, params={"filter": "humeur"}), 422
    )
    assert "dimension:valeur" in filtered["detail"]
    assert ask(http, {}, "questions posées").status_code == 401


def test_the_communes_each_person_may_choose_with_their_names(
    http: httpx.Client, official: dict[str, str], admin: dict[str, str]
) -> None:
    mine = http.get("/v1/communes", headers=official)
    assert mine.status_code == 200, mine.text
    assert mine.json() == [{"code": MONTIGNY, "name": "Montigny-lès-Metz", "population": 21_500}]
    every = http.get("/v1/communes", headers=admin).json()
    assert [(c["code"], c["name"]) for c in every] == [
        (METZ, "Metz"),
        (MONTIGNY, "Montigny-lès-Metz"),
    ]
    assert http.get("/v1/communes").status_code == 401


def test_someone_who_is_no_official_is_refused_in_french(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    agent = bearer(demo_tokens.for_role("agent", audience=AUDIENCE))
    refused = french_problem(ask(http, agent, "questions posées à Metz"), 403)
    assert "élus" in refused["detail"]
