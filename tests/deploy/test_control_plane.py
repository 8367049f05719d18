"""The chart on a real Kubernetes control plane: etcd, kube-apiserver, kube-scheduler and
kube-controller-manager built from source (infra/collectivia_stack/kube.py), simulated nodes
from kwok (a CPU pool across three zones and a GPU pool, tainted, advertising nvidia.com/gpu;
infra/collectivia_stack/kube_cluster.py).

The production + GPU profile is applied server-side into a namespace that enforces the
"restricted" pod security standard. The API server must accept every object (its schemas, its
admission plugins, its defaults), and the real scheduler must place inference pods only on GPU
nodes and every other pod never on them, leave a GPU request no node can hold Pending with its
reason, and fill the GPU pool when the generation component is scaled up, and no more.

Runs last in the session (conftest.py): the toolchain build that `make test` starts in the
background has the whole test run to finish; a test that finds it unfinished waits for it."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infra.collectivia_stack import kube, kube_cluster
from infra.collectivia_stack.config import StackConfig
from infra.kube.crds import ensure_crds

# The cold toolchain build (make test starts it first) may still run when this module starts.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(2400)]

Manifest = dict[str, Any]
GPU = kube_cluster.GPU_RESOURCE
INFERENCE = "inference"
GENERATION = "inference-generation"
SETTLE_TIMEOUT_S = 90.0
VOLUME_LABEL = "collectivia-test/namespace"


@pytest.fixture(scope="session")
def kube_cfg() -> Iterator[StackConfig]:
    """The local cluster: reused when already up, else started and deleted at the end."""
    cfg = StackConfig.from_env()
    started = kube_cluster.start(cfg)
    yield cfg
    if started:
        kube_cluster.stop(cfg)


def kubectl(
    cfg: StackConfig, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [*kube_cluster.kubectl_command(cfg), *args]
    return subprocess.run(  # noqa: S603 (the kubectl built here, arguments from the test)
        cmd, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def kubectl_json(cfg: StackConfig, *args: str) -> Any:
    done = kubectl(cfg, *args, "-o", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _wait_for(what: str, ready: Callable[[], bool], describe: Callable[[], str]) -> None:
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while not ready():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} not reached in {SETTLE_TIMEOUT_S:.0f} s: {describe()}")
        time.sleep(0.5)


@dataclass(frozen=True)
class Deployed:
    cfg: StackConfig
    namespace: str
    rendered: list[Manifest]
    applied: list[Manifest]

    def pods(self) -> list[Manifest]:
        items: list[Manifest] = kubectl_json(self.cfg, "get", "pods", "-n", self.namespace)["items"]
        return items

    def nodes(self) -> dict[str, Manifest]:
        return {
            node["metadata"]["name"]: node
            for node in kubectl_json(self.cfg, "get", "nodes")["items"]
        }


def _install_crds(cfg: StackConfig) -> None:
    for path in ensure_crds(cfg.cache_dir):
        done = kubectl(cfg, "apply", "--server-side", "--force-conflicts", "-f", str(path))
        assert done.returncode == 0, f"CRD {path.name}: {done.stderr}"
    done = kubectl(cfg, "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
    assert done.returncode == 0, done.stderr


def _unscheduled(pods: list[Manifest]) -> list[str]:
    """Pods the scheduler has not decided on yet: no PodScheduled condition, or one that
    waits for a volume being provisioned (the scheduler retries once the claim is bound)."""
    return [
        pod["metadata"]["name"]
        for pod in pods
        if not any(c["type"] == "PodScheduled" for c in pod["status"].get("conditions", []))
        or "unbound" in _scheduled_message(pod)
    ]


@pytest.fixture(scope="module")
def deployed(
    kube_cfg: StackConfig, render_chart: Callable[..., list[Manifest]]
) -> Iterator[Deployed]:
    """The gpu profile (production + GPU) applied server-side in a fresh restricted namespace,
    once its workloads' pods exist and the scheduler has decided on each."""
    namespace = f"collectivia-{uuid.uuid4().hex[:8]}"
    rendered = render_chart("gpu", "--namespace", namespace)
    _install_crds(kube_cfg)
    done = kubectl(kube_cfg, "create", "namespace", namespace)
    assert done.returncode == 0, done.stderr
    done = kubectl(
        kube_cfg,
        "label",
        "namespace",
        namespace,
        "pod-security.kubernetes.io/enforce=restricted",
        "pod-security.kubernetes.io/enforce-version=latest",
    )
    assert done.returncode == 0, done.stderr
    try:
        # Before the claims exist, so that each is bound as soon as it is created.
        _provision_volumes(kube_cfg, namespace, _rendered_claims(rendered))
        document = json.dumps({"apiVersion": "v1", "kind": "List", "items": rendered})
        applied = kubectl(
            kube_cfg,
            "apply",
            "--server-side",
            "--field-manager=collectivia-test",
            "--validate=strict",
            "-n",
            namespace,
            "-f",
            "-",
            "-o",
            "json",
            stdin=document,
        )
        assert applied.returncode == 0, f"the API server refused objects:\n{applied.stderr}"
        result = json.loads(applied.stdout)
        deployed = Deployed(kube_cfg, namespace, rendered, result.get("items", [result]))
        _settle(deployed)
        yield deployed
    finally:
        kubectl(kube_cfg, "delete", "namespace", namespace, "--wait=false")
        kubectl(kube_cfg, "delete", "pv", "-l", f"{VOLUME_LABEL}={namespace}", "--wait=false")


