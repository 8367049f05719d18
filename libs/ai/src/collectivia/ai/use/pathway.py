"""``AiUsePathway``: the steps every AI use goes through, in this order.

    admission = pathway.admit(text)          # 1. register gate, 2. privacy guard
    ...model or offline path on admission.masked...   # 3. the caller's own, measured:
        with admission.meter.measure(): ...          #    its CPU time (or .metered(steps))
        admission.meter.model_called(stream.call)    #    its model calls (tokens, latency)
    restore(output, admission.masked.mapping)          # 4. for the person who asked
    pathway.record(pathway.evidence(admission, ...))   # 5. ai.used, with what it consumed

``admit`` raises when the use may not happen: :class:`UseRefused` (the register says no:
HTTP 422, gRPC FAILED_PRECONDITION), :class:`RegisterUnreachable` (fail-closed: 503,
UNAVAILABLE), :class:`SpecialCategoriesRefused` (GDPR Art. 9 data and a model not approved
for it, when the caller has no local path). The system id and the purpose come from the
service's settings (``settings.AiUseSettings``), nowhere else.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from collectivia.ai.privacy import SpecialCategory, contains_special_category, redact
from collectivia.ai.use import messages
from collectivia.ai.use.consumption import UseMeter
from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.energy import EnergyEstimator
from collectivia.ai.use.evidence import (
    HumanReview,
    UseEvidence,
    UseOutcome,
    ai_used,
    current_trace_id,
)
from collectivia.ai.use.masking import MaskedInput, mask_input
from collectivia.ai.use.permission import Permission, UsePermission
from collectivia.platform.errors import DependencyUnavailable, RuleViolation
from collectivia.platform.events.protocol import EventOutbox, EventPublisher

logger = logging.getLogger(__name__)


class Masking(StrEnum):
    # Placeholders and their mapping, kept in memory to restore the output for the person.
    REVERSIBLE = "reversible"
    # Placeholders only, nothing to restore (what the citizen chat keeps and searches with).
    ONE_WAY = "one-way"


class SpecialCategories(StrEnum):
    """What happens when the text holds special categories of personal data (GDPR Art. 9)
    and the register did not approve the entry for them."""

    # Refused, with a French reason (``SpecialCategoriesRefused``).
    REFUSE = "refuse"
    # Admitted for the caller's local path only (``Admission.model_allowed`` is False).
    LOCAL_ONLY = "local-only"
    # Not looked for: the text that reaches the model is linked to nobody (one-way masking
    # of an anonymous citizen's question), or is public (a knowledge-base passage).
    NOT_LINKED_TO_A_PERSON = "not-linked"


class UseRefused(RuleViolation):
    """The register does not allow the use now (not approved, suspended, other purpose)."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(
            messages.REGISTER_DENIED.format(url=permission.register_url), rule="register-gate"
        )
        self.permission = permission


class RegisterUnreachable(DependencyUnavailable):
    """The register could not be asked: fail-closed, the use does not happen."""

    def __init__(self, permission: Permission) -> None:
        super().__init__(messages.REGISTER_UNREACHABLE)
        self.permission = permission


class SpecialCategoriesRefused(RuleViolation):
    def __init__(self, categories: frozenset[SpecialCategory]) -> None:
        super().__init__(
            messages.SPECIAL_CATEGORIES.format(categories=messages.category_labels(categories)),
            rule="special-categories",
        )
        self.categories = categories


