"""Stand-ins for unit tests of domain code. Integration tests use the real servers."""

from __future__ import annotations

from google.protobuf.message import Message

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.permission import Permission
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import DependencyUnavailable


class RecordingPublisher:
    """An :class:`~collectivia.platform.events.protocol.EventPublisher` (and outbox) that keeps
    what it gets."""

    def __init__(self) -> None:
        self.published: list[Message] = []
        self.fail = False

    def publish(
        self, payload: Message, *, key: str, subject: str | None = None, wait: bool = False
    ) -> str:
        if self.fail:
            raise DependencyUnavailable("the event could not be delivered to Kafka")
        self.published.append(payload)
        return f"event-{len(self.published)}"

    def add(
        self, session: object, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        """As an :class:`~collectivia.platform.events.protocol.EventOutbox`: kept at once, even
        if the transaction rolls back (tests of rollbacks use the real outbox)."""
        return self.publish(payload, key=key, subject=subject)


def make_principal(*roles: str, subject: str = "subject-1", service: bool = False) -> Principal:
    """A caller holding ``roles``, as a verified token would give."""
    return Principal(subject, "collectivia-dev-cli", frozenset(roles), {}, (), service)


class FixedPermission:
    """The register's answer, always the same (a ``UsePermission``); counts the checks."""

    def __init__(
        self,
        allowed: bool = True,
        reason: DenialReason | None = None,
        system_id: str = "system-under-test",
        special_categories_approved: bool = False,
    ) -> None:
        self.permission = Permission(
            allowed,
            system_id,
            3,
            f"http://register.test/registre/{system_id}",
            "fixed answer",
            reason,
            special_categories_approved,
        )
        self.checks = 0

    def check(self) -> Permission:
        self.checks += 1
        return self.permission


class FixedPersonModel:
    """A person model (``collectivia.ai.privacy.person_model.PersonModel``'s ``persons``) that
    finds the given strings: the guard's rules around the model, tested without its whims."""

    def __init__(self, *found: str, addresses: tuple[str, ...] = ()) -> None:
        self._found = found
        self._addresses = addresses

    def persons(self, text: str) -> list[tuple[int, int]]:
        return [(text.index(f), text.index(f) + len(f)) for f in self._found if f in text]

    def addresses(self, text: str) -> list[tuple[int, int]]:
        """The given addresses (the names model trained on the labelled sets finds some)."""
        return [(text.index(a), text.index(a) + len(a)) for a in self._addresses if a in text]
