"""The officials' page served for real (uvicorn, a free port) for the browser tests: the
analytics of the test module, on the real Kafka and Keycloak, its tables in a folder of the
test's; its origin allowed by Keycloak's ``officials-analytics-web`` client; claire.elue
(role official, commune 57480) signed in through the real login page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.testkit import pages
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.pages import allowed_origin
from collectivia.testkit.servers import KeycloakServer

WEB_CLIENT = "officials-analytics-web"
OFFICIAL, OFFICIAL_PASSWORD = "claire.elue", "claire.elue-demo"


@pytest.fixture(scope="module")
def officials_page_server(
    analytics: RunningApp[OfficialsAnalyticsSettings], keycloak_server: KeycloakServer
) -> Iterator[RunningApp[OfficialsAnalyticsSettings]]:
    """The analytics with their page, the page's origin allowed by Keycloak."""
    with allowed_origin(keycloak_server, WEB_CLIENT, analytics.base_url):
        yield analytics


@pytest.fixture
def official_page(
    page: Page, officials_page_server: RunningApp[OfficialsAnalyticsSettings]
) -> Page:
    """The page, claire.elue signed in through the real Keycloak login page: the
    dashboard."""
    pages.sign_in(page, officials_page_server.base_url, OFFICIAL, OFFICIAL_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
    return page
