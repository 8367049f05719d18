"""The offline manifest validator (infra/kube/manifest_validation.py) on objects of the tests'
own, without helm or the network: correct objects pass, and each kind of mistake the API server
would refuse — an unknown field, a wrong type, a removed API, a custom resource breaking its
CRD's schema, a name or port the server refuses, a GPU request unequal to its limit — is a
finding at the right path."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from infra.kube.crd_schemas import convert, python_pattern  # noqa: E402
from infra.kube.manifest_validation import Finding, ManifestValidator  # noqa: E402

GOOD = """
apiVersion: v1
kind: ServiceAccount
metadata: {name: citizen-chat}
---
apiVersion: v1
kind: Service
metadata: {name: citizen-chat, labels: {app.kubernetes.io/name: citizen-chat}}
spec:
  selector: {app.kubernetes.io/name: citizen-chat}
  ports:
  - {name: http, port: 8020, targetPort: http}
  - {name: grpc, port: 50062, targetPort: 50062}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: citizen-chat, labels: {app.kubernetes.io/part-of: collectivia}}
spec:
  replicas: 2
  selector: {matchLabels: {app.kubernetes.io/name: citizen-chat}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: citizen-chat, app.kubernetes.io/part-of: collectivia}
    spec:
      serviceAccountName: citizen-chat
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: service
        image: registry.example/citizen-chat:1.0.0
        ports: [{name: http, containerPort: 8020}, {name: grpc, containerPort: 50062}]
        env:
        - {name: COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS, value: "kafka:9092"}
        - name: COLLECTIVIA_DATABASE_URL
          valueFrom: {secretKeyRef: {name: chat-db, key: url}}
        resources:
          requests: {cpu: 250m, memory: 256Mi}
          limits: {cpu: "1", memory: 1Gi}
        readinessProbe: {httpGet: {path: /health/ready, port: http}, periodSeconds: 5}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
        volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes: [{name: tmp, emptyDir: {}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: inference-generation}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: inference-generation}}
  template:
    metadata: {labels: {app.kubernetes.io/name: inference-generation}}
    spec:
      runtimeClassName: nvidia
      nodeSelector: {collectivia.io/pool: gpu}
      tolerations: [{key: nvidia.com/gpu, operator: Equal, value: present, effect: NoSchedule}]
      containers:
      - name: vllm
        image: vllm/vllm-openai:v0.11.0
        resources:
          requests: {cpu: 4, memory: 32Gi, nvidia.com/gpu: 1}
          limits: {memory: 32Gi, nvidia.com/gpu: 1}
        volumeMounts: [{name: shm, mountPath: /dev/shm}]
      volumes: [{name: shm, emptyDir: {medium: Memory, sizeLimit: 8Gi}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: citizen-chat-retention-purge}
spec:
  schedule: "17 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: registry.example/citizen-chat:1.0.0}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: citizen-chat}
spec: {minAvailable: 1, selector: {matchLabels: {app.kubernetes.io/name: citizen-chat}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: citizen-chat}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: citizen-chat}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: citizen-chat}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: citizen-chat}}
  policyTypes: [Ingress, Egress]
  egress: [{ports: [{port: 53, protocol: UDP}]}]
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: nvidia}
handler: nvidia
"""

# A small CRD of the tests' own, using the structural-schema extensions the real ones use.
WIDGET_CRD = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.org}
spec:
  group: example.org
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size, mode]
            properties:
              size: {type: integer, minimum: 0, exclusiveMinimum: true}
              mode: {type: string, enum: [fast, slow], default: fast}
              port: {x-kubernetes-int-or-string: true}
              note: {type: string, nullable: true}
              settings: {type: object, x-kubernetes-preserve-unknown-fields: true}
              template:
                type: object
                x-kubernetes-embedded-resource: true
                properties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v1alpha1
    served: false
    storage: false
    schema: {openAPIV3Schema: {type: object}}
"""


