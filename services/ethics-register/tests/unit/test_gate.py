from __future__ import annotations

import pytest

from collectivia.ai.use.decisions import DenialReason
from collectivia.ethics_register.systems.directory import GateEntry, SystemDirectory
from collectivia.ethics_register.systems.lifecycle import SystemStatus
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.platform.errors import NotFound

APPROVED = GateEntry("citizen-information", RiskClass.LIMITED, SystemStatus.APPROVED, 1)


@pytest.fixture
def directory() -> SystemDirectory:
    directory = SystemDirectory()
    directory.upsert("chat", APPROVED)
    return directory


def test_approved_system_for_its_purpose_is_allowed(directory: SystemDirectory) -> None:
    decision = directory.check_use("chat", "citizen-information")
    assert decision.allowed
    assert decision.reason is None
    assert decision.system_version == 1


def test_other_purpose_is_denied(directory: SystemDirectory) -> None:
    decision = directory.check_use("chat", "benefit-eligibility")
    assert not decision.allowed
    assert decision.reason is DenialReason.PURPOSE_MISMATCH


@pytest.mark.parametrize(
    "status",
    [SystemStatus.DRAFT, SystemStatus.IN_REVIEW, SystemStatus.SUSPENDED, SystemStatus.RETIRED],
)
def test_unapproved_systems_are_denied(directory: SystemDirectory, status: SystemStatus) -> None:
    directory.upsert("chat", GateEntry("citizen-information", RiskClass.LIMITED, status, 2))
    decision = directory.check_use("chat", "citizen-information")
    assert not decision.allowed
    assert decision.reason is DenialReason.NOT_APPROVED
    assert status.value in decision.message


def test_prohibited_practice_is_always_denied(directory: SystemDirectory) -> None:
    entry = GateEntry("social-scoring", RiskClass.PROHIBITED, SystemStatus.APPROVED, 1)
    directory.upsert("scoring", entry)
    assert directory.check_use("scoring", "social-scoring").reason is (
        DenialReason.PROHIBITED_PRACTICE
    )


def test_unknown_system_is_not_found(directory: SystemDirectory) -> None:
    with pytest.raises(NotFound):
        directory.check_use("nope", "citizen-information")


def test_older_versions_never_overwrite_newer(directory: SystemDirectory) -> None:
    suspended = GateEntry("citizen-information", RiskClass.LIMITED, SystemStatus.SUSPENDED, 3)
    directory.upsert("chat", suspended)
    directory.upsert("chat", APPROVED)  # a late event of version 1
    assert not directory.check_use("chat", "citizen-information").allowed


SENSITIVE = GateEntry(
    "agent-drafting", RiskClass.LIMITED, SystemStatus.APPROVED, 4, special_category_data=True
)


def test_special_categories_are_approved_only_with_an_allowed_use(
    directory: SystemDirectory,
) -> None:
    directory.upsert("assistant", SENSITIVE)
    assert directory.check_use("assistant", "agent-drafting").special_categories_approved
    other_purpose = directory.check_use("assistant", "citizen-information")
    assert not other_purpose.allowed and not other_purpose.special_categories_approved
    assert not directory.check_use("chat", "citizen-information").special_categories_approved


def test_an_event_of_the_same_version_keeps_the_special_categories(
    directory: SystemDirectory,
) -> None:
    directory.upsert("assistant", SENSITIVE)
    from_event = GateEntry("agent-drafting", RiskClass.LIMITED, SystemStatus.APPROVED, 4)
    directory.upsert("assistant", from_event)
    assert directory.check_use("assistant", "agent-drafting").special_categories_approved


def test_a_newer_event_without_the_flag_fails_closed(directory: SystemDirectory) -> None:
    directory.upsert("assistant", SENSITIVE)
    newer = GateEntry("agent-drafting", RiskClass.LIMITED, SystemStatus.APPROVED, 5)
    directory.upsert("assistant", newer)
    decision = directory.check_use("assistant", "agent-drafting")
    assert decision.allowed and not decision.special_categories_approved
