"""The ethics register, seen from the chat: the runtime gate (gRPC) for each use, the
system id (a setting, or looked up among the published entries), and incident reports."""

from __future__ import annotations

import logging
import threading

import httpx

from collectivia.citizen_chat.conversations.ports import Permission
from collectivia.register.gate import RegisterGate

logger = logging.getLogger(__name__)


class RegisterUse:
    """``UsePermission`` through ``RegisterGate.check_use`` (fail-closed, cached, invalidated
    by ``system-status-changed`` events)."""

    def __init__(
        self,
        gate: RegisterGate,
        http: httpx.Client,
        system_id: str,
        purpose: str,
        public_url: str,
        system_name: str,
    ) -> None:
        self.gate = gate
        self.http = http
        self.purpose = purpose
        self.public_url = public_url.rstrip("/")
        self.system_name = system_name
        self._system_id = system_id
        self._lock = threading.Lock()

    def system_id(self) -> str:
        """The configured id; when none, the published entry of this purpose and name (the
        demo register is filled after the services start, so it is looked up when needed)."""
        with self._lock:
            if not self._system_id:
                self._system_id = self._look_up()
            return self._system_id

    def _look_up(self) -> str:
        try:
            response = self.http.get("/v1/systems")
            response.raise_for_status()
            entries = response.json()
        except (httpx.HTTPError, ValueError) as error:
            logger.warning("could not look the system up in the register: %s", error)
            return ""
        items = entries.get("items", entries) if isinstance(entries, dict) else entries
        for entry in items if isinstance(items, list) else []:
            if (
                entry.get("purpose") == self.purpose
                and entry.get("status") == "approved"
                and (not self.system_name or entry.get("name") == self.system_name)
            ):
                logger.info("system id %s found in the register", entry["id"])
                return str(entry["id"])
        return ""

    def check(self) -> Permission:
        system_id = self.system_id()
        url = (
            f"{self.public_url}/registre/{system_id}"
            if system_id
            else f"{self.public_url}/registre"
        )
        if not system_id:
            return Permission(False, "", 0, url, "no approved system in the register")
        decision = self.gate.check_use(system_id, self.purpose)
        return Permission(
            decision.allowed, system_id, decision.system_version, url, decision.message
        )


class RegisterIncidents:
    """``IncidentReporter`` through the register's public ``POST /v1/incidents``."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def report(self, system_id: str, use_id: str, category: str, description: str) -> bool:
        if not system_id:
            return False
        try:
            response = self.http.post(
                "/v1/incidents",
                json={
                    "system_id": system_id,
                    "use_id": use_id,
                    "category": category,
                    "description": description,
                },
            )
        except httpx.HTTPError as error:
            logger.warning("incident not reported to the register: %s", error)
            return False
        if response.status_code >= 300:
            logger.warning("the register refused the incident: %s", response.status_code)
            return False
        return True
