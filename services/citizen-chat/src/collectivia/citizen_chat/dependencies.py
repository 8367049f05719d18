"""FastAPI dependencies shared by the chat's routers: the caller, the question limit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from collectivia.ai.use.evidence import pseudonym
from collectivia.citizen_chat.conversations.limits import RateLimiter
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import optional_bearer_token
from collectivia.platform.auth.principal import Principal

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}

OptionalPrincipal = Annotated[Principal | None, Depends(optional_bearer_token)]
Settings = Annotated[ChatSettings, Depends(provided(ChatSettings))]


def get_owner(principal: OptionalPrincipal, settings: Settings) -> str | None:
    """Pseudonymous owner of the caller's conversations; None for anonymous citizens."""
    if principal is None:
        return None
    return pseudonym(settings.pseudonym_salt.get_secret_value(), principal.subject)


Owner = Annotated[str | None, Depends(get_owner)]


def rate_limited(
    request: Request,
    limiter: Annotated[RateLimiter, Depends(provided(RateLimiter))],
    owner: Owner,
) -> None:
    """One question more for this client (the token's owner, else the client address)."""
    client = owner or (request.client.host if request.client else "unknown")
    limiter.hit(client)
