"""The frame of the stewards' pages: French, skip link, landmarks, no inline script or style.

The same frame as the agents' intranet page (services/agent-assistant, ``web/layout.py``),
so that both pages look and behave alike. Every value from the settings goes through
:func:`esc`. The page's script reads its configuration (Keycloak's realm, the public
client) from ``data-`` attributes of <body>.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from collectivia.data_lake.pages.settings import PagesSettings
from collectivia.data_lake.settings import DataLakeSettings

APPLICATION = "Lac de données"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Frame:
    """What every page of the stewards shows or needs from the settings."""

    collectivity: str
    # The realm's address as the browser reaches it (…/realms/<realm>).
    issuer: str
    client_id: str

    @classmethod
    def of(cls, settings: DataLakeSettings, page: PagesSettings) -> Frame:
        keycloak = page.web_keycloak_public_url or settings.keycloak.url
        return cls(
            collectivity=page.web_collectivity_name,
            issuer=f"{str(keycloak).rstrip('/')}/realms/{settings.keycloak.realm}",
            client_id=page.web_client_id,
        )

    @property
    def keycloak_origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(frame: Frame) -> str:
    """No inline script or style; the page talks to itself and to Keycloak's token
    endpoint only (sign-in and sign-out are top-level navigations)."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {frame.keycloak_origin}; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def page(frame: Frame, title: str, body: str, *, application: bool = False) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>. The
    application page (``application=True``) adds the menu and the account, which its script
    shows once the steward is signed in."""
    name = esc(frame.collectivity)
    config = (
        f' data-issuer="{esc(frame.issuer)}" data-client="{esc(frame.client_id)}"'
        f' data-collectivite="{name}"'
    )
    script = '<script type="module" src="/static/main.js"></script>\n' if application else ""
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} — {APPLICATION} — {name}</title>\n"
        '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/static/app.css">\n'
        '<link rel="stylesheet" href="/static/lac.css">\n'
        f"{script}</head>\n<body{config if application else ''}>\n"
        '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
        f'<header><div class="conteneur"><p class="collectivite">{name}</p>'
        f'<p class="application">{APPLICATION} — espace des administrateurs des données</p>'
        f"{_menu() if application else _back()}</div></header>\n"
        f'<main id="contenu" tabindex="-1"><div class="conteneur">{body}</div></main>\n'
        f"{_footer()}</body>\n</html>\n"
    )


# Screen, label and keyboard shortcut (Alt + Shift + letter) of the menu.
MENU = (
    ("jeux", "Jeux de données", "J"),
    ("quarantaine", "Quarantaine", "Q"),
    ("contrats", "Contrats de DSP", "C"),
)


def shortcut(letter: str) -> str:
    """The ARIA spelling of a menu shortcut."""
    return f"Alt+Shift+{letter}"


def _menu() -> str:
    links = "".join(
        f'<li><a href="/#{screen}" data-ecran="{screen}" '
        f'aria-keyshortcuts="{shortcut(letter)}">{esc(label)}</a></li>'
        for screen, label, letter in MENU
    )
    return (
        f'<nav id="menu" aria-label="Menu principal" hidden><ul>{links}</ul></nav>'
        '<div id="compte" class="compte" hidden><span id="compte-nom"></span>'
        '<button type="button" id="deconnexion" class="secondaire">Se déconnecter</button></div>'
    )


def _back() -> str:
    return (
        '<nav aria-label="Menu principal"><ul>'
        '<li><a href="/">Revenir au lac de données</a></li></ul></nav>'
    )


def _footer() -> str:
    return (
        '<footer><div class="conteneur"><p>'
        '<a href="/accessibilite">Accessibilité : partiellement conforme</a> · '
        '<a href="/accessibilite#raccourcis">Raccourcis clavier</a>'
        "</p></div></footer>\n"
    )
