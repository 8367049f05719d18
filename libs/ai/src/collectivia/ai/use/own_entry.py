"""A service's own entry in the register, and the gate asked before each of its uses.

The entry's id is configured, or looked up among the approved entries by purpose and name
(``RegisterService.ListSystems``): the demo register is filled after the services start, so
the lookup happens at the first use and again until an entry is found.
"""

from __future__ import annotations

import logging
import threading

import grpc

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.gate import DEFAULT_DEADLINE_SECONDS, RegisterGate
from collectivia.ai.use.permission import Permission
from collectivia.register.v1 import register_pb2, register_pb2_grpc, types_pb2

logger = logging.getLogger(__name__)


class OwnRegisterEntry:
    """Thread-safe; fail-closed like the gate (no entry found: every use is denied)."""

    def __init__(
        self,
        gate: RegisterGate,
        channel: grpc.Channel,
        *,
        purpose: str,
        system_name: str = "",
        system_id: str = "",
        public_url: str = "http://127.0.0.1:8010",
        deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
    ) -> None:
        """``public_url``: the register's public pages, linked from every denial and every
        AI disclosure."""
        self.gate = gate
        self.purpose = purpose
        self.system_name = system_name
        self._stub = register_pb2_grpc.RegisterServiceStub(channel)
        self._deadline = deadline_seconds
        self._system_id = system_id
        self.public_url = public_url.rstrip("/")
        self._lock = threading.Lock()

    def system_id(self) -> str:
        """The configured id, else the approved entry of this purpose (and name)."""
        with self._lock:
            if not self._system_id:
                self._system_id = self._look_up()
            return self._system_id

    def check(self) -> Permission:
        system_id = self.system_id()
        if not system_id:
            return Permission(
                False,
                "",
                0,
                self.page(""),
                "no approved system in the register",
                DenialReason.NOT_REGISTERED,
            )
        decision = self.gate.check_use(system_id, self.purpose)
        return Permission(
            decision.allowed,
            system_id,
            decision.system_version,
            self.page(system_id),
            decision.message,
            decision.reason,
            decision.special_categories_approved,
        )

    def page(self, system_id: str) -> str:
        """The entry's public page; the register's list when the entry is not known."""
        return f"{self.public_url}/registre" + (f"/{system_id}" if system_id else "")

    def _look_up(self) -> str:
        request = register_pb2.ListSystemsRequest(status=types_pb2.SYSTEM_STATUS_APPROVED)
        try:
            response = self._stub.ListSystems(request, timeout=self._deadline)
        except grpc.RpcError as error:
            logger.warning("could not look the system up in the register: %s", error.code())
            return ""
        for system in response.systems:
            if system.purpose == self.purpose and (
                not self.system_name or system.name == self.system_name
            ):
                logger.info("system id %s found in the register", system.id)
                return system.id
        return ""
