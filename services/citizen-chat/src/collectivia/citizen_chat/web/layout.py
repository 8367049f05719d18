"""The frame of the citizen pages: French, one h1, skip link, no inline script or style.

Every value from the settings or the request goes through :func:`esc`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatSettings
from collectivia.citizen_chat.web.theme import ThemeSettings


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Theme:
    """What every citizen page shows of the settings (the web area's object)."""

    collectivity: str
    logo_url: str
    primary: str
    accent: str
    # The assistant's entry in the register (its list while the entry is not configured).
    register_url: str

    @classmethod
    def of(cls, settings: ChatSettings, theme: ThemeSettings, ai_use: ChatAiUseSettings) -> Theme:
        base = ai_use.register_public_url.rstrip("/")
        register = f"{base}/registre/{ai_use.system_id}" if ai_use.system_id else base
        if not ai_use.system_id:
            register += "/registre"
        return cls(
            collectivity=settings.collectivity_name,
            logo_url=theme.theme_logo_url,
            primary=theme.theme_primary_color,
            accent=theme.theme_accent_color,
            register_url=register,
        )


def content_security_policy(theme: Theme) -> str:
    """No inline script or style; images from here (and the logo's https origin)."""
    images = "'self' data:"
    logo = urlsplit(theme.logo_url)
    if logo.scheme == "https" and logo.netloc:
        images += f" https://{logo.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def page(theme: Theme, title: str, body: str) -> str:
    """A whole document; ``body`` is the already-escaped content of <main>, from its <h1>."""
    name = esc(theme.collectivity)
    logo = f'<img class="logo" src="{esc(theme.logo_url)}" alt="">' if theme.logo_url else ""
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} — {name}</title>\n"
        f'<meta name="theme-color" content="{esc(theme.primary)}">\n'
        '<link rel="manifest" href="/manifest.webmanifest">\n'
        '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/static/app.css">\n'
        '<link rel="stylesheet" href="/theme.css">\n'
        '<script src="/static/app.js" defer></script>\n</head>\n<body>\n'
        '<a class="evitement" href="#contenu">Aller au contenu</a>\n'
        f'<header><div class="conteneur">{logo}<p class="collectivite">{name}</p>'
        '<nav aria-label="Menu principal"><ul>'
        '<li><a href="/">Poser une question</a></li>'
        '<li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>'
        "</ul></nav></div></header>\n"
        f'<main id="contenu" tabindex="-1"><div class="conteneur">{body}</div></main>\n'
        '<footer><div class="conteneur"><p>'
        '<a href="/accessibilite">Accessibilité : partiellement conforme</a> · '
        f'<a href="{esc(theme.register_url)}">Registre des algorithmes et systèmes d\'IA</a>'
        "</p></div></footer>\n</body>\n</html>\n"
    )
