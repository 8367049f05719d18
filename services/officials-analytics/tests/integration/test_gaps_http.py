"""Content gaps over HTTP with the running service: what the chat could not answer in
Woippy, grouped and ranked for its official, small groups never shown; another commune
refused."""

from __future__ import annotations

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
METZ, WOIPPY = "57463", "57480"


def unanswered() -> pa.Table:
    rows: list[dict[str, Any]] = []
    for commune, theme, outcome, question, count in (
        (WOIPPY, "Déchets", "refused", "Quand passe la collecte des encombrants ?", 6),
        (WOIPPY, "Déchets", "handed_over", "collecte encombrants [ADRESSE_1]", 2),
        (WOIPPY, "État civil", "refused", "Mariage à l'étranger de [NOM_1] ?", 3),
        (WOIPPY, "Sports", "answered", "Horaires du stade ?", 9),
        (METZ, "Voirie", "refused", "Stationnement résidentiel ?", 8),
    ):
        rows += [
            {
                "event_id": str(uuid.uuid4()),
                "occurred_at": datetime(2026, 5, 4, 10, tzinfo=UTC),
                "month": "2026-05",
                "answer_id": str(uuid.uuid4()),
                "conversation_id": str(uuid.uuid4()),
                "commune": commune,
                "theme": theme,
                "outcome": outcome,
                "question": question,
            }
            for _ in range(count)
        ]
    return pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])


@pytest.fixture(scope="module", autouse=True)
def answers(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    analytics.service.get(Warehouse).analytics.write(
        "chat-answers", unanswered(), load_id="test", operation="test", replace=False
    )


def test_an_official_reads_the_gaps_of_their_commune(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    official = bearer(demo_tokens.for_role("official", audience=AUDIENCE))
    answer = http.get("/v1/gaps", headers=official, params={"from": "2026-05", "to": "2026-05"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["communes"] == [WOIPPY] and (body["from"], body["to"]) == ("2026-05", "2026-05")
    assert body["min_conversations"] == 5
    # État civil (3) is suppressed, and so is Déchets, the only other theme: their total
    # would give it away.
    assert body["themes"] == [
        {"theme": "Déchets", "unanswered": None, "suppressed": True},
        {"theme": "État civil", "unanswered": None, "suppressed": True},
    ]
    # One group: 6 conversations about bulky waste in the same words; the 2 that asked with
    # an address (masked) make a group of their own, too small to be listed, like the
    # marriage question (3 conversations).
    assert body["questions"] == [
        {
            "question": "Quand passe la collecte des encombrants ?",
            "keywords": ["collecte", "encombrant", "passe"],
            "asked": 6,
            "conversations": 6,
            "refused": 6,
            "handed_over": 0,
            "themes": ["Déchets"],
        },
    ]
    forbidden = http.get("/v1/gaps", headers=official, params={"commune": METZ})
    assert french_problem(forbidden, 403)["detail"].startswith(
        "Vous ne pouvez pas consulter les chiffres de la commune 57463"
    )
    french_problem(http.get("/v1/gaps", headers=official, params={"to": "2026-5"}), 422)


def test_the_intercommunality_reads_every_commune(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    admin = bearer(demo_tokens.for_role("admin", audience=AUDIENCE))
    answer = http.get("/v1/gaps", headers=admin, params={"from": "2026-05", "to": "2026-05"})
    assert answer.status_code == 200, answer.text
    themes = {t["theme"]: t["unanswered"] for t in answer.json()["themes"]}
    assert themes["Voirie"] == 8
    assert [q["keywords"] for q in answer.json()["questions"]] == [
        ["residentiel", "stationnement"],
        ["collecte", "encombrant", "passe"],
    ]
