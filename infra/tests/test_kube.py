"""The Kubernetes toolchain's cache (stamps, the builders' lock) and the local cluster's
configuration and simulated node pools: no Go build, no cluster."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from infra.collectivia_stack import cli, kube, kube_cluster
from infra.collectivia_stack.config import StackConfig, StackError


@pytest.fixture
def cfg(tmp_path: Path) -> StackConfig:
    return StackConfig.from_env(
        {"COLLECTIVIA_CACHE_DIR": str(tmp_path / "cache"), "COLLECTIVIA_RUN_DIR": str(tmp_path)}
    )


def _fake_build(cfg: StackConfig, tools: list[kube.Tool] | tuple[kube.Tool, ...]) -> None:
    """What a successful build leaves: the binaries and their fresh stamps."""
    for tool in tools:
        path = kube.tool_path(cfg, tool.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        stamp = kube.kube_home(cfg) / "stamps" / tool.name
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(kube.stamp_text(tool))


def _no_build(cfg: StackConfig, tools: Any) -> None:
    raise AssertionError(f"built {[tool.name for tool in tools]} though nothing was stale")


def test_fresh_tools_are_not_rebuilt(cfg: StackConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_build(cfg, kube.TOOLS)
    monkeypatch.setattr(kube, "_build", _no_build)
    assert kube.ensure_kube_tools(cfg=cfg) == kube.bin_dir(cfg)


def test_a_missing_or_stale_tool_is_rebuilt_alone(
    cfg: StackConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_build(cfg, kube.TOOLS)
    kube.tool_path(cfg, "etcd").unlink()
    (kube.kube_home(cfg) / "stamps" / "helm").write_text("helm v4.0.0 0000\n")
    built: list[str] = []

    def record(cfg: StackConfig, tools: list[kube.Tool]) -> None:
        built.extend(tool.name for tool in tools)
        _fake_build(cfg, tools)

    monkeypatch.setattr(kube, "_build", record)
    kube.ensure_kube_tools(cfg=cfg)
    assert built == ["helm", "etcd"]


def test_the_stamp_changes_with_the_version_and_the_flags() -> None:
    helm = kube.TOOLS[0]
    other_version = kube.Tool(helm.name, "v9.9.9", helm.wrapper, helm.package, helm.flags)
    other_flags = kube.Tool(helm.name, helm.version, helm.wrapper, helm.package, ("-X a.b=c",))
    stamps = {kube.stamp_text(t) for t in (helm, other_version, other_flags)}
    assert len(stamps) == 3


def test_a_waiter_returns_once_the_other_builder_is_done(
    cfg: StackConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    helm = [tool for tool in kube.TOOLS if tool.name == "helm"]
    monkeypatch.setattr(kube, "_build", _no_build)
    monkeypatch.setattr(kube, "_POLL_S", 0.05)
    holding = threading.Event()

    def other_builder() -> None:
        with kube._build_lock(cfg) as mine:
            assert mine
            holding.set()
            time.sleep(0.3)
            _fake_build(cfg, helm)

    thread = threading.Thread(target=other_builder)
    thread.start()
    holding.wait(5)
    began = time.monotonic()
    assert kube.ensure_kube_tools(cfg=cfg, only=["helm"]) == kube.bin_dir(cfg)
    thread.join()
    assert time.monotonic() - began >= 0.2  # it waited for the other builder, built nothing


def test_an_unknown_tool_is_refused_with_the_known_ones(cfg: StackConfig) -> None:
    with pytest.raises(StackError, match=r"unknown tool.*kube-apiserver"):
        kube.ensure_kube_tools(cfg=cfg, only=["kube-apiservr"])


def test_a_bad_jobs_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(kube.JOBS_VAR, "two")
    with pytest.raises(StackError, match=kube.JOBS_VAR):
        kube._go_env()
    monkeypatch.setenv(kube.JOBS_VAR, "1")
    assert kube._go_env()["GOMAXPROCS"] == "1"


def test_the_control_plane_carries_the_pinned_version() -> None:
    apiserver = next(tool for tool in kube.TOOLS if tool.name == "kube-apiserver")
    assert "-X k8s.io/component-base/version.gitVersion=v1.37.2" in apiserver.flags
    assert "-X k8s.io/client-go/pkg/version.gitMinor=37" in apiserver.flags
    assert kube.TOOLS[0].name == "helm"  # built first: the chart's tests need only helm


def test_kwokctl_uses_only_local_binaries_on_loopback(cfg: StackConfig) -> None:
    options = kube_cluster.kwokctl_config(cfg)["options"]
    assert options["runtime"] == "binary"
    assert options["bindAddress"] == "127.0.0.1"
    binaries = {key: value for key, value in options.items() if key.endswith("Binary")}
    assert len(binaries) == 6
    for value in binaries.values():
        assert Path(value).parent == kube.bin_dir(cfg)
        assert Path(value).name in kube.TOOL_NAMES
    assert Path(options["cacheDir"]).is_relative_to(cfg.run_dir)


def test_the_gpu_pool_is_tainted_labelled_and_advertises_gpus() -> None:
    objects = kube_cluster.cluster_objects()
    nodes = [o for o in objects if o["kind"] == "Node"]
    gpu = [n for n in nodes if n["metadata"]["labels"][kube_cluster.POOL_LABEL] == "gpu"]
    cpu = [n for n in nodes if n["metadata"]["labels"][kube_cluster.POOL_LABEL] == "cpu"]
    assert len(gpu) == kube_cluster.GPU_POOL.count and len(cpu) == kube_cluster.CPU_POOL.count
    for node in gpu:
        assert node["spec"]["taints"] == [
            {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}
        ]
        assert node["status"]["allocatable"]["nvidia.com/gpu"] == "2"
        assert node["metadata"]["labels"]["nvidia.com/gpu.product"]
    for node in cpu:
        assert "taints" not in node["spec"]
        assert "nvidia.com/gpu" not in node["status"]["capacity"]
    zones = {n["metadata"]["labels"]["topology.kubernetes.io/zone"] for n in cpu}
    assert len(zones) == 3
    runtime_classes = [o for o in objects if o["kind"] == "RuntimeClass"]
    assert [r["metadata"]["name"] for r in runtime_classes] == ["nvidia"]


def test_status_and_down_of_a_cluster_never_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLLECTIVIA_RUN_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("COLLECTIVIA_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["status", "kube"]) == 3
    assert capsys.readouterr().out == "kube: stopped\n"
    assert cli.main(["down", "kube"]) == 0
    assert not (tmp_path / "run" / "stack.lock").exists()  # kube keeps to its own locks
