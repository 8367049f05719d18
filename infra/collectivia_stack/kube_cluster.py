"""A local Kubernetes control plane (etcd, kube-apiserver, kube-scheduler,
kube-controller-manager) with simulated nodes (kwok), started by ``kwokctl --runtime binary``
from the binaries that ``kube.ensure_kube_tools`` built: nothing is downloaded, everything
binds 127.0.0.1 on free ports and lives in ``<run>/kube/``.

The nodes mirror a production cluster's two pools: CPU nodes labelled
``collectivia.io/pool=cpu`` across three zones, and GPU nodes labelled
``collectivia.io/pool=gpu``, tainted ``nvidia.com/gpu=present:NoSchedule`` and advertising
``nvidia.com/gpu``; plus the ``nvidia`` RuntimeClass that the GPU operator creates in real
clusters. kwok marks pods bound to its nodes Running (its default stages).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import kube, process
from .config import StackConfig, StackError

log = logging.getLogger(__name__)
CLUSTER_NAME = "collectivia"
POOL_LABEL = "collectivia.io/pool"
GPU_RESOURCE = "nvidia.com/gpu"
GPU_TAINT = {"key": GPU_RESOURCE, "value": "present", "effect": "NoSchedule"}
ZONES = ("zone-a", "zone-b", "zone-c")
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class Pool:
    """A node pool of identical simulated nodes."""

    name: str
    count: int
    cpu: str
    memory: str
    gpus: int = 0
    gpu_product: str = ""


CPU_POOL = Pool("cpu", count=3, cpu="8", memory="32Gi")
GPU_POOL = Pool("gpu", count=2, cpu="32", memory="256Gi", gpus=2, gpu_product="NVIDIA-L40S")
POOLS = (CPU_POOL, GPU_POOL)


def home(cfg: StackConfig) -> Path:
    return cfg.run_dir / "kube"


def kwok_workdir(cfg: StackConfig) -> Path:
    return home(cfg) / "kwok"


def kubeconfig(cfg: StackConfig) -> Path:
    """The admin kubeconfig kwokctl writes for the cluster (never ~/.kube/config)."""
    return kwok_workdir(cfg) / "clusters" / CLUSTER_NAME / "kubeconfig.yaml"


def node_name(pool: Pool, index: int) -> str:
    return f"{pool.name}-{index + 1}"


def node_manifest(pool: Pool, index: int) -> dict[str, Any]:
    """A Node that kwok manages (its annotation) with the pool's label, zone and capacity."""
    name = node_name(pool, index)
    capacity = {"cpu": pool.cpu, "memory": pool.memory, "pods": "110"}
    labels = {
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "type": "kwok",
        POOL_LABEL: pool.name,
        "topology.kubernetes.io/zone": ZONES[index % len(ZONES)],
    }
    spec: dict[str, Any] = {}
    if pool.gpus:
        capacity[GPU_RESOURCE] = str(pool.gpus)
        labels[f"{GPU_RESOURCE}.product"] = pool.gpu_product
        labels[f"{GPU_RESOURCE}.count"] = str(pool.gpus)
        spec["taints"] = [GPU_TAINT]
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": labels,
            "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
        },
        "spec": spec,
        "status": {
            "capacity": capacity,
            "allocatable": capacity,
            # Every field the API's schema requires; kwok runs no kubelet to report them.
            "nodeInfo": {
                "architecture": "amd64",
                "operatingSystem": "linux",
                "kubeletVersion": kube.KUBERNETES_VERSION,
                "kubeProxyVersion": "",
                "kernelVersion": "",
                "osImage": "kwok",
                "containerRuntimeVersion": "kwok",
                "machineID": name,
                "systemUUID": name,
                "bootID": name,
            },
            "phase": "Running",
        },
    }


def runtime_class_manifest() -> dict[str, Any]:
    return {
        "apiVersion": "node.k8s.io/v1",
        "kind": "RuntimeClass",
        "metadata": {"name": "nvidia"},
        "handler": "nvidia",
    }


def cluster_objects() -> list[dict[str, Any]]:
    nodes = [node_manifest(pool, i) for pool in POOLS for i in range(pool.count)]
    return [*nodes, runtime_class_manifest()]


def kwokctl_config(cfg: StackConfig) -> dict[str, Any]:
    """kwokctl's configuration: the binary runtime, every binary local, loopback only."""
    bins = kube.bin_dir(cfg)
    return {
        "apiVersion": "config.kwok.x-k8s.io/v1alpha1",
        "kind": "KwokctlConfiguration",
        "options": {
            "runtime": "binary",
            "kubeVersion": kube.KUBERNETES_VERSION,
            "bindAddress": "127.0.0.1",
            "cacheDir": str(kwok_workdir(cfg) / "cache"),
            "quietPull": True,
            "etcdBinary": str(bins / "etcd"),
            "kubeApiserverBinary": str(bins / "kube-apiserver"),
            "kubeControllerManagerBinary": str(bins / "kube-controller-manager"),
            "kubeSchedulerBinary": str(bins / "kube-scheduler"),
            "kwokControllerBinary": str(bins / "kwok"),
            "kubectlBinary": str(bins / "kubectl"),
        },
    }


def _env(cfg: StackConfig) -> dict[str, str]:
    # KUBECACHEDIR: the kubectl that kwokctl runs keeps its discovery cache here too.
    return dict(
        os.environ,
        KWOK_WORKDIR=str(kwok_workdir(cfg)),
        KWOK_RUNTIME="binary",
        KUBECACHEDIR=str(home(cfg) / "kubectl-cache"),
    )


