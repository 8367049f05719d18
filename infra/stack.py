#!/usr/bin/env python3
"""CollectivIA native dev stack: Kafka 4.3.1 (KRaft) and Keycloak 26.5.6, no Docker needed;
on demand, the data lake's scale-out path (PostgreSQL, versitygw S3, Trino 476).

    .venv/bin/python infra/stack.py up|down|restart|status|env|resolve [TARGET]
        TARGET: kafka|keycloak|traces|services|all (default) or postgres|s3|trino|lake-scale-out
    .venv/bin/python infra/stack.py kafka-class org.apache.kafka.tools.ProducerPerformance ...

Configuration (environment): COLLECTIVIA_CACHE_DIR, COLLECTIVIA_RUN_DIR, COLLECTIVIA_KAFKA_PORT,
COLLECTIVIA_KAFKA_CONTROLLER_PORT, COLLECTIVIA_KEYCLOAK_PORT,
COLLECTIVIA_KEYCLOAK_MANAGEMENT_PORT, COLLECTIVIA_POSTGRES_PORT, COLLECTIVIA_S3_PORT,
COLLECTIVIA_TRINO_PORT, COLLECTIVIA_JAEGER_OTLP_PORT, COLLECTIVIA_JAEGER_UI_PORT.
See infra/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from infra.collectivia_stack.cli import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_main())
