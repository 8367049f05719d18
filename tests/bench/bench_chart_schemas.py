"""Benchmark: the offline schema validation of the rendered chart, per profile.

For each profile (dev, production, production + gpu) the chart is rendered once with helm,
then its objects are validated by infra/kube/manifest_validation.py (Kubernetes 1.37's
schemas, strict, and the pinned CRDs): a first pass (validators built as kinds appear) and a
second (reused). The baseline, in the same process, is kubernetes-validate's own
``validate()`` on the same objects (built-in kinds only: it knows no CRD), which reads and
parses the schema files again for every object and stops at an object's first error.

Run with `make bench` (helm from `.cache/kube/bin`, built when missing; the CRDs fetched into
`.cache/kube/crds` when missing). Prints its figures; asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]  # no type information
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infra.collectivia_stack.kube import ensure_kube_tools  # noqa: E402
from infra.kube.crds import ensure_crds, pinned_versions  # noqa: E402
from infra.kube.manifest_validation import (  # noqa: E402
    KUBERNETES_VERSION,
    ManifestValidator,
    load_crds,
)

CHART = ROOT / "charts" / "collectivia"
PROFILES = {
    "dev": ("values-dev.yaml",),
    "production": ("values-production.yaml",),
    "gpu": ("values-production.yaml", "values-gpu.yaml"),
}


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def render(helm: Path, values: tuple[str, ...]) -> list[dict[str, Any]]:
    arguments = [arg for name in values for arg in ("-f", str(CHART / name))]
    done = subprocess.run(  # noqa: S603 (our helm, our chart)
        [
            str(helm),
            "template",
            "collectivia",
            str(CHART),
            "--namespace",
            "collectivia",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [doc for doc in yaml.load_all(done.stdout, Loader=yaml.CSafeLoader) if doc]


def baseline(objects: list[dict[str, Any]]) -> tuple[float, int, int]:
    """kubernetes-validate's validate(): seconds, objects it judged, objects it has no schema of."""
    started, judged, unknown = time.perf_counter(), 0, 0
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
            judged += 1
        except kubernetes_validate.ValidationError:
            judged += 1
        except kubernetes_validate.SchemaNotFoundError:
            unknown += 1
    return time.perf_counter() - started, judged, unknown


def main() -> int:
    helm = ensure_kube_tools(only=["helm"]) / "helm"
    started = time.perf_counter()
    crds = load_crds(ensure_crds())
    validator = ManifestValidator(crds=crds)
    setup = time.perf_counter() - started
    versions = ", ".join(f"{name} {version}" for name, version in pinned_versions().items())
    out(f"Kubernetes {KUBERNETES_VERSION} schemas (kubernetes-validate), CRDs: {versions}")
    out(f"set-up (CRDs read, {len(crds)} CRDs, schemas loaded): {setup * 1000:.0f} ms")
    out(
        f"{'profile':<11} {'objects':>7} {'render':>8} {'1st pass':>9} {'2nd pass':>9} "
        f"{'findings':>8} | {'baseline':>9} {'judged':>6} {'no schema':>9}"
    )
    for profile, values in PROFILES.items():
        t0 = time.perf_counter()
        objects = render(helm, values)
        rendered = time.perf_counter() - t0
        timings, findings = [], 0
        for _ in range(2):
            t0 = time.perf_counter()
            findings = len(validator.validate_objects(objects))
            timings.append(time.perf_counter() - t0)
        base, judged, unknown = baseline(objects)
        out(
            f"{profile:<11} {len(objects):>7} {rendered * 1000:>6.0f}ms "
            f"{timings[0] * 1000:>7.0f}ms {timings[1] * 1000:>7.0f}ms {findings:>8} | "
            f"{base * 1000:>7.0f}ms {judged:>6} {unknown:>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