def _workload_pods(deployed: Deployed) -> list[Manifest]:
    return [p for p in deployed.pods() if _owner_kind(p) in {"ReplicaSet", "StatefulSet"}]


def _expected_workload_pods(deployed: Deployed) -> int:
    total = 0
    for kind in ("deployments", "statefulsets"):
        items = kubectl_json(deployed.cfg, "get", kind, "-n", deployed.namespace)["items"]
        total += sum(item["spec"].get("replicas", 1) for item in items)
    return total


def _rendered_claims(rendered: list[Manifest]) -> list[Manifest]:
    """The claims the chart's objects will create: its own and its StatefulSets' (one per
    template and ordinal, named as the StatefulSet controller names them)."""
    claims = [o for o in rendered if o["kind"] == "PersistentVolumeClaim"]
    for sts in (o for o in rendered if o["kind"] == "StatefulSet"):
        for template in sts["spec"].get("volumeClaimTemplates", []):
            for ordinal in range(sts["spec"].get("replicas", 1)):
                name = f"{template['metadata']['name']}-{sts['metadata']['name']}-{ordinal}"
                claims.append({"metadata": {"name": name}, "spec": template["spec"]})
    return claims


def _provision_volumes(cfg: StackConfig, namespace: str, claims: list[Manifest]) -> None:
    """A static provisioner: one PersistentVolume bound in advance to each claim (the
    simulated nodes have no storage driver; the controller-manager binds them as usual)."""
    for claim in claims:
        if claim.get("status", {}).get("phase") == "Bound" or claim["spec"].get("volumeName"):
            continue
        name = f"{namespace}-{claim['metadata']['name']}"[:63]
        volume = {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": {"name": name, "labels": {VOLUME_LABEL: namespace}},
            "spec": {
                "capacity": {"storage": claim["spec"]["resources"]["requests"]["storage"]},
                "accessModes": claim["spec"]["accessModes"],
                "storageClassName": claim["spec"].get("storageClassName") or "",
                "persistentVolumeReclaimPolicy": "Retain",
                "hostPath": {"path": f"/var/lib/kwok-volumes/{name}"},
                "claimRef": {
                    "namespace": namespace,
                    "name": claim["metadata"]["name"],
                },
            },
        }
        done = kubectl(cfg, "create", "-f", "-", stdin=json.dumps(volume))
        assert done.returncode == 0 or "AlreadyExists" in done.stderr, done.stderr


def _settle(deployed: Deployed) -> None:
    """Wait for every workload's pods to exist and be scheduled or refused by the scheduler,
    provisioning the volumes their claims ask for meanwhile (a StatefulSet creates its claims
    with its pods, one ordinal after the other)."""
    expected = _expected_workload_pods(deployed)

    def ready() -> bool:
        claims = kubectl_json(deployed.cfg, "get", "pvc", "-n", deployed.namespace)["items"]
        _provision_volumes(deployed.cfg, deployed.namespace, claims)
        pods = _workload_pods(deployed)
        return (
            len(pods) >= expected
            and not _unscheduled(pods)
            and all(p["status"]["phase"] == "Running" for p in pods if p["spec"].get("nodeName"))
        )

    def describe() -> str:
        events = kubectl(
            deployed.cfg,
            "get",
            "events",
            "-n",
            deployed.namespace,
            "--field-selector",
            "reason=FailedCreate",
        )
        return f"{expected} pods expected, {len(deployed.pods())} found; {events.stdout[-2000:]}"

    _wait_for("every Deployment's pods scheduled or refused", ready, describe)


