"""The frame of the officials' pages: the pages' shared frame (``collectivia.platform.pages``:
French, skip link, landmarks, no inline script or style, the same as the agents' and the
data stewards' pages) with the analytics' name, menu and stylesheet."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.officials_analytics.pages.settings import PagesSettings
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.platform.pages import layout
from collectivia.platform.pages.layout import Site, realm_issuer

APPLICATION = "Pilotage des élus"

# Screen, label and keyboard shortcut (Alt + Shift + letter) of the menu.
MENU = (
    ("tableau", "Tableau de bord", "T"),
    ("lacunes", "Questions sans réponse", "Q"),
    ("synthese", "Synthèse du mois", "S"),
    ("previsions", "Prévisions", "P"),
)

SITE = Site(
    application=APPLICATION,
    menu=MENU,
    back="Revenir au tableau de bord",
    tagline=" — indicateurs des services, par commune",
    stylesheets=("/static/elus.css",),
)


@dataclass(frozen=True)
class Frame(layout.Frame):
    """What every page of the officials shows or needs from the settings."""

    @classmethod
    def of(cls, settings: OfficialsAnalyticsSettings, page: PagesSettings) -> Frame:
        keycloak = page.web_keycloak_public_url or settings.keycloak.url
        return cls(
            collectivity=page.web_collectivity_name,
            issuer=realm_issuer(keycloak, settings.keycloak.realm),
            client_id=page.web_client_id,
        )


def page(frame: Frame, title: str, body: str, *, application: bool = False) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>. The
    application page (``application=True``) adds the menu and the account, which its script
    shows once the official is signed in."""
    return layout.document(SITE, frame, title, body, application=application)
