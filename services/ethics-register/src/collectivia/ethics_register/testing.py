"""A real ethics register for tests, this service's and those of the services that call it.

Also a pytest plugin (entry point ``collectivia-ethics-register``): the fixtures ``register``
(a register running for the test module, on the real Kafka and Keycloak) and
``register_system`` (an approved ``citizen-information`` system in it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export import SpanExporter

from collectivia.core.settings import KafkaSettings, KeycloakSettings
from collectivia.core.testing.apps import serve_in_thread
from collectivia.core.testing.servers import KafkaServer, KeycloakServer
from collectivia.core.testing.tokens import DemoTokens
from collectivia.ethics_register.app import create_app
from collectivia.ethics_register.runtime import RegisterRuntime
from collectivia.ethics_register.settings import RegisterSettings

SystemBody = Callable[..., dict[str, object]]

# Answers under which the triage proposes "limited": a conversational assistant.
LIMITED_RISK_TRIAGE = {"interacts_with_people": True, "generates_content": True}


@dataclass
class RunningRegister:
    base_url: str
    grpc_target: str
    runtime: RegisterRuntime
    settings: RegisterSettings


def settings_for_tests(
    kafka: KafkaServer, keycloak: KeycloakServer, database: Path
) -> RegisterSettings:
    return RegisterSettings(
        http_port=0,
        grpc_port=0,
        database_url=f"sqlite:///{database}",
        # A fresh group that starts at the end of the topic: a long-lived dev broker keeps
        # every earlier run's events, which this register has no need to replay.
        consumer_group=f"ethics-register-test-{uuid.uuid4().hex[:8]}",
        kafka=KafkaSettings(
            bootstrap_servers=kafka.bootstrap_servers,
            auto_offset_reset="latest",
            max_delivery_attempts=2,
            retry_backoff_seconds=0.05,
        ),
        # No clock leeway, so that a token that just expired is refused at once.
        keycloak=KeycloakSettings(url=keycloak.url, leeway_seconds=0),
    )


@contextmanager
def running_register(
    settings: RegisterSettings, span_exporter: SpanExporter | None = None
) -> Iterator[RunningRegister]:
    """The whole service (HTTP, gRPC, consumer) on free ports, until the block ends."""
    app = create_app(settings, span_exporter=span_exporter)
    with serve_in_thread(app) as base_url:
        runtime: RegisterRuntime = app.state.runtime
        if not runtime.consumer.wait_for_assignment():
            raise TimeoutError("the register's consumer got no partition")
        yield RunningRegister(base_url, f"127.0.0.1:{runtime.grpc_port}", runtime, settings)


def system_body(**overrides: object) -> dict[str, object]:
    """A complete record of a limited-risk assistant; keyword arguments override fields."""
    return {
        "name": f"Assistant virtuel citoyen {uuid.uuid4().hex[:6]}",
        "purpose": "citizen-information",
        "summary": "Répond aux questions des habitants sur les services publics, avec sources.",
        "description": "Recherche dans les pages publiées par la collectivité et cite ses sources.",
        "organisation": {"name": "Metz Métropole", "department": "Direction du numérique"},
        "owner": "Directeur du numérique",
        "contact": {"email": "algorithmes@demo.collectivia.fr"},
        "policy_domain": "government",
        "area": ["57463", "57480"],
        "goal": "Informer les habitants à toute heure sur les démarches locales.",
        "legal_basis": "Mission de service public d'information des usagers.",
        "decision_process": "Informe seulement ; aucune décision individuelle.",
        "automation_level": "information-only",
        "human_intervention": "Transfert à un agent à tout moment.",
        "affected_groups": "Habitants et usagers des services de la métropole.",
        "impact": "Faible : information générale, sources citées.",
        "proportionality": "Complète l'accueil humain sans le remplacer.",
        "appeal_procedure": "Signaler un problème depuis chaque réponse ; médiateur.",
        "risk_class": "limited",
        "risks": [{"description": "Réponse inexacte", "mitigation": "Sources citées, refus"}],
        "source_data": [{"name": "Pages service-public.fr", "contains_personal_data": False}],
        "training_data": "Aucun entraînement ; modèle pré-entraîné.",
        "connected_data_sources": "Base documentaire de la collectivité.",
        "algorithm_type": "generative",
        "output_type": "descriptive",
        "monitoring": "Taux de réponses utiles, signalements, revue mensuelle.",
        **overrides,
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def approved_system(
    http: httpx.Client,
    tokens: DemoTokens,
    triage: dict[str, bool] | None = None,
    *,
    dpo_favourable: bool = False,
    **overrides: object,
) -> dict[str, Any]:
    """Register, triage, submit (the DPO's favourable opinion when ``dpo_favourable``) and
    approve an entry through the API, as people would."""
    officer = bearer(tokens.for_role("ethics-officer"))
    created = http.post("/v1/systems", json=system_body(**overrides), headers=officer)
    created.raise_for_status()
    system: dict[str, Any] = created.json()
    steps: list[tuple[str, str, dict[str, object], dict[str, str]]] = [
        ("put", "triage", {"answers": triage or LIMITED_RISK_TRIAGE}, officer),
        ("post", "submit", {}, officer),
    ]
    if dpo_favourable:
        steps.append(
            ("post", "dpo-review", {"opinion": "favourable"}, bearer(tokens.for_role("dpo")))
        )
    steps.append(("post", "approve", {}, bearer(tokens.for_role("admin"))))
    for method, step, body, headers in steps:
        response = http.request(
            method,
            f"/v1/systems/{system['id']}/{step}",
            json={**body, "version": system["version"]},
            headers=headers,
        )
        response.raise_for_status()
        system = response.json()
    return system


@pytest.fixture(scope="module")
def register(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningRegister]:
    database = tmp_path_factory.mktemp("register") / "register.db"
    with running_register(settings_for_tests(kafka_server, keycloak_server, database)) as running:
        yield running


@pytest.fixture(scope="module")
def register_system(register: RunningRegister, demo_tokens: DemoTokens) -> dict[str, Any]:
    with httpx.Client(base_url=register.base_url, timeout=30) as http:
        return approved_system(http, demo_tokens)
