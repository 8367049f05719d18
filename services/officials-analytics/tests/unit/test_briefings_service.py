"""The monthly briefing over a temporary lakehouse: its facts computed by the indicators'
engine (a suppressed cell is never stated, another commune never read), the template by
default, the access rule and the month in French errors; with a fake OpenAI-compatible
server (httpx.MockTransport): the model's sentences checked figure by figure, the use
recorded under the briefing's own purpose, the register's refusal or a failing model
falling back to the template, saying why."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pytest

from collectivia.ai.generation import GenerationClient, GenerationSettings
from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.events.v1 import ai_pb2
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.service import Briefings, Method
from collectivia.officials_analytics.briefings.writer import OpenAiCompatibleWriter
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators, dataset_id
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.errors import InvalidInput, NotFound, PermissionDenied
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

METZ, WOIPPY = "57463", "57480"
TODAY = date(2026, 4, 10)
OFFICIAL = Viewer(roles=frozenset({"official"}), communes=(WOIPPY,))
NNBSP, NBSP = "\u202f", "\u00a0"
QUESTION = "Quand passe la collecte des encombrants ?"
PURPOSE = "official-briefing"

TEMPLATE = [
    f"Questions posées : 32 en mars 2026, soit 60{NBSP}% de plus qu'en février 2026 (20).",
    f"Sur un an, c'est 100{NBSP}% de plus qu'en mars 2025 (16).",
    f"Taux de réponse : 75,0{NBSP}% en mars 2026, soit 25,0{NBSP}points de moins qu'en "
    f"février 2026 (100,0{NBSP}%).",
    f"Sur un an, c'est 25,0{NBSP}points de moins qu'en mars 2025 (100,0{NBSP}%).",
    "Questions restées sans réponse en mars 2026, par thème : « Déchets > Encombrants » (8).",
    f"Question la plus posée sans réponse : « {QUESTION} » (8 fois).",
]
MODEL_TEXT = (
    f"En mars 2026, les habitants de {WOIPPY} ont posé 32 questions, soit 60 % de plus qu'en "
    "février. Le taux de réponse est de 75 %, en baisse de 25 points.\n"
    "Sur un an, les questions ont augmenté de 45 %. "
    f"Beaucoup demandent encore : « {QUESTION} »."
)


def write(warehouse: Warehouse, table: str, rows: Iterable[dict[str, Any]]) -> None:
    full = [
        {
            "event_id": str(uuid.uuid4()),
            "occurred_at": datetime(int(r["month"][:4]), int(r["month"][5:]), 12, tzinfo=UTC),
            **r,
        }
        for r in rows
    ]
    warehouse.analytics.write(
        dataset_id(table),
        pa.Table.from_pylist(full, schema=TABLES[table]),
        load_id=str(uuid.uuid4()),
        operation="test",
        replace=False,
    )


def answers(
    commune: str, month: str, count: int, outcome: str = "answered", theme: str = "Mairie"
) -> list[dict[str, Any]]:
    return [
        {
            "answer_id": str(uuid.uuid4()),
            "conversation_id": str(uuid.uuid4()),
            "commune": commune,
            "theme": theme,
            "outcome": outcome,
            "sources_cited": 1 if outcome == "answered" else 0,
            "question": QUESTION if outcome != "answered" else "Horaires de la mairie ?",
            "month": month,
        }
        for _ in range(count)
    ]


def handoffs(commune: str, month: str, count: int) -> list[dict[str, Any]]:
    return [
        {"handoff_id": str(uuid.uuid4()), "commune": commune, "theme": "Mairie", "month": month}
        for _ in range(count)
    ]


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{tmp_path / 'catalog.db'}", warehouse=str(tmp_path / "lake")
    )
    opened = Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )
    write(
        opened,
        "chat_answers",
        answers(WOIPPY, "2026-03", 24)
        + answers(WOIPPY, "2026-03", 8, "refused", "Déchets > Encombrants")
        + answers(WOIPPY, "2026-02", 20)
        + answers(WOIPPY, "2025-03", 16)
        + answers(METZ, "2026-03", 50)
        + answers(METZ, "2026-02", 5),
    )
    # Two handovers in March: too few to be shown (and February with them, its complement).
    write(opened, "chat_handoffs", handoffs(WOIPPY, "2026-03", 2) + handoffs(WOIPPY, "2026-02", 9))
    return opened


class FakeModelServer:
    """An OpenAI-compatible chat completions endpoint that answers ``text``."""

    def __init__(self, text: str = MODEL_TEXT, status: int = 200) -> None:
        self.text = text
        self.status = status
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/chat/completions"
        self.requests.append(json.loads(request.content))
        if self.status != 200:
            return httpx.Response(self.status, json={"error": {"message": "overloaded"}})
        return httpx.Response(
            200,
            json={
                "model": "fake-q4",
                "choices": [{"message": {"content": self.text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 120, "completion_tokens": 60},
            },
        )


def briefings_with(
    warehouse: Warehouse,
    *,
    server: FakeModelServer | None = None,
    gate: FixedPermission | None = None,
    commune_label: Any = None,
) -> tuple[Briefings, RecordingPublisher]:
    indicators = Indicators(warehouse, today=lambda: TODAY)
    publisher = RecordingPublisher()
    pathway = AiUsePathway(
        gate or FixedPermission(allowed=True, system_id="briefing-entry"),
        publisher,
        service="officials-analytics",
        purpose=PURPOSE,
    )
    writer = None
    if server is not None:
        settings = GenerationSettings.model_validate(
            {"base_url": "http://llm.test/v1", "model": "fake"}
        )
        writer = OpenAiCompatibleWriter(
            GenerationClient(settings, transport=httpx.MockTransport(server))
        )
    extra = {} if commune_label is None else {"commune_label": commune_label}
    service = Briefings(
        indicators,
        Gaps(warehouse, indicators),
        pathway,
        writer,
        actor="officials-analytics",
        today=lambda: TODAY,
        **extra,
    )
    return service, publisher


def test_the_template_states_only_computed_facts_largest_change_first(
    warehouse: Warehouse,
) -> None:
    service, publisher = briefings_with(warehouse)
    briefing = service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03")
    assert briefing.method is Method.TEMPLATE
    assert briefing.mention == messages.BRIEFING_MENTION_TEMPLATE
    assert briefing.title == f"Synthèse de mars 2026 — {WOIPPY}"
    assert [s.text for s in briefing.sentences] == TEMPLATE
    # The suppressed handovers are never stated; Metz is never read for Woippy.
    stated = [f for s in briefing.sentences for f in s.facts]
    assert "demandes-agent" not in {f.indicator for f in stated}
    assert {f.commune for f in stated} == {WOIPPY}
    first = briefing.sentences[0].facts
    assert [(f.indicator, f.month, f.value) for f in first] == [
        ("questions-posees", "2026-03", 32.0),
        ("questions-posees", "2026-02", 20.0),
    ]
    gaps = briefing.sentences[4].facts[0]
    assert (gaps.indicator, gaps.theme, gaps.value) == (
        "questions-sans-reponse",
        "Déchets > Encombrants",
        8.0,
    )
    assert briefing.dropped == 0 and publisher.published == []


def test_the_default_month_is_the_last_complete_one_and_an_empty_month_says_so(
    warehouse: Warehouse,
) -> None:
    service, _ = briefings_with(warehouse)
    assert service.briefing(OFFICIAL, commune=WOIPPY).month == "2026-03"
    empty = service.briefing(OFFICIAL, commune=WOIPPY, month="2024-01")
    assert empty.sentences == ()
    assert empty.note == messages.BRIEFING_NOTHING.format(commune=WOIPPY, month="janvier 2024")


def test_refusals_are_french(warehouse: Warehouse) -> None:
    service, _ = briefings_with(warehouse, commune_label=lambda c: None if c == "99999" else c)
    with pytest.raises(PermissionDenied, match="commune 57463"):
        service.briefing(OFFICIAL, commune=METZ, month="2026-03")
    with pytest.raises(InvalidInput, match="Code commune invalide"):
        service.briefing(OFFICIAL, commune="Woippy", month="2026-03")
    with pytest.raises(InvalidInput, match="n'a pas encore commencé"):
        service.briefing(OFFICIAL, commune=WOIPPY, month="2026-05")
    with pytest.raises(InvalidInput, match="AAAA-MM"):
        service.briefing(OFFICIAL, commune=WOIPPY, month="mars")
    admin = Viewer(roles=frozenset({"admin"}), communes=())
    with pytest.raises(NotFound, match="Commune inconnue"):
        service.briefing(admin, commune="99999", month="2026-03")
    with pytest.raises(PermissionDenied):
        service.briefing(Viewer(frozenset({"agent"}), ()), commune=WOIPPY, month="2026-03")


def test_the_model_rewords_and_a_sentence_with_an_unverified_figure_is_dropped(
    warehouse: Warehouse,
) -> None:
    server = FakeModelServer()
    service, publisher = briefings_with(warehouse, server=server)
    briefing = service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03")
    assert briefing.method is Method.MODEL
    assert briefing.mention == "Rédigé avec l'aide de l'IA — chaque chiffre a été vérifié"
    assert [s.text for s in briefing.sentences] == [
        f"En mars 2026, les habitants de {WOIPPY} ont posé 32 questions, soit 60 % de plus "
        "qu'en février.",
        "Le taux de réponse est de 75 %, en baisse de 25 points.",
        f"Beaucoup demandent encore : « {QUESTION} ».",
    ]
    # « 45 % » matches nothing computed (+100 % over a year): dropped, and said.
    assert (
        briefing.dropped == 1 and briefing.dropped_text == "1 phrase écartée : chiffre non vérifié"
    )
    assert {f.indicator for f in briefing.sentences[1].facts} == {"taux-de-reponse"}
    assert briefing.model == "fake" and briefing.register_url.endswith("/briefing-entry")
    # The model got the computed facts, the template's sentences.
    [request] = server.requests
    assert request["messages"][0]["content"] == messages.BRIEFING_PROMPT
    assert request["messages"][1]["content"].splitlines() == TEMPLATE
    [used] = publisher.published
    assert isinstance(used, ai_pb2.AiUsed)
    assert (used.purpose, used.system_id, used.model) == (PURPOSE, "briefing-entry", "fake")
    assert used.outcome == ai_pb2.OUTCOME_COMPLETED
    assert used.parameters["sentences_dropped"] == "1" and used.parameters["commune"] == WOIPPY
    assert used.parameters["mode"] == "generative"
    # What the use consumed: the model's tokens as the server counted them, the CPU of the
    # guard and of the check.
    assert (used.input_tokens, used.output_tokens) == (120, 60)
    assert used.cpu_seconds > 0 and used.HasField("model_latency_seconds")
    # The same facts again: the same briefing, no new model call, no new use.
    again = service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03")
    assert again == briefing and len(server.requests) == 1 and len(publisher.published) == 1


def test_the_register_refusing_keeps_the_model_out(warehouse: Warehouse) -> None:
    server = FakeModelServer()
    gate = FixedPermission(allowed=False, reason=DenialReason.NOT_APPROVED)
    service, publisher = briefings_with(warehouse, server=server, gate=gate)
    briefing = service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03")
    assert briefing.method is Method.TEMPLATE
    assert briefing.mention == messages.BRIEFING_MENTION_TEMPLATE
    assert briefing.note == messages.BRIEFING_REGISTER_DENIED
    assert [s.text for s in briefing.sentences] == TEMPLATE
    assert server.requests == [] and publisher.published == [] and gate.checks == 1
    unreachable = FixedPermission(allowed=False, reason=DenialReason.REGISTER_UNREACHABLE)
    service, publisher = briefings_with(warehouse, server=server, gate=unreachable)
    assert service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03").note == (
        messages.BRIEFING_REGISTER_DENIED
    )
    assert server.requests == [] and publisher.published == []


def test_a_failing_or_unverifiable_model_falls_back_to_the_template(
    warehouse: Warehouse,
) -> None:
    failing = FakeModelServer(status=503)
    service, publisher = briefings_with(warehouse, server=failing)
    briefing = service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03")
    assert briefing.method is Method.TEMPLATE and briefing.note == messages.BRIEFING_MODEL_FAILED
    [used] = publisher.published
    assert isinstance(used, ai_pb2.AiUsed) and used.outcome == ai_pb2.OUTCOME_FAILED
    invented = FakeModelServer(text="Les questions ont triplé : 96 en mars 2026.")
    service, publisher = briefings_with(warehouse, server=invented)
    briefing = service.briefing(OFFICIAL, commune=WOIPPY, month="2026-03")
    assert [s.text for s in briefing.sentences] == TEMPLATE
    assert briefing.note == messages.BRIEFING_MODEL_FAILED
    [used] = publisher.published
    assert isinstance(used, ai_pb2.AiUsed) and used.outcome == ai_pb2.OUTCOME_FAILED
