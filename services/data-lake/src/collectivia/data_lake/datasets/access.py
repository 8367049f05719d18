"""Who may read a dataset, and which of its rows: one rule for every read path (HTTP,
gRPC, Arrow Flight, downloads); and who may see a dataset's metadata (gRPC GetDataset and
ListDatasets): its readers, and the suite's own services, so that the register can link an
entry to a restricted dataset without ever reading its rows."""

from __future__ import annotations

from dataclasses import dataclass

from pyiceberg.expressions import AlwaysFalse, BooleanExpression, In

from collectivia.data_lake.datasets.schemas import AccessRights, DatasetRead
from collectivia.platform.auth.principal import Principal

# Restricted datasets: the collectivity's staff and elected officials.
RESTRICTED_READERS = frozenset({"data-steward", "official", "agent", "admin"})
# Personal data: those who answer for it.
PERSONAL_READERS = frozenset({"data-steward", "dpo"})
# Every row, whatever its commune: those who keep the data for the whole territory.
ALL_ROWS_READERS = frozenset({"data-steward", "dpo", "admin"})
STEWARDS = frozenset({"data-steward", "admin"})
# The suite's own services (their Keycloak clients): they may see any dataset's metadata.
SUITE_SERVICES = frozenset(
    {"ethics-register", "citizen-chat", "agent-assistant", "officials-analytics"}
)


@dataclass(frozen=True)
class Reader:
    """The caller as the lake sees it: realm roles, commune groups and client (empty for an
    anonymous reader of open data); a service account when its token is a client's own
    (client credentials)."""

    roles: frozenset[str]
    communes: tuple[str, ...]
    client_id: str
    subject: str
    is_service_account: bool = False

    @classmethod
    def anonymous(cls) -> Reader:
        return cls(roles=frozenset(), communes=(), client_id="", subject="")

    @classmethod
    def of(cls, principal: Principal | None) -> Reader:
        if principal is None:
            return cls.anonymous()
        return cls(
            roles=principal.realm_roles,
            communes=principal.communes(),
            client_id=principal.client_id,
            subject=principal.subject,
            is_service_account=principal.is_service_account,
        )

    def has_any(self, roles: frozenset[str]) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_steward(self) -> bool:
        return self.has_any(STEWARDS)


def may_read(dataset: DatasetRead, reader: Reader) -> bool:
    if dataset.access_rights is AccessRights.PUBLIC:
        return True
    if dataset.access_rights is AccessRights.PERSONAL:
        return reader.has_any(PERSONAL_READERS)
    return reader.has_any(RESTRICTED_READERS)


def may_describe(
    dataset: DatasetRead, reader: Reader, services: frozenset[str] = SUITE_SERVICES
) -> bool:
    """Whether ``reader`` may see the dataset's metadata (title, access rights, versions):
    whoever may read it, and the service accounts of ``services`` (the suite's own) whatever
    its access rights. Its rows stay behind :func:`may_read`."""
    if may_read(dataset, reader):
        return True
    return reader.is_service_account and reader.client_id in services


def row_filter(dataset: DatasetRead, reader: Reader) -> BooleanExpression | None:
    """The rows ``reader`` sees of a dataset it may read: all of a public dataset's; of the
    others, when they have a commune column, those of the reader's communes only."""
    if dataset.access_rights is AccessRights.PUBLIC or dataset.commune_column is None:
        return None
    if reader.has_any(ALL_ROWS_READERS):
        return None
    if not reader.communes:
        return AlwaysFalse()
    return In(term=dataset.commune_column, literals=reader.communes)
