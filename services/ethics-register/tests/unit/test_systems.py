from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import SystemRecord
from collectivia.ethics_register.systems.schemas import (
    DpoReviewRequest,
    SystemRead,
    SystemUpdate,
    TransitionRequest,
    TriageRequest,
)
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.events.v1 import register_pb2 as events_pb2
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    Conflict,
    DependencyUnavailable,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from collectivia.testkit.doubles import RecordingPublisher
from collectivia.testkit.doubles import make_principal as person
from collectivia.testkit.register_records import LIMITED_RISK_TRIAGE, system_body


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


@pytest.fixture
def directory() -> SystemDirectory:
    return SystemDirectory()


@pytest.fixture
def registry(
    tmp_path: Path, publisher: RecordingPublisher, directory: SystemDirectory
) -> SystemRegistry:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return SystemRegistry(create_session_factory(engine), publisher, directory)


OFFICER = person("ethics-officer")
ADMIN = person("admin", subject="subject-admin")
DPO = person("dpo", subject="subject-dpo")
CITIZEN = person("citizen", subject="subject-citizen")


def record(**overrides: Any) -> SystemRecord:
    return SystemRecord.model_validate(system_body(**overrides))


def move(
    registry: SystemRegistry,
    system: SystemRead,
    transition: Transition,
    who: Any = OFFICER,
    reason: str | None = None,
) -> SystemRead:
    return registry.transition(
        system.id, transition, TransitionRequest(version=system.version, reason=reason), who
    )


def ready_for_approval(
    registry: SystemRegistry, triage: dict[str, bool] | None = None, **overrides: Any
) -> SystemRead:
    system = registry.register(record(**overrides), OFFICER)
    system = registry.answer_triage(
        system.id,
        TriageRequest(version=system.version, answers=triage or LIMITED_RISK_TRIAGE),
        OFFICER,
    )
    return move(registry, system, Transition.SUBMIT)


def test_a_new_entry_is_a_draft_the_public_cannot_see(registry: SystemRegistry) -> None:
    system = registry.register(record(), OFFICER)
    assert system.status is SystemStatus.DRAFT
    assert system.version == 1
    with pytest.raises(NotFound):
        registry.get(system.id)
    assert registry.get(system.id, DPO).id == system.id
    assert registry.list_systems() == []
    assert [s.id for s in registry.list_systems(ADMIN)] == [system.id]


def test_only_editors_register(registry: SystemRegistry) -> None:
    with pytest.raises(PermissionDenied):
        registry.register(record(), CITIZEN)


def test_nothing_is_stored_when_the_event_cannot_be_published(
    registry: SystemRegistry, publisher: RecordingPublisher
) -> None:
    publisher.fail = True
    with pytest.raises(DependencyUnavailable):
        registry.register(record(), OFFICER)
    assert registry.list_systems(ADMIN) == []


def test_full_workflow_publishes_and_opens_the_gate(
    registry: SystemRegistry, publisher: RecordingPublisher, directory: SystemDirectory
) -> None:
    system = ready_for_approval(registry)
    assert not directory.check_use(system.id, "citizen-information").allowed
    approved = move(registry, system, Transition.APPROVE, ADMIN)
    assert approved.status is SystemStatus.APPROVED
    assert directory.check_use(system.id, "citizen-information").allowed
    public = registry.get(system.id)
    assert public.status is SystemStatus.APPROVED
    changes = [p for p in publisher.published if isinstance(p, events_pb2.SystemStatusChanged)]
    assert [(c.previous_status, c.status) for c in changes][-1] == (2, 3)  # in review -> approved
    history = registry.history(system.id, ADMIN)
    assert [v.change for v in history] == ["created", "triage", "submit", "approve"]
    assert [v.version for v in history] == [1, 2, 3, 4]
    assert history[-1].changed_by == ADMIN.subject


