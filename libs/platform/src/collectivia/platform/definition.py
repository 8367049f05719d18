"""A service, declared: its name, its settings, its areas in start order, its maintenance
commands and scheduled jobs. ``collectivia.platform.app.create_app`` serves it;
``run_service`` and ``run_jobs`` are its process entry points; ``collectivia.platform.cards``
writes its card from the same declaration."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Engine, Table

from collectivia.platform.areas import Area
from collectivia.platform.assembly import EngineFactory, create_tables
from collectivia.platform.database import create_database_engine
from collectivia.platform.jobs import Job
from collectivia.platform.settings import AreaSettings, ServiceSettings

S = TypeVar("S", bound=ServiceSettings)

# A maintenance command (``collectivia-ethics-register verify-evidence``): its exit code.
Command = Callable[[S], int]


@dataclass(frozen=True)
class ServiceDefinition(Generic[S]):
    # The one name of the service: its folder under services/, its Keycloak client, its
    # telemetry resource, its consumer group.
    name: str
    # What it is for, one sentence (its card and the suite map).
    summary: str
    settings: type[S]
    areas: Sequence[Area[Any]]
    # The HTTP API's title in the OpenAPI page, from the settings (the collectivity's name).
    title: Callable[[S], str]
    commands: Mapping[str, Command[S]] = field(default_factory=dict)
    # What a scheduler runs, one at a time: ``collectivia-<name>-jobs JOB`` (the chart's
    # CronJobs), each saying in French what it did.
    jobs: Mapping[str, Job[S]] = field(default_factory=dict)
    engine_factory: EngineFactory = create_database_engine

    def sections(self) -> list[type[AreaSettings]]:
        """The areas' settings sections, in the areas' order."""
        return [area.settings for area in self.areas if area.settings is not None]

    def tables(self) -> list[Table]:
        """Every table of the service, in the areas' order."""
        return [cast(Table, cls.__table__) for area in self.areas for cls in area.tables]

    def create_schema(self, engine: Engine) -> None:
        """Create the service's missing tables (what the service does at start)."""
        create_tables(engine, self.tables())

    def area(self, name: str) -> Area[Any]:
        for area in self.areas:
            if area.name == name:
                return area
        raise KeyError(f"{self.name} has no area {name!r}")