def _owner_kind(pod: Manifest) -> str:
    owners = pod["metadata"].get("ownerReferences", [])
    return str(owners[0]["kind"]) if owners else ""


def _component(pod: Manifest) -> str:
    return str(pod["metadata"].get("labels", {}).get("app.kubernetes.io/component", ""))


def _pool(deployed: Deployed, nodes: dict[str, Manifest], pod: Manifest) -> str:
    node = nodes[pod["spec"]["nodeName"]]
    return str(node["metadata"]["labels"].get(kube_cluster.POOL_LABEL, ""))


def _gpus(pod: Manifest) -> int:
    return sum(
        int(container.get("resources", {}).get("requests", {}).get(GPU, 0))
        for container in pod["spec"]["containers"]
    )


def _scheduled_message(pod: Manifest) -> str:
    for condition in pod["status"].get("conditions", []):
        if condition["type"] == "PodScheduled" and condition["status"] == "False":
            return str(condition.get("message", ""))
    return ""


def _key(obj: Manifest) -> tuple[str, str]:
    return obj["kind"], obj["metadata"]["name"]


def test_the_api_server_accepts_every_object_and_applies_its_defaults(deployed: Deployed) -> None:
    assert {_key(o) for o in deployed.applied} == {_key(o) for o in deployed.rendered}
    workloads = [o for o in deployed.applied if o["kind"] in {"Deployment", "StatefulSet"}]
    assert workloads, "the gpu profile renders no workload"
    for workload in workloads:
        # Set by the API server's defaulting, never by the chart: proof it was admitted whole.
        for container in workload["spec"]["template"]["spec"]["containers"]:
            assert container["terminationMessagePolicy"] == "File", _key(workload)
        assert workload["spec"]["revisionHistoryLimit"] >= 0, _key(workload)
    for obj in deployed.applied:
        assert (
            obj["metadata"]["namespace"] == deployed.namespace or "namespace" not in obj["metadata"]
        )
        assert obj["metadata"]["uid"], _key(obj)


def test_a_broken_object_is_refused_by_the_api_server(deployed: Deployed) -> None:
    """The server's validation runs on what the test applies: a field no schema knows fails."""
    deployment = next(o for o in deployed.rendered if o["kind"] == "Deployment")
    broken = json.loads(json.dumps(deployment))
    broken["metadata"]["name"] = "broken"
    broken["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    done = kubectl(
        deployed.cfg,
        "apply",
        "--server-side",
        "--dry-run=server",
        "--validate=strict",
        "-n",
        deployed.namespace,
        "-f",
        "-",
        stdin=json.dumps(broken),
    )
    assert done.returncode != 0
    assert "imagePullPolicyy" in done.stderr


def test_every_workload_runs_on_the_reference_cluster(deployed: Deployed) -> None:
    """The production + GPU profile fits 3 CPU nodes and 2 two-GPU nodes: nothing Pending
    (requests, affinities, spread constraints and pod security all satisfiable)."""
    pods = _workload_pods(deployed)
    pending = {
        p["metadata"]["name"]: _scheduled_message(p) for p in pods if not p["spec"].get("nodeName")
    }
    assert not pending
    assert all(p["status"]["phase"] == "Running" for p in pods)


def test_inference_runs_only_on_the_gpu_pool_and_nothing_else_does(deployed: Deployed) -> None:
    nodes = deployed.nodes()
    placed = [p for p in deployed.pods() if p["spec"].get("nodeName")]
    inference = [p for p in placed if _component(p) == INFERENCE]
    others = [p for p in placed if _component(p) != INFERENCE]
    assert inference, "no inference pod was scheduled"
    assert others, "no service pod was scheduled"
    for pod in inference:
        assert _pool(deployed, nodes, pod) == "gpu", pod["metadata"]["name"]
        assert pod["status"]["phase"] == "Running", pod["metadata"]["name"]
    for pod in others:
        assert _pool(deployed, nodes, pod) != "gpu", pod["metadata"]["name"]
        assert _gpus(pod) == 0, pod["metadata"]["name"]


