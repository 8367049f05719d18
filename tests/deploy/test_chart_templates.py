"""The chart's templates, rendered offline with `helm template` for each profile: GPU
scheduling exactly on the inference components, the topics of topics.toml, no secret value,
probes and resources, network policies, restricted pod security, the map of components."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.collectivia_stack.topics import load_catalogue

from .conftest import CHART, PROFILES, RELEASE, ROOT, Manifest, RenderChart, kinds, run_helm

# A built binary (helm, from the kube toolchain) is needed: not a plain unit test.
pytestmark = pytest.mark.integration

GPU = "nvidia.com/gpu"
POOL_KEY = "collectivia.io/pool"
# Paths inside the pods (not this machine's): shared memory, the writable /tmp.
SHM, TMP = "/dev/shm", "/tmp"  # noqa: S108
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - a pod listens on its own address
INFERENCE = {"inference-generation", "inference-embeddings"}
SERVICES = {
    "citizen-chat",
    "agent-assistant",
    "ethics-register",
    "data-lake",
    "officials-analytics",
}
# Names of settings that hold a secret: they must come from a Secret, never be a value.
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|SALT|API_KEY|_KEYS$|ACCESS_KEY")
# A literal password inside a URL (user:password@host), not a $(VAR) reference.
URL_WITH_PASSWORD = re.compile(r"://[^:/@\s]+:(?!\$\()[^@\s]+@")
DEV_VALUES = re.compile(r"-dev-secret|-dev-salt|-demo\b|password123|changeme", re.IGNORECASE)


def pod_templates(manifests: list[Manifest]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind/name, pod template) of every workload the chart renders itself."""
    for m in manifests:
        name = f"{m['kind']}/{m['metadata']['name']}"
        if m["kind"] in ("Deployment", "StatefulSet"):
            yield name, m["spec"]["template"]
        elif m["kind"] == "CronJob":
            yield name, m["spec"]["jobTemplate"]["spec"]["template"]


