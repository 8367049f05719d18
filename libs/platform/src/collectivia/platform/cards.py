"""Cards written from the declarations: each service's card (what it owns, routes, RPCs,
events produced and consumed, settings, tables, by area) and the suite map (one name per
service across folder, package, gRPC package and event domain; who calls whom; which events
flow where). ``infra/cards.py`` writes them into the READMEs and ``make test`` checks that
they are fresh, so the documents cannot drift from the code.

Settings are described by the comment lines just above each field (the code's own
documentation): no library reads those, hence this small reader.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from collectivia.platform.areas import Area
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.catalogue import EventType
from collectivia.platform.settings import (
    KafkaSettings,
    KeycloakSettings,
    ServiceSettings,
    TelemetrySettings,
)

BEGIN = "<!-- generated from the declarations by infra/cards.py: do not edit below -->"
END = "<!-- end of generated part -->"
SHARED_SECTIONS = (KafkaSettings, KeycloakSettings, TelemetrySettings)
# Fields every service has, told once in the root README.
PLATFORM_FIELDS = frozenset(ServiceSettings.model_fields) - {"database_url", "consumer_group"}


@dataclass(frozen=True)
class Described:
    """A service's definition with where it lives (for the suite map)."""

    definition: ServiceDefinition[Any]
    folder: str
    package: str


# --- One service -------------------------------------------------------------------------


def service_card(service: Described) -> str:
    definition = service.definition
    lines = [
        f"# {definition.name}",
        "",
        definition.summary,
        "",
        f"Folder `{service.folder}`, package `{service.package}`, command "
        f"`collectivia-{definition.name}`, settings prefix `{env_prefix(definition.settings)}`. "
        f"Areas, in start order: {', '.join(f'`{a.name}`' for a in definition.areas)}.",
        "",
    ]
    for area in definition.areas:
        lines += _area_section(area, env_prefix(definition.settings))
    lines += ["## Service settings", "", *_settings_table(_own_fields(definition.settings))]
    if definition.commands:
        lines += ["", "## Commands", ""]
        lines += [f"- `collectivia-{definition.name} {name}`" for name in definition.commands]
    if definition.jobs:
        lines += ["", "## Jobs (run by a scheduler)", ""]
        lines += [f"- `collectivia-{definition.name}-jobs {name}`" for name in definition.jobs]
    return "\n".join(lines).rstrip() + "\n"


def _area_section(area: Area[Any], prefix: str) -> list[str]:
    lines = [f"## `{area.name}`", "", area.summary, ""]
    routes = list(_routes(area))
    if routes:
        lines += ["| Route | What |", "|---|---|"]
        lines += [f"| `{method} {path}` | {summary} |" for method, path, summary in routes]
        lines.append("")
    for endpoint in area.grpc:
        methods = ", ".join(f"`{m.name}`" for m in endpoint.service.methods)
        only = f" (service tokens only: {', '.join(endpoint.service_only)})"
        lines.append(
            f"- gRPC `{endpoint.service.full_name}`: {methods}"
            + (only if endpoint.service_only else "")
        )
    if area.publishes:
        lines.append(f"- Publishes: {_events(area.publishes)}")
    if area.subscriptions:
        consumed = [s.event for s in area.subscriptions]
        batch = [s.event for s in area.subscriptions if s.batch is not None]
        lines.append(
            f"- Consumes: {_events(consumed)}"
            + (f" (by batches: {_events(batch)})" if batch else "")
        )
    lines += [f"- Calls `{call.target}`: {call.why}" for call in area.calls]
    lines += [f"- Runs `{worker.name}` in the background" for worker in area.workers]
    if area.tables:
        tables = ", ".join(f"`{cls.__tablename__}`" for cls in area.tables)
        lines.append(f"- Tables: {tables}")
    if lines[-1] != "":
        lines.append("")
    if area.settings is not None:
        lines += ["| Setting | Default | What |", "|---|---|---|"]
        lines += _settings_rows(_own_fields(area.settings))
        lines.append("")
    return lines


