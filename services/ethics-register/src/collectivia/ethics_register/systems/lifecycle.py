"""The lifecycle of an entry: who may move it where, and on which conditions.

draft -> in_review -> approved -> suspended -> retired, with the way back for changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.record import (
    RiskClass,
    SystemRecord,
    missing_for_review,
)
from collectivia.ethics_register.systems.triage import rank, triage
from collectivia.platform.errors import FieldError, PermissionDenied, RuleViolation


class SystemStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SUSPENDED = "suspended"
    RETIRED = "retired"


PUBLISHED = frozenset({SystemStatus.APPROVED, SystemStatus.SUSPENDED, SystemStatus.RETIRED})
EDITORS = frozenset({"ethics-officer", "admin"})
STAFF = frozenset({"ethics-officer", "dpo", "admin"})


def special_categories_approved(status: SystemStatus, declared: bool) -> bool:
    """Whether the gate lets special categories of personal data (GDPR Art. 9) through: only
    for an approved entry that declares them (its approval required the DPO's opinion and a
    DPIA). The events, the gate and the public page all say this."""
    return status is SystemStatus.APPROVED and declared


class Transition(StrEnum):
    SUBMIT = "submit"
    REQUEST_CHANGES = "request-changes"
    APPROVE = "approve"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    RETIRE = "retire"


@dataclass(frozen=True)
class Move:
    sources: frozenset[SystemStatus]
    target: SystemStatus
    roles: frozenset[str]


S = SystemStatus
MOVES: dict[Transition, Move] = {
    Transition.SUBMIT: Move(frozenset({S.DRAFT}), S.IN_REVIEW, EDITORS),
    Transition.REQUEST_CHANGES: Move(frozenset({S.IN_REVIEW}), S.DRAFT, STAFF),
    Transition.APPROVE: Move(frozenset({S.IN_REVIEW}), S.APPROVED, frozenset({"admin"})),
    # Suspending is an emergency brake: the ethics officer may pull it too.
    Transition.SUSPEND: Move(frozenset({S.APPROVED}), S.SUSPENDED, EDITORS),
    # A suspended system goes back through review before it may run again.
    Transition.REINSTATE: Move(frozenset({S.SUSPENDED}), S.IN_REVIEW, EDITORS),
    Transition.RETIRE: Move(
        frozenset({S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SUSPENDED}), S.RETIRED, frozenset({"admin"})
    ),
}


@dataclass(frozen=True)
class ReviewState:
    """What approval needs to know beyond the record itself."""

    dpo_favourable: bool
    triage_answers: dict[str, bool] | None


def check_move(
    transition: Transition,
    status: SystemStatus,
    roles: frozenset[str],
    record: SystemRecord,
    review: ReviewState,
) -> SystemStatus:
    """The status after ``transition``, or the error naming the rule that forbids it."""
    move = MOVES[transition]
    if roles.isdisjoint(move.roles):
        raise PermissionDenied(messages.move_role_required(transition.value, move.roles))
    if status not in move.sources:
        raise RuleViolation(
            messages.transition_not_allowed(transition.value, status.value),
            rule="transition-not-allowed",
        )
    if transition is Transition.SUBMIT:
        _check_complete(record)
    if transition is Transition.APPROVE:
        check_approval(record, review)
    return move.target


def _check_complete(record: SystemRecord) -> None:
    missing = missing_for_review(record)
    if missing:
        raise RuleViolation(
            messages.record_incomplete(missing),
            rule="record-incomplete",
            errors=[FieldError(name, messages.REQUIRED_FOR_REVIEW) for name in missing],
        )


def check_approval(record: SystemRecord, review: ReviewState) -> None:
    if record.risk_class is RiskClass.PROHIBITED:
        raise RuleViolation(
            messages.PROHIBITED_PRACTICE, rule="prohibited-practice-cannot-be-approved"
        )
    _check_complete(record)
    if review.triage_answers is None:
        raise RuleViolation(messages.TRIAGE_REQUIRED, rule="triage-required")
    proposed = triage(review.triage_answers).proposed
    if rank(proposed) > rank(record.risk_class):
        raise RuleViolation(
            messages.risk_class_below_triage(proposed.value, record.risk_class.value),
            rule="risk-class-below-triage",
        )
    if record.risk_class is RiskClass.HIGH:
        missing = record.fria.missing() if record.fria else ["fria"]
        if missing:
            raise RuleViolation(
                messages.high_risk_requires_fria(missing),
                rule="high-risk-requires-fria",
                errors=[FieldError(name, messages.REQUIRED_BY_FRIA) for name in missing],
            )
        if not record.oversight_persons:
            raise RuleViolation(
                messages.HIGH_RISK_REQUIRES_OVERSIGHT_PERSONS,
                rule="high-risk-requires-oversight-persons",
            )
    if record.processes_personal_data() and not review.dpo_favourable:
        raise RuleViolation(
            messages.PERSONAL_DATA_REQUIRES_DPO_REVIEW, rule="personal-data-requires-dpo-review"
        )
    if record.special_category_data and record.dpia is None:
        raise RuleViolation(
            messages.SPECIAL_CATEGORY_DATA_REQUIRES_DPIA,
            rule="special-category-data-requires-dpia",
            errors=[FieldError("dpia", messages.REQUIRED_FOR_SPECIAL_CATEGORIES)],
        )