def _docs(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


def _widget(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "example.org/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "labels": {"app.kubernetes.io/name": "w"}},
        "spec": spec,
    }


@pytest.fixture(scope="module")
def validator() -> ManifestValidator:
    return ManifestValidator(crds=_docs(WIDGET_CRD))


def _where(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(finding.kind, finding.name, finding.path) for finding in findings]


def test_correct_objects_have_no_finding(validator: ManifestValidator) -> None:
    assert validator.validate_stream(GOOD) == []


def test_an_unknown_field_is_named_at_its_path(validator: ManifestValidator) -> None:
    docs = _docs(GOOD)
    docs[2]["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    docs[2]["spec"]["strategi"] = {}
    findings = validator.validate_objects(docs)
    assert _where(findings) == [
        ("Deployment", "citizen-chat", "spec.strategi"),
        ("Deployment", "citizen-chat", "spec.template.spec.containers[0].imagePullPolicyy"),
    ]
    assert "unknown field 'imagePullPolicyy'" in str(findings[1])


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        (("spec", "replicas"), "two", "spec.replicas"),
        (
            ("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"),
            "http",
            "spec.template.spec.containers[0].ports[0].containerPort",
        ),
        (
            ("spec", "template", "spec", "containers", 0, "resources", "limits", "cpu"),
            [1],
            "spec.template.spec.containers[0].resources.limits.cpu",
        ),
        (("metadata", "labels"), ["a"], "metadata.labels"),
    ],
)
def test_a_wrong_type_is_named_at_its_path(
    validator: ManifestValidator, field: tuple[str | int, ...], value: Any, path: str
) -> None:
    deployment = copy.deepcopy(_docs(GOOD)[2])
    node: Any = deployment
    for key in field[:-1]:
        node = node[key]
    node[field[-1]] = value
    findings = validator.validate_object(deployment)
    assert [finding.path for finding in findings] == [path]
    assert "is not of type" in findings[0].message


def test_a_removed_api_or_unknown_kind_has_no_schema(validator: ManifestValidator) -> None:
    removed = {"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "x"}}
    unknown = {"apiVersion": "example.org/v1", "kind": "Gadget", "metadata": {"name": "x"}}
    unserved = {"apiVersion": "example.org/v1alpha1", "kind": "Widget", "metadata": {"name": "x"}}
    for obj in (removed, unknown, unserved):
        findings = validator.validate_object(obj)
        assert [(f.path, "no schema" in f.message) for f in findings] == [("apiVersion", True)]


def test_a_custom_resource_follows_its_crds_schema(validator: ManifestValidator) -> None:
    good = _widget(size=3, port="http", note=None, settings={"any": {"thing": 1}})
    good["spec"]["template"] = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}
    assert validator.validate_object(good) == []
    assert validator.validate_object(_widget(size=3, port=8080)) == []
    cases = {
        "spec": _widget(port=80),  # the required size is missing (mode has a default)
        "spec.size": _widget(size=0),  # exclusive minimum
        "spec.port": _widget(size=1, port=1.5),  # int-or-string
        "spec.colour": _widget(size=1, colour="red"),  # undeclared field
        "metadata.labels.a": {**_widget(size=1), "metadata": {"name": "w", "labels": {"a": 1}}},
    }
    for path, widget in cases.items():
        assert [finding.path for finding in validator.validate_object(widget)] == [path], path


def test_a_crd_in_the_stream_judges_its_custom_resources() -> None:
    stream = WIDGET_CRD + "---\n" + yaml.safe_dump(_widget(size="big"))
    findings = ManifestValidator().validate_stream(stream)
    assert _where(findings) == [("Widget", "w", "spec.size")]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: d["metadata"].update(name="Citizen_Chat"), "metadata.name", "not a valid name"),
        (
            lambda d: _pod(d)["containers"][0]["ports"][0].update(name="http-with-a-long-name"),
            "spec.template.spec.containers[0].ports[0].name",
            "not a port name",
        ),
        (
            lambda d: _pod(d)["containers"][0]["volumeMounts"].append(
                {"name": "cache", "mountPath": "/c"}
            ),
            "spec.template.spec.containers[0].volumeMounts[1].name",
            "no volume named 'cache'",
        ),
        (
            lambda d: d["spec"]["selector"]["matchLabels"].update(tier="web"),
            "spec.selector",
            "does not match",
        ),
        (
            lambda d: _pod(d)["containers"][0]["resources"]["requests"].update(memory="2Gi"),
            "spec.template.spec.containers[0].resources.requests['memory']",
            "above the limit",
        ),
        (
            lambda d: _pod(d)["containers"].append(dict(_pod(d)["containers"][0])),
            "spec.template.spec.containers[1].name",
            "a second container",
        ),
        (
            lambda d: d["metadata"]["labels"].update({"app.kubernetes.io/version": "x" * 64}),
            "metadata.labels['app.kubernetes.io/version']",
            "not a valid label value",
        ),
    ],
)
def test_what_the_api_server_refuses_beyond_the_schema(
    validator: ManifestValidator, change: Any, path: str, words: str
) -> None:
    deployment = copy.deepcopy(_docs(GOOD)[2])
    change(deployment)
    findings = validator.validate_object(deployment)
    assert [finding.path for finding in findings] == [path]
    assert words in findings[0].message


