"""Against the running servers (`infra/stack.py up`); skipped when they are not reachable.

.venv/bin/python infra/stack.py up && .venv/bin/pytest -m integration infra
"""

from __future__ import annotations

import base64
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from infra.collectivia_stack.config import StackConfig
from infra.collectivia_stack.topics import load_catalogue

pytestmark = pytest.mark.integration
CFG = StackConfig.from_env()
REALM_FILE = Path(__file__).resolve().parents[1] / "keycloak" / "realm-collectivia.json"
DEMO_USERS = [
    (u["username"], u["realmRoles"][0])
    for u in json.loads(REALM_FILE.read_text(encoding="utf-8"))["users"]
    if "serviceAccountClientId" not in u
]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


needs_keycloak = pytest.mark.skipif(
    not _listening(CFG.keycloak_port), reason="Keycloak not running: infra/stack.py up"
)
needs_kafka = pytest.mark.skipif(
    not _listening(CFG.kafka_port), reason="Kafka not running: infra/stack.py up"
)


def _token(form: dict[str, str]) -> dict[str, Any]:
    """Claims of the access token obtained with form; {'error': ...} when refused."""
    request = urllib.request.Request(  # noqa: S310 (fixed loopback http URL)
        f"{CFG.realm_url}/protocol/openid-connect/token",
        data=urllib.parse.urlencode(form).encode(),
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310
            body = json.load(resp)
    except urllib.error.HTTPError as exc:
        return {"error": json.loads(exc.read())["error"]}
    payload = body["access_token"].split(".")[1]
    claims: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


def _password(username: str, scope: str, client_id: str = "collectivia-dev-cli") -> dict[str, Any]:
    return _token(
        {
            "grant_type": "password",
            "client_id": client_id,
            "username": username,
            "password": f"{username}-demo",
            "scope": scope,
        }
    )


def _aud(claims: dict[str, Any]) -> set[str]:
    aud = claims.get("aud", [])
    return {aud} if isinstance(aud, str) else set(aud)


@needs_keycloak
@pytest.mark.parametrize(("username", "role"), DEMO_USERS)
def test_user_token_with_requested_audience(username: str, role: str) -> None:
    claims = _password(username, "openid audience-ethics-register")
    assert "error" not in claims
    assert claims["sub"] and claims["azp"] == "collectivia-dev-cli"
    assert "ethics-register" in _aud(claims)
    assert role in claims["realm_access"]["roles"]
    assert claims["groups"] and all(g.startswith("/") for g in claims["groups"])


@needs_keycloak
def test_audience_only_when_requested() -> None:
    claims = _password("camille.citoyen", "openid")
    assert "ethics-register" not in _aud(claims)


@needs_keycloak
@pytest.mark.parametrize("client_id", ["citizen-web", "agent-intranet", "citizen-chat"])
def test_password_grant_refused_outside_dev_cli(client_id: str) -> None:
    assert _password("camille.citoyen", "openid", client_id)["error"] == "unauthorized_client"


@needs_keycloak
def test_service_token_carries_all_service_audiences_and_no_role() -> None:
    secret = "citizen-chat-dev-secret"
    claims = _token(
        {"grant_type": "client_credentials", "client_id": "citizen-chat", "client_secret": secret}
    )
    assert claims["azp"] == "citizen-chat" and claims["sub"]
    assert {"citizen-chat", "ethics-register", "data-lake"} <= _aud(claims)
    assert not claims.get("realm_access", {}).get("roles")


@needs_keycloak
def test_integrator_token_has_integrator_role() -> None:
    secret = "integrator-demo-dev-secret"
    claims = _token(
        {
            "grant_type": "client_credentials",
            "client_id": "integrator-demo",
            "client_secret": secret,
        }
    )
    assert claims["realm_access"]["roles"] == ["integrator"]
    assert _aud(claims) == {
        "citizen-chat",
        "agent-assistant",
        "data-lake",
        "ethics-register",
        "officials-analytics",
    }


@needs_kafka
def test_catalogue_applied_with_configs() -> None:
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=CFG.kafka_bootstrap)
    try:
        specs = load_catalogue()
        assert {s.name for s in specs} <= set(admin.list_topics())
        resources = [ConfigResource(ConfigResourceType.TOPIC, s.name) for s in specs]
        described = admin.describe_configs(resources, config_filter="all")["topic"]
        partitions = {t["name"]: len(t["partitions"]) for t in admin.describe_topics()}
        for spec in specs:
            for key, value in spec.configs.items():
                assert described[spec.name][key]["value"] == value, (spec.name, key)
            assert partitions[spec.name] == spec.partitions
    finally:
        admin.close()


@needs_kafka
def test_produce_and_consume_round_trip() -> None:
    from kafka import KafkaConsumer, KafkaProducer

    topic = "register.system-registered.v1"
    key, value = uuid.uuid4().bytes, b"infra round trip"
    producer = KafkaProducer(bootstrap_servers=CFG.kafka_bootstrap, acks="all")
    try:
        meta = producer.send(topic, key=key, value=value).get(timeout=30)
    finally:
        producer.close()
    consumer = KafkaConsumer(bootstrap_servers=CFG.kafka_bootstrap, consumer_timeout_ms=10000)
    try:
        from kafka import TopicPartition

        partition = TopicPartition(topic, meta.partition)
        consumer.assign([partition])
        consumer.seek(partition, meta.offset)
        record = next(iter(consumer))
        assert (record.key, record.value) == (key, value)
    finally:
        consumer.close()
