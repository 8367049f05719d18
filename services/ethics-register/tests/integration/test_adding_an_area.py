"""Adding an area is adding its package and one line to the service's list of areas: here a
trivial area (a route, a table, a subscription to the register's own events, a worker, a
settings section) joins the real register, with nothing else of the service touched."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends
from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from collectivia.ethics_register.database import Base
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.settings import RegisterSection
from collectivia.platform.app import provided
from collectivia.platform.areas import Area, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import SYSTEM_REGISTERED
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.testkit.register_records import system_body
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer
from collectivia.testkit.waiting import wait_until
from ethics_register_testing.running import running_register, settings_for_tests

pytestmark = pytest.mark.integration

# --- the whole new area: what would be services/ethics-register/.../notes/ ----------------


class NotesSettings(RegisterSection):
    # The greeting of the notes route.
    notes_greeting: str = "Bonjour"


class NoteRow(Base):
    __tablename__ = "test_notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    system_id: Mapped[str] = mapped_column(String(36))


@dataclass
class Notes:
    sessions: sessionmaker[Any]
    greeting: str
    ticks: threading.Event

    def on_registered(self, event: ReceivedEvent) -> None:
        system_id = getattr(event.payload, "system_id", "")
        with self.sessions.begin() as session:
            session.add(NoteRow(id=event.cloud_event.id, system_id=system_id))

    def count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(NoteRow)) or 0)


class Ticker:
    def __init__(self, notes: Notes) -> None:
        notes.ticks.set()

    def stop(self) -> None:
        pass


router = APIRouter()


@router.get("/v1/test-notes")
def read_notes(notes: Annotated[Notes, Depends(provided(Notes))]) -> dict[str, object]:
    return {"greeting": notes.greeting, "notes": notes.count()}


def build(context: AreaContext) -> Notes:
    greeting = context.section(NotesSettings).notes_greeting
    return Notes(context.sessions, greeting, threading.Event())


NOTES = Area(
    name="notes",
    summary="A trivial area, for this test.",
    build=build,
    routers=(router,),
    tables=(NoteRow,),
    subscriptions=(Subscription(SYSTEM_REGISTERED, handler=lambda notes: notes.on_registered),),
    workers=(Worker("ticker", start=Ticker),),
    settings=NotesSettings,
)

# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def register_with_notes(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("notes")
    settings = settings_for_tests(kafka_server, keycloak_server, folder / "register.db")
    # The one line: the service's areas, plus the new one.
    service = replace(SERVICE, areas=(*SERVICE.areas, NOTES))
    with running_register(
        settings, service=service, sections=[NotesSettings(notes_greeting="Salut")]
    ) as running:
        yield running


def test_a_new_area_serves_its_route_keeps_its_table_and_handles_its_events(
    register_with_notes: Any, demo_tokens: DemoTokens
) -> None:
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    name = f"Système des notes {uuid.uuid4().hex[:6]}"
    with httpx.Client(base_url=register_with_notes.base_url, timeout=30) as http:
        created = http.post("/v1/systems", json=system_body(name=name), headers=officer)
        assert created.status_code == 201, created.text
        notes = register_with_notes.service.get(Notes)
        assert notes.ticks.is_set()  # its worker started with the service
        wait_until(lambda: notes.count() >= 1, what="the area's handler")
        answer = http.get("/v1/test-notes").json()
    assert answer == {"greeting": "Salut", "notes": notes.count()}
    # The rest of the register is as it was.
    assert [a.name for a in SERVICE.areas] == [
        "outbox",
        "systems",
        "incidents",
        "evidence",
        "literacy",
        "audit",
        "performance",
        "publication",
    ]
