"""The API's interactive documentation (``/docs``), without a CDN and without inline code:
FastAPI's own page loads Swagger UI from a CDN — which a municipality's intranet may not
reach — and starts it from an inline script, which the suite's Content Security Policy
refuses. Here the service serves Swagger UI's files itself, from a maintained PyPI package
that bundles swagger-ui-dist (``fastapi-offline``: its ``static`` folder, nothing else of
it), and starts it from a script of its own; the page has the pages' policy (``'self'``
only). ReDoc is not served (it needs inline styles and workers from ``blob:``)."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, HTMLResponse

from collectivia.platform.pages.layout import esc
from collectivia.platform.security_headers import PAGE_POLICY

# Where Swagger UI's files are served from, and the files themselves.
ASSETS = "/docs/assets"
_BUNDLED = Path(str(files("fastapi_offline") / "static"))
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    # Named by the page: a browser asks /favicon.ico otherwise (a 404 in its console).
    "favicon.png": "image/png",
}
# The pages' policy: scripts, styles and requests of this origin only.
POLICY = PAGE_POLICY
# Kept a day by browsers; a new release of the package comes with a restart anyway.
ASSET_CACHE = "public, max-age=86400"
STARTER = """SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // No badge from the public validator: the page talks to its own service only.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""


def docs_page(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">\n'
        f'<link rel="icon" type="image/png" href="{ASSETS}/favicon.png">\n'
        f"<title>{esc(title)} — documentation de l'API</title>\n</head>\n<body>\n"
        '<div id="swagger-ui"></div>\n'
        f'<script src="{ASSETS}/swagger-ui-bundle.js"></script>\n'
        '<script src="/docs/swagger-start.js"></script>\n</body>\n</html>\n'
    )


def api_docs_router(title: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs", response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(title), headers={"Content-Security-Policy": POLICY})

    @router.get("/docs/swagger-start.js")
    def starter() -> Response:
        return Response(STARTER, media_type="text/javascript; charset=utf-8")

    for name, media_type in ASSET_TYPES.items():
        router.add_api_route(f"{ASSETS}/{name}", _asset(name, media_type), methods=["GET"])
    return router


def _asset(name: str, media_type: str) -> Callable[[], FileResponse]:
    path = _BUNDLED / name

    def asset() -> FileResponse:
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": ASSET_CACHE})

    asset.__name__ = f"swagger_asset_{name.replace('-', '_').replace('.', '_')}"
    return asset
