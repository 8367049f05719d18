"""The frame of the stewards' pages: the pages' shared frame (``collectivia.platform.pages``:
French, skip link, landmarks, no inline script or style, the same as the agents' intranet
page) with the data lake's name, menu and stylesheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.data_lake.pages.settings import PagesSettings
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.platform.pages import layout
from collectivia.platform.pages.layout import Site, realm_issuer

APPLICATION = "Lac de données"

# Screen, label and keyboard shortcut (Alt + Shift + letter) of the menu.
MENU = (
    ("jeux", "Jeux de données", "J"),
    ("quarantaine", "Quarantaine", "Q"),
    ("contrats", "Contrats de DSP", "C"),
)

SITE = Site(
    application=APPLICATION,
    menu=MENU,
    back="Revenir au lac de données",
    tagline=" — espace des administrateurs des données",
    stylesheets=("/static/lac.css",),
)


@dataclass(frozen=True)
class Frame(layout.Frame):
    """What every page of the stewards shows or needs from the settings."""

    @classmethod
    def of(cls, settings: DataLakeSettings, page: PagesSettings) -> Frame:
        keycloak = page.web_keycloak_public_url or settings.keycloak.url
        return cls(
            collectivity=page.web_collectivity_name,
            issuer=realm_issuer(keycloak, settings.keycloak.realm),
            client_id=page.web_client_id,
        )


def page(frame: Frame, title: str, body: str, *, application: bool = False) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>. The
    application page (``application=True``) adds the menu and the account, which its script
    shows once the steward is signed in."""
    return layout.document(SITE, frame, title, body, application=application)
