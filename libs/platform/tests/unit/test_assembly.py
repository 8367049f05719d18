"""A service assembled from its areas: built in order, later areas see earlier ones, views
get one object; a failing area rolls back what started, in reverse; stop is clean."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict
from sqlalchemy import String, create_engine, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from collectivia.platform.app import create_app, provided
from collectivia.platform.areas import Area, Worker
from collectivia.platform.assembly import AreaContext, MissingProvision, assemble
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.settings import AreaSettings, ServiceSettings
from collectivia.platform.telemetry import setup_telemetry


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_DEMO_", populate_by_name=True)

    service_name: str = "demo"
    client_id: str = "demo"
    client_secret: SecretStr = SecretStr("demo-dev-secret")


class GreetingSettings(AreaSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_DEMO_", extra="ignore")

    greeting: str = "Bonjour"


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "demo_rows"

    id: Mapped[str] = mapped_column(String(10), primary_key=True)


@dataclass
class Greeter:
    greeting: str


@dataclass
class Counter:
    greeter: Greeter


class Journal:
    """What happened, in order."""

    def __init__(self) -> None:
        self.entries: list[str] = []


class Recorded:
    def __init__(self, journal: Journal, name: str) -> None:
        self.journal, self.name = journal, name
        journal.entries.append(f"start {name}")

    def stop(self) -> None:
        self.journal.entries.append(f"stop {self.name}")


router = APIRouter()


@router.get("/greeting")
def greeting(greeter: Annotated[Greeter, Depends(provided(Greeter))]) -> dict[str, str]:
    return {"greeting": greeter.greeting}


def areas(journal: Journal, *, failing: bool = False) -> list[Area[object]]:
    def greeter(context: AreaContext) -> Greeter:
        context.sessions  # noqa: B018 - opens the database: its tables are created
        return Greeter(context.section(GreetingSettings).greeting)

    def counter(context: AreaContext) -> Counter:
        return Counter(context.get(Greeter))

    def broken(context: AreaContext) -> object:
        raise RuntimeError("this area cannot start")

    built: list[Area[object]] = [
        Area(
            name="greeter",
            summary="Says hello.",
            build=greeter,
            routers=(router,),
            tables=(Row,),
            settings=GreetingSettings,
            stop=lambda _: journal.entries.append("stop area greeter"),
        ),
        Area(
            name="counter",
            summary="Counts.",
            build=counter,
            workers=(Worker("ticker", start=lambda _: Recorded(journal, "ticker")),),
            stop=lambda _: journal.entries.append("stop area counter"),
        ),
    ]
    if failing:
        built.append(Area(name="broken", summary="Fails.", build=broken))
    return built


@pytest.fixture
def settings(tmp_path: Path) -> DemoSettings:
    return DemoSettings(database_url=f"sqlite:///{tmp_path / 'demo.db'}")


def test_areas_are_built_in_order_and_stopped_in_reverse(settings: DemoSettings) -> None:
    journal = Journal()
    telemetry = setup_telemetry(settings)
    verifier = TokenVerifier(settings.keycloak, audience="demo")
    service = assemble(
        areas(journal),
        settings=settings,
        telemetry=telemetry,
        verifier=verifier,
        supplied=[GreetingSettings(greeting="Salut")],
    )
    assert service.get(Counter).greeter is service.get(Greeter)
    assert service.get(Greeter).greeting == "Salut"
    assert service.get(DemoSettings) is settings
    assert service.ready and service.consumer is None and service.grpc_port == 0
    engine_url = settings.database_url
    service.stop()
    verifier.http.close()
    # Workers stop before the areas, areas in reverse order of their start.
    assert journal.entries == [
        "start ticker",
        "stop ticker",
        "stop area counter",
        "stop area greeter",
    ]

    assert "demo_rows" in inspect(create_engine(engine_url)).get_table_names()


def test_a_failing_area_rolls_back_what_started(settings: DemoSettings) -> None:
    journal = Journal()
    verifier = TokenVerifier(settings.keycloak, audience="demo")
    with pytest.raises(RuntimeError, match="cannot start"):
        assemble(
            areas(journal, failing=True),
            settings=settings,
            telemetry=setup_telemetry(settings),
            verifier=verifier,
        )
    verifier.http.close()
    assert journal.entries == ["stop area counter", "stop area greeter"]


def test_an_area_asking_for_what_no_earlier_area_built_says_so(settings: DemoSettings) -> None:
    journal = Journal()
    verifier = TokenVerifier(settings.keycloak, audience="demo")
    counter_first = list(reversed(areas(journal)))
    with pytest.raises(MissingProvision, match="Greeter"):
        assemble(
            counter_first, settings=settings, telemetry=setup_telemetry(settings), verifier=verifier
        )
    verifier.http.close()


def test_views_get_their_object_and_readiness_follows_the_start(settings: DemoSettings) -> None:
    definition = ServiceDefinition(
        name="demo",
        summary="A demo service.",
        settings=DemoSettings,
        areas=areas(Journal()),
        title=lambda _settings: "Démo",
    )
    app = create_app(definition, settings, supplied=[GreetingSettings(greeting="Hello")])
    with TestClient(app) as client:
        assert client.get("/greeting").json() == {"greeting": "Hello"}
        assert client.get("/readyz").status_code == 200
    assert definition.sections() == [GreetingSettings]
    assert [table.name for table in definition.tables()] == ["demo_rows"]
