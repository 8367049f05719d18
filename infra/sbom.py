"""The suite's software bill of materials (`make sbom`): every package of the lock
(uv.lock, every group and extra, the workspace's own packages included) in CycloneDX 1.5
JSON, with its version, its package URL and the SHA-256 of each of its locked files, written
by uv itself from the lock (nothing is resolved again)."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger("sbom")

ROOT = Path(__file__).resolve().parents[1]
UV = ROOT / ".tools" / "bin" / "uv"
DEFAULT_OUTPUT = ROOT / ".run" / "sbom" / "collectivia.cdx.json"
FORMAT = "cyclonedx1.5"


def write_sbom(output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(UV),
            "export",
            "--frozen",
            "--all-packages",
            "--all-groups",
            "--all-extras",
            "--format",
            FORMAT,
            "--quiet",
            "--output-file",
            str(output),
        ],
        cwd=ROOT,
        check=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    options = parser.parse_args(argv)
    write_sbom(options.output)
    logger.info("SBOM (CycloneDX 1.5): %s", options.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
