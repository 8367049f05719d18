"""The officials' page section (prefix ``COLLECTIVIA_OFFICIALS_ANALYTICS_``)."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field

from collectivia.officials_analytics.settings import OfficialsAnalyticsSection


class PagesSettings(OfficialsAnalyticsSection):
    # Keycloak's public client of the officials' page (authorisation code + PKCE S256).
    web_client_id: str = Field("officials-analytics-web", pattern=r"^[A-Za-z0-9_.-]+$")
    # Keycloak as the officials' browsers reach it; unset: COLLECTIVIA_KEYCLOAK_URL.
    web_keycloak_public_url: AnyHttpUrl | None = None
    # The collectivity's name, shown in the page's header and title and on the report.
    web_collectivity_name: str = Field("Metz Métropole", min_length=1, max_length=200)
