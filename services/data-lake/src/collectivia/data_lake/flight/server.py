"""Bulk reads over Apache Arrow Flight: the rows stream as Arrow record batches, through the
SAME access rule and commune filter as every other read path (``DatasetReads``).

- Authentication: the Keycloak bearer token in the ``authorization`` header of every call,
  verified by the service's ``TokenVerifier`` (a server middleware); no token, no call.
- A ticket (and a command descriptor) is JSON: ``{"dataset_id": "...", "version": "..."}``
  (version optional: the latest); a path descriptor is ``[dataset_id]`` or
  ``[dataset_id, version]``.
- ``list_flights``: the datasets the caller may see (schema of their table, row count
  unknown: the caller's filter applies at read); ``get_flight_info``: the exact schema and
  number of rows the caller would get; ``do_get``: the rows.
- Errors become Flight errors with the French message of the domain error: unauthenticated,
  unauthorized, unavailable; others (not found, invalid) a server error whose
  ``extra_info`` is the problem's slug (``not-found``, ``invalid-input``...), as Flight has
  no "not found" status.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.flight as flight

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.reading import DatasetReads, VersionChoice
from collectivia.data_lake.datasets.service import Datasets
from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.platform.auth.principal import Principal
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import (
    DependencyUnavailable,
    DomainError,
    InvalidInput,
    PermissionDenied,
    Unauthenticated,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")
AUTH = "auth"


@dataclass(frozen=True)
class TicketRequest:
    dataset_id: str
    version: str | None = None

    def encode(self) -> bytes:
        body: dict[str, str] = {"dataset_id": self.dataset_id}
        if self.version:
            body["version"] = self.version
        return json.dumps(body).encode()

    @classmethod
    def decode(cls, raw: bytes, problem: str = messages.FLIGHT_TICKET_INVALID) -> TicketRequest:
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput(problem) from None
        if not isinstance(body, dict) or set(body) - {"dataset_id", "version"}:
            raise InvalidInput(problem)
        dataset_id, version = body.get("dataset_id"), body.get("version")
        if not isinstance(dataset_id, str) or not dataset_id:
            raise InvalidInput(problem)
        if version is not None and not isinstance(version, str | int):
            raise InvalidInput(problem)
        return cls(dataset_id, str(version) if version is not None else None)

    @classmethod
    def of_descriptor(cls, descriptor: flight.FlightDescriptor) -> TicketRequest:
        problem = messages.FLIGHT_DESCRIPTOR_INVALID
        if descriptor.descriptor_type == flight.DescriptorType.CMD:
            return cls.decode(descriptor.command, problem)
        path = [p.decode() if isinstance(p, bytes) else str(p) for p in (descriptor.path or [])]
        if len(path) not in (1, 2) or not path[0]:
            raise InvalidInput(problem)
        return cls(path[0], path[1] if len(path) == 2 else None)


class CallerMiddleware(flight.ServerMiddleware):  # type: ignore[misc]
    """Holds the verified caller of one call."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal


class BearerTokenMiddlewareFactory(flight.ServerMiddlewareFactory):  # type: ignore[misc]
    """Refuses any call without a valid token for this service."""

    def __init__(self, verifier: TokenVerifier) -> None:
        super().__init__()
        self._verifier = verifier

    def start_call(self, info: Any, headers: dict[str, list[str]]) -> CallerMiddleware:
        values = headers.get("authorization") or []
        scheme, _, token = (values[0] if values else "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise flight.FlightUnauthenticatedError(messages.FLIGHT_TOKEN_REQUIRED)
        return CallerMiddleware(_translated(lambda: self._verifier.verify(token.strip())))


class LakeFlightServer(flight.FlightServerBase):  # type: ignore[misc]
    def __init__(
        self,
        location: str,
        *,
        verifier: TokenVerifier,
        datasets: Datasets,
        reads: DatasetReads,
        lakehouse: Lakehouse,
    ) -> None:
        super().__init__(location, middleware={AUTH: BearerTokenMiddlewareFactory(verifier)})
        self._datasets = datasets
        self._reads = reads
        self._lakehouse = lakehouse

    def list_flights(
        self, context: flight.ServerCallContext, criteria: bytes
    ) -> Iterator[flight.FlightInfo]:
        reader = _reader(context)
        for dataset in _translated(lambda: self._datasets.list(reader=reader)):
            if dataset.latest_snapshot_id is None:
                continue
            try:
                schema = self._lakehouse.table(dataset.id).schema().as_arrow()
            except UnknownTable:
                continue
            yield _info(TicketRequest(dataset.id), schema, records=-1, size=-1)

    def get_flight_info(
        self, context: flight.ServerCallContext, descriptor: flight.FlightDescriptor
    ) -> flight.FlightInfo:
        reader = _reader(context)
        request = _translated(lambda: TicketRequest.of_descriptor(descriptor))
        rows = self._rows(request, reader)
        return _info(request, rows.schema, records=rows.num_rows, size=rows.nbytes)

    def do_get(
        self, context: flight.ServerCallContext, ticket: flight.Ticket
    ) -> flight.RecordBatchStream:
        reader = _reader(context)
        request = _translated(lambda: TicketRequest.decode(ticket.ticket))
        return flight.RecordBatchStream(self._rows(request, reader))

    def do_action(self, context: flight.ServerCallContext, action: flight.Action) -> Any:
        raise flight.FlightServerError(
            messages.FLIGHT_ACTION_UNKNOWN.format(action=action.type[:80]), b"invalid-input"
        )

    def list_actions(self, context: flight.ServerCallContext) -> list[Any]:
        return []

    def _rows(self, request: TicketRequest, reader: Reader) -> pa.Table:
        choice = VersionChoice(snapshot_id=request.version)
        visible = _translated(
            lambda: self._reads.read(request.dataset_id, reader=reader, choice=choice)
        )
        return visible.rows


def _reader(context: flight.ServerCallContext) -> Reader:
    caller = context.get_middleware(AUTH)
    if not isinstance(caller, CallerMiddleware):  # the factory refuses calls without one
        raise flight.FlightUnauthenticatedError(messages.FLIGHT_TOKEN_REQUIRED)
    return Reader.of(caller.principal)


def _info(request: TicketRequest, schema: pa.Schema, *, records: int, size: int) -> Any:
    descriptor = flight.FlightDescriptor.for_command(request.encode())
    # No location: the client reads from the server it asked.
    endpoint = flight.FlightEndpoint(request.encode(), [])
    return flight.FlightInfo(schema, descriptor, [endpoint], records, size)


def _translated(call: Callable[[], T]) -> T:
    """``call()``, its domain errors as Flight errors with their French message."""
    try:
        return call()
    except Unauthenticated as error:
        raise flight.FlightUnauthenticatedError(error.detail) from None
    except PermissionDenied as error:
        raise flight.FlightUnauthorizedError(error.detail) from None
    except DependencyUnavailable as error:
        raise flight.FlightUnavailableError(error.detail) from None
    except DomainError as error:
        raise flight.FlightServerError(error.detail, error.type_slug.encode()) from None
    except flight.FlightError:
        raise
    except Exception:
        logger.exception("Arrow Flight call failed")
        raise flight.FlightInternalError(messages.FLIGHT_INTERNAL) from None
