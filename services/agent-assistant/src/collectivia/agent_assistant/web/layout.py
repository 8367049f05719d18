"""The frame of the intranet pages: French, skip link, landmarks, no inline script or style.

Every value from the settings goes through :func:`esc`. The page's script reads its
configuration (Keycloak's realm, the public client) from ``data-`` attributes of <body>.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.ai.use.settings import AiUseSettings

APPLICATION = "Assistant des agents"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Frame:
    """What every intranet page shows or needs from the settings."""

    collectivity: str
    # The realm's address as the browser reaches it (…/realms/<realm>).
    issuer: str
    client_id: str
    register_url: str
    max_upload_bytes: int

    @classmethod
    def of(
        cls,
        settings: AssistantSettings,
        page: IntranetSettings,
        ai_use: AiUseSettings,
        tasks: TasksSettings,
    ) -> Frame:
        """From the service's settings and the sections of the page, of the assistant's
        entry in the register and of the tasks (the upload limit)."""
        keycloak = page.keycloak_public_url or settings.keycloak.url
        register = ai_use.register_public_url.rstrip("/") + "/registre"
        if ai_use.system_id:
            register += f"/{ai_use.system_id}"
        return cls(
            collectivity=settings.collectivity_name,
            issuer=f"{str(keycloak).rstrip('/')}/realms/{settings.keycloak.realm}",
            client_id=page.intranet_client_id,
            register_url=register,
            max_upload_bytes=tasks.max_upload_bytes,
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
    shows once the agent is signed in."""
    name = esc(frame.collectivity)
    config = (
        f' data-issuer="{esc(frame.issuer)}" data-client="{esc(frame.client_id)}"'
        f' data-collectivite="{name}" data-taille-max="{frame.max_upload_bytes}"'
    )
    script = '<script type="module" src="/static/main.js"></script>\n' if application else ""
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} — {APPLICATION} — {name}</title>\n"
        '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/static/app.css">\n'
        f"{script}</head>\n<body{config if application else ''}>\n"
        '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
        f'<header><div class="conteneur"><p class="collectivite">{name}</p>'
        f'<p class="application">{APPLICATION}</p>'
        f"{_menu() if application else _back()}</div></header>\n"
        f'<main id="contenu" tabindex="-1"><div class="conteneur">{body}</div></main>\n'
        f"{_footer(frame)}</body>\n</html>\n"
    )


# Screen, address, label and keyboard shortcut (Alt + Shift + letter) of the menu.
MENU = (
    ("demandes", "Demandes des habitants", "D"),
    ("taches", "Tâches", "T"),
    ("modeles", "Bibliothèque de modèles", "B"),
    ("pilotage", "Pilotage", "P"),
    ("charte", "Charte", "C"),
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
        '<li><a href="/">Revenir à l\'assistant</a></li></ul></nav>'
    )


def _footer(frame: Frame) -> str:
    return (
        '<footer><div class="conteneur"><p>'
        '<a href="/accessibilite">Accessibilité : partiellement conforme</a> · '
        '<a href="/accessibilite#raccourcis">Raccourcis clavier</a> · '
        f'<a href="{esc(frame.register_url)}">Registre des algorithmes et systèmes d\'IA</a>'
        "</p></div></footer>\n"
    )
