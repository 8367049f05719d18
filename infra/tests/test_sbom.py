"""The SBOM of `make sbom` (infra/sbom.py): valid CycloneDX 1.5 JSON (the official schema,
as cyclonedx-python-lib ships it), listing every locked package with its version, its
package URL and the SHA-256 of each of its locked files — the lock's, not re-resolved."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from infra import sbom

LOCK = sbom.ROOT / "uv.lock"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("sbom") / "collectivia.cdx.json"
    assert sbom.main(["--output", str(output)]) == 0
    data: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return data


def locked() -> dict[str, dict[str, Any]]:
    packages = tomllib.loads(LOCK.read_text(encoding="utf-8"))["package"]
    return {p["name"]: p for p in packages}


def lock_hashes(package: dict[str, Any]) -> set[str]:
    files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
    return {f["hash"].removeprefix("sha256:") for f in files}


def test_it_is_valid_cyclonedx(document: dict[str, Any]) -> None:
    assert document["bomFormat"] == "CycloneDX"
    assert document["specVersion"] == "1.5"
    error = JsonStrictValidator(SchemaVersion.V1_5).validate_str(json.dumps(document))
    assert error is None, error


def test_the_validator_refuses_a_broken_document(document: dict[str, Any]) -> None:
    broken = {**document, "components": [{"name": "sans-type", "version": "1.0"}]}
    assert JsonStrictValidator(SchemaVersion.V1_5).validate_str(json.dumps(broken)) is not None


def test_every_locked_package_is_listed_with_its_version_and_hashes(
    document: dict[str, Any],
) -> None:
    components = {c["name"]: c for c in document["components"]}
    registry = {n: p for n, p in locked().items() if "registry" in p["source"]}
    assert len(registry) > 100
    missing = sorted(set(registry) - set(components))
    assert missing == []
    for name, package in registry.items():
        component = components[name]
        assert component["version"] == package["version"], name
        assert component["purl"] == f"pkg:pypi/{name}@{package['version']}", name
        listed = {
            h["content"]
            for reference in component.get("externalReferences", [])
            for h in reference.get("hashes", [])
            if h["alg"] == "SHA-256"
        }
        assert listed == lock_hashes(package), name


def test_the_suites_own_packages_are_listed_too(document: dict[str, Any]) -> None:
    names = {c["name"] for c in document["components"]}
    own = {n for n, p in locked().items() if "editable" in p["source"]}
    assert {"collectivia-platform", "collectivia-ethics-register"} <= own <= names
    assert document["metadata"]["component"]["name"] == "collectivia"


def test_it_is_written_where_git_ignores_it() -> None:
    ignored = (sbom.ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    relative = sbom.DEFAULT_OUTPUT.relative_to(sbom.ROOT)
    assert f"{relative.parts[0]}/" in ignored
    assert isinstance(relative, Path)