def test_suspension_closes_the_gate_and_needs_a_reason(
    registry: SystemRegistry, directory: SystemDirectory
) -> None:
    approved = move(registry, ready_for_approval(registry), Transition.APPROVE, ADMIN)
    with pytest.raises(RuleViolation) as caught:
        move(registry, approved, Transition.SUSPEND)
    assert caught.value.rule == "reason-required"
    suspended = move(registry, approved, Transition.SUSPEND, reason="réponses erronées")
    assert suspended.status is SystemStatus.SUSPENDED
    assert not directory.check_use(approved.id, "citizen-information").allowed
    back = move(registry, suspended, Transition.REINSTATE)
    assert back.status is SystemStatus.IN_REVIEW


def test_submitting_an_incomplete_entry_names_the_missing_fields(
    registry: SystemRegistry,
) -> None:
    draft = registry.register(
        SystemRecord(name="Barème", purpose="scoring", risk_class="minimal"), OFFICER
    )
    with pytest.raises(RuleViolation) as caught:
        move(registry, draft, Transition.SUBMIT)
    assert caught.value.rule == "record-incomplete"
    assert {"summary", "legal_basis", "appeal_procedure"} <= {e.field for e in caught.value.errors}


@pytest.mark.parametrize(
    ("who", "transition", "error"),
    [
        (OFFICER, Transition.APPROVE, PermissionDenied),  # only admin approves
        (CITIZEN, Transition.REQUEST_CHANGES, PermissionDenied),
        (ADMIN, Transition.SUSPEND, RuleViolation),  # not approved yet
    ],
)
def test_moves_forbidden_by_role_or_state(
    registry: SystemRegistry, who: Any, transition: Transition, error: type[Exception]
) -> None:
    system = ready_for_approval(registry)
    with pytest.raises(error):
        move(registry, system, transition, who, reason="x")


def test_approval_needs_the_triage(registry: SystemRegistry) -> None:
    system = move(registry, registry.register(record(), OFFICER), Transition.SUBMIT)
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "triage-required"


def test_declared_class_below_the_triage_is_refused(registry: SystemRegistry) -> None:
    system = ready_for_approval(registry, triage={"public_benefits": True})
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "risk-class-below-triage"


def test_prohibited_practice_is_never_approved(registry: SystemRegistry) -> None:
    system = ready_for_approval(registry, triage={"social_scoring": True}, risk_class="prohibited")
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "prohibited-practice-cannot-be-approved"


def test_high_risk_needs_a_complete_fria_and_oversight_persons(
    registry: SystemRegistry,
) -> None:
    high = {"public_benefits": True}
    system = ready_for_approval(
        registry, triage=high, risk_class="high", fria={"processes": "Instruction des aides"}
    )
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "high-risk-requires-fria"
    assert "fria.affected_categories" in {e.field for e in caught.value.errors}
    fria = {
        "processes": "Instruction des aides",
        "period_and_frequency": "Toute l'année, 2 000 dossiers",
        "affected_categories": "Demandeurs d'aides sociales",
        "risks_of_harm": "Refus injustifié",
        "oversight_measures": "Chaque proposition est revue par un agent",
        "remediation": "Recours gracieux, médiateur, suspension",
        "completed_on": "2026-10-01",
    }
    system = ready_for_approval(registry, triage=high, risk_class="high", fria=fria)
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "high-risk-requires-oversight-persons"
    persons = [{"name": "Alice Martin", "role": "Cheffe du service des aides"}]
    system = ready_for_approval(
        registry, triage=high, risk_class="high", fria=fria, oversight_persons=persons
    )
    assert move(registry, system, Transition.APPROVE, ADMIN).status is SystemStatus.APPROVED
    public = registry.get(system.id)
    assert public.oversight_persons[0].name == "Cheffe du service des aides"  # no name in public


def test_personal_data_needs_a_favourable_dpo_review(registry: SystemRegistry) -> None:
    sources = [{"name": "Fichier des demandeurs", "contains_personal_data": True}]
    system = ready_for_approval(registry, source_data=sources)
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "personal-data-requires-dpo-review"
    with pytest.raises(PermissionDenied):
        registry.review_personal_data(
            system.id, DpoReviewRequest(version=system.version, opinion="favourable"), OFFICER
        )
    reviewed = registry.review_personal_data(
        system.id, DpoReviewRequest(version=system.version, opinion="favourable", comment="ok"), DPO
    )
    assert move(registry, reviewed, Transition.APPROVE, ADMIN).status is SystemStatus.APPROVED


