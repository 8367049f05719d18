"""The topic catalogue (infra/kafka/topics.toml): no server needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectivia.platform.events.catalogue import ALL_EVENT_TYPES
from infra.collectivia_stack.config import StackError
from infra.collectivia_stack.topics import DLQ_SUFFIX, TOPIC_NAME, load_catalogue

SIX_MONTHS_MS = 15_552_000_000
REQUIRED = {
    "register.system-registered.v1",
    "register.system-status-changed.v1",
    "register.incident-reported.v1",
    "ai.used.v1",
    "chat.answer-produced.v1",
    "chat.handoff-requested.v1",
    "chat.handoff-resolved.v1",
    "chat.feedback-given.v1",
    "assistant.charter-accepted.v1",
    "assistant.task-completed.v1",
    "lake.document-published.v1",
    "lake.document-withdrawn.v1",
}


def test_required_topics_present() -> None:
    names = {spec.name for spec in load_catalogue() if not spec.dead_letter}
    assert names >= REQUIRED


def test_every_event_type_of_the_catalogue_has_its_topic() -> None:
    names = {spec.name for spec in load_catalogue() if not spec.dead_letter}
    missing = {event_type.topic for event_type in ALL_EVENT_TYPES} - names
    assert not missing


def test_names_follow_domain_event_version_pattern() -> None:
    for spec in load_catalogue():
        base = spec.name.removesuffix(DLQ_SUFFIX) if spec.dead_letter else spec.name
        assert TOPIC_NAME.match(base), spec.name


def test_every_consumed_topic_has_a_dead_letter_twin() -> None:
    catalogue = load_catalogue()
    by_name = {spec.name: spec for spec in catalogue}
    for spec in catalogue:
        twin = by_name.get(spec.name + DLQ_SUFFIX)
        if spec.consumed:
            assert twin is not None and twin.dead_letter, spec.name
            assert twin.partitions == 1
            assert twin.configs["cleanup.policy"] == "delete"
            assert int(twin.configs["retention.ms"]) >= 7 * 24 * 3600 * 1000
        elif not spec.dead_letter:
            assert twin is None, f"{spec.name} is not consumed but has a dead-letter twin"


def test_ai_usage_log_kept_at_least_six_months() -> None:
    ai_used = next(spec for spec in load_catalogue() if spec.name == "ai.used.v1")
    retention = int(ai_used.configs["retention.ms"])
    assert retention == -1 or retention >= SIX_MONTHS_MS


def test_status_changes_are_compacted() -> None:
    spec = next(s for s in load_catalogue() if s.name == "register.system-status-changed.v1")
    assert spec.configs["cleanup.policy"] == "compact"


def test_single_node_replication_and_default_partitions() -> None:
    for spec in load_catalogue():
        assert spec.replication_factor == 1
        if not spec.dead_letter:
            assert spec.partitions == 3, spec.name


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ('[topics."Register.Bad"]\nconsumed = true\n', "<domain>.<event>.v<n>"),
        ('[topics."a.b.v1"]\n', "consumed"),
        ('[topics."a.b.v1"]\nconsumed = true\nretention_ms = 0\n', "retention_ms"),
        ('[topics."a.b.v1"]\nconsumed = false\ncleanup_policy = "zap"\n', "cleanup_policy"),
        ('[topics."a.b.v1"]\nconsumed = false\nretension_ms = 5\n', "unknown keys"),
    ],
)
def test_invalid_catalogues_are_rejected(tmp_path: Path, body: str, error: str) -> None:
    defaults = (
        "[defaults]\npartitions = 3\nreplication_factor = 1\n"
        'retention_ms = 1000\ncleanup_policy = "delete"\n[dead_letter]\npartitions = 1\n'
    )
    path = tmp_path / "topics.toml"
    path.write_text(defaults + body)
    with pytest.raises(StackError, match=error.replace(".", r"\.")):
        load_catalogue(path)
