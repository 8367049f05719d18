"""The ethics register, seen from the chat: the runtime gate for each use (through the
shared ``OwnRegisterEntry``), the entry's public page, and incident reports."""

from __future__ import annotations

import logging

import httpx

from collectivia.ai.use.own_entry import OwnRegisterEntry
from collectivia.citizen_chat.conversations.ports import Permission

logger = logging.getLogger(__name__)


class RegisterUse:
    """``UsePermission`` through the service's own register entry (fail-closed, cached,
    invalidated by ``system-status-changed`` events), with the entry's public page."""

    def __init__(self, entry: OwnRegisterEntry, public_url: str) -> None:
        self.entry = entry
        self.public_url = public_url.rstrip("/")

    def check(self) -> Permission:
        check = self.entry.check()
        url = f"{self.public_url}/registre"
        if check.system_id:
            url += f"/{check.system_id}"
        return Permission(check.allowed, check.system_id, check.system_version, url, check.message)


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
