"""A new service starts from the template: renamed everywhere, listed wherever the
repository lists its services, importable and assembled as it is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra.new_service import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "services" / "_template",
        tmp_path / "services" / "_template",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return tmp_path


def test_a_new_service_is_the_template_renamed_and_listed(repository: Path) -> None:
    assert main(["open-agenda", "--root", str(repository)]) == 0
    service = repository / "services" / "open-agenda"
    definition = service / "src" / "collectivia" / "open_agenda" / "definition.py"
    assert 'name="open-agenda"' in definition.read_text(encoding="utf-8")
    leftovers = [
        str(path.relative_to(service))
        for path in service.rglob("*")
        if path.is_file()
        and any(
            token in path.read_text(encoding="utf-8") or token in str(path)
            for token in ("service-template", "service_template", "ServiceTemplate")
        )
    ]
    assert leftovers == []
    card = (service / "README.md").read_text(encoding="utf-8")
    assert card.startswith("<!-- generated") and "# open-agenda" in card
    pyproject = (repository / "pyproject.toml").read_text(encoding="utf-8")
    assert '    "services/open-agenda",\n' in pyproject
    assert "collectivia-open-agenda = { workspace = true }" in pyproject
    # Import contracts (5 lists) and coverage (sources and floor).
    assert pyproject.count('"collectivia.open_agenda"') == 7
    assert ":services/open-agenda/src" in pyproject
    # The copy is a service the platform can read: its package imports, its areas declare.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from collectivia.open_agenda.definition import SERVICE; "
            "print(SERVICE.name, [a.name for a in SERVICE.areas])",
        ],
        env={"PYTHONPATH": str(service / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "open-agenda ['notes']"


def test_a_bad_name_or_an_existing_service_is_refused(repository: Path) -> None:
    assert main(["Data_Lake", "--root", str(repository)]) == 2
    assert main(["lake", "--root", str(repository)]) == 0
    with pytest.raises(SystemExit, match="exists already"):
        main(["lake", "--root", str(repository)])
