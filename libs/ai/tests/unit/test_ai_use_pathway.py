"""The one pathway of an AI use: the gate first (fail-closed), then the guard, then the
evidence, with the system id and purpose of the service's settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.evidence import HumanReview, UseOutcome
from collectivia.ai.use.pathway import (
    AiUsePathway,
    Masking,
    RegisterUnreachable,
    SpecialCategories,
    SpecialCategoriesRefused,
    UseRefused,
)
from collectivia.events.v1 import ai_pb2
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

NOW = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)
QUESTION = "Je suis Jeanne Martin, jeanne.martin@example.fr : ma mère est diabétique."


def pathway(permission: FixedPermission, publisher: RecordingPublisher) -> AiUsePathway:
    return AiUsePathway(
        permission,
        publisher,
        service="citizen-chat",
        purpose="citizen-information",
        clock=lambda: NOW,
    )


def test_a_refused_use_masks_nothing_and_records_nothing() -> None:
    publisher = RecordingPublisher()
    denied = pathway(FixedPermission(False, DenialReason.NOT_APPROVED), publisher)
    with pytest.raises(UseRefused) as refused:
        denied.admit(QUESTION)
    assert refused.value.rule == "register-gate"
    assert "http://register.test/registre/system-under-test" in refused.value.detail
    assert publisher.published == []


def test_an_unreachable_register_is_a_refusal_too() -> None:
    unreachable = pathway(
        FixedPermission(False, DenialReason.REGISTER_UNREACHABLE), RecordingPublisher()
    )
    with pytest.raises(RegisterUnreachable) as refused:
        unreachable.admit("Horaires de la mairie ?")
    assert "registre des algorithmes ne répond pas" in refused.value.detail


def test_personal_data_is_masked_and_can_be_restored() -> None:
    admission = pathway(FixedPermission(), RecordingPublisher()).admit(
        QUESTION, special_categories=SpecialCategories.LOCAL_ONLY
    )
    assert "jeanne.martin@example.fr" not in admission.masked.source
    assert "jeanne.martin@example.fr" in admission.masked.mapping.values()
    assert admission.masked.masked_items >= 2
    assert not admission.model_allowed  # health, and the entry is not approved for it


def test_one_way_masking_keeps_no_mapping() -> None:
    admission = pathway(FixedPermission(), RecordingPublisher()).admit(
        QUESTION,
        masking=Masking.ONE_WAY,
        special_categories=SpecialCategories.NOT_LINKED_TO_A_PERSON,
    )
    assert "Jeanne" not in admission.masked.source
    assert admission.masked.mapping == {}
    assert admission.model_allowed


def test_special_categories_are_refused_unless_the_entry_was_approved_for_them() -> None:
    with pytest.raises(SpecialCategoriesRefused) as refused:
        pathway(FixedPermission(), RecordingPublisher()).admit(QUESTION)
    assert "santé" in refused.value.detail
    approved = FixedPermission(special_categories_approved=True)
    assert pathway(approved, RecordingPublisher()).admit(QUESTION).model_allowed
    # Without a model nothing leaves the process: nothing to refuse.
    assert pathway(FixedPermission(), RecordingPublisher()).admit(QUESTION, model=False)


def test_the_evidence_carries_the_settings_purpose_and_the_review() -> None:
    publisher = RecordingPublisher()
    use = pathway(FixedPermission(), publisher)
    admission = use.admit("Horaires de la mairie ?")
    evidence = use.evidence(
        admission,
        actor="pseudonymous-actor",
        outcome=UseOutcome.COMPLETED,
        model="extractive/test",
        contribution="Réponse extractive.",
        data_sources=("horaires",),
        parameters={"mode": "extractive"},
    )
    use.record(evidence.reviewed(HumanReview.EDITED, actor="reviewer", edited="true"))
    [event] = publisher.published
    assert isinstance(event, ai_pb2.AiUsed)
    assert (event.system_id, event.system_version) == ("system-under-test", 3)
    assert (event.service, event.purpose) == ("citizen-chat", "citizen-information")
    assert event.use_id == admission.use_id
    assert event.human_review == ai_pb2.HUMAN_REVIEW_EDITED
    assert event.actor == "reviewer"
    assert dict(event.parameters) == {"masked_items": "0", "mode": "extractive", "edited": "true"}
    assert event.used_at.ToDatetime(tzinfo=UTC) == NOW
