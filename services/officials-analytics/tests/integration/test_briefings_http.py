"""The monthly briefing over HTTP with the running service, on the real Keycloak: rows written
into its analytics tables, then the briefing of Woippy read by its elected official (the
template: no model is configured), the intercommunality reading Metz's, the refusals in
French (another commune, a malformed or future month, a malformed commune, no token), and
the briefing in the council's report."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pyarrow as pa
import pypdf
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
NBSP = "\u00a0"
# Questions asked (one per conversation) by commune and month.
ASKED = {
    (METZ, "2026-02"): 10,
    (METZ, "2026-03"): 15,
    (WOIPPY, "2026-02"): 8,
    (WOIPPY, "2026-03"): 12,
}


def answer_rows() -> pa.Table:
    rows: list[dict[str, Any]] = []
    for (commune, month), count in ASKED.items():
        rows += [
            {
                "event_id": str(uuid.uuid4()),
                "occurred_at": datetime(int(month[:4]), int(month[5:]), 12, 14, tzinfo=UTC),
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
        "chat-answers", answer_rows(), load_id="briefings", operation="test", replace=False
    )


@pytest.fixture(scope="module")
def official(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("official", audience=AUDIENCE))


@pytest.fixture(scope="module")
def admin(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("admin", audience=AUDIENCE))


def test_an_official_reads_their_communes_briefing(
    http: httpx.Client, official: dict[str, str]
) -> None:
    answer = http.get(f"/v1/briefings/{WOIPPY}", headers=official, params={"month": "2026-03"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["commune"], body["month"], body["method"]) == (WOIPPY, "2026-03", "template")
    assert body["mention"] == "Synthèse produite automatiquement à partir des indicateurs calculés"
    assert body["dropped"] == 0 and body["model"] == "" and body["method_text"]
    first = body["sentences"][0]
    assert first["text"] == (
        f"Questions posées : 12 en mars 2026, soit 50{NBSP}% de plus qu'en février 2026 (8)."
    )
    assert first["facts"][0] == {
        "indicator": "questions-posees",
        "label": "Questions posées",
        "filters": {"month": "2026-03", "commune": WOIPPY},
        "value": 12.0,
        "unit": "questions",
        "decimals": 0,
    }
    texts = [s["text"] for s in body["sentences"]]
    assert any(t.startswith("Taux de réponse : 100,0") for t in texts)
    assert "15" not in " ".join(texts)  # Metz's March is never in Woippy's briefing


def test_another_commune_is_refused_to_an_official_not_to_the_intercommunality(
    http: httpx.Client, official: dict[str, str], admin: dict[str, str]
) -> None:
    refused = http.get(f"/v1/briefings/{METZ}", headers=official, params={"month": "2026-03"})
    assert french_problem(refused, 403)["detail"] == (
        "Vous ne pouvez pas consulter les chiffres de la commune 57463 : seulement ceux de "
        "votre commune (57480)."
    )
    metz = http.get(f"/v1/briefings/{METZ}", headers=admin, params={"month": "2026-03"})
    assert metz.status_code == 200, metz.text
    assert metz.json()["sentences"][0]["text"].startswith("Questions posées : 15 en mars 2026")


def test_bad_requests_are_refused_in_french(
    http: httpx.Client, official: dict[str, str], demo_tokens: DemoTokens
) -> None:
    malformed = french_problem(
        http.get(f"/v1/briefings/{WOIPPY}", headers=official, params={"month": "mars"}), 422
    )
    assert "AAAA-MM" in malformed["detail"] and malformed["errors"][0]["field"] == "month"
    future = french_problem(
        http.get(f"/v1/briefings/{WOIPPY}", headers=official, params={"month": "2999-01"}), 422
    )
    assert "pas encore commencé" in future["detail"]
    commune = french_problem(http.get("/v1/briefings/Woippy", headers=official), 422)
    assert "Code commune invalide" in commune["detail"]
    assert http.get(f"/v1/briefings/{WOIPPY}").status_code == 401
    citizen = bearer(demo_tokens.for_role("citizen", audience=AUDIENCE))
    french_problem(http.get(f"/v1/briefings/{WOIPPY}", headers=citizen), 403)


def test_the_council_report_carries_the_briefing_of_its_last_month(
    http: httpx.Client, official: dict[str, str]
) -> None:
    made = http.get(
        f"/v1/reports/{WOIPPY}.pdf", headers=official, params={"from": "2026-02", "to": "2026-03"}
    )
    assert made.status_code == 200, made.text
    pages = pypdf.PdfReader(io.BytesIO(made.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert f"Synthèse de mars 2026 — {WOIPPY}" in text
    assert "Synthèse produite automatiquement à partir des indicateurs calculés" in text
    assert "Questions posées : 12 en mars 2026" in text
