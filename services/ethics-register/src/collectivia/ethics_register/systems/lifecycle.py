"""The lifecycle of an entry: who may move it where, and on which conditions.

draft -> in_review -> approved -> suspended -> retired, with the way back for changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
        raise PermissionDenied(
            f"{transition.value} requires the role: {' or '.join(sorted(move.roles))}"
        )
    if status not in move.sources:
        raise RuleViolation(
            f"cannot {transition.value} an entry that is {status.value}",
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
            f"the entry is incomplete: {', '.join(missing)}",
            rule="record-incomplete",
            errors=[FieldError(name, "requis pour la revue et la publication") for name in missing],
        )


def check_approval(record: SystemRecord, review: ReviewState) -> None:
    if record.risk_class is RiskClass.PROHIBITED:
        raise RuleViolation(
            "a system that falls under a prohibited practice (AI Act Art. 5) cannot be approved",
            rule="prohibited-practice-cannot-be-approved",
        )
    _check_complete(record)
    if review.triage_answers is None:
        raise RuleViolation(
            "answer the risk triage questionnaire before approval", rule="triage-required"
        )
    proposed = triage(review.triage_answers).proposed
    if rank(proposed) > rank(record.risk_class):
        raise RuleViolation(
            f"the triage proposes {proposed.value}, above the declared {record.risk_class.value}",
            rule="risk-class-below-triage",
        )
    if record.risk_class is RiskClass.HIGH:
        missing = record.fria.missing() if record.fria else ["fria"]
        if missing:
            raise RuleViolation(
                "a high-risk system needs a completed fundamental-rights impact assessment "
                f"(AI Act Art. 27) before approval: {', '.join(missing)}",
                rule="high-risk-requires-fria",
                errors=[FieldError(name, "requis (AI Act art. 27)") for name in missing],
            )
        if not record.oversight_persons:
            raise RuleViolation(
                "a high-risk system needs named human-oversight persons (AI Act Art. 26(2))",
                rule="high-risk-requires-oversight-persons",
            )
    if record.processes_personal_data() and not review.dpo_favourable:
        raise RuleViolation(
            "the entry uses personal data: a favourable DPO review of this version is required",
            rule="personal-data-requires-dpo-review",
        )
    if record.special_category_data and record.dpia is None:
        raise RuleViolation(
            "the entry declares special categories of personal data (GDPR Art. 9): "
            "a data protection impact assessment (DPIA) is required before approval",
            rule="special-category-data-requires-dpia",
            errors=[FieldError("dpia", "requis pour les données sensibles (RGPD art. 9 et 35)")],
        )