@dataclass(frozen=True)
class Admission:
    """A use the gate let through, its input masked."""

    use_id: str
    permission: Permission
    masked: MaskedInput
    used_at: datetime
    # Special categories found that the entry is not approved for (LOCAL_ONLY): only the
    # caller's local path may run.
    unapproved_categories: frozenset[SpecialCategory] = frozenset()
    # What the use consumes, measured from the guard on (its evidence says it).
    meter: UseMeter = field(default_factory=UseMeter, compare=False)

    @property
    def model_allowed(self) -> bool:
        return not self.unapproved_categories


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AiUsePathway:
    def __init__(
        self,
        permission: UsePermission,
        publisher: EventPublisher,
        *,
        service: str,
        purpose: str,
        clock: Callable[[], datetime] = _utc_now,
        energy: EnergyEstimator | None = None,
    ) -> None:
        """``energy``: how a use's energy is estimated from its meter (default: the sourced
        defaults of ``collectivia.ai.use.energy``)."""
        self._permission = permission
        self._publisher = publisher
        self.service = service
        self.purpose = purpose
        self._clock = clock
        self._energy = energy or EnergyEstimator()

    def check(self) -> Permission:
        """The register's gate alone (a page that says whether the assistant is available)."""
        return self._permission.check()

    def admit(
        self,
        source: str,
        *,
        instructions: str = "",
        masking: Masking = Masking.REVERSIBLE,
        special_categories: SpecialCategories = SpecialCategories.REFUSE,
        personal_text: str | None = None,
        model: bool = True,
    ) -> Admission:
        """Steps 1 and 2: the gate (raises when refused), then the guard. ``personal_text``:
        the part of the input about a person, searched for special categories (default:
        the whole input). ``model``: False when no model is configured (the local path runs,
        nothing leaves this process: special categories are not in question)."""
        permission = self._permission.check()
        if not permission.allowed:
            logger.warning("AI use refused by the register: %s", permission.message)
            if permission.reason is DenialReason.REGISTER_UNREACHABLE:
                raise RegisterUnreachable(permission)
            raise UseRefused(permission)
        meter = UseMeter()
        with meter.measure():
            unapproved = (
                self._unapproved_categories(
                    permission, special_categories, personal_text or f"{instructions}\n{source}"
                )
                if model
                else frozenset()
            )
            if masking is Masking.ONE_WAY:
                masked = MaskedInput(
                    redact(source), redact(instructions) if instructions else "", {}, 0
                )
            else:
                masked = mask_input(source, instructions)
        return Admission(
            str(uuid.uuid4()), permission, masked, self._clock(), unapproved, meter=meter
        )

    def evidence(
        self,
        admission: Admission,
        *,
        actor: str,
        outcome: UseOutcome,
        model: str,
        contribution: str,
        data_sources: tuple[str, ...] = (),
        parameters: Mapping[str, str] | None = None,
    ) -> UseEvidence:
        """Step 5's record of ``admission`` (publish it with ``record``, now or once a person
        reviewed the output), with what its meter measured so far."""
        return UseEvidence(
            use_id=admission.use_id,
            system_id=admission.permission.system_id,
            system_version=admission.permission.system_version,
            purpose=self.purpose,
            service=self.service,
            actor=actor,
            outcome=outcome,
            model=model,
            contribution=contribution,
            used_at=admission.used_at,
            trace_id=current_trace_id(),
            data_sources=data_sources,
            parameters={"masked_items": str(admission.masked.masked_items), **(parameters or {})},
            consumption=self._energy.consumption(admission.meter),
        )

    def record(self, evidence: UseEvidence, *, wait: bool = False) -> None:
        """Publish ``ai.used`` (the register keeps the first record of a use id: once per use,
        with its review)."""
        self._publisher.publish(
            ai_used(evidence), key=evidence.system_id, subject=evidence.use_id, wait=wait
        )

    def record_with(self, outbox: EventOutbox, session: Session, evidence: UseEvidence) -> str:
        """Step 5 in the caller's transaction: ``ai.used`` written to ``outbox`` with the data
        that keeps the use's output (a stored reply, a forecast run), sent once committed: the
        output is kept if and only if its evidence is sent (at least once: the register keeps
        the first record of a use id). Returns the event's id.

        ``record`` stays for uses whose output is kept nowhere (a cached briefing, a streamed
        answer): there, waiting for the broker's acknowledgement before showing the output is
        what makes every shown output recorded."""
        return outbox.add(
            session, ai_used(evidence), key=evidence.system_id, subject=evidence.use_id
        )

    def _unapproved_categories(
        self, permission: Permission, policy: SpecialCategories, personal_text: str
    ) -> frozenset[SpecialCategory]:
        if (
            policy is SpecialCategories.NOT_LINKED_TO_A_PERSON
            or permission.special_categories_approved
        ):
            return frozenset()
        found = frozenset(contains_special_category(personal_text))
        if found and policy is SpecialCategories.REFUSE:
            raise SpecialCategoriesRefused(found)
        return found


__all__ = [
    "Admission",
    "AiUsePathway",
    "HumanReview",
    "Masking",
    "RegisterUnreachable",
    "SpecialCategories",
    "SpecialCategoriesRefused",
    "UseRefused",
]
