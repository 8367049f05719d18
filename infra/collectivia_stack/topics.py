"""The topic catalogue (infra/kafka/topics.toml) and its idempotent application."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import INFRA_DIR, StackError

CATALOGUE = INFRA_DIR / "kafka" / "topics.toml"
DLQ_SUFFIX = ".dlq"
TOPIC_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.v[1-9][0-9]*$")
_SETTINGS = {"partitions", "replication_factor", "retention_ms", "cleanup_policy"}
_POLICIES = {"delete", "compact", "compact,delete", "delete,compact"}


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str] = field(default_factory=dict)
    consumed: bool = False
    dead_letter: bool = False


def _settings(step: str, where: str, raw: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    unknown = set(raw) - _SETTINGS - {"consumed"}
    if unknown:
        raise StackError(step, f"{where}: unknown keys {sorted(unknown)}")
    merged = {**base, **{k: v for k, v in raw.items() if k in _SETTINGS}}
    missing = _SETTINGS - set(merged)
    if missing:
        raise StackError(step, f"{where}: missing {sorted(missing)}")
    if merged["cleanup_policy"] not in _POLICIES:
        raise StackError(step, f"{where}: cleanup_policy must be one of {sorted(_POLICIES)}")
    retention = merged["retention_ms"]
    if not isinstance(retention, int) or (retention < 1 and retention != -1):
        raise StackError(step, f"{where}: retention_ms must be a positive integer or -1")
    for key in ("partitions", "replication_factor"):
        if not isinstance(merged[key], int) or merged[key] < 1:
            raise StackError(step, f"{where}: {key} must be a positive integer")
    return merged


def _spec(name: str, settings: dict[str, Any], consumed: bool, dead_letter: bool) -> TopicSpec:
    return TopicSpec(
        name=name,
        partitions=settings["partitions"],
        replication_factor=settings["replication_factor"],
        configs={
            "retention.ms": str(settings["retention_ms"]),
            "cleanup.policy": settings["cleanup_policy"],
        },
        consumed=consumed,
        dead_letter=dead_letter,
    )


def load_catalogue(path: Path = CATALOGUE) -> list[TopicSpec]:
    """Every topic of the catalogue followed, for consumed ones, by its dead-letter twin."""
    step = f"read topic catalogue {path}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise StackError(step, str(exc)) from exc
    defaults = data.get("defaults", {})
    dead_letter = {**defaults, **data.get("dead_letter", {})}
    specs: list[TopicSpec] = []
    for name, raw in data.get("topics", {}).items():
        if not TOPIC_NAME.match(name):
            raise StackError(step, f"topic {name!r} is not named <domain>.<event>.v<n>")
        consumed = raw.get("consumed")
        if not isinstance(consumed, bool):
            raise StackError(step, f"topic {name!r}: `consumed = true|false` is required")
        specs.append(_spec(name, _settings(step, name, raw, defaults), consumed, False))
        if consumed:
            dlq = _settings(step, "[dead_letter]", dead_letter, {})
            specs.append(_spec(name + DLQ_SUFFIX, dlq, False, True))
    if not specs:
        raise StackError(step, 'no [topics."..."] entry')
    return specs