def containers(pod: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


def component_of(pod: dict[str, Any]) -> str:
    labels: dict[str, str] = pod["metadata"]["labels"]
    return labels["app.kubernetes.io/component"]


def by_name(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    [found] = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    return found


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {var["name"]: var for var in container.get("env", [])}


def requires_off_gpu(spec: dict[str, Any]) -> bool:
    terms = (
        spec.get("affinity", {})
        .get("nodeAffinity", {})
        .get("requiredDuringSchedulingIgnoredDuringExecution", {})
        .get("nodeSelectorTerms", [])
    )
    return bool(terms) and all(
        any(
            e["key"] == POOL_KEY and e["operator"] == "NotIn" and e["values"] == ["gpu"]
            for e in term.get("matchExpressions", [])
        )
        for term in terms
    )


@pytest.mark.parametrize("profile", ["dev", "production", "gpu"])
def test_each_profile_passes_strict_lint(helm: Path, profile: str) -> None:
    arguments = [arg for values in PROFILES[profile] for arg in ("-f", str(CHART / values))]
    done = run_helm(helm, "lint", "--strict", str(CHART), *arguments)
    assert done.returncode == 0, done.stdout + done.stderr


def test_gpu_scheduling_fields_exactly_on_the_inference_components(
    render_chart: RenderChart,
) -> None:
    manifests = render_chart("gpu")
    inference = set()
    for name, pod in pod_templates(manifests):
        spec = pod["spec"]
        resources = [c.get("resources", {}) for c in containers(pod)]
        tolerates_gpu = any(t.get("key") == GPU for t in spec.get("tolerations", []))
        if component_of(pod) == "inference":
            inference.add(pod["metadata"]["labels"]["app.kubernetes.io/name"])
            assert spec["nodeSelector"] == {POOL_KEY: "gpu"}, name
            assert tolerates_gpu, name
            [toleration] = spec["tolerations"]
            assert toleration == {
                "key": GPU,
                "operator": "Equal",
                "value": "present",
                "effect": "NoSchedule",
            }
            assert spec["runtimeClassName"] == "nvidia", name
            for r in resources:
                assert r["limits"][GPU] == r["requests"][GPU] >= 1, name
            volumes = {v["name"]: v for v in spec["volumes"]}
            mounts = {m["mountPath"]: m["name"] for c in containers(pod) for m in c["volumeMounts"]}
            assert volumes[mounts[SHM]]["emptyDir"]["medium"] == "Memory", name
            assert "/models" in mounts, name
            [server] = spec["containers"]
            assert server["readinessProbe"]["httpGet"]["path"] == "/v1/models", name
        else:
            assert not tolerates_gpu, name
            assert "runtimeClassName" not in spec, name
            assert "nodeSelector" not in spec or spec["nodeSelector"].get(POOL_KEY) != "gpu"
            assert all(GPU not in r.get(k, {}) for r in resources for k in ("limits", "requests"))
            assert requires_off_gpu(spec), f"{name} may land on the GPU pool"
    assert inference == INFERENCE
    # The operators' pods (Kafka, PostgreSQL) stay off the GPU pool too.
    [pool] = kinds(manifests, "KafkaNodePool")
    assert requires_off_gpu(pool["spec"]["template"]["pod"])
    [cluster] = kinds(manifests, "Cluster")
    assert requires_off_gpu(cluster["spec"])


@pytest.mark.parametrize("profile", ["default", "dev", "production"])
def test_no_gpu_outside_the_gpu_profile(render_chart: RenderChart, profile: str) -> None:
    manifests = render_chart(profile)
    rendered = json.dumps(manifests)
    assert f'"{GPU}":' not in rendered
    assert "runtimeClassName" not in rendered
    assert not kinds(manifests, "RuntimeClass")
    assert {component_of(pod) for _, pod in pod_templates(manifests)} <= {
        "service",
        "platform",
        "job",
    }


def test_dev_profile_runs_one_small_replica_of_everything(render_chart: RenderChart) -> None:
    manifests = render_chart("dev")
    for m in kinds(manifests, "Deployment", "StatefulSet"):
        assert m["spec"]["replicas"] == 1, m["metadata"]["name"]
    assert not kinds(manifests, "HorizontalPodAutoscaler", "PodDisruptionBudget")
    [pool] = kinds(manifests, "KafkaNodePool")
    assert pool["spec"]["replicas"] == 1
    [cluster] = kinds(manifests, "Cluster")
    assert cluster["spec"]["instances"] == 1
    names = {m["metadata"]["name"] for m in kinds(manifests, "Deployment")}
    assert {f"{RELEASE}-{s}" for s in SERVICES} <= names


def test_production_has_budgets_autoscalers_and_zone_spread(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    hpas = {
        m["spec"]["scaleTargetRef"]["name"]: m for m in kinds(manifests, "HorizontalPodAutoscaler")
    }
    pdbs = [m["spec"]["selector"]["matchLabels"] for m in kinds(manifests, "PodDisruptionBudget")]
    for service in SERVICES:
        deployment = by_name(manifests, "Deployment", f"{RELEASE}-{service}")
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        hpa = hpas[deployment["metadata"]["name"]]
        assert (
            hpa["spec"]["minReplicas"] >= 2
            and hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
        )
        assert any(
            m["type"] == "Resource" and m["resource"]["name"] == "cpu"
            for m in hpa["spec"]["metrics"]
        )
        assert any(selector.items() <= labels.items() for selector in pdbs), service
        spread = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
        assert any(s["topologyKey"] == "topology.kubernetes.io/zone" for s in spread), service
    [pool] = kinds(manifests, "KafkaNodePool")
    assert pool["spec"]["replicas"] >= 3
    assert all(t["spec"]["replicas"] >= 3 for t in kinds(manifests, "KafkaTopic"))
    [cluster] = kinds(manifests, "Cluster")
    assert cluster["spec"]["instances"] >= 3
    assert kinds(manifests, "PrometheusRule") and kinds(manifests, "ServiceMonitor")


def test_autoscaling_on_the_request_metric_when_asked(render_chart: RenderChart) -> None:
    def pods_metrics(*extra: str) -> list[dict[str, Any]]:
        hpa = by_name(
            render_chart("production", *extra), "HorizontalPodAutoscaler", f"{RELEASE}-citizen-chat"
        )
        return [m for m in hpa["spec"]["metrics"] if m["type"] == "Pods"]

    assert pods_metrics() == []
    [metric] = pods_metrics(
        "--set", "components.citizen-chat.autoscaling.customMetrics.enabled=true"
    )
    assert metric["pods"]["metric"]["name"].startswith("http_server_request")
    assert metric["pods"]["target"]["type"] == "AverageValue"


def test_alert_rules_use_the_http_server_histogram(render_chart: RenderChart) -> None:
    [rule] = kinds(render_chart("production"), "PrometheusRule")
    expressions = " ".join(r["expr"] for g in rule["spec"]["groups"] for r in g["rules"])
    assert "http_server_request_duration_seconds_bucket" in expressions
    assert 'http_response_status_code=~"5.."' in expressions
    alerts = {r.get("alert") for g in rule["spec"]["groups"] for r in g["rules"]}
    assert {"CollectiviaHighErrorRatio", "CollectiviaHighLatency"} <= alerts


def test_topics_are_those_of_the_catalogue(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    rendered = {t["spec"]["topicName"]: t for t in kinds(manifests, "KafkaTopic")}
    catalogue = {spec.name: spec for spec in load_catalogue()}
    assert set(rendered) == set(catalogue)
    [kafka] = kinds(manifests, "Kafka")
    for name, spec in catalogue.items():
        topic = rendered[name]
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
        assert topic["spec"]["partitions"] == spec.partitions
        assert topic["spec"]["config"] == spec.configs


def test_a_topic_prefix_reaches_the_topics_and_the_services(render_chart: RenderChart) -> None:
    manifests = render_chart("dev", "--set", "kafka.topicPrefix=metropole-recette.")
    names = {t["spec"]["topicName"] for t in kinds(manifests, "KafkaTopic")}
    assert names == {f"metropole-recette.{spec.name}" for spec in load_catalogue()}
    chat = by_name(manifests, "Deployment", f"{RELEASE}-citizen-chat")
    env = env_of(chat["spec"]["template"]["spec"]["containers"][0])
    assert env["COLLECTIVIA_KAFKA_TOPIC_PREFIX"]["value"] == "metropole-recette."


@pytest.mark.parametrize("profile", ["dev", "production", "gpu"])
def test_no_secret_value_is_rendered(render_chart: RenderChart, profile: str) -> None:
    manifests = render_chart(profile)
    assert not kinds(manifests, "Secret"), "the chart must only reference Secrets"
    for name, pod in pod_templates(manifests):
        for container in containers(pod):
            names = [var["name"] for var in container.get("env", [])]
            # A name given twice: the last wins, and a plain value may hide behind a secret.
            assert len(names) == len(set(names)), f"{name} {container['name']}: {names}"
            for var in container.get("env", []):
                where = f"{name} {container['name']} {var['name']}"
                if SECRET_NAME.search(var["name"]):
                    ref = var.get("valueFrom", {}).get("secretKeyRef")
                    assert ref and ref["name"] and ref["key"], f"{where}: not a secretKeyRef"
                    assert "value" not in var, where
                value = str(var.get("value", ""))
                assert not URL_WITH_PASSWORD.search(value), f"{where}: a password in a URL"
                assert not DEV_VALUES.search(value), f"{where}: a development secret"
    for config in kinds(manifests, "ConfigMap"):
        for key, text in config.get("data", {}).items():
            assert not DEV_VALUES.search(text), f"ConfigMap {config['metadata']['name']} {key}"
            assert not URL_WITH_PASSWORD.search(text), f"ConfigMap {key}: a password in a URL"


def test_database_urls_take_their_password_from_a_secret(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    chat = by_name(manifests, "Deployment", f"{RELEASE}-citizen-chat")
    env = env_of(chat["spec"]["template"]["spec"]["containers"][0])
    url = env["COLLECTIVIA_CITIZEN_CHAT_DATABASE_URL"]["value"]
    reference = re.search(r":\$\((\w+)\)@", url)
    assert reference, url
    # Kubernetes expands $(VAR) only from variables declared before.
    names = list(env)
    assert names.index(reference.group(1)) < names.index("COLLECTIVIA_CITIZEN_CHAT_DATABASE_URL")
    assert env[reference.group(1)]["valueFrom"]["secretKeyRef"]["name"]
    # The same Secret gives CloudNativePG the role's password: one place to rotate it.
    [cluster] = kinds(manifests, "Cluster")
    roles = {r["name"]: r["passwordSecret"]["name"] for r in cluster["spec"]["managed"]["roles"]}
    secret = env[reference.group(1)]["valueFrom"]["secretKeyRef"]["name"]
    assert roles[url.split("://")[1].split(":")[0]] == secret


def _secret_references(node: Any) -> Iterator[tuple[str, Any]]:
    """(field, value) of every field of a custom resource whose name says it holds a secret."""
    if isinstance(node, dict):
        for key, value in node.items():
            if SECRET_NAME.search(re.sub(r"(?<=[a-z])(?=[A-Z])", "_", key).upper()):
                yield key, value
            yield from _secret_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _secret_references(item)


def test_production_backs_up_the_databases_to_object_storage(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    [cluster] = kinds(manifests, "Cluster")
    [store] = kinds(manifests, "ObjectStore")
    [schedule] = kinds(manifests, "ScheduledBackup")
    [archiver] = [p for p in cluster["spec"]["plugins"] if p.get("isWALArchiver")]
    assert archiver["parameters"]["barmanObjectName"] == store["metadata"]["name"]
    assert schedule["spec"]["cluster"]["name"] == cluster["metadata"]["name"]
    assert schedule["spec"]["method"] == "plugin"
    assert schedule["spec"]["pluginConfiguration"]["name"] == archiver["name"]
    # CloudNativePG's schedules have six fields, seconds first.
    assert len(schedule["spec"]["schedule"].split()) == 6
    configuration = store["spec"]["configuration"]
    assert configuration["destinationPath"].startswith("s3://")
    assert re.fullmatch(r"[1-9][0-9]*[dwm]", store["spec"]["retentionPolicy"])
    # The store's keys only as references to a Secret: a name and a key, nothing else.
    credentials = configuration["s3Credentials"]
    assert {"accessKeyId", "secretAccessKey"} <= set(credentials)
    references = list(_secret_references(store))
    assert {field for field, _ in references} >= {"accessKeyId", "secretAccessKey"}
    for field, reference in references:
        assert isinstance(reference, dict) and set(reference) == {"name", "key"}, field
        assert reference["name"] and reference["key"], field
    # Given another Secret's name, the store reads its keys from there.
    [store] = kinds(
        render_chart(
            "production", "--set", "postgresql.backup.s3Credentials.secretName=sauvegardes-s3"
        ),
        "ObjectStore",
    )
    for reference in store["spec"]["configuration"]["s3Credentials"].values():
        assert reference["name"] == "sauvegardes-s3"


@pytest.mark.parametrize("profile", ["default", "dev"])
def test_no_backup_unless_asked(render_chart: RenderChart, profile: str) -> None:
    manifests = render_chart(profile)
    assert not kinds(manifests, "ObjectStore", "ScheduledBackup")
    [cluster] = kinds(manifests, "Cluster")
    assert "plugins" not in cluster["spec"]


def _database_policy(manifests: list[Manifest]) -> dict[str, Any]:
    [cluster] = kinds(manifests, "Cluster")
    spec: dict[str, Any] = by_name(manifests, "NetworkPolicy", cluster["metadata"]["name"])["spec"]
    return spec


def test_the_database_pods_reach_the_backup_store_and_nothing_else_new(
    render_chart: RenderChart,
) -> None:
    without = _database_policy(
        render_chart("production", "--set", "postgresql.backup.enabled=false")
    )
    default = _database_policy(render_chart("production"))
    assert default["ingress"] == without["ingress"]
    [added] = [rule for rule in default["egress"] if rule not in without["egress"]]
    assert len(default["egress"]) == len(without["egress"]) + 1
    assert added["ports"] == [{"protocol": "TCP", "port": 443}]
    assert {peer["ipBlock"]["cidr"] for peer in added["to"]} == {"0.0.0.0/0"}  # objectStorage's
    # A store on its own addresses and port: that port, those addresses, and only them.
    elsewhere = _database_policy(
        render_chart(
            "production",
            "--set",
            "postgresql.backup.endpointURL=http://sauvegardes.example.fr:9000",
            "--set",
            "postgresql.backup.egressCidrs={192.0.2.0/28}",
        )
    )
    [added] = [rule for rule in elsewhere["egress"] if rule not in without["egress"]]
    assert added == {
        "to": [{"ipBlock": {"cidr": "192.0.2.0/28"}}],
        "ports": [{"protocol": "TCP", "port": 9000}],
    }


def test_backups_with_no_address_for_the_store_fail_the_render(helm: Path, tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere.yaml"
    nowhere.write_text("objectStorage:\n  egressCidrs: []\n")
    arguments = ["-f", str(CHART / "values-production.yaml"), "-f", str(nowhere)]
    done = run_helm(helm, "template", RELEASE, str(CHART), *arguments)
    assert done.returncode != 0
    assert "postgresql.backup" in done.stderr and "egressCidrs" in done.stderr, done.stderr


@pytest.mark.parametrize("profile", ["dev", "gpu"])
def test_probes_and_resources_on_every_container(render_chart: RenderChart, profile: str) -> None:
    for name, pod in pod_templates(render_chart(profile)):
        for container in containers(pod):
            where = f"{name} {container['name']}"
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(container["resources"][bound]), f"{where} {bound}"
            if name.startswith("CronJob/") or container in pod["spec"].get("initContainers", []):
                continue  # a job or an init container runs to its end: no probe to answer
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert probe in container, f"{where}: no {probe}"


def test_services_probe_their_real_health_endpoints(render_chart: RenderChart) -> None:
    for service in SERVICES:
        deployment = by_name(render_chart("dev"), "Deployment", f"{RELEASE}-{service}")
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        http = {p["name"]: p["containerPort"] for p in container["ports"]}["http"]
        env = env_of(container)
        prefix = "COLLECTIVIA_" + service.upper().replace("-", "_") + "_"
        assert env[prefix + "HTTP_PORT"]["value"] == str(http)
        assert env[prefix + "HTTP_HOST"]["value"] == ALL_INTERFACES


@pytest.mark.parametrize("profile", ["dev", "gpu"])
def test_restricted_pod_security_on_every_pod(render_chart: RenderChart, profile: str) -> None:
    manifests = render_chart(profile)
    specs = [(name, pod["spec"]) for name, pod in pod_templates(manifests)]
    [pool] = kinds(manifests, "KafkaNodePool")
    specs.append(("KafkaNodePool", pool["spec"]["template"]["pod"]))
    for name, spec in specs:
        security = spec["securityContext"]
        assert security["runAsNonRoot"] is True and security["runAsUser"] > 0, name
        assert security["seccompProfile"]["type"] == "RuntimeDefault", name
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            assert not spec.get(flag), name
        assert all("hostPath" not in v for v in spec.get("volumes", [])), name
    for name, pod in pod_templates(manifests):
        volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
        for container in containers(pod):
            security = container["securityContext"]
            where = f"{name} {container['name']}"
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            assert not security.get("capabilities", {}).get("add"), where
            assert not security.get("privileged"), where
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert "emptyDir" in volumes[mounts[TMP]], f"{where}: no writable /tmp"


def test_every_pod_is_selected_by_a_network_policy(render_chart: RenderChart) -> None:
    manifests = render_chart("gpu")
    policies = kinds(manifests, "NetworkPolicy")
    [deny] = [p for p in policies if p["spec"]["podSelector"] == {}]
    assert set(deny["spec"]["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]
    selectors = [p["spec"]["podSelector"]["matchLabels"] for p in policies if p is not deny]
    for name, pod in pod_templates(manifests):
        labels = pod["metadata"]["labels"]
        assert any(s.items() <= labels.items() for s in selectors), f"{name}: no policy of its own"
    [kafka] = kinds(manifests, "Kafka")
    [cluster] = kinds(manifests, "Cluster")
    assert {"strimzi.io/cluster": kafka["metadata"]["name"]} in selectors
    assert {"cnpg.io/cluster": cluster["metadata"]["name"]} in selectors


def _policy_of(manifests: list[Manifest], component: str) -> dict[str, Any]:
    spec: dict[str, Any] = by_name(manifests, "NetworkPolicy", f"{RELEASE}-{component}")["spec"]
    return spec


def test_the_registers_grpc_is_open_to_the_suite_only(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    policy = _policy_of(manifests, "ethics-register")
    grpc_rules = [r for r in policy["ingress"] if {"protocol": "TCP", "port": 50061} in r["ports"]]
    assert grpc_rules
    callers = set()
    for rule in grpc_rules:
        for peer in rule["from"]:
            assert set(peer) == {"podSelector"}, "the gRPC gate is open beyond the suite's pods"
            callers.add(peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"])
    assert callers and callers <= SERVICES - {"ethics-register"}
    # The ingress controller reaches the HTTP port, never the gRPC one.
    for rule in policy["ingress"]:
        if any("namespaceSelector" in peer for peer in rule["from"]):
            assert {p["port"] for p in rule["ports"]} == {8010}


def test_each_service_reaches_only_what_it_needs(render_chart: RenderChart) -> None:
    manifests = render_chart("gpu")

    def peers(component: str) -> set[str]:
        found: set[str] = set()
        for rule in _policy_of(manifests, component)["egress"]:
            for peer in rule.get("to", []):
                labels = peer.get("podSelector", {}).get("matchLabels", {})
                found.update(
                    labels.get(k, "")
                    for k in ("app.kubernetes.io/name", "app.kubernetes.io/component")
                )
                if "cnpg.io/cluster" in labels:
                    found.add("postgresql")
                if "strimzi.io/cluster" in labels:
                    found.add("kafka")
        return found - {""}

    register = peers("ethics-register")
    assert {"kafka", "postgresql", "keycloak", "otel-collector"} <= register
    assert not register & {"qdrant", "inference", "trino", "citizen-chat"}
    chat = peers("citizen-chat")
    assert {"qdrant", "inference", "ethics-register"} <= chat
    assert "trino" not in chat and "data-lake" not in chat
    assert "trino" in peers("officials-analytics")
    # An inference server reaches no database, no broker: only DNS and the model hub.
    assert not peers("inference-generation")


def test_each_call_between_components_is_allowed_at_both_ends(render_chart: RenderChart) -> None:
    """A caller's egress to a peer's port and the peer's ingress from that caller come in
    pairs: one without the other is a call the policies drop, or a door left open."""
    manifests = render_chart("gpu")
    names = SERVICES | INFERENCE
    ports = {
        name: {
            p["port"] for p in by_name(manifests, "Service", f"{RELEASE}-{name}")["spec"]["ports"]
        }
        for name in names
    }

    def pairs(direction: str, peers_key: str) -> set[tuple[str, str, int]]:
        found = set()
        for name in names:
            for rule in _policy_of(manifests, name).get(direction, []):
                for peer in rule.get(peers_key, []):
                    other = peer.get("podSelector", {}).get("matchLabels", {})
                    other_name = other.get("app.kubernetes.io/name")
                    if other_name not in names or "namespaceSelector" in peer:
                        continue
                    for port in rule["ports"]:
                        caller, callee = (
                            (name, other_name) if direction == "egress" else (other_name, name)
                        )
                        if port["port"] in ports[callee]:
                            found.add((caller, callee, port["port"]))
        return found

    egress, ingress = pairs("egress", "to"), pairs("ingress", "from")
    # Inference servers are reached by role (every inference pod), not by name.
    egress |= {
        (caller, callee, 8000)
        for caller in names
        for rule in _policy_of(manifests, caller).get("egress", [])
        for peer in rule.get("to", [])
        if peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component")
        == "inference"
        for callee in INFERENCE
    }
    assert egress == ingress, f"egress only: {egress - ingress}; ingress only: {ingress - egress}"
    assert ("ethics-register", "data-lake", 50064) in egress
    assert ("citizen-chat", "ethics-register", 50061) in egress


def test_public_and_intranet_ingresses_are_split(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    ingresses = {m["metadata"]["name"]: m for m in kinds(manifests, "Ingress")}
    public, intranet = ingresses[f"{RELEASE}-public"], ingresses[f"{RELEASE}-intranet"]
    assert public["spec"]["ingressClassName"] != intranet["spec"]["ingressClassName"]
    assert public["metadata"].get("annotations") != intranet["metadata"].get("annotations")

    def backends(ingress: Manifest) -> set[tuple[str, int]]:
        hosts = {h for tls in ingress["spec"]["tls"] for h in tls["hosts"]}
        assert {r["host"] for r in ingress["spec"]["rules"]} == hosts, "a host without TLS"
        assert all(tls["secretName"] for tls in ingress["spec"]["tls"])
        return {
            (
                p["backend"]["service"]["name"].removeprefix(f"{RELEASE}-"),
                p["backend"]["service"]["port"]["number"],
            )
            for r in ingress["spec"]["rules"]
            for p in r["http"]["paths"]
        }

    assert backends(public) >= {
        ("citizen-chat", 8020),
        ("ethics-register", 8010),
        ("data-lake", 8040),
    }
    assert {name for name, _ in backends(intranet)} >= {
        "agent-assistant",
        "officials-analytics",
        "ethics-register",
    }
    assert "citizen-chat" not in {name for name, _ in backends(intranet)}
    assert not {"agent-assistant", "officials-analytics"} & {name for name, _ in backends(public)}
    # Keycloak's sign-in pages are public, its admin console is not.
    public_keycloak = {
        p["path"]
        for r in public["spec"]["rules"]
        for p in r["http"]["paths"]
        if p["backend"]["service"]["name"] == f"{RELEASE}-keycloak"
    }
    assert public_keycloak == {"/realms", "/resources"}
    assert ("keycloak", 8080) in backends(intranet)
    # Only HTTP ports: never a gRPC one.
    assert all(port < 10000 for _, port in backends(public) | backends(intranet))


def test_services_find_the_inference_servers_through_their_openai_settings(
    render_chart: RenderChart,
) -> None:
    manifests = render_chart("gpu")
    generation = by_name(manifests, "Service", f"{RELEASE}-inference-generation")
    port = generation["spec"]["ports"][0]["port"]
    for service in ("citizen-chat", "agent-assistant", "officials-analytics"):
        deployment = by_name(manifests, "Deployment", f"{RELEASE}-{service}")
        env = env_of(deployment["spec"]["template"]["spec"]["containers"][0])
        # https: in production the services refuse a model server over http.
        url = env["COLLECTIVIA_GENERATION_BASE_URL"]["value"]
        assert url == f"https://{RELEASE}-inference-generation:{port}/v1", service
        assert env["COLLECTIVIA_GENERATION_MODEL"]["value"]
    dev_chat = by_name(render_chart("dev"), "Deployment", f"{RELEASE}-citizen-chat")
    dev_env = env_of(dev_chat["spec"]["template"]["spec"]["containers"][0])
    assert "COLLECTIVIA_GENERATION_BASE_URL" not in dev_env


def test_inference_serves_tls_that_the_services_trust(render_chart: RenderChart) -> None:
    manifests = render_chart("gpu")
    server = by_name(manifests, "Deployment", f"{RELEASE}-inference-generation")
    spec = server["spec"]["template"]["spec"]
    [container] = spec["containers"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    tls = volumes[mounts["/etc/collectivia/tls"]]["secret"]["secretName"]
    assert "--ssl-certfile=/etc/collectivia/tls/tls.crt" in container["args"], tls
    assert container["readinessProbe"]["httpGet"]["scheme"] == "HTTPS"
    chat = by_name(manifests, "Deployment", f"{RELEASE}-citizen-chat")["spec"]["template"]
    [init] = chat["spec"]["initContainers"]
    bundle = env_of(chat["spec"]["containers"][0])["SSL_CERT_FILE"]["value"]
    assert bundle in init["command"][-1] and "certifi" in init["command"][-1]
    # Without internal TLS (dev), no init container and no https probe.
    dev_chat = by_name(render_chart("dev"), "Deployment", f"{RELEASE}-citizen-chat")
    assert "initContainers" not in dev_chat["spec"]["template"]["spec"]


def _service_env(container: dict[str, Any]) -> dict[str, str]:
    """The container's environment as the process would see it: a strong stand-in for each
    Secret's value, $(VAR) references expanded as Kubernetes does."""
    env: dict[str, str] = {}
    for var in container["env"]:
        if "valueFrom" in var:
            ref = var["valueFrom"]["secretKeyRef"]
            # 32 bytes in url-safe base64: a strong secret, and a valid Fernet key too.
            digest = hashlib.sha256(f"{ref['name']}/{ref['key']}".encode()).digest()
            env[var["name"]] = base64.urlsafe_b64encode(digest).decode()
        else:
            env[var["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], var["value"])
    return env


SETTINGS_CLASSES = {
    "citizen-chat": [
        "collectivia.citizen_chat.settings:ChatSettings",
        "collectivia.citizen_chat.handover.settings:HandoverSettings",
    ],
    "agent-assistant": [
        "collectivia.agent_assistant.settings:AssistantSettings",
        "collectivia.agent_assistant.gateway.settings:GatewaySettings",
    ],
    "ethics-register": ["collectivia.ethics_register.settings:RegisterSettings"],
    "data-lake": ["collectivia.data_lake.settings:DataLakeSettings"],
    "officials-analytics": [
        "collectivia.officials_analytics.settings:OfficialsAnalyticsSettings",
    ],
}


@pytest.mark.parametrize("profile", ["production", "gpu"])
def test_the_services_accept_their_production_settings(
    render_chart: RenderChart, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    for service, classes in SETTINGS_CLASSES.items():
        deployment = by_name(render_chart(profile), "Deployment", f"{RELEASE}-{service}")
        env = _service_env(deployment["spec"]["template"]["spec"]["containers"][0])
        assert env["COLLECTIVIA_ENVIRONMENT"] == "production"
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            for path in classes:
                module, name = path.split(":")
                settings = getattr(importlib.import_module(module), name)()
                # The values the chart meant reached the settings (not the defaults).
                if hasattr(settings, "http_host"):
                    assert settings.http_host == ALL_INTERFACES, service
                    assert settings.database_url.startswith("postgresql+"), service


def test_a_new_map_entry_is_a_new_deployment(render_chart: RenderChart, tmp_path: Path) -> None:
    extra = tmp_path / "values-extra.yaml"
    extra.write_text(
        yaml.safe_dump(
            {
                "components": {
                    "citizen-survey": {
                        "enabled": True,
                        "role": "service",
                        "image": {"repository": "collectivia/citizen-survey", "tag": "9.9.9"},
                        "replicas": 3,
                        "settingsPrefix": "COLLECTIVIA_CITIZEN_SURVEY_",
                        "ports": {"http": 8060},
                        "resources": {
                            "requests": {"cpu": "100m", "memory": "128Mi"},
                            "limits": {"cpu": "200m", "memory": "256Mi"},
                        },
                        "probes": {
                            p: {"path": "/healthz"} for p in ("startup", "liveness", "readiness")
                        },
                        "exposure": {},
                        "networkPolicy": {"egress": ["kafka"]},
                    },
                    "inference-rerank": {
                        "enabled": True,
                        "role": "inference",
                        "image": {"repository": "vllm/vllm-openai", "tag": "v0.11.0"},
                        "replicas": 1,
                        "ports": {"http": 8000},
                        "resources": {
                            "requests": {"cpu": "1", "memory": "8Gi"},
                            "limits": {"cpu": "2", "memory": "8Gi"},
                        },
                        "probes": {
                            "startup": {"path": "/health"},
                            "liveness": {"path": "/health"},
                            "readiness": {"path": "/v1/models"},
                        },
                        "exposure": {},
                        "gpu": {
                            "count": 2,
                            "shmSize": "1Gi",
                            "modelCache": {"type": "emptyDir", "size": "5Gi"},
                        },
                    },
                }
            }
        )
    )
    before = render_chart("dev")
    after = render_chart("dev", "-f", str(extra))
    added = {f"{m['kind']}/{m['metadata']['name']}" for m in after} - {
        f"{m['kind']}/{m['metadata']['name']}" for m in before
    }
    for kind in ("Deployment", "Service", "ServiceAccount", "NetworkPolicy"):
        assert f"{kind}/{RELEASE}-citizen-survey" in added
        assert f"{kind}/{RELEASE}-inference-rerank" in added
    survey = by_name(after, "Deployment", f"{RELEASE}-citizen-survey")
    assert survey["spec"]["replicas"] == 3
    [container] = survey["spec"]["template"]["spec"]["containers"]
    assert container["image"] == "collectivia/citizen-survey:9.9.9"
    assert requires_off_gpu(survey["spec"]["template"]["spec"])
    rerank = by_name(after, "Deployment", f"{RELEASE}-inference-rerank")["spec"]["template"]["spec"]
    assert rerank["nodeSelector"] == {POOL_KEY: "gpu"}
    assert rerank["containers"][0]["resources"]["limits"][GPU] == 2


def declared_jobs(service: str) -> tuple[str, set[str]]:
    """A service's jobs command (its pyproject's script) and the jobs it declares (the keys of
    ``JOBS`` in its ``jobs.py``), read from the source: importing the services costs seconds."""
    folder = ROOT / "services" / service
    script = f"collectivia-{service}-jobs"
    scripts = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert script in scripts["scripts"], f"{service}: no {script} command"
    package = service.replace("-", "_")
    tree = ast.parse((folder / "src" / "collectivia" / package / "jobs.py").read_text("utf-8"))
    [jobs] = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(isinstance(t, ast.Name) and t.id == "JOBS" for t in _targets(node))
    ]
    assert isinstance(jobs, ast.Dict)
    return script, {str(key.value) for key in jobs.keys if isinstance(key, ast.Constant)}


def _targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def test_cronjobs_run_the_services_declared_jobs(render_chart: RenderChart) -> None:
    manifests = render_chart("production")
    jobs = kinds(manifests, "CronJob")
    assert len(jobs) >= 4
    for job in jobs:
        pod = job["spec"]["jobTemplate"]["spec"]["template"]
        [container] = pod["spec"]["containers"]
        command, name = container["command"]
        service = command.removeprefix("collectivia-").removesuffix("-jobs")
        assert service in SERVICES, command
        script, declared = declared_jobs(service)
        assert command == script and name in declared, f"{command} {name}: not declared"
        assert requires_off_gpu(pod["spec"])
        assert job["spec"]["concurrencyPolicy"] == "Forbid"

    # The chat's in-process purge is off while its CronJob runs, on when the job is off.
    def chat_env(*extra: str) -> dict[str, dict[str, Any]]:
        chat = by_name(render_chart("production", *extra), "Deployment", f"{RELEASE}-citizen-chat")
        return env_of(chat["spec"]["template"]["spec"]["containers"][0])

    flag = "COLLECTIVIA_CITIZEN_CHAT_RETENTION_PURGE_IN_PROCESS"
    assert chat_env()[flag]["value"] == "false"
    assert flag not in chat_env("--set", "jobs.chat-retention-purge.enabled=false")


def test_runtime_class_only_when_asked(render_chart: RenderChart) -> None:
    assert not kinds(render_chart("gpu"), "RuntimeClass")
    [runtime] = kinds(
        render_chart("gpu", "--set", "global.nodePools.gpu.createRuntimeClass=true"), "RuntimeClass"
    )
    assert runtime["metadata"]["name"] == "nvidia" and runtime["handler"] == "nvidia"


@pytest.mark.parametrize(
    ("setting", "refusal"),
    [
        # A secret as a plain value: the schema takes secrets by reference only.
        ("components.citizen-chat.env.COLLECTIVIA_CITIZEN_CHAT_PSEUDONYM_SALT=abc", "propertyName"),
        (
            "jobs.lake-compaction.componentEnv.COLLECTIVIA_DATA_LAKE_S3_SECRET_ACCESS_KEY=x",
            "propertyName",
        ),
        # GPU scheduling is for inference entries only, and every inference entry has it.
        ("components.citizen-chat.gpu.count=1", "citizen-chat"),
        ("components.inference-generation.gpu=null", "gpu"),
        # A typo in an entry's key is an error, not a silently ignored setting.
        ("components.data-lake.replica=3", "replica"),
        ("components.data-lake.networkPolicy.egress={kafka,mainframe}", "egress"),
        # The backups' keys by reference only; a five-field schedule would run at the wrong time.
        ("postgresql.backup.s3Credentials.secretAccessKey=abc", "secretAccessKey"),
        ("postgresql.backup.schedule=30 1 * * *", "schedule"),
        ("postgresql.backup.retentionPolicy=30 jours", "retentionPolicy"),
        # What a collectivity provides is mounted read-only, always.
        ("components.data-lake.extraVolumeMounts.lake-schemas.readOnly=false", "readOnly"),
    ],
)
def test_the_values_schema_refuses_unsafe_or_misplaced_values(
    helm: Path, setting: str, refusal: str
) -> None:
    done = run_helm(helm, "template", RELEASE, str(CHART), "--set", setting)
    assert done.returncode != 0, f"{setting} was accepted"
    assert "schema" in done.stderr and refusal in done.stderr, done.stderr


def test_an_unknown_egress_target_fails_the_render(helm: Path, tmp_path: Path) -> None:
    """Past the schema (a chart copy without it), the template itself refuses the name."""
    chart = tmp_path / "collectivia"
    shutil.copytree(CHART, chart)
    (chart / "values.schema.json").unlink()
    done = run_helm(
        helm,
        "template",
        RELEASE,
        str(chart),
        "--set",
        "components.data-lake.networkPolicy.egress={kafka,mainframe}",
    )
    assert done.returncode != 0
    assert "unknown target" in done.stderr and "mainframe" in done.stderr


def _owner(pod: dict[str, Any]) -> str:
    """The component whose image and settings a pod runs (a CronJob's: its job's)."""
    name = pod["metadata"]["labels"]["app.kubernetes.io/name"]
    if name.startswith("job-"):
        values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
        return str(values["jobs"][name.removeprefix("job-")]["component"])
    return str(name)


def _extra_volume(pod: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((v for v in pod["spec"].get("volumes", []) if v["name"] == name), None)


def _mounts_of(pod: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [
        mount
        for container in pod["spec"]["containers"]
        for mount in container.get("volumeMounts", [])
        if mount["name"] == name
    ]


@pytest.mark.parametrize("profile", ["dev", "production"])
def test_the_lake_reads_the_national_schemas_from_a_read_only_volume(
    render_chart: RenderChart, profile: str
) -> None:
    pods = dict(pod_templates(render_chart(profile)))
    lake_pods = {name for name, pod in pods.items() if _owner(pod) == "data-lake"}
    assert f"Deployment/{RELEASE}-data-lake" in lake_pods
    assert f"CronJob/{RELEASE}-job-lake-compaction" in lake_pods
    for name, pod in pods.items():
        volume = _extra_volume(pod, "lake-schemas")
        if name not in lake_pods:
            assert volume is None, name
            continue
        # A ConfigMap by reference, optional: without it the pod starts and the lake says
        # in its log that every load will be refused.
        assert volume == {
            "name": "lake-schemas",
            "configMap": {"name": "collectivia-lake-schemas", "optional": True},
        }, name
        [container] = pod["spec"]["containers"]
        assert _mounts_of(pod, "lake-schemas") == [
            {"name": "lake-schemas", "mountPath": "/schemas", "readOnly": True}
        ], name
        folders = env_of(container)["COLLECTIVIA_DATA_LAKE_SCHEMA_FOLDERS"]["value"]
        assert json.loads(folders) == ["/schemas"], name


def test_an_extra_volume_reaches_only_its_component(
    render_chart: RenderChart, tmp_path: Path
) -> None:
    extra = tmp_path / "values-volumes.yaml"
    extra.write_text(
        yaml.safe_dump(
            {
                "components": {
                    "agent-assistant": {
                        "extraVolumes": {
                            "modeles-courriers": {
                                "persistentVolumeClaim": {"claimName": "modeles", "readOnly": True}
                            }
                        },
                        "extraVolumeMounts": {"modeles-courriers": {"mountPath": "/srv/modeles"}},
                    }
                }
            }
        )
    )
    pods = dict(pod_templates(render_chart("production", "-f", str(extra))))
    holders = {name for name, pod in pods.items() if _extra_volume(pod, "modeles-courriers")}
    assert holders == {name for name, pod in pods.items() if _owner(pod) == "agent-assistant"}
    assert f"Deployment/{RELEASE}-agent-assistant" in holders
    for name in holders:
        pod = pods[name]
        assert _extra_volume(pod, "modeles-courriers") == {
            "name": "modeles-courriers",
            "persistentVolumeClaim": {"claimName": "modeles", "readOnly": True},
        }
        assert _mounts_of(pod, "modeles-courriers") == [
            {"name": "modeles-courriers", "mountPath": "/srv/modeles", "readOnly": True}
        ]
    # The lake keeps its own, and only its own.
    lake = pods[f"Deployment/{RELEASE}-data-lake"]
    assert _extra_volume(lake, "lake-schemas") is not None
    assert _extra_volume(lake, "modeles-courriers") is None


def test_a_mount_without_its_volume_fails_the_render(helm: Path) -> None:
    done = run_helm(
        helm,
        "template",
        RELEASE,
        str(CHART),
        "--set",
        "components.citizen-chat.extraVolumeMounts.absent.mountPath=/srv/absent",
    )
    assert done.returncode != 0
    assert "extraVolumeMounts.absent" in done.stderr, done.stderr