def test_a_gpu_request_must_equal_its_limit(validator: ManifestValidator) -> None:
    inference = copy.deepcopy(_docs(GOOD)[3])
    resources = _pod(inference)["containers"][0]["resources"]
    resources["limits"]["nvidia.com/gpu"] = 2
    assert "must equal its limit" in validator.validate_object(inference)[0].message
    del resources["limits"]["nvidia.com/gpu"]
    assert "its limit must be set" in validator.validate_object(inference)[0].message


def test_names_services_cronjobs_and_duplicates(validator: ManifestValidator) -> None:
    docs = _docs(GOOD)
    docs[1]["metadata"]["name"] = "1-chat"  # a Service's name starts with a letter
    docs[1]["spec"]["ports"][1]["name"] = "http"
    docs[4]["metadata"]["name"] = "c" * 53  # a CronJob's name leaves room for its Jobs'
    findings = validator.validate_objects([*docs, copy.deepcopy(docs[0])])
    assert _where(findings) == [
        ("Service", "1-chat", "metadata.name"),
        ("Service", "1-chat", "spec.ports[1].name"),
        ("CronJob", "c" * 53, "metadata.name"),
        ("ServiceAccount", "citizen-chat", "metadata.name"),
    ]
    assert "a second object" in findings[-1].message


def test_what_is_not_an_object_is_a_finding(validator: ManifestValidator) -> None:
    assert "not a YAML stream" in validator.validate_stream("a: [")[0].message
    assert "not an object" in validator.validate_stream("- a\n- b\n")[0].message
    assert "must be strings" in validator.validate_stream("kind: Pod\n")[0].message
    listed = {"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod"}]}
    assert [f.path for f in validator.validate_objects([listed])] == ["metadata"]


def test_a_misshapen_object_is_a_finding_never_a_crash() -> None:
    """Every field of a Deployment, of a CRD and of its custom resource replaced in turn by a
    value of the wrong shape: the validator reports, it does not raise."""
    deployment, crd = _docs(GOOD)[2], _docs(WIDGET_CRD)[0]
    cases = 0
    for original in (deployment, crd, _widget(size=1, port="http")):
        for path in list(_paths(original))[1:]:
            for odd in ([1], None):
                broken = copy.deepcopy(original)
                node = broken
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = odd
                findings = ManifestValidator().validate_objects([crd, broken])
                assert all(isinstance(finding, Finding) for finding in findings)
                cases += 1
    assert cases > 200


def test_re2_patterns_and_unusable_schemas() -> None:
    # RE2 takes inline flags anywhere (prometheus-operator's PrometheusRule does); Python not.
    assert python_pattern("^(?i)(abort|warn)?$") == "(?i)^(abort|warn)?$"
    assert python_pattern("^[a-z]+$") == "^[a-z]+$"
    assert python_pattern("(?<name") is None
    lenient = convert({"type": "string", "pattern": "^(?i)(abort|warn)?$"}, strict=True)
    assert lenient["pattern"] == "(?i)^(abort|warn)?$"
    crd = _docs(WIDGET_CRD)[0]
    crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["type"] = "map"
    findings = ManifestValidator().validate_objects([crd, _widget(size=1)])
    assert [(f.kind, f.path) for f in findings] == [
        ("CustomResourceDefinition", "spec.versions"),
        ("Widget", "apiVersion"),  # the CRD defines nothing: the widget has no schema
    ]
    assert "'map' is not one of" in findings[0].message


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Any:
    yield prefix
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        yield from _paths(child, (*prefix, key))


def test_only_shipped_kubernetes_versions() -> None:
    with pytest.raises(ValueError, match=r"no schemas of Kubernetes 1\.4"):
        ManifestValidator(kubernetes_version="1.4")


def test_openapi_bounds_become_json_schema_bounds() -> None:
    assert convert({"type": "integer", "minimum": 0, "exclusiveMinimum": True}, strict=True) == {
        "type": "integer",
        "exclusiveMinimum": 0,
    }
    closed = convert({"type": "object", "properties": {"a": {"type": "string"}}}, strict=True)
    assert closed["additionalProperties"] is False
    branch = convert({"anyOf": [{"type": "object", "properties": {}}]}, strict=True)
    assert "additionalProperties" not in branch["anyOf"][0]


def _pod(deployment: dict[str, Any]) -> dict[str, Any]:
    pod: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return pod
