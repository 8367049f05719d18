#!/usr/bin/env python3
"""Write the chart's copy of the topic catalogue (charts/collectivia/files/kafka-topics.json)
from infra/kafka/topics.toml, dead-letter twins included, so that the chart's ``KafkaTopic``
resources and the local stack never drift; ``--check`` fails when the copy is stale (like
``infra/cards.py --check``, run by `make test`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infra.collectivia_stack.topics import CATALOGUE, load_catalogue  # noqa: E402
from infra.kube.chart_copy import refresh  # noqa: E402

CHART_TOPICS = ROOT / "charts" / "collectivia" / "files" / "kafka-topics.json"


def chart_topics(catalogue: Path = CATALOGUE) -> str:
    """The JSON the chart reads: one object per topic, in the catalogue's order. The
    replication factor is the catalogue's (one local node); the chart raises it to its
    cluster's own (``kafka.topicReplicas``)."""
    topics = [
        {
            "name": spec.name,
            "partitions": spec.partitions,
            "replicationFactor": spec.replication_factor,
            "config": spec.configs,
            "deadLetter": spec.dead_letter,
        }
        for spec in load_catalogue(catalogue)
    ]
    return json.dumps({"source": "infra/kafka/topics.toml", "topics": topics}, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    return refresh(CHART_TOPICS, chart_topics(), argv, description=__doc__)


if __name__ == "__main__":
    sys.exit(main())
