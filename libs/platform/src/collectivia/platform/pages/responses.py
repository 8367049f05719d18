"""The routes of a service's page: the application page and the accessibility statement
with their strict headers, the static assets by name from a fixed list (the service's own
under ``/static/``, the shared ones under ``/static/shared/``), anything else a French 404.

The page is public (it holds no data): everything it shows comes from the service's API,
with the person's token. The routes reach the service's frame only (``provided``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from importlib.resources import files
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from collectivia.platform.app import provided
from collectivia.platform.pages.layout import Frame, content_security_policy

F = TypeVar("F", bound=Frame)

SCRIPT = "text/javascript; charset=utf-8"
STYLE = "text/css; charset=utf-8"
SVG = "image/svg+xml"
TEXT = "text/plain; charset=utf-8"


def html_response(frame: Frame, body: str) -> HTMLResponse:
    """A page: its CSP (itself and Keycloak only), never sniffed, no Referer, revalidated."""
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


def scripts(*modules: str) -> dict[str, str]:
    """Script modules by name (``"main"`` for ``main.js``) with their content type."""
    return {f"{module}.js": SCRIPT for module in modules}


@cache
def _text(package: str, name: str) -> str:
    return (files(package) / "static" / name).read_text("utf-8")


class StaticAssets:
    """The files of ``package``'s ``static`` folder that a page serves, each with its
    content type: only those (never a path), read once."""

    def __init__(self, package: str, types: Mapping[str, str]) -> None:
        self.package = package
        self.types = dict(types)

    def text(self, name: str) -> str:
        return _text(self.package, name)

    def response(self, name: str, not_found: str) -> Response:
        """The asset ``name``, or ``not_found`` (French) with a 404."""
        media_type = self.types.get(name)
        if media_type is None:
            return Response(not_found, 404, media_type=TEXT)
        return Response(
            self.text(name),
            media_type=media_type,
            headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
        )


# Served by every page under /static/shared/: a page's own modules import them from there
# ("./shared/auth.js"), and they import each other.
SHARED_ASSETS = StaticAssets(
    "collectivia.platform.pages", {"app.css": STYLE, **scripts("auth", "dom", "api", "page")}
)


def page_routes(
    frame_type: type[F],
    *,
    tags: list[str | Enum],
    application: Callable[[F], str],
    statement: Callable[[F], str],
    assets: StaticAssets,
    not_found: str,
) -> APIRouter:
    """The page's routes: ``/`` (the ``application`` page of the service's frame),
    ``/accessibilite`` (its ``statement``), ``/static/{name}`` (its ``assets``) and
    ``/static/shared/{name}`` (the shared ones); ``not_found`` is the service's French 404."""
    router = APIRouter(tags=tags, include_in_schema=False)
    frame_of = provided(frame_type)

    @router.get("/", response_class=HTMLResponse)
    def application_page(request: Request) -> HTMLResponse:
        frame = frame_of(request)
        return html_response(frame, application(frame))

    @router.get("/accessibilite", response_class=HTMLResponse)
    def accessibility(request: Request) -> HTMLResponse:
        frame = frame_of(request)
        return html_response(frame, statement(frame))

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        return assets.response(name, not_found)

    @router.get("/static/shared/{name}")
    def shared_static(name: str) -> Response:
        return SHARED_ASSETS.response(name, not_found)

    return router
