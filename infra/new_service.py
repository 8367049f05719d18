"""Start a new service from services/_template: ``make new-service NAME=data-lake``.

Copies the template to services/<name> with its names changed (folder, package, command,
settings prefix and classes), and adds the service wherever the repository lists its
services in pyproject.toml (workspace, import contracts, coverage floors, type checking).
What stays to do by hand is printed at the end: the Keycloak client, the ports of
`make up`, the first real area.
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from collectivia.platform.cards import BEGIN

logger = logging.getLogger("new_service")

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "services/_template"
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# Each list of pyproject.toml that names every service: the line of its last service today,
# after which the new service's line goes.
LISTED_AFTER = (
    (r'^    "services/agent-assistant",\n', '    "services/{name}",\n'),
    (
        r"^collectivia-agent-assistant = \{ workspace = true \}\n",
        "collectivia-{name} = {{ workspace = true }}\n",
    ),
    (r'^    "collectivia-agent-assistant",\n', '    "collectivia-{name}",\n'),
    (r'^    "collectivia\.agent_assistant",\n', '    "collectivia.{package}",\n'),
    (r'^"collectivia\.agent_assistant" = (\d+)\n', '"collectivia.{package}" = 80\n'),
)


def names(name: str) -> dict[str, str]:
    """The template's names and the new service's."""
    package = name.replace("-", "_")
    return {
        "service-template": name,
        "service_template": package,
        "SERVICE_TEMPLATE": package.upper(),
        "ServiceTemplate": "".join(part.capitalize() for part in name.split("-")),
    }


def copy_template(root: Path, name: str) -> Path:
    """services/_template copied to services/<name>, names changed in paths and texts."""
    target = root / "services" / name
    if target.exists():
        raise SystemExit(f"services/{name} exists already")
    replacements = names(name)
    source = root / TEMPLATE
    for path in sorted(source.rglob("*")):
        if "__pycache__" in path.parts or path.is_dir():
            continue
        relative = str(path.relative_to(source))
        for old, new in replacements.items():
            relative = relative.replace(old, new)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if relative == "README.md":  # the copy's card only, not the template's own intro
            text = text[text.index(BEGIN) :]
        for old, new in replacements.items():
            text = text.replace(old, new)
        destination.write_text(text, encoding="utf-8")
        shutil.copymode(path, destination)
    return target


def list_in_pyproject(root: Path, name: str) -> None:
    """Add the service to every list of pyproject.toml that names the services."""
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    package = name.replace("-", "_")
    for anchor, entry in LISTED_AFTER:
        line = entry.format(name=name, package=package)
        text, found = re.subn(anchor, _followed_by(line), text, flags=re.M)
        if not found:
            raise SystemExit(f"pyproject.toml: no line matching {anchor!r} to add after")
    text = text.replace(
        ":services/_template/src", f":services/_template/src:services/{name}/src", 1
    )
    path.write_text(text, encoding="utf-8")


def _followed_by(line: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return match.group(0) + line

    return replace


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name", help="the service's one name, e.g. data-lake")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if not NAME.match(options.name):
        logger.error("%r: lower-case words joined by dashes, e.g. data-lake", options.name)
        return 2
    target = copy_template(options.root, options.name)
    list_in_pyproject(options.root, options.name)
    logger.info("created %s", target.relative_to(options.root))
    logger.info(
        "Next: add its confidential client %r (and an audience scope) to "
        "infra/keycloak/realm-collectivia.json; give it ports and a line in "
        "infra/collectivia_stack/services.py; replace the notes area by its first real area; "
        "run `make cards` and `make test`.",
        options.name,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
