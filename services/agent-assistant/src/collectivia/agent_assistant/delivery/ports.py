"""What the delivery area needs from outside: the citizen's contact (the chat) and a mail
relay. Classes to derive from rather than protocols: the running service finds a test's
replacement among the objects supplied to it by type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CitizenContact:
    channel: str
    contact: str


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class MailNotSent(Exception):
    """The relay did not take the e-mail; ``reason`` is French, for the agent; ``permanent``:
    trying again will not help (the address refused)."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class ContactSource:
    """The chat's contact service (``ChatContacts``)."""

    def contact(
        self, *, handoff_id: str, agent: str, department: str, purpose: str
    ) -> CitizenContact:
        raise NotImplementedError


class MailRelay:
    def send(self, mail: Mail) -> str:
        """Hand ``mail`` to the relay; its Message-ID once accepted, else ``MailNotSent``."""
        raise NotImplementedError
