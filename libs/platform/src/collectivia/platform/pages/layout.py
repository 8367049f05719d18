"""The frame of a service's pages: French, skip link, landmarks, the menu with its keyboard
shortcuts, no inline script or style; and the sections of the application page's screens.

Every value from the settings goes through :func:`esc`. The application page's script
(``/static/main.js``, built on ``shared/page.js``) reads its configuration (Keycloak's
realm, the public client) from ``data-`` attributes of <body>.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

# Screen (the address's fragment), label and letter of the shortcut (Alt + Shift + letter).
MenuEntry = tuple[str, str, str]

SHARED = "/static/shared"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def realm_issuer(keycloak_url: object, realm: str) -> str:
    """The realm's address (…/realms/<realm>) under Keycloak's ``keycloak_url``."""
    return f"{str(keycloak_url).rstrip('/')}/realms/{realm}"


@dataclass(frozen=True)
class Frame:
    """What every page of a service shows or needs from the settings; a service's frame adds
    its own (its ``data`` for its script, its ``links`` in the footer)."""

    collectivity: str
    # The realm's address as the browser reaches it (…/realms/<realm>).
    issuer: str
    # Keycloak's public client of the page (authorisation code + PKCE S256, no secret).
    client_id: str

    @property
    def keycloak_origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def data(self) -> dict[str, str]:
        """The ``data-`` attributes of the application page's <body>, for its script."""
        return {"issuer": self.issuer, "client": self.client_id, "collectivite": self.collectivity}

    def links(self) -> tuple[tuple[str, str], ...]:
        """More links of the footer, after the statement's: address and label (HTML)."""
        return ()


def content_security_policy(frame: Frame) -> str:
    """No inline script or style; the page talks to itself and to Keycloak's token
    endpoint only (sign-in and sign-out are top-level navigations)."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {frame.keycloak_origin}; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def shortcut(letter: str) -> str:
    """The ARIA spelling of a menu shortcut."""
    return f"Alt+Shift+{letter}"


@dataclass(frozen=True)
class Site:
    """What every page of one service shows, whatever the settings."""

    # In the tab's title and the header.
    application: str
    menu: tuple[MenuEntry, ...]
    # The label (HTML) of the link back to the application, on the other pages.
    back: str
    # After the application's name in the header (HTML).
    tagline: str = ""
    # The service's own stylesheets, after the shared one.
    stylesheets: tuple[str, ...] = ()


def document(site: Site, frame: Frame, title: str, body: str, *, application: bool = False) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>. The
    application page (``application=True``) adds its script, its configuration, the menu
    and the account, which the script shows once the person is signed in."""
    name = esc(frame.collectivity)
    config = "".join(f' data-{key}="{esc(value)}"' for key, value in frame.data().items())
    script = '<script type="module" src="/static/main.js"></script>\n' if application else ""
    styles = "".join(
        f'<link rel="stylesheet" href="{href}">\n'
        for href in (f"{SHARED}/app.css", *site.stylesheets)
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} — {esc(site.application)} — {name}</title>\n"
        '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">\n'
        f"{styles}{script}</head>\n<body{config if application else ''}>\n"
        '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
        f'<header><div class="conteneur"><p class="collectivite">{name}</p>'
        f'<p class="application">{esc(site.application)}{site.tagline}</p>'
        f"{_menu(site.menu) if application else _back(site.back)}</div></header>\n"
        f'<main id="contenu" tabindex="-1"><div class="conteneur">{body}</div></main>\n'
        f"{_footer(frame.links())}</body>\n</html>\n"
    )


def _menu(menu: tuple[MenuEntry, ...]) -> str:
    links = "".join(
        f'<li><a href="/#{screen}" data-ecran="{screen}" '
        f'aria-keyshortcuts="{shortcut(letter)}">{esc(label)}</a></li>'
        for screen, label, letter in menu
    )
    return (
        f'<nav id="menu" aria-label="Menu principal" hidden><ul>{links}</ul></nav>'
        '<div id="compte" class="compte" hidden><span id="compte-nom"></span>'
        '<button type="button" id="deconnexion" class="secondaire">Se déconnecter</button></div>'
    )


def _back(label: str) -> str:
    return f'<nav aria-label="Menu principal"><ul><li><a href="/">{label}</a></li></ul></nav>'


def _footer(links: tuple[tuple[str, str], ...]) -> str:
    more = "".join(f' · <a href="{esc(href)}">{label}</a>' for href, label in links)
    return (
        '<footer><div class="conteneur"><p>'
        '<a href="/accessibilite">Accessibilité : partiellement conforme</a> · '
        f'<a href="/accessibilite#raccourcis">Raccourcis clavier</a>{more}'
        "</p></div></footer>\n"
    )


# --- The application page's screens ------------------------------------------------------


def screen(name: str, title: str, content: str, *, heading_id: str = "") -> str:
    """One screen: a section that ``shared/page.js`` shows when the fragment names it,
    labelled by its <h1>, which takes the focus when the person navigates to it."""
    heading = heading_id or f"titre-{name}"
    return (
        f'<section id="ecran-{name}" class="ecran" data-ecran="{name}" hidden '
        f'aria-labelledby="{heading}"><h1 id="{heading}" tabindex="-1">{title}</h1>'
        f"{content}</section>"
    )


def status(element_id: str) -> str:
    """A polite live region: results and progress, announced once written."""
    return f'<p id="{element_id}" class="etat" role="status"></p>'


def alert(element_id: str) -> str:
    """An assertive live region: errors, announced at once."""
    return f'<p id="{element_id}" class="erreur" role="alert"></p>'


def sign_in_screen(site: Site, frame: Frame, introduction: str, without_script: str) -> str:
    """The screen shown signed out: ``introduction`` (HTML) and the button to Keycloak's
    login page; ``without_script`` where JavaScript is off."""
    return screen(
        "connexion",
        f"{esc(site.application)} de {esc(frame.collectivity)}",
        f"{introduction}"
        '<button type="button" id="connexion">Se connecter</button>'
        + alert("connexion-erreur")
        + f'<noscript><p class="alerte">{esc(without_script)}</p></noscript>',
    )


def screens(*sections: str) -> str:
    """Every screen of the application page, after the expired session's banner and the
    region where ``shared/dom.js`` announces; the script shows one screen."""
    return (
        '<div id="session" class="alerte" role="alert" hidden><p id="session-message"></p>'
        '<button type="button" id="reconnexion">Se reconnecter</button></div>'
        '<p id="annonce" class="visuellement-cache" role="status"></p>' + "".join(sections)
    )
