"""The entry's page says what actually runs: the models and methods its uses report, a notice
when they contradict the declared type, and the special-categories approval the gate applies."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from collectivia.ethics_register import messages
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.models import Outcome, UseRecord
from collectivia.ethics_register.evidence.models_in_use import ModelInUse
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.ethics_register.performance.service import PerformanceRecords
from collectivia.ethics_register.publication.views import pages as page_routes
from collectivia.ethics_register.publication.wording import running_notice
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import Transition
from collectivia.ethics_register.systems.record import AlgorithmType, SystemRecord
from collectivia.ethics_register.systems.schemas import (
    DpoReviewRequest,
    SystemRead,
    TransitionRequest,
    TriageRequest,
)
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.assembly import Provisions
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.http import install_problem_handlers
from collectivia.testkit.doubles import RecordingPublisher, make_principal
from collectivia.testkit.register_records import LIMITED_RISK_TRIAGE
from ethics_register_testing.publication_samples import complete_body

OFFICER = make_principal("ethics-officer")
ADMIN = make_principal("admin", subject="subject-admin")
DPO = make_principal("dpo", subject="subject-dpo")
PUBLIC_DATA = [{"name": "Pages service-public.fr", "contains_personal_data": False}]


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return create_session_factory(engine)


@pytest.fixture
def registry(sessions: sessionmaker[Session]) -> SystemRegistry:
    return SystemRegistry(sessions, RecordingPublisher(), SystemDirectory())


@pytest.fixture
def evidence(sessions: sessionmaker[Session], registry: SystemRegistry) -> Evidence:
    return Evidence(sessions, registry.get, retention_days=183)


@pytest.fixture
def client(
    registry: SystemRegistry, evidence: Evidence, sessions: sessionmaker[Session]
) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(page_routes.router)
    performance = PerformanceRecords(
        sessions, system_exists=registry.exists, find_system=registry.get
    )
    app.state.provisions = Provisions.of(
        {SystemRegistry: registry, Evidence: evidence, PerformanceRecords: performance}
    )
    return TestClient(app)


def approve(registry: SystemRegistry, **overrides: Any) -> SystemRead:
    body = complete_body(**{"source_data": PUBLIC_DATA, **overrides})
    system = registry.register(SystemRecord.model_validate(body), OFFICER)
    system = registry.answer_triage(
        system.id, TriageRequest(version=system.version, answers=LIMITED_RISK_TRIAGE), OFFICER
    )
    system = registry.transition(
        system.id, Transition.SUBMIT, TransitionRequest(version=system.version), OFFICER
    )
    if system.special_category_data:
        system = registry.review_personal_data(
            system.id, DpoReviewRequest(version=system.version, opinion="favourable"), DPO
        )
    return registry.transition(
        system.id, Transition.APPROVE, TransitionRequest(version=system.version), ADMIN
    )


def used(evidence: Evidence, system: SystemRead, model: str, **parameters: str) -> None:
    evidence.log.append(
        UseRecord(
            use_id=str(uuid.uuid4()),
            system_id=system.id,
            purpose=system.purpose,
            service="citizen-chat",
            outcome=Outcome.COMPLETED,
            used_at=datetime.now(UTC),
            system_version=system.version,
            parameters=parameters,
            model=model,
        )
    )


def test_the_evidence_counts_the_models_and_the_generative_uses(
    registry: SystemRegistry, evidence: Evidence
) -> None:
    system = approve(registry)
    used(evidence, system, "extractive/1", mode="extractive", confidence="0.8")
    used(evidence, system, "generative/mistral-small-3.2", mode="generative", confidence="0.9")
    used(evidence, system, "generative/mistral-small-3.2", mode="generative")
    # Neither a key ending in "mode" nor a value quoting it counts as the mode.
    used(evidence, system, "baremes-2026", submode="generative", note='"mode":"generative"')
    assert evidence.models_in_use(system.id) == [
        ModelInUse("generative/mistral-small-3.2", 2, 2, 0),
        ModelInUse("baremes-2026", 1, 0, 1),
        ModelInUse("extractive/1", 1, 0, 0),
    ]
    assert evidence.models_in_use("another-system") == []


def test_generative_uses_of_an_entry_declared_otherwise_are_flagged(
    registry: SystemRegistry, evidence: Evidence, client: TestClient
) -> None:
    system = approve(registry, algorithm_type="rules")
    page = client.get(f"/registre/{system.id}").text
    assert escape(messages.PAGE_MODELS_IN_USE) in page
    assert "Aucune utilisation enregistrée pour le moment." in page
    assert 'class="alerte"' not in page
    used(evidence, system, "baremes-2026", mode="rules")
    used(evidence, system, "template/1")
    used(evidence, system, "generative/mistral-small-3.2", mode="generative")
    page = client.get(f"/registre/{system.id}").text
    assert 'class="alerte"' in page
    assert "la fiche déclare « Règles écrites à l&#x27;avance »" in page
    assert "(« generative/mistral-small-3.2 ») : 1 sur 3 utilisations enregistrées." in page
    assert (
        "« generative/mistral-small-3.2 » : 1 utilisation enregistrée, dont 1 par un modèle "
        "génératif" in page
    )
    assert "« baremes-2026 » : 1 utilisation enregistrée, aucune par un modèle génératif" in page
    assert "« template/1 » : 1 utilisation enregistrée, sans indication du mode" in page


def test_an_entry_declared_generative_that_never_used_its_model_says_so(
    registry: SystemRegistry, evidence: Evidence, client: TestClient
) -> None:
    system = approve(registry, algorithm_type="generative")
    used(evidence, system, "extractive/1", mode="extractive")
    page = client.get(f"/registre/{system.id}").text
    assert "la seule utilisation enregistrée n&#x27;a pas fait appel" in page
    assert "« extractive/1 »" in page
    used(evidence, system, "extractive/1", mode="refusal")
    page = client.get(f"/registre/{system.id}").text
    assert "aucune des 2 utilisations enregistrées n&#x27;a fait appel" in page
    # One generative use: the declaration holds, no notice.
    used(evidence, system, "generative/mistral-small-3.2", mode="generative")
    assert 'class="alerte"' not in client.get(f"/registre/{system.id}").text


def test_uses_that_do_not_say_their_mode_prove_nothing() -> None:
    unknown = [ModelInUse("template/1", 5, 0, 5)]
    assert running_notice(AlgorithmType.GENERATIVE, unknown) is None
    assert running_notice(AlgorithmType.RULES, unknown) is None
    assert running_notice(AlgorithmType.GENERATIVE, []) is None
    # Generative uses under an undeclared type, or no type at all.
    generative = [ModelInUse("gpt", 3, 3, 0), ModelInUse("extractive/1", 9, 0, 0)]
    for declared in (None, AlgorithmType.MACHINE_LEARNING, AlgorithmType.HYBRID):
        notice = running_notice(declared, generative)
        assert notice is not None and "3 sur 12 utilisations enregistrées" in notice
    assert running_notice(AlgorithmType.GENERATIVE, generative) is None


def test_the_page_shows_the_special_categories_approval(
    registry: SystemRegistry, client: TestClient
) -> None:
    dpia = {"summary": "AIPD des données de santé."}
    special = approve(registry, special_category_data=True, dpia=dpia, name="Avec santé")
    plain = approve(registry, name="Sans catégorie particulière")
    special_page = client.get(f"/registre/{special.id}").text
    assert messages.PAGE_SPECIAL_CATEGORIES in special_page
    assert "Autorisées : leur traitement a été approuvé" in special_page
    assert "Non autorisées" in client.get(f"/registre/{plain.id}").text
    suspended = registry.transition(
        special.id,
        Transition.SUSPEND,
        TransitionRequest(version=special.version, reason="contrôle"),
        OFFICER,
    )
    assert suspended.special_category_data
    page = client.get(f"/registre/{special.id}").text
    assert "Déclarées, mais non autorisées" in page
    assert "Autorisées : leur traitement" not in page
