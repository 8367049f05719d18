"""HTTP routes of the stewards' page and its assets: translation only. The page is public
(it holds no data); everything it shows comes from the API, with the steward's token."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import HTMLResponse

from collectivia.data_lake import messages
from collectivia.data_lake.pages import screens
from collectivia.data_lake.pages.layout import Frame, content_security_policy, page
from collectivia.data_lake.pages.statement import accessibility_page
from collectivia.platform.app import provided

router = APIRouter(tags=["page des administrateurs des données"], include_in_schema=False)

PageFrame = Annotated[Frame, Depends(provided(Frame))]

SCRIPT = "text/javascript; charset=utf-8"
STYLE = "text/css; charset=utf-8"
STATIC_TYPES = {
    "app.css": STYLE,
    "lac.css": STYLE,
    "icon.svg": "image/svg+xml",
    **{
        f"{module}.js": SCRIPT
        for module in (
            "main",
            "auth",
            "api",
            "dom",
            "tables",
            "datasets",
            "loads",
            "quarantine",
            "contracts",
        )
    },
}


@cache
def static_text(name: str) -> str:
    return (files("collectivia.data_lake.pages") / "static" / name).read_text("utf-8")


def _html(frame: Frame, body: str) -> HTMLResponse:
    return HTMLResponse(
        body,
        headers={
            "Content-Security-Policy": content_security_policy(frame),
            "X-Content-Type-Options": "nosniff",
            # The authorisation code never leaves in a Referer header.
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


@router.get("/", response_class=HTMLResponse)
def application(frame: PageFrame) -> HTMLResponse:
    return _html(frame, page(frame, "Accueil", screens.application(frame), application=True))


@router.get("/accessibilite", response_class=HTMLResponse)
def accessibility(frame: PageFrame) -> HTMLResponse:
    return _html(frame, accessibility_page(frame))


@router.get("/static/{name}")
def static(name: str) -> Response:
    media_type = STATIC_TYPES.get(name)
    if media_type is None:
        return Response(
            messages.PAGES_STATIC_NOT_FOUND, 404, media_type="text/plain; charset=utf-8"
        )
    return Response(
        static_text(name),
        media_type=media_type,
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )
