"""What a business area declares: everything it adds to its service.

A service is a list of areas (``ServiceDefinition.areas``); the platform assembles it
(``collectivia.platform.assembly``). An area is a package (``systems/``, ``inbox/``...) whose
``area.py`` holds one :class:`Area`: how to build its service object from what the platform
and earlier areas offer, and what it contributes — HTTP routers, tables, Kafka
subscriptions, gRPC services, background workers, its settings section, the events it
publishes and what it calls in other services. Adding an area is adding its package and one
line to the service's list; the declarations also write the service's card (README).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from fastapi import APIRouter
from google.protobuf.descriptor import ServiceDescriptor

from collectivia.platform.events.catalogue import EventType
from collectivia.platform.events.consumer import BatchHandler, Handler
from collectivia.platform.settings import AreaSettings

if TYPE_CHECKING:
    import grpc

    from collectivia.platform.assembly import AreaContext

T = TypeVar("T")


class Stoppable(Protocol):
    def stop(self) -> None: ...


@dataclass(frozen=True)
class Subscription(Generic[T]):
    """Events of one type, handled by the area's object (``handler(built)``); ``batch``
    optionally takes all the new events of a poll at once (one transaction)."""

    event: EventType[Any]
    handler: Callable[[T], Handler]
    batch: Callable[[T], BatchHandler] | None = None


@dataclass(frozen=True)
class GrpcEndpoint(Generic[T]):
    """A gRPC service the area serves: its generated descriptor and registration function,
    and its servicer built from the area's object."""

    service: ServiceDescriptor
    add_to_server: Callable[[Any, grpc.Server], None]
    servicer: Callable[[T], object]
    # Methods (names, e.g. "CheckUse") kept to services' client-credentials tokens.
    service_only: tuple[str, ...] = ()
    # The largest request this service takes, when larger than gRPC's 4 MiB (uploads).
    max_receive_bytes: Callable[[T], int] | None = None

    def method_path(self, method: str) -> str:
        return f"/{self.service.full_name}/{method}"


@dataclass(frozen=True)
class Worker(Generic[T]):
    """A background activity of the area, started once every area is built; ``start``
    returns what stops it."""

    name: str
    start: Callable[[T], Stoppable]


@dataclass(frozen=True)
class Call:
    """Something the area calls in another service: a gRPC method
    (``collectivia.register.v1.RegisterService/CheckUse``) or an HTTP route
    (``POST /v1/incidents``), for the suite map."""

    target: str
    why: str


@dataclass(frozen=True)
class Area(Generic[T]):
    """One business area of a service. ``build`` runs at start, in the service's order, and
    returns the area's service object (what its views, servicers and handlers use); ``stop``
    closes what ``build`` opened that the platform does not own."""

    name: str
    summary: str
    build: Callable[[AreaContext], T]
    routers: Sequence[APIRouter] = ()
    # Declarative classes of the area's tables (created at start when missing).
    tables: Sequence[type[Any]] = ()
    subscriptions: Sequence[Subscription[T]] = ()
    publishes: Sequence[EventType[Any]] = ()
    grpc: Sequence[GrpcEndpoint[T]] = ()
    workers: Sequence[Worker[T]] = ()
    calls: Sequence[Call] = ()
    settings: type[AreaSettings] | None = None
    stop: Callable[[T], None] | None = None
