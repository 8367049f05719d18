"""The energy indicators through the sink and the engine: ai.used events as the pathway
publishes them, staged and committed by the sink into an ai_uses table created before the
consumption columns existed (Iceberg schema evolution), then energy, CO2 and energy per use
by month and service; the older uses count as uses, not as energy."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from collectivia.events.v1 import ai_pb2
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.sink.area import AREA as SINK
from collectivia.officials_analytics.sink.mapping import EventFacts
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput
from collectivia.platform.events.catalogue import event_type_of
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.platform.events.envelope import CloudEvent

ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
JANUARY, FEBRUARY = "2026-01", "2026-02"
# The ai_uses table as it was first created: its first seven columns only.
OLD_COLUMNS = ["event_id", "occurred_at", "month", "use_id", "system_id", "purpose"]
OLD_COLUMNS += ["service", "outcome", "human_review", "model"]
GRID = 52.0


def stamp(moment: datetime) -> Timestamp:
    value = Timestamp()
    value.FromDatetime(moment)
    return value


def use(service: str, day: int, **consumption: Any) -> ReceivedEvent:
    payload = ai_pb2.AiUsed(
        use_id=str(uuid.uuid4()),
        system_id=f"system-{service}",
        purpose="citizen-information" if service == "citizen-chat" else "agent-drafting",
        service=service,
        outcome=ai_pb2.OUTCOME_COMPLETED,
        used_at=stamp(datetime(2026, 2, day, 10, tzinfo=UTC)),
        model="extractive" if service == "citizen-chat" else "mistral-small-3.2",
        **consumption,
    )
    event_type = event_type_of(payload)
    cloud = CloudEvent(
        id=str(uuid.uuid4()),
        source=service,
        type=event_type.ce_type,
        time=datetime(2026, 2, day, 10, tzinfo=UTC),
        data_content_type=event_type.content_type,
    )
    return ReceivedEvent(cloud, payload, event_type.topic, 0, day)


# February's uses: six quoted answers (ms of CPU), six model drafts (tokens), and two
# drafts of a model whose size was not declared (no estimate).
CHAT_WH = [2e-5, 3e-5, 1e-5, 2e-5, 4e-5, 2e-5]
DRAFT_WH = [0.03, 0.05, 0.04, 0.02, 0.06, 0.04]


def february() -> list[ReceivedEvent]:
    events = [
        use("citizen-chat", day, cpu_seconds=0.01, energy_wh=wh, energy_method="cpu-time")
        for day, wh in enumerate(CHAT_WH, start=1)
    ]
    events += [
        use(
            "agent-assistant",
            day,
            cpu_seconds=0.02,
            input_tokens=1100,
            output_tokens=260,
            model_latency_seconds=6.0,
            energy_wh=wh,
            energy_method="ecologits-0.11.3+cpu-time/watts-per-core",
        )
        for day, wh in enumerate(DRAFT_WH, start=1)
    ]
    events += [
        use(
            "agent-assistant",
            day,
            cpu_seconds=0.02,
            input_tokens=900,
            output_tokens=100,
            energy_method="not-estimated/model-size-unknown",
        )
        for day in (7, 8)
    ]
    return events


@pytest.fixture(scope="module")
def indicators(tmp_path_factory: pytest.TempPathFactory) -> Indicators:
    folder: Path = tmp_path_factory.mktemp("energy")
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    warehouse = Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )
    # January's uses, written before the services measured anything.
    old_schema = pa.schema([TABLES["ai_uses"].field(name) for name in OLD_COLUMNS])
    old = [
        {
            "event_id": f"old-{i}",
            "occurred_at": datetime(2026, 1, 10, tzinfo=UTC),
            "month": JANUARY,
            "use_id": f"old-{i}",
            "system_id": "system-citizen-chat",
            "purpose": "citizen-information",
            "service": "citizen-chat",
            "outcome": "completed",
            "human_review": "none",
            "model": "extractive",
        }
        for i in range(7)
    ]
    warehouse.analytics.write(
        dataset_id("ai_uses"),
        pa.Table.from_pylist(old, schema=old_schema),
        load_id="old",
        operation="test",
        replace=False,
    )
    engine = create_database_engine(f"sqlite:///{folder / 'analytics.db'}")
    create_tables(engine, [model.__table__ for model in SINK.tables])
    writer = SinkWriter(create_session_factory(engine), warehouse.analytics)
    facts = EventFacts(gco2e_per_kwh=GRID)
    writer.stage([facts.of(event) for event in february()])
    writer.flush(force=True)
    return Indicators(warehouse, today=lambda: date(2026, 3, 2))


def test_the_sink_evolved_the_old_table_and_kept_its_rows(indicators: Indicators) -> None:
    uses = indicators.query(ADMIN, "usages-ia", group_by=["month"], first_month=JANUARY)
    assert [(c.dimensions, c.value) for c in uses.cells] == [
        ((JANUARY,), 7.0),
        ((FEBRUARY,), 14.0),
    ]


def test_energy_per_month_and_service_sums_the_estimates_only(indicators: Indicators) -> None:
    energy = indicators.query(
        ADMIN, "energie-ia", group_by=["month", "service"], first_month=JANUARY
    )
    # January's uses have no energy: no group. The two drafts without an estimate add none.
    assert [(c.dimensions, c.value) for c in energy.cells] == [
        ((FEBRUARY, "agent-assistant"), round(sum(DRAFT_WH), 3)),
        ((FEBRUARY, "citizen-chat"), round(sum(CHAT_WH), 3)),
    ]
    co2 = indicators.query(ADMIN, "co2-ia", group_by=["service"], first_month=JANUARY)
    assert {c.dimensions[0]: c.value for c in co2.cells} == {
        "agent-assistant": round(sum(DRAFT_WH) * GRID / 1000, 3),
        "citizen-chat": round(sum(CHAT_WH) * GRID / 1000, 3),
    }


def test_energy_per_use_is_a_ratio_of_sums_over_the_estimated_uses(
    indicators: Indicators,
) -> None:
    per_use = indicators.query(
        ADMIN, "energie-par-usage", group_by=["service"], first_month=JANUARY
    )
    values = {c.dimensions[0]: c.value for c in per_use.cells}
    assert values["agent-assistant"] == round(sum(DRAFT_WH) / len(DRAFT_WH), 5)
    assert values["citizen-chat"] == round(sum(CHAT_WH) / len(CHAT_WH), 5)
    # A draft written by the model costs a thousand times a quoted answer.
    assert values["agent-assistant"] > 1000 * values["citizen-chat"]
    whole = indicators.query(ADMIN, "energie-par-usage", first_month=JANUARY)
    [cell] = whole.cells
    assert cell.value == round((sum(DRAFT_WH) + sum(CHAT_WH)) / 12, 5)


def test_the_energy_is_the_collectivity_s_not_a_commune_s(indicators: Indicators) -> None:
    with pytest.raises(InvalidInput) as per_commune:
        indicators.query(ADMIN, "energie-ia", communes=["57463"], first_month=JANUARY)
    assert per_commune.value.detail == (
        "L'indicateur « energie-ia » porte sur l'ensemble de la collectivité, pas sur une "
        "commune : retirez le filtre « commune »."
    )