def test_a_stale_version_is_refused_and_nothing_is_lost(registry: SystemRegistry) -> None:
    system = registry.register(record(), OFFICER)
    first = SystemUpdate(**system_body(name="Nom choisi par Claire"), version=system.version)
    second = SystemUpdate(**system_body(name="Nom choisi par Marc"), version=system.version)
    registry.update(system.id, first, OFFICER)
    with pytest.raises(Conflict, match=r"^L'entrée est à la version 2, et non 1 : .*Rechargez"):
        registry.update(system.id, second, ADMIN)
    assert registry.get(system.id, ADMIN).name == "Nom choisi par Claire"


def test_a_material_change_sends_an_approved_entry_back_to_review(
    registry: SystemRegistry, directory: SystemDirectory
) -> None:
    approved = move(registry, ready_for_approval(registry), Transition.APPROVE, ADMIN)
    edit = SystemUpdate(**system_body(purpose="benefit-eligibility"), version=approved.version)
    changed = registry.update(approved.id, edit, OFFICER)
    assert changed.status is SystemStatus.IN_REVIEW
    assert not directory.check_use(approved.id, "benefit-eligibility").allowed


def test_a_retired_entry_is_final(registry: SystemRegistry) -> None:
    system = registry.register(record(), OFFICER)
    retired = move(registry, system, Transition.RETIRE, ADMIN, reason="abandonné")
    with pytest.raises(RuleViolation, match="retirée du service est conservée") as caught:
        registry.update(system.id, SystemUpdate(**system_body(), version=retired.version), OFFICER)
    assert caught.value.rule == "retired-is-final"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purpose", "Not A Slug"),
        ("risk_class", "extreme"),
        ("name", "ab"),
        ("summary", "x" * 151),
        ("area", ["Metz"]),
        ("contact", {"email": "pas-une-adresse"}),
        ("policy_domain", "weather"),
    ],
)
def test_invalid_fields_are_refused(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        record(**{field: value})
    assert caught.value.errors()[0]["loc"][0] == field


def test_unknown_fields_and_status_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        record(status="approved")


def test_special_category_data_is_not_declared_by_default() -> None:
    assert record().special_category_data is False
    assert record(special_category_data=True).processes_personal_data()


def test_special_category_data_needs_the_dpo_review_and_a_dpia(
    registry: SystemRegistry, directory: SystemDirectory
) -> None:
    system = ready_for_approval(registry, special_category_data=True)
    with pytest.raises(RuleViolation) as caught:
        move(registry, system, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "personal-data-requires-dpo-review"
    reviewed = registry.review_personal_data(
        system.id, DpoReviewRequest(version=system.version, opinion="favourable"), DPO
    )
    with pytest.raises(RuleViolation) as caught:
        move(registry, reviewed, Transition.APPROVE, ADMIN)
    assert caught.value.rule == "special-category-data-requires-dpia"
    assert [error.field for error in caught.value.errors] == ["dpia"]
    assert registry.get(system.id, ADMIN).status is SystemStatus.IN_REVIEW


def test_an_entry_approved_with_special_category_data_says_so_at_the_gate(
    registry: SystemRegistry, directory: SystemDirectory
) -> None:
    dpia = {"summary": "AIPD des données de santé."}
    system = ready_for_approval(registry, special_category_data=True, dpia=dpia)
    reviewed = registry.review_personal_data(
        system.id, DpoReviewRequest(version=system.version, opinion="favourable"), DPO
    )
    approved = move(registry, reviewed, Transition.APPROVE, ADMIN)
    assert approved.special_category_data is True
    decision = directory.check_use(system.id, approved.purpose)
    assert decision.allowed and decision.special_categories_approved


def test_an_entry_without_special_category_data_is_not_approved_for_them(
    registry: SystemRegistry, directory: SystemDirectory
) -> None:
    system = move(registry, ready_for_approval(registry), Transition.APPROVE, ADMIN)
    decision = directory.check_use(system.id, system.purpose)
    assert decision.allowed and not decision.special_categories_approved
