"""Who is calling, as read from a verified Keycloak access token."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SERVICE_ACCOUNT_PREFIX = "service-account-"


@dataclass(frozen=True)
class Principal:
    subject: str
    # The client the token was issued to (``azp``).
    client_id: str
    realm_roles: frozenset[str]
    client_roles: Mapping[str, frozenset[str]]
    # Keycloak group paths, e.g. ``/communes/59350``, ``/departments/etat-civil``.
    groups: tuple[str, ...]
    is_service_account: bool

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Principal:
        realm_access = claims.get("realm_access") or {}
        resource_access = claims.get("resource_access") or {}
        username = str(claims.get("preferred_username", ""))
        return cls(
            subject=str(claims["sub"]),
            client_id=str(claims.get("azp", "")),
            realm_roles=frozenset(realm_access.get("roles", ())),
            client_roles={
                client: frozenset(access.get("roles", ()))
                for client, access in resource_access.items()
            },
            groups=tuple(claims.get("groups", ())),
            # Keycloak's service_account scope adds `client_id` to client-credentials tokens.
            is_service_account="client_id" in claims or username.startswith(SERVICE_ACCOUNT_PREFIX),
        )

    def has_any_role(self, roles: Iterable[str]) -> bool:
        return not self.realm_roles.isdisjoint(roles)

    def communes(self) -> tuple[str, ...]:
        """INSEE codes of the communes this principal belongs to."""
        return tuple(g.rsplit("/", 1)[-1] for g in self.groups if g.startswith("/communes/"))