def _routes(area: Area[Any]) -> Iterable[tuple[str, str, str]]:
    for router in area.routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                for method in sorted(route.methods or ()):
                    summary = route.summary or (route.description or "").split("\n")[0]
                    yield method, route.path, summary.replace("|", "\\|")


def _events(events: Iterable[EventType[Any]]) -> str:
    return ", ".join(f"`{event.topic}`" for event in events)


# --- Settings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    variable: str
    default: str
    what: str


def env_prefix(settings: type[BaseSettings]) -> str:
    return str(settings.model_config.get("env_prefix", ""))


def _own_fields(settings: type[BaseSettings]) -> list[_Field]:
    """The fields of ``settings`` (and of its nested settings classes, by their own prefix),
    without the platform's shared ones."""
    prefix = env_prefix(settings)
    comments = _comments(settings)
    fields: list[_Field] = []
    for name, info in settings.model_fields.items():
        if info.exclude or (issubclass(settings, ServiceSettings) and name in PLATFORM_FIELDS):
            continue
        nested = info.annotation
        if isinstance(nested, type) and issubclass(nested, BaseSettings):
            if not issubclass(nested, SHARED_SECTIONS):
                fields += _own_fields(nested)
            continue
        variable = str(info.validation_alias or prefix + name.upper())
        fields.append(_Field(variable, _default(info), comments.get(name, "")))
    return fields


def _settings_table(fields: Sequence[_Field]) -> list[str]:
    return ["| Setting | Default | What |", "|---|---|---|", *_settings_rows(fields)]


def _settings_rows(fields: Sequence[_Field]) -> list[str]:
    return [f"| `{f.variable}` | {f.default} | {f.what} |" for f in fields]


def _default(info: FieldInfo) -> str:
    if info.default_factory is not None:
        try:
            value: object = info.default_factory()  # type: ignore[call-arg]
        except TypeError:
            return "(computed)"
    elif info.is_required():
        return "(required)"
    else:
        value = info.default
    if hasattr(value, "get_secret_value"):
        return "(secret)"
    if value is None:
        return "(none)"
    text = str(value.value if hasattr(value, "value") else value)
    return f"`{text}`" if text else "(empty)"


