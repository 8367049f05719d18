"""Every object the chart renders, for each profile, against the Kubernetes API's schemas
(offline, strict: an unknown field fails) and every custom resource against its operator's CRD
(Strimzi, CloudNativePG and its Barman Cloud plugin, prometheus-operator, at the versions
pinned in infra/kube/crds.py): no finding. The pinned CRDs are fetched once into
.cache/kube/crds (Maven Central, Go module proxy) and shown to judge: correct custom resources
pass, broken ones do not."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from infra.kube.crds import ensure_crds  # noqa: E402
from infra.kube.manifest_validation import ManifestValidator, load_crds  # noqa: E402

pytestmark = pytest.mark.integration

PROFILES = ["default", "dev", "production", "gpu"]

# The custom resources the chart may render, as the CRDs' owners wrote them.
PINNED_KINDS = {
    ("kafka.strimzi.io/v1", "Kafka"),
    ("kafka.strimzi.io/v1", "KafkaNodePool"),
    ("kafka.strimzi.io/v1", "KafkaTopic"),
    ("postgresql.cnpg.io/v1", "Cluster"),
    ("postgresql.cnpg.io/v1", "Database"),
    ("postgresql.cnpg.io/v1", "ScheduledBackup"),
    ("barmancloud.cnpg.io/v1", "ObjectStore"),
    ("monitoring.coreos.com/v1", "PrometheusRule"),
    ("monitoring.coreos.com/v1", "ServiceMonitor"),
}

CUSTOM_RESOURCES = """
apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata: {name: kafka}
spec:
  kafka:
    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
    config: {min.insync.replicas: 2}
  entityOperator: {topicOperator: {}}
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaNodePool
metadata: {name: dual-role, labels: {strimzi.io/cluster: kafka}}
spec:
  replicas: 3
  roles: [controller, broker]
  storage: {type: jbod, volumes: [{id: 0, type: persistent-claim, size: 20Gi}]}
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaTopic
metadata: {name: chat.answer-produced.v1, labels: {strimzi.io/cluster: kafka}}
spec: {partitions: 3, replicas: 3, config: {retention.ms: 604800000}}
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: postgresql}
spec:
  storage: {size: 10Gi}
  bootstrap: {initdb: {database: keycloak, owner: keycloak, secret: {name: keycloak-db}}}
---
apiVersion: postgresql.cnpg.io/v1
kind: Database
metadata: {name: citizen-chat}
spec: {cluster: {name: postgresql}, name: citizen_chat, owner: citizen_chat}
---
apiVersion: postgresql.cnpg.io/v1
kind: ScheduledBackup
metadata: {name: nightly}
spec: {cluster: {name: postgresql}, schedule: "0 0 2 * * *"}
---
apiVersion: barmancloud.cnpg.io/v1
kind: ObjectStore
metadata: {name: backups}
spec:
  retentionPolicy: 30d
  configuration:
    destinationPath: s3://backups/postgresql
    s3Credentials:
      accessKeyId: {name: backups-s3, key: access-key-id}
      secretAccessKey: {name: backups-s3, key: secret-access-key}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: collectivia}
spec:
  groups:
  - name: collectivia.http
    rules:
    - alert: HighErrorRatio
      expr: >-
        sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m]))
        > 0
      for: 10m
      labels: {severity: warning}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: citizen-chat}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: citizen-chat}}
  endpoints: [{port: http, path: /metrics, interval: 30s}]
"""


@pytest.fixture(scope="module")
def validator() -> ManifestValidator:
    return ManifestValidator(crds=load_crds(ensure_crds()))


def test_the_pinned_crds_are_fetched_and_served(validator: ManifestValidator) -> None:
    assert set(validator.custom_kinds) >= PINNED_KINDS


def test_the_pinned_crds_accept_correct_custom_resources(validator: ManifestValidator) -> None:
    findings = validator.validate_stream(CUSTOM_RESOURCES)
    assert findings == [], "\n".join(map(str, findings))


@pytest.mark.parametrize(
    ("kind", "field", "value", "path"),
    [
        ("KafkaTopic", ("spec", "partitions"), "three", "spec.partitions"),
        ("KafkaNodePool", ("spec", "roles"), ["leader"], "spec.roles[0]"),
        ("Kafka", ("spec", "zookeeper"), {"replicas": 3}, "spec.zookeeper"),
        ("Cluster", ("spec", "instances"), 0, "spec.instances"),
        ("Database", ("spec", "owner"), None, "spec"),
        ("ObjectStore", ("spec", "retentionPolicy"), "30 jours", "spec.retentionPolicy"),
        ("ServiceMonitor", ("spec", "endpoints"), [{"portt": "http"}], "spec.endpoints[0].portt"),
    ],
)
def test_the_pinned_crds_refuse_broken_custom_resources(
    validator: ManifestValidator, kind: str, field: tuple[str, ...], value: Any, path: str
) -> None:
    [obj] = [doc for doc in yaml.safe_load_all(CUSTOM_RESOURCES) if doc["kind"] == kind]
    node = obj
    for key in field[:-1]:
        node = node[key]
    node[field[-1]] = value
    findings = validator.validate_object(obj)
    assert [finding.path for finding in findings] == [path], findings


@pytest.mark.parametrize("profile", PROFILES)
def test_every_rendered_object_follows_its_schema(
    render_chart: Any, validator: ManifestValidator, profile: str
) -> None:
    objects = render_chart(profile)
    assert {"Deployment", "Service", "NetworkPolicy", "KafkaTopic"} <= {o["kind"] for o in objects}
    findings = validator.validate_objects(objects)
    assert findings == [], f"{len(findings)} findings:\n" + "\n".join(map(str, findings))
