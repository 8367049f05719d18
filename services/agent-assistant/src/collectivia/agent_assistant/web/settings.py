"""The intranet page's section (prefix ``COLLECTIVIA_AGENT_ASSISTANT_``)."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field

from collectivia.agent_assistant.settings import AssistantSection


class IntranetSettings(AssistantSection):
    # Keycloak's public client of the page (authorisation code + PKCE S256, no secret).
    intranet_client_id: str = Field("agent-intranet", pattern=r"^[A-Za-z0-9_.-]+$")
    # Keycloak as the agents' browsers reach it; unset: COLLECTIVIA_KEYCLOAK_URL.
    keycloak_public_url: AnyHttpUrl | None = None