def _comments(settings: type[BaseSettings]) -> dict[str, str]:
    """``field -> the comment lines just above it`` in the class's source, for each class of
    its MRO that declares fields (a library's fields mixed in too: ``LakehouseFields``)."""
    found: dict[str, str] = {}
    for cls in reversed(settings.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls in (
            BaseModel,
            BaseSettings,
        ):
            continue
        try:
            source = textwrap.dedent(inspect.getsource(cls))
        except (OSError, TypeError):
            continue
        lines = source.splitlines()
        body = ast.parse(source).body[0]
        assert isinstance(body, ast.ClassDef)
        for statement in body.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                found[statement.target.id] = _comment_above(lines, statement.lineno - 1)
    return found


def _comment_above(lines: Sequence[str], index: int) -> str:
    collected: list[str] = []
    while index > 0 and lines[index - 1].strip().startswith("#"):
        index -= 1
        collected.insert(0, lines[index].strip().lstrip("#").strip())
    return " ".join(collected).replace("|", "\\|")


# --- The suite ---------------------------------------------------------------------------


def suite_map(services: Sequence[Described]) -> str:
    lines = [
        *_diagram(services),
        "",
        "| Service | Folder | Package | gRPC | Events it publishes (domain) |",
        "|---|---|---|---|---|",
    ]
    for service in services:
        definition = service.definition
        grpc = sorted({e.service.full_name for a in definition.areas for e in a.grpc})
        domains = sorted({_domain(e) for a in definition.areas for e in a.publishes})
        lines.append(
            f"| {definition.name} | `{service.folder}` | `{service.package}` | "
            f"{', '.join(f'`{g}`' for g in grpc) or '—'} | {', '.join(domains) or '—'} |"
        )
    lines += ["", "Who calls whom:", "", "| Caller | Calls | In | Why |", "|---|---|---|---|"]
    lines += _calls(services)
    lines += [
        "",
        "Which events flow where:",
        "",
        "| Event | Published by | Consumed by |",
        "|---|---|---|",
    ]
    lines += _flows(services)
    return "\n".join(lines) + "\n"


def _diagram(services: Sequence[Described]) -> list[str]:
    """A Mermaid flowchart: solid arrows for events (publisher to consumer), dotted ones for
    calls (caller to callee)."""
    lines = ["```mermaid", "flowchart LR"]
    for service in services:
        lines.append(f"  {_node(service)}[{service.definition.name}]")
    for topic, made, used in _flow_pairs(services):
        lines += [f"  {_id(a)} -->|{topic}| {_id(b)}" for a in made for b in used if a != b]
    for caller in services:
        for area in caller.definition.areas:
            for call in area.calls:
                callee = _callee(services, call.target)
                if callee != "outside the suite":
                    # A gRPC method by its name, an HTTP route as it is.
                    name = call.target if " " in call.target else call.target.rsplit("/", 1)[-1]
                    lines.append(f"  {_node(caller)} -.->|{name}| {_id(callee)}")
    lines.append("```")
    return list(dict.fromkeys(lines))  # one arrow per pair and label


def _node(service: Described) -> str:
    return _id(service.definition.name)


def _id(name: str) -> str:
    return name.replace("-", "_")


def _domain(event: EventType[Any]) -> str:
    return event.topic.split(".")[0]


def _calls(services: Sequence[Described]) -> list[str]:
    rows = []
    for caller in services:
        for area in caller.definition.areas:
            for call in area.calls:
                callee = _callee(services, call.target)
                rows.append(
                    f"| {caller.definition.name} ({area.name}) | `{call.target}` | "
                    f"{callee} | {call.why} |"
                )
    return rows


def _callee(services: Sequence[Described], target: str) -> str:
    for service in services:
        for area in service.definition.areas:
            if any(target.startswith(e.service.full_name + "/") for e in area.grpc):
                return service.definition.name
            method, _, path = target.partition(" ")
            if any((method, path) == (m, p) for m, p, _ in _routes(area)):
                return service.definition.name
    return "outside the suite"


def _flows(services: Sequence[Described]) -> list[str]:
    rows = []
    for topic, made, used in _flow_pairs(services):
        rows.append(
            f"| `{topic}` | {', '.join(made) or 'outside the suite (next)'} | "
            f"{', '.join(used) or '—'} |"
        )
    return rows


def _flow_pairs(services: Sequence[Described]) -> list[tuple[str, list[str], list[str]]]:
    """``(topic, publishers, consumers)`` for every event some service publishes or consumes."""
    publishers: dict[str, list[str]] = {}
    consumers: dict[str, list[str]] = {}
    for service in services:
        for area in service.definition.areas:
            for event in area.publishes:
                publishers.setdefault(event.topic, []).append(service.definition.name)
            for subscription in area.subscriptions:
                topic = subscription.event.topic
                consumers.setdefault(topic, []).append(service.definition.name)
    return [
        (topic, sorted(set(publishers.get(topic, []))), sorted(set(consumers.get(topic, []))))
        for topic in sorted(publishers.keys() | consumers.keys())
    ]


def with_generated(document: str, generated: str) -> str:
    """``document`` with the part between the markers replaced by ``generated`` (the
    markers are added at the end when missing)."""
    if not document.strip():
        return f"{BEGIN}\n{generated}{END}\n"
    before, found, rest = document.partition(BEGIN)
    if not found:
        return f"{document.rstrip()}\n\n{BEGIN}\n{generated}{END}\n"
    _, ended, after = rest.partition(END)
    return f"{before}{BEGIN}\n{generated}{END}{after if ended else chr(10)}"
