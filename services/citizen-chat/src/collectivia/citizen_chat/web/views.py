"""HTTP routes of the citizen page, its assets and the installable app: translation only."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import HTMLResponse

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.web import pages
from collectivia.citizen_chat.web.layout import Theme, content_security_policy
from collectivia.citizen_chat.web.theme import theme_css
from collectivia.platform.app import provided

router = APIRouter(tags=["page citoyenne"], include_in_schema=False)

STATIC_TYPES = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}


@cache
def static_text(name: str) -> str:
    return (files("collectivia.citizen_chat.web") / "static" / name).read_text("utf-8")


PageTheme = Annotated[Theme, Depends(provided(Theme))]
Settings = Annotated[ChatSettings, Depends(provided(ChatSettings))]


def _headers(theme: Theme) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(theme),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def _html(theme: Theme, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status, headers=_headers(theme))


@router.get("/", response_class=HTMLResponse)
def home(theme: PageTheme, settings: Settings) -> HTMLResponse:
    html = pages.home_page(theme, settings.member_communes, settings.max_question_chars)
    return _html(theme, html)


@router.post("/", response_class=HTMLResponse)
def home_without_script(theme: PageTheme, settings: Settings) -> HTMLResponse:
    # The form is sent by the script; without it the page comes back, <noscript> explains.
    return home(theme, settings)


@router.get("/accessibilite", response_class=HTMLResponse)
def accessibility(theme: PageTheme) -> HTMLResponse:
    return _html(theme, pages.accessibility_page(theme))


@router.get("/hors-ligne", response_class=HTMLResponse)
def offline(theme: PageTheme) -> HTMLResponse:
    return _html(theme, pages.offline_page(theme))


@router.get("/manifest.webmanifest")
def manifest(theme: PageTheme) -> Response:
    body = {
        "name": f"Assistant citoyen — {theme.collectivity}",
        "short_name": "Assistant",
        "description": "Réponses sourcées aux questions sur les services de la collectivité.",
        "lang": "fr",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": theme.primary,
        "background_color": "#ffffff",
        "icons": [
            {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type="application/manifest+json",
        headers={"X-Content-Type-Options": "nosniff"},
    )


@router.get("/sw.js")
def service_worker() -> Response:
    # At the root so that its scope is the whole site; never cached by HTTP, so that a
    # new version is picked up at the next visit.
    return Response(
        static_text("sw.js"),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/theme.css")
def theme_stylesheet(theme: PageTheme) -> Response:
    css = theme_css(theme.primary, theme.accent)
    return Response(css, media_type="text/css; charset=utf-8")


@router.get("/static/{name}")
def static(name: str) -> Response:
    media_type = STATIC_TYPES.get(name)
    if media_type is None:
        return Response(messages.STATIC_NOT_FOUND, 404, media_type="text/plain; charset=utf-8")
    return Response(
        static_text(name),
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