def _gpu_pod(deployed: Deployed, name: str, gpus: int) -> Manifest:
    """A pod of the generation component's template asking for ``gpus`` GPUs."""
    template = next(
        o
        for o in deployed.applied
        if o["kind"] == "Deployment" and o["metadata"]["name"].endswith(GENERATION)
    )["spec"]["template"]
    spec = json.loads(json.dumps(template["spec"]))
    for container in spec["containers"]:
        for part in ("requests", "limits"):
            container.setdefault("resources", {}).setdefault(part, {})[GPU] = str(gpus)
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": {"collectivia-test": name}},
        "spec": spec,
    }


def test_a_gpu_request_larger_than_any_node_stays_pending_with_the_reason(
    deployed: Deployed,
) -> None:
    biggest = max(
        int(node["status"]["allocatable"].get(GPU, 0)) for node in deployed.nodes().values()
    )
    pod = _gpu_pod(deployed, "too-many-gpus", biggest + 1)
    done = kubectl(
        deployed.cfg, "create", "-n", deployed.namespace, "-f", "-", stdin=json.dumps(pod)
    )
    assert done.returncode == 0, done.stderr

    def refused() -> str:
        current = kubectl_json(
            deployed.cfg, "get", "pod", "too-many-gpus", "-n", deployed.namespace
        )
        return _scheduled_message(current)

    _wait_for("the scheduler's refusal", lambda: bool(refused()), refused)
    current = kubectl_json(deployed.cfg, "get", "pod", "too-many-gpus", "-n", deployed.namespace)
    assert current["status"]["phase"] == "Pending"
    assert not current["spec"].get("nodeName")
    assert f"Insufficient {GPU}" in refused()
    kubectl(
        deployed.cfg, "delete", "pod", "too-many-gpus", "-n", deployed.namespace, "--wait=false"
    )


def test_scaling_generation_up_fills_the_gpu_pool_and_no_more(deployed: Deployed) -> None:
    nodes = deployed.nodes()
    total = sum(int(n["status"]["allocatable"].get(GPU, 0)) for n in nodes.values())
    generation = next(
        o["metadata"]["name"]
        for o in deployed.applied
        if o["kind"] == "Deployment" and o["metadata"]["name"].endswith(GENERATION)
    )

    def generation_pods() -> list[Manifest]:
        return [p for p in deployed.pods() if p["metadata"]["name"].startswith(f"{generation}-")]

    per_replica = _gpus(generation_pods()[0])
    held_by_others = sum(
        _gpus(p)
        for p in deployed.pods()
        if p["spec"].get("nodeName") and not p["metadata"]["name"].startswith(f"{generation}-")
    )
    fits = (total - held_by_others) // per_replica
    wanted = fits + 2
    assert fits >= 1, f"{total} GPUs, {held_by_others} held by other pods"
    done = kubectl(
        deployed.cfg,
        "scale",
        "deployment",
        generation,
        f"--replicas={wanted}",
        "-n",
        deployed.namespace,
    )
    assert done.returncode == 0, done.stderr

    def settled() -> bool:
        pods = generation_pods()
        return (
            len(pods) == wanted
            and not _unscheduled(pods)
            and all(p["status"]["phase"] == "Running" for p in pods if p["spec"].get("nodeName"))
        )

    _wait_for(f"{wanted} generation pods decided", settled, lambda: str(len(generation_pods())))
    pods = generation_pods()
    running = [p for p in pods if p["status"]["phase"] == "Running"]
    pending = [p for p in pods if p["status"]["phase"] == "Pending"]
    assert len(running) == fits
    assert len(pending) == wanted - fits
    for pod in pending:
        assert f"Insufficient {GPU}" in _scheduled_message(pod), pod["metadata"]["name"]
    used: dict[str, int] = {}
    for pod in deployed.pods():
        if pod["spec"].get("nodeName"):
            used[pod["spec"]["nodeName"]] = used.get(pod["spec"]["nodeName"], 0) + _gpus(pod)
    for name, count in used.items():
        assert count <= int(nodes[name]["status"]["allocatable"].get(GPU, 0)), name
    assert sum(used.values()) == total - (total - held_by_others) % per_replica


def test_the_cluster_runs_from_the_local_toolchain(kube_cfg: StackConfig) -> None:
    """No download: kwokctl's binaries are the ones built here, at the pinned version."""
    version = kubectl_json(kube_cfg, "version")
    assert version["serverVersion"]["gitVersion"] == kube.KUBERNETES_VERSION
    config = json.loads((kube_cluster.home(kube_cfg) / "kwokctl.yaml").read_text())
    for key, value in config["options"].items():
        if key.endswith("Binary"):
            assert Path(value).parent == kube.bin_dir(kube_cfg), key
