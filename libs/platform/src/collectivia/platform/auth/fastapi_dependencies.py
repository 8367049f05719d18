"""FastAPI dependencies: ``Depends(require_roles("ethics-officer"))``.

The app keeps its :class:`TokenVerifier` on ``app.state.token_verifier``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from collectivia.platform import messages
from collectivia.platform.auth.principal import Principal
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import PermissionDenied, Unauthenticated

_bearer = HTTPBearer(auto_error=False, description="Keycloak access token")


def verify_bearer_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthenticated(messages.TOKEN_EXPECTED)
    verifier: TokenVerifier = request.app.state.token_verifier
    return verifier.verify(credentials.credentials)


def optional_bearer_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The caller when a token is sent (an invalid one is still refused), else None: for
    public pages that show more to staff."""
    if credentials is None:
        return None
    return verify_bearer_token(request, credentials)


def require_roles(*roles: str) -> Callable[..., Principal]:
    """A dependency that lets through principals holding at least one of ``roles``."""
    wanted = frozenset(roles)

    def dependency(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Principal:
        if not principal.has_any_role(wanted):
            raise PermissionDenied(messages.ROLE_REQUIRED.format(roles=messages.either(wanted)))
        return principal

    return dependency
