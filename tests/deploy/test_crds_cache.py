"""The CRDs' cache (infra/kube/crds.py) without the registries: the fetchers replaced by fakes
that write the files. Fetched once, then reused; a fetch that falls short leaves nothing that
looks complete; two callers at once fetch once."""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from infra.collectivia_stack.config import StackError  # noqa: E402
from infra.kube import crds  # noqa: E402


@pytest.fixture
def fetches(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()

    def strimzi(dest: Path) -> None:
        counted["strimzi"] += 1
        time.sleep(0.05)  # long enough for a second caller to arrive meanwhile
        for name in crds.STRIMZI_CRDS.values():
            (dest / name).write_text("kind: CustomResourceDefinition\n")

    def go_module(source: crds.GoModuleCrds, dest: Path) -> None:
        counted[source.name] += 1
        for name in source.files:
            (dest / name).write_text("kind: CustomResourceDefinition\n")

    monkeypatch.setattr(crds, "_strimzi", strimzi)
    monkeypatch.setattr(crds, "_go_module", go_module)
    return counted


def test_fetched_once_then_reused(tmp_path: Path, fetches: Counter[str]) -> None:
    first = crds.ensure_crds(tmp_path)
    assert crds.ensure_crds(tmp_path) == first
    assert dict(fetches) == {
        "strimzi": 1,
        "cloudnative-pg": 1,
        "prometheus-operator": 1,
        "barman-cloud": 1,
    }
    assert all(path.is_file() for path in first)
    folders = {path.parent.name for path in first}
    assert folders == {
        f"strimzi-{crds.STRIMZI_VERSION}",
        f"cloudnative-pg-{crds.CLOUDNATIVE_PG_VERSION}",
        f"prometheus-operator-{crds.PROMETHEUS_OPERATOR_VERSION}",
        f"barman-cloud-{crds.BARMAN_CLOUD_VERSION}",
    }
    names = {path.name for path in first}
    assert {"043-Crd-kafkatopic.yaml", "postgresql.cnpg.io_clusters.yaml"} <= names


def test_a_short_fetch_leaves_nothing_complete(
    tmp_path: Path, fetches: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crds, "_strimzi", lambda dest: (dest / "040-Crd-kafka.yaml").touch())
    with pytest.raises(StackError, match=r"043-Crd-kafkatopic\.yaml"):
        crds.ensure_crds(tmp_path)
    assert not (crds.crds_dir(tmp_path) / f"strimzi-{crds.STRIMZI_VERSION}").exists()


def test_two_callers_at_once_fetch_once(tmp_path: Path, fetches: Counter[str]) -> None:
    results: list[list[Path]] = []
    callers = [
        threading.Thread(target=lambda: results.append(crds.ensure_crds(tmp_path)))
        for _ in range(2)
    ]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(timeout=30)
    assert len(results) == 2 and results[0] == results[1]
    assert fetches["strimzi"] == 1
