"""The stewards' page section (prefix ``COLLECTIVIA_DATA_LAKE_``)."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field

from collectivia.data_lake.settings import DataLakeSection


class PagesSettings(DataLakeSection):
    # Keycloak's public client of the stewards' page (authorisation code + PKCE S256).
    web_client_id: str = Field("data-lake-web", pattern=r"^[A-Za-z0-9_.-]+$")
    # Keycloak as the stewards' browsers reach it; unset: COLLECTIVIA_KEYCLOAK_URL.
    web_keycloak_public_url: AnyHttpUrl | None = None
    # The collectivity's name, shown in the page's header and title.
    web_collectivity_name: str = Field("Metz Métropole", min_length=1, max_length=200)
