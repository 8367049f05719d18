"""The chart's generated copies (files/ of charts/collectivia): rewritten from their source,
or, with ``--check`` (`make test`), a failure when the copy on disk is stale."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


def refresh(copy: Path, wanted: str, argv: list[str] | None, *, description: str | None) -> int:
    """0 when ``copy`` holds ``wanted`` (after writing it, without ``--check``); 1 when stale."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="fail if the chart's copy is stale")
    options = parser.parse_args(argv)
    current = copy.read_text(encoding="utf-8") if copy.exists() else ""
    if current == wanted:
        return 0
    if options.check:
        logger.error("stale: %s (run `make chart-files`)", os.path.relpath(copy, ROOT))
        return 1
    copy.write_text(wanted, encoding="utf-8")
    logger.info("wrote %s", os.path.relpath(copy, ROOT))
    return 0
