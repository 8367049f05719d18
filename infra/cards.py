"""Write each service's card (services/<name>/README.md) and the suite map (the root README)
from the services' declarations; ``--check`` fails when one is stale, so that `make test`
catches a document that no longer says what the code does (like the proto check).

A service is a folder of services/ whose one package under ``src/collectivia/`` has a
``definition`` module holding ``SERVICE`` (services/_template included: its card shows
what a new service starts with).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from collectivia.platform.cards import Described, service_card, suite_map, with_generated
from collectivia.platform.definition import ServiceDefinition

logger = logging.getLogger("cards")

ROOT = Path(__file__).resolve().parents[1]


def services() -> list[Described]:
    found = []
    for folder in sorted(p for p in (ROOT / "services").iterdir() if (p / "src").is_dir()):
        # The template is not installed (nothing deploys it): its source is read in place.
        if str(folder / "src") not in sys.path:
            sys.path.append(str(folder / "src"))
        [package_dir] = [p for p in (folder / "src" / "collectivia").iterdir() if p.is_dir()]
        package = f"collectivia.{package_dir.name}"
        definition = importlib.import_module(f"{package}.definition").SERVICE
        assert isinstance(definition, ServiceDefinition), f"{package}.definition.SERVICE"
        found.append(Described(definition, f"services/{folder.name}", package))
    return found


def documents() -> dict[Path, str]:
    """Every generated document as it should be: path -> content."""
    described = services()
    wanted = {ROOT / service.folder / "README.md": service_card(service) for service in described}
    # The template is not part of the suite: it has a card, not a place on the map.
    wanted[ROOT / "README.md"] = suite_map([s for s in described if "/_" not in s.folder])
    return {path: with_generated(_read(path), generated) for path, generated in wanted.items()}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a card is stale")
    options = parser.parse_args()
    stale = {path: text for path, text in documents().items() if _read(path) != text}
    if options.check:
        for path in stale:
            logger.error("stale: %s (run `make cards` and commit it)", path.relative_to(ROOT))
        return 1 if stale else 0
    for path, text in stale.items():
        path.write_text(text, encoding="utf-8")
        logger.info("wrote %s", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