def _run(step: str, cmd: list[str], *, env: dict[str, str], timeout: float) -> str:
    try:
        out = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise StackError(step, f"{cmd[0]} did not finish in {timeout:.0f} s") from exc
    if out.returncode != 0:
        lines = (out.stdout + out.stderr).strip().splitlines()[-25:]
        raise StackError(
            step, "exit {}: {}\n{}".format(out.returncode, " ".join(cmd), "\n".join(lines))
        )
    return out.stdout


def kubectl_command(cfg: StackConfig) -> list[str]:
    """kubectl for the local cluster, its discovery cache in the run folder (not ~/.kube)."""
    return [
        str(kube.tool_path(cfg, "kubectl")),
        "--kubeconfig",
        str(kubeconfig(cfg)),
        "--cache-dir",
        str(home(cfg) / "kubectl-cache"),
    ]


def kubectl(cfg: StackConfig, *args: str, timeout: float = 60) -> str:
    """kubectl against the local cluster; its stdout (StackError on failure)."""
    cmd = [*kubectl_command(cfg), *args]
    return _run(f"kubectl {args[0] if args else ''}", cmd, env=dict(os.environ), timeout=timeout)


def healthy(cfg: StackConfig) -> bool:
    """The API server answers /readyz with the cluster's kubeconfig."""
    if not kubeconfig(cfg).is_file() or not kube.tool_path(cfg, "kubectl").is_file():
        return False
    try:
        return kubectl(cfg, "get", "--raw", "/readyz", timeout=10).strip() == "ok"
    except StackError:
        return False


def component_pids(cfg: StackConfig) -> list[int]:
    """The cluster's processes: those whose command line names its folder."""
    marker = str(kwok_workdir(cfg))
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline:
            pids.append(int(entry.name))
    return pids


def rss_mib(cfg: StackConfig) -> float:
    """Resident memory of all the cluster's processes together."""
    total_kib = 0
    for pid in component_pids(cfg):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kib += int(line.split()[1])
    return total_kib / 1024


def start(cfg: StackConfig) -> bool:
    """Start the cluster and add the pools' nodes (idempotent); False when it already ran."""
    kube.ensure_kube_tools(cfg=cfg)
    # Two starters at once (a test and `up kube`) would both create the cluster.
    with process.exclusive(home(cfg) / "cluster.lock"):
        return _start(cfg)


def _start(cfg: StackConfig) -> bool:
    if healthy(cfg):
        log.info("kube: already running (kubeconfig %s)", kubeconfig(cfg))
        _apply_cluster_objects(cfg)
        return False
    began = time.monotonic()
    home(cfg).mkdir(parents=True, exist_ok=True)
    config = home(cfg) / "kwokctl.yaml"
    # JSON is YAML: no YAML library needed for a file only kwokctl reads.
    config.write_text(json.dumps(kwokctl_config(cfg), indent=2))
    kwokctl = str(kube.tool_path(cfg, "kwokctl"))
    env = _env(cfg)
    cfg.logs_dir.mkdir(parents=True, exist_ok=True)
    # A cluster left half-created (a killed run) is removed first: create refuses it.
    _run(
        "kube: clean up",
        [kwokctl, "--name", CLUSTER_NAME, "delete", "cluster"],
        env=env,
        timeout=60,
    )
    _run(
        "kube: create cluster",
        [
            kwokctl,
            "--name",
            CLUSTER_NAME,
            "--config",
            str(config),
            "create",
            "cluster",
            "--runtime",
            "binary",
            "--kubeconfig",
            str(home(cfg) / "kubeconfig-contexts.yaml"),
            "--wait",
            f"{START_TIMEOUT_S}s",
        ],
        env=env,
        timeout=START_TIMEOUT_S + 30,
    )
    created = time.monotonic() - began
    _apply_cluster_objects(cfg)
    log.info(
        "kube: cluster %s up in %.1f s (nodes ready in %.1f s), %.0f MiB resident; kubeconfig %s",
        CLUSTER_NAME,
        created,
        time.monotonic() - began,
        rss_mib(cfg),
        kubeconfig(cfg),
    )
    return True


def _apply_cluster_objects(cfg: StackConfig) -> None:
    manifest = home(cfg) / "pools.json"
    manifest.write_text(
        json.dumps({"apiVersion": "v1", "kind": "List", "items": cluster_objects()})
    )
    kubectl(cfg, "apply", "--server-side", "--field-manager=collectivia-stack", "-f", str(manifest))
    kubectl(cfg, "wait", "--for=condition=Ready", "node", "--all", "--timeout=60s", timeout=90)


def stop(cfg: StackConfig) -> bool:
    """Delete the cluster (its processes and data); False when there was none."""
    kwokctl = kube.tool_path(cfg, "kwokctl")
    if not kwokctl.is_file() or not (kwok_workdir(cfg) / "clusters" / CLUSTER_NAME).is_dir():
        return False
    _run(
        "kube: delete cluster",
        [str(kwokctl), "--name", CLUSTER_NAME, "delete", "cluster"],
        env=_env(cfg),
        timeout=60,
    )
    return True


def status_line(cfg: StackConfig) -> tuple[str, bool]:
    if not (kwok_workdir(cfg) / "clusters" / CLUSTER_NAME).is_dir():
        return "kube: stopped", False
    if not healthy(cfg):
        return "kube: created but NOT healthy", False
    nodes = kubectl(cfg, "get", "nodes", "-o", "name").split()
    return (
        f"kube: running, healthy ({len(nodes)} nodes, rss {rss_mib(cfg):.0f} MiB, "
        f"kubeconfig {kubeconfig(cfg)})",
        True,
    )
