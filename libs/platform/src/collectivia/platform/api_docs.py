"""The API's interactive documentation (``/docs``), without inline code: FastAPI's own page
starts Swagger UI from an inline script, which the suite's Content Security Policy refuses.
Here the page loads the same Swagger UI bundle and its starter is a script of its own; the
page's policy names the bundle's origin and nothing else. ReDoc is not served (it needs
inline styles and workers from ``blob:``)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from collectivia.platform.pages.layout import esc

# The Swagger UI FastAPI would load, pinned to its major version as FastAPI does.
BUNDLE = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"
ORIGIN = "https://cdn.jsdelivr.net"
POLICY = (
    f"default-src 'none'; script-src 'self' {ORIGIN}; style-src {ORIGIN}; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
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
        f'<link rel="stylesheet" href="{BUNDLE}/swagger-ui.css">\n'
        f"<title>{esc(title)} — documentation de l'API</title>\n</head>\n<body>\n"
        '<div id="swagger-ui"></div>\n'
        f'<script src="{BUNDLE}/swagger-ui-bundle.js"></script>\n'
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

    return router
