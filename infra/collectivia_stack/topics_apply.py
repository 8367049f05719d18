"""Create missing topics and align the configs of existing ones (kafka-python admin client)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

from .config import StackError
from .topics import TopicSpec

log = logging.getLogger(__name__)
STEP = "apply topic catalogue"


@dataclass
class ApplyReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _current_configs(admin: Any, names: Sequence[str]) -> dict[str, dict[str, str]]:
    resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
    described = admin.describe_configs(resources, config_filter="all")
    by_topic = described.get("topic", {})
    return {
        name: {key: str(entry.get("value")) for key, entry in by_topic.get(name, {}).items()}
        for name in names
    }


def _partition_counts(admin: Any, names: Sequence[str]) -> dict[str, int]:
    return {t["name"]: len(t["partitions"]) for t in admin.describe_topics(list(names))}


def apply_catalogue(bootstrap: str, specs: Sequence[TopicSpec]) -> ApplyReport:
    report = ApplyReport()
    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="collectivia-stack")
    except Exception as exc:
        raise StackError(STEP, f"cannot reach Kafka at {bootstrap}: {exc}") from exc
    try:
        existing = set(admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        if missing:
            admin.create_topics(
                {
                    s.name: {
                        "num_partitions": s.partitions,
                        "replication_factor": s.replication_factor,
                        "configs": s.configs,
                    }
                    for s in missing
                },
                wait_for_metadata=True,
            )
            report.created = [s.name for s in missing]
        present = [s for s in specs if s.name in existing]
        if present:
            configs = _current_configs(admin, [s.name for s in present])
            partitions = _partition_counts(admin, [s.name for s in present])
            for spec in present:
                changed = False
                drift = {k: v for k, v in spec.configs.items() if configs[spec.name].get(k) != v}
                if drift:
                    admin.alter_configs(
                        [ConfigResource(ConfigResourceType.TOPIC, spec.name, drift)]
                    )
                    changed = True
                if partitions.get(spec.name, 0) < spec.partitions:
                    admin.create_partitions({spec.name: spec.partitions})
                    changed = True
                elif partitions.get(spec.name, 0) > spec.partitions:
                    log.warning(
                        "%s has %d partitions, catalogue says %d: Kafka cannot shrink a topic",
                        spec.name,
                        partitions[spec.name],
                        spec.partitions,
                    )
                (report.updated if changed else report.unchanged).append(spec.name)
    except StackError:
        raise
    except Exception as exc:
        raise StackError(STEP, f"{type(exc).__name__}: {exc}") from exc
    finally:
        admin.close()
    return report
