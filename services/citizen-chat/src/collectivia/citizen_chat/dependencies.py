"""FastAPI dependencies shared by the chat's routers: the runtime, the caller, the limit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from collectivia.citizen_chat.conversations.events import pseudonym
from collectivia.citizen_chat.runtime import ChatRuntime
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.platform.auth.fastapi_dependencies import optional_bearer_token
from collectivia.platform.auth.principal import Principal

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


def get_runtime(request: Request) -> ChatRuntime:
    runtime: ChatRuntime = request.app.state.runtime
    return runtime


Runtime = Annotated[ChatRuntime, Depends(get_runtime)]
OptionalPrincipal = Annotated[Principal | None, Depends(optional_bearer_token)]


def get_owner(request: Request, principal: OptionalPrincipal) -> str | None:
    """Pseudonymous owner of the caller's conversations; None for anonymous citizens."""
    if principal is None:
        return None
    settings: ChatSettings = request.app.state.settings
    return pseudonym(settings.pseudonym_salt.get_secret_value(), principal.subject)


Owner = Annotated[str | None, Depends(get_owner)]


def rate_limited(request: Request, runtime: Runtime, owner: Owner) -> None:
    """One question more for this client (the token's owner, else the client address)."""
    client = owner or (request.client.host if request.client else "unknown")
    runtime.rate_limiter.hit(client)
