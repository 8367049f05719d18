"""The security headers of every response of every service (pages, API, errors, assets).

A response that states its own policy (a page's CSP naming Keycloak, a chart's) keeps it;
the others get the strictest one that fits what they are: a page (or a script, which may run
as a worker) may load its own scripts and stylesheets only (never inline code), anything
else (JSON, CSV, problems) loads nothing.
Nothing may frame any of it. HSTS is only sent over TLS (a browser ignores it on plain HTTP,
and a local ``make up`` must stay reachable without TLS); behind a TLS-terminating proxy,
uvicorn reads the scheme from ``X-Forwarded-Proto`` when the proxy is trusted.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A page without a policy of its own: itself only, no inline script or style, no plugin.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Data (JSON, CSV, problem details): rendered by nothing, framed by no one.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PAGE_TYPES = ("text/html", "text/javascript", "application/javascript")
# One year, the floor of browsers' preload lists.
HSTS = "max-age=31536000; includeSubDomains"

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    # Older browsers ignore the CSP's frame-ancestors.
    "X-Frame-Options": "DENY",
    # Addresses may carry a conversation's or an entry's id: never sent to another site.
    "Referrer-Policy": "same-origin",
}


def add_security_headers(headers: MutableHeaders, *, tls: bool) -> None:
    """Completes ``headers`` (a response's) without replacing what the response set itself."""
    for name, value in ALWAYS.items():
        if name not in headers:
            headers[name] = value
    if "Content-Security-Policy" not in headers:
        # A script's own policy governs it when it runs as a worker (the chat's service
        # worker fetches the site for offline use): a page's, not data's.
        page = headers.get("Content-Type", "").startswith(PAGE_TYPES)
        headers["Content-Security-Policy"] = PAGE_POLICY if page else DATA_POLICY
    if tls:
        headers["Strict-Transport-Security"] = HSTS


class SecurityHeadersMiddleware:
    """Plain ASGI (it never buffers a body: streamed answers pass as they come)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), tls=tls)
            await send(message)

        await self.app(scope, receive, send_with_headers)
