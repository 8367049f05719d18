"""Rendering of the chart (charts/collectivia) for the deployment tests: `helm template` per
profile with the helm that infra/collectivia_stack/kube.py builds into .cache/kube/bin/, the
objects parsed with PyYAML. Renders are cached for the session (a render is ~0.3 s)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHART = ROOT / "charts" / "collectivia"
RELEASE = "collectivia"
NAMESPACE = "collectivia"
# A profile -> its values files, in the order helm layers them (gpu goes over production).
PROFILES: dict[str, tuple[str, ...]] = {
    "default": (),
    "dev": ("values-dev.yaml",),
    "production": ("values-production.yaml",),
    "gpu": ("values-production.yaml", "values-gpu.yaml"),
}

Manifest = dict[str, Any]
RenderChart = Callable[..., list[Manifest]]


def helm_binary() -> Path:
    """helm from the kube toolchain (built once per machine, waiting for a build under way)."""
    from infra.collectivia_stack.kube import ensure_kube_tools

    return ensure_kube_tools(only=["helm"]) / "helm"


def profile_arguments(profile: str) -> list[str]:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: one of {sorted(PROFILES)}")
    arguments: list[str] = []
    for values in PROFILES[profile]:
        arguments += ["-f", str(CHART / values)]
    return arguments


def run_helm(helm: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - helm from the toolchain, arguments from the tests
        [str(helm), *arguments], capture_output=True, text=True, timeout=120, check=False
    )


# libyaml's parser when PyYAML has it: five times faster on a render's hundred objects.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_manifests(text: str) -> list[Manifest]:
    return [document for document in yaml.load_all(text, Loader=_LOADER) if document]


@pytest.fixture(scope="session")
def helm() -> Path:
    return helm_binary()


@pytest.fixture(scope="session")
def render_chart(helm: Path) -> Iterator[RenderChart]:
    """``render_chart(profile, *extra)``: the objects `helm template` renders for a profile
    ("default", "dev", "production", "gpu" = production + gpu), with extra helm arguments
    (``--set``, ``-f``...). A failed render fails the test with helm's message."""
    cache: dict[tuple[str, tuple[str, ...]], list[Manifest]] = {}

    def render(profile: str, *extra: str) -> list[Manifest]:
        key = (profile, tuple(extra))
        if key not in cache:
            done = run_helm(
                helm,
                "template",
                RELEASE,
                str(CHART),
                "--namespace",
                NAMESPACE,
                *profile_arguments(profile),
                *extra,
            )
            if done.returncode != 0:
                pytest.fail(f"helm template {profile} {' '.join(extra)}: {done.stderr}")
            cache[key] = parse_manifests(done.stdout)
        return cache[key]

    yield render


def kinds(manifests: Sequence[Manifest], *wanted: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] in wanted]
