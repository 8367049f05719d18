"""The data lake's datasets, caller side: one dataset's metadata and latest version by id
(``DataLakeService.GetDataset``), e.g. for the ethics register to link an entry's data
sources to the real datasets they use.

Here, in the platform rather than in one service or in the AI library, because the lake is
the suite's shared data: any service may name its datasets (the register today, the
officials' analytics next), AI or not, and services never import each other.

The lake answers the suite's own services (their client-credentials tokens) with the
metadata of any dataset, restricted or personal ones included — never their rows; other
callers see what their roles allow. The token comes from the channel
(``AreaContext.channel(target)``: traced, with the service's token) or from ``tokens``
(anything with ``token() -> str``), asked before each call.

Errors: :class:`LakeUnavailable` when the lake cannot answer now (down, overloaded, past the
deadline); any other failure is a :class:`LakeError` carrying the gRPC code and the lake's
reason (``PERMISSION_DENIED``, ``UNAUTHENTICATED``...): a configuration problem. An id the
lake does not know (``NOT_FOUND``) or that cannot be a dataset id (``INVALID_ARGUMENT``)
gives ``None``. Only grpc and the generated contracts here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import grpc

from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc

DEFAULT_TIMEOUT_SECONDS = 2.0
_UNAVAILABLE = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
    }
)
# The lake knows no dataset by this id (or it cannot be one).
_UNKNOWN = frozenset({grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT})


class TokenSource(Protocol):
    def token(self) -> str: ...


@dataclass(frozen=True)
class LakeDataset:
    id: str
    title: str
    description: str
    publisher: str
    # "public", "restricted" or "personal".
    access_rights: str
    # The latest version (Iceberg snapshot id); None when never loaded.
    latest_snapshot_id: str | None
    row_count: int
    updated_at: datetime | None
    # The dataset's page in the lake (its rows and downloads answer only those who may read
    # them).
    url: str

    @property
    def public(self) -> bool:
        return self.access_rights == "public"


class LakeError(Exception):
    def __init__(self, code: grpc.StatusCode | None, details: str) -> None:
        name = code.name if code is not None else "error"
        super().__init__(f"data lake call failed ({name}): {details}")
        self.code = code
        self.details = details


class LakeUnavailable(LakeError):
    """The data lake did not answer in time or is not reachable now."""


class LakeDatasetsClient:
    """Thread-safe; one per channel."""

    def __init__(
        self,
        channel: grpc.Channel,
        *,
        tokens: TokenSource | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self._stub = lake_pb2_grpc.DataLakeServiceStub(channel)
        self._tokens = tokens
        self._timeout = timeout_seconds

    def get_dataset(self, dataset_id: str) -> LakeDataset | None:
        """The dataset's metadata and latest version; None when the lake knows no such id."""
        metadata = (("authorization", f"Bearer {self._tokens.token()}"),) if self._tokens else None
        try:
            found = self._stub.GetDataset(
                lake_pb2.GetDatasetRequest(dataset_id=dataset_id),
                timeout=self._timeout,
                metadata=metadata,
            )
        except grpc.RpcError as error:
            code = error.code() if isinstance(error, grpc.Call) else None
            details = (error.details() if isinstance(error, grpc.Call) else None) or str(error)
            if code in _UNKNOWN:
                return None
            if code in _UNAVAILABLE:
                raise LakeUnavailable(code, details) from error
            raise LakeError(code, details) from error
        return LakeDataset(
            id=found.id,
            title=found.title,
            description=found.description,
            publisher=found.publisher,
            access_rights=found.access_rights,
            latest_snapshot_id=found.latest_snapshot_id or None,
            row_count=found.row_count,
            updated_at=found.updated_at.ToDatetime(tzinfo=UTC)
            if found.HasField("updated_at")
            else None,
            url=found.url,
        )
