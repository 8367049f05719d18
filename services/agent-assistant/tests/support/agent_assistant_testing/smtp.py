"""A real SMTP server on loopback (aiosmtpd), standing in for the collectivity's relay: the
e-mails it takes are kept, in order; an address listed in ``refused`` gets a 550."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from collectivia.testkit.waiting import wait_until


@dataclass
class LoopbackSmtp:
    host: str
    port: int
    received: list[EmailMessage] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        got = wait_until(
            lambda: self.received if len(self.received) >= count else None,
            timeout=timeout,
            what=f"{count} e-mail(s) on the loopback SMTP server",
        )
        assert got is not None
        return got


def free_port() -> int:
    # aiosmtpd's controller checks its port by connecting to it: it needs a number, not 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def loopback_smtp() -> Iterator[LoopbackSmtp]:
    server = LoopbackSmtp("127.0.0.1", free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
