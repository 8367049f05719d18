"""Problems with an answer, reported to the ethics register's public ``POST /v1/incidents``."""

from __future__ import annotations

import logging
from typing import Protocol

import httpx

logger = logging.getLogger(__name__)


class IncidentReporter(Protocol):
    def report(self, system_id: str, use_id: str, category: str, description: str) -> bool:
        """Report a problem with an answer to the register; False when it could not."""
        ...


class RegisterIncidents:
    """``IncidentReporter`` through the register's HTTP API (``http``: its base URL)."""

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
