"""Who sees which commune's figures, from the caller's token: one rule for the indicators
and the content gaps, over HTTP and gRPC.

An elected official (realm role ``official``) sees the communes of their groups
(``/communes/<INSEE>``) and nothing else; the intercommunality's ``admin`` and
``data-steward`` see every commune; anyone else is refused. The collectivity-wide
indicators (facts without a commune: the agents' assistant, AI uses, the register, the DSP
contracts) are shown to all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from collectivia.officials_analytics import messages
from collectivia.platform import messages as platform_messages
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import FieldError, InvalidInput, PermissionDenied

OFFICIAL = "official"
EVERY_COMMUNE = frozenset({"admin", "data-steward"})
# An INSEE code: 5 characters, Corsica's 2A/2B included.
INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True)
class Viewer:
    roles: frozenset[str]
    # The communes of the caller's groups.
    communes: tuple[str, ...]

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        return cls(roles=principal.realm_roles, communes=tuple(sorted(set(principal.communes()))))

    @property
    def sees_every_commune(self) -> bool:
        return not self.roles.isdisjoint(EVERY_COMMUNE)

    def check(self) -> None:
        """Refuse whoever may see no figure at all."""
        if not self.sees_every_commune and OFFICIAL not in self.roles:
            raise PermissionDenied(messages.VIEWER_ROLE_REQUIRED)

    def scope(self, asked: Iterable[str], field: str = "commune") -> tuple[str, ...] | None:
        """The communes a query covers: those asked, when the caller may see each of them;
        when none is asked, the caller's own (None: every commune, for the
        intercommunality's roles)."""
        self.check()
        wanted = tuple(sorted(set(asked)))
        for commune in wanted:
            if not INSEE.match(commune):
                detail = messages.COMMUNE_INVALID.format(
                    commune=platform_messages.shown_identifier(commune)
                )
                raise InvalidInput(detail, [FieldError(field, detail)])
        if self.sees_every_commune:
            return wanted or None
        if not self.communes:
            raise PermissionDenied(messages.NO_COMMUNE)
        for commune in wanted:
            if commune not in self.communes:
                raise PermissionDenied(
                    messages.COMMUNE_NOT_ALLOWED.format(
                        commune=commune, yours=messages.LIST_SEPARATOR.join(self.communes)
                    )
                )
        return wanted or self.communes
