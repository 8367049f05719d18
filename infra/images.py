#!/usr/bin/env python3
"""The services' container images, without a Docker daemon (`make images`):

    .venv/bin/python infra/images.py [--only SERVICE]... [--no-start]

A Debian bookworm base made with mmdebstrap, each `services/<name>/Containerfile` built by
buildah (vfs storage in .cache/images, chroot isolation), tagged
`localhost/collectivia/<name>:<version>`; then each image's size and layers, its user, its
files (no secret nor demo data) and a start of its entry point against the local Kafka and
Keycloak. Report: .run/images/report.json. Needs root and `apt-get install buildah mmdebstrap`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from infra.collectivia_stack.images.cli import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(_main())
