#!/usr/bin/env python3
"""Write the chart's copy of the topic catalogue (charts/collectivia/files/kafka-topics.json)
from infra/kafka/topics.toml, dead-letter twins included, so that the chart's ``KafkaTopic``
resources and the local stack never drift; ``--check`` fails when the copy is stale (like
``infra/cards.py --check``, run by `make test`)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infra.collectivia_stack.topics import CATALOGUE, load_catalogue  # noqa: E402

logger = logging.getLogger("chart_topics")

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
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the chart's copy is stale")
    options = parser.parse_args(argv)
    wanted = chart_topics()
    current = CHART_TOPICS.read_text(encoding="utf-8") if CHART_TOPICS.exists() else ""
    if current == wanted:
        return 0
    if options.check:
        logger.error("stale: %s (run `make chart-files`)", os.path.relpath(CHART_TOPICS, ROOT))
        return 1
    CHART_TOPICS.write_text(wanted, encoding="utf-8")
    logger.info("wrote %s", os.path.relpath(CHART_TOPICS, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
