"""A service assembled from its areas: each area built in order, then the workers, the Kafka
consumer and the gRPC server started; if any step fails, everything started so far is stopped
in reverse order and the error goes on. ``RunningService.stop`` stops it all, in reverse.

What the areas share (database sessions, event publisher, service token, channels and HTTP
clients to other services) is opened on first use and closed by the platform.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from typing import Any, TypeVar, cast

import grpc
import httpx
from sqlalchemy import Engine, MetaData, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from collectivia.platform.areas import Area
from collectivia.platform.auth.grpc_interceptors import BearerTokenServerInterceptor
from collectivia.platform.auth.service_tokens import ServiceTokenProvider
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.events.catalogue import EventType
from collectivia.platform.events.consumer import (
    BatchHandler,
    EventConsumer,
    Handler,
    ReceivedEvent,
)
from collectivia.platform.events.outbox.relay import RecordSender
from collectivia.platform.events.protocol import EventPublisher
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.grpc_client import open_channel
from collectivia.platform.grpc_server import DEFAULT_MAX_RECEIVE_BYTES, build_grpc_server
from collectivia.platform.settings import AreaSettings, ServiceSettings
from collectivia.platform.telemetry import Telemetry

logger = logging.getLogger(__name__)

T = TypeVar("T")
S = TypeVar("S", bound=AreaSettings)
EngineFactory = Callable[[str], Engine]


class MissingProvision(LookupError):
    """An area asked for an object no earlier area built: the areas' order is wrong."""


class Provisions:
    """The objects of a running service, by type: the settings, the sections, each area's
    service object and what areas provided besides. Views reach one of them through
    ``collectivia.platform.app.provided``."""

    def __init__(self) -> None:
        self._objects: dict[type[Any], object] = {}

    @classmethod
    def of(cls, objects: Mapping[type[Any], object]) -> Provisions:
        """Provisions holding ``objects`` under the given types: views tested on their own
        (``app.state.provisions``), with stand-ins."""
        provisions = cls()
        for as_type, obj in objects.items():
            provisions.add(obj, as_type=as_type)
        return provisions

    def add(self, obj: object, *, as_type: type[Any] | None = None) -> None:
        self._objects[as_type or type(obj)] = obj

    def find(self, cls: type[T]) -> T | None:
        found = self._objects.get(cls)
        if found is None:  # a subclass (a test's replacement) provided under its own type
            found = next((o for o in self._objects.values() if isinstance(o, cls)), None)
        return cast(T | None, found)

    def get(self, cls: type[T]) -> T:
        found = self.find(cls)
        if found is None:
            raise MissingProvision(f"nothing provides {cls.__name__}: check the areas' order")
        return found


class AreaContext:
    """What an area's ``build`` gets: the settings, telemetry, the objects earlier areas built,
    and the shared resources, opened on first use."""

    def __init__(
        self,
        *,
        settings: ServiceSettings,
        telemetry: Telemetry,
        verifier: TokenVerifier,
        provisions: Provisions,
        tables: Sequence[Table],
        engine_factory: EngineFactory,
        closing: ExitStack,
    ) -> None:
        self.settings = settings
        self.telemetry = telemetry
        self.verifier = verifier
        self._provisions = provisions
        self._tables = tables
        self._engine_factory = engine_factory
        self._closing = closing
        self._sessions: sessionmaker[Any] | None = None
        self._publisher: KafkaEventPublisher | None = None
        self._tokens: ServiceTokenProvider | None = None
        self._channels: dict[str, grpc.Channel] = {}

    def get(self, cls: type[T]) -> T:
        """The object of type ``cls`` an earlier area built or provided (or a test supplied)."""
        return self._provisions.get(cls)

    def supplied(self, cls: type[T]) -> T | None:
        """The object of type ``cls`` given from outside (a test's replacement), if any."""
        return self._provisions.find(cls)

    def provide(self, obj: object, *, as_type: type[Any] | None = None) -> None:
        """Offer ``obj`` to later areas and to views, besides the area's own object."""
        self._provisions.add(obj, as_type=as_type)

    def section(self, cls: type[S]) -> S:
        """The area's settings section, as read at start (or supplied by a test)."""
        return self._provisions.get(cls)

    @property
    def sessions(self) -> sessionmaker[Any]:
        """Sessions of the service's database; its tables are created on first use."""
        if self._sessions is None:
            if not self.settings.database_url:
                raise RuntimeError(f"{self.settings.service_name} has no database_url")
            engine = self._engine_factory(self.settings.database_url)
            self._closing.callback(engine.dispose)
            create_tables(engine, self._tables)
            self._sessions = create_session_factory(engine)
        return self._sessions

    @property
    def publisher(self) -> EventPublisher:
        return self._kafka()

    @property
    def record_sender(self) -> RecordSender:
        """The same producer, sending records as they are (the outbox relay)."""
        return self._kafka()

    def _kafka(self) -> KafkaEventPublisher:
        if self._publisher is None:
            settings = self.settings
            self._publisher = KafkaEventPublisher(
                settings.kafka, settings.service_name, self.telemetry
            )
            self._closing.callback(self._publisher.close)
        return self._publisher

    @property
    def service_tokens(self) -> ServiceTokenProvider:
        """This service's client-credentials token, for calls to other services."""
        if self._tokens is None:
            settings = self.settings
            self._tokens = ServiceTokenProvider(
                settings.keycloak, settings.client_id, settings.client_secret.get_secret_value()
            )
        return self._tokens

    def channel(self, target: str) -> grpc.Channel:
        """A traced gRPC channel to another service carrying this service's token; one per
        target, closed at stop."""
        if target not in self._channels:
            channel = open_channel(target, self.telemetry, self.service_tokens)
            self._closing.callback(channel.close)
            self._channels[target] = channel
        return self._channels[target]

    def http_client(self, base_url: str, *, timeout: float = 5.0) -> httpx.Client:
        """A traced HTTP client for another service, closed at stop."""
        client = httpx.Client(base_url=base_url, timeout=timeout)
        self.telemetry.instrument_httpx(client)
        self._closing.callback(client.close)
        return client

    def on_stop(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` when the service stops (before the shared resources close)."""
        self._closing.callback(callback)


# Tries of a creation another process of the service may be making at the same moment.
_CREATE_TRIES = 3


def create_tables(engine: Engine, tables: Iterable[Table]) -> None:
    """Create the missing ``tables`` (each service keeps its own metadata).

    Several processes of one service (the chat's worker processes, replicas) start together
    on one database: between ``create_all``'s check and its ``CREATE``, another may create
    the same table. That creation is theirs, not an error: the check is made again."""
    by_metadata: dict[int, tuple[MetaData, list[Table]]] = {}
    for table in tables:
        by_metadata.setdefault(id(table.metadata), (table.metadata, []))[1].append(table)
    for metadata, listed in by_metadata.values():
        for attempt in range(1, _CREATE_TRIES + 1):
            try:
                metadata.create_all(engine, tables=listed)
                break
            except DBAPIError as error:
                if attempt == _CREATE_TRIES or not _created_meanwhile(error):
                    raise
                logger.info("a table was created by another process meanwhile: checked again")


def _created_meanwhile(error: DBAPIError) -> bool:
    """SQLite and PostgreSQL's words for a table or index created by someone else: "already
    exists", or PostgreSQL's catalogue key when both inserted the same type name at once."""
    text = str(error.orig)
    return "already exists" in text or "pg_type_typname_nsp_index" in text


class RunningService:
    """A started service: its provisions, its consumer (if it subscribes), its gRPC port (0
    when it serves no gRPC)."""

    def __init__(
        self,
        provisions: Provisions,
        stack: ExitStack,
        consumer: EventConsumer | None,
        grpc_port: int,
    ) -> None:
        self.provisions = provisions
        self.consumer = consumer
        self.grpc_port = grpc_port
        self._stack = stack

    def get(self, cls: type[T]) -> T:
        return self.provisions.get(cls)

    @property
    def ready(self) -> bool:
        """Started, and its consumer (if any) was given its partitions."""
        return self.consumer is None or self.consumer.positioned

    def stop(self) -> None:
        self._stack.close()


def assemble(
    areas: Sequence[Area[Any]],
    *,
    settings: ServiceSettings,
    telemetry: Telemetry,
    verifier: TokenVerifier,
    supplied: Iterable[object] = (),
    engine_factory: EngineFactory = create_database_engine,
) -> RunningService:
    """Build every area in order and start the service; on failure, stop what started."""
    provisions = Provisions()
    for obj in (settings, *supplied):
        provisions.add(obj)
    with ExitStack() as stack:
        context = AreaContext(
            settings=settings,
            telemetry=telemetry,
            verifier=verifier,
            provisions=provisions,
            tables=[cast(Table, cls.__table__) for area in areas for cls in area.tables],
            engine_factory=engine_factory,
            closing=stack,
        )
        built = [_build(area, context, stack) for area in areas]
        for area, obj in zip(areas, built, strict=True):
            for worker in area.workers:
                stack.callback(worker.start(obj).stop)
        # The consumer last, and stopped first: no event is taken while the service is still
        # starting (a model loading beside the handlers), and a worker's last round (the
        # sink's final flush) sees everything it handled.
        _freeze_start_objects()
        consumer = _start_consumer(areas, built, context, stack)
        grpc_port = _start_grpc(areas, built, context, stack)
        logger.info(
            "%s started: %d areas, gRPC port %d",
            settings.service_name,
            len(areas),
            grpc_port,
        )
        return RunningService(provisions, stack.pop_all(), consumer, grpc_port)
    raise AssertionError("unreachable")  # the with block returns or raises


# Set once the first service of the process has frozen its start's objects.
_start_frozen = threading.Event()


def _freeze_start_objects() -> None:
    """Move the objects made so far (modules, settings, the areas' models and catalogues:
    near a million in a service) out of the collector's generations: each full collection,
    which a consumer's allocations trigger every few thousand events, walked them all (0.4 s
    each). Once per process: one that starts several services (the tests) would otherwise
    keep the garbage of the earlier ones for good."""
    if not _start_frozen.is_set():
        _start_frozen.set()
        gc.freeze()


def _build(area: Area[T], context: AreaContext, stack: ExitStack) -> T:
    if area.settings is not None and context.supplied(area.settings) is None:
        context.provide(area.settings())
    obj = area.build(context)
    if obj is not None:
        context.provide(obj)
    if area.stop is not None:
        stop = area.stop
        stack.callback(lambda: stop(obj))
    return obj


def _start_consumer(
    areas: Sequence[Area[Any]], built: Sequence[object], context: AreaContext, stack: ExitStack
) -> EventConsumer | None:
    handlers: dict[EventType[Any], list[Handler]] = {}
    batches: dict[EventType[Any], list[BatchHandler | None]] = {}
    for area, obj in zip(areas, built, strict=True):
        for subscription in area.subscriptions:
            handlers.setdefault(subscription.event, []).append(subscription.handler(obj))
            batch = subscription.batch(obj) if subscription.batch is not None else None
            batches.setdefault(subscription.event, []).append(batch)
    if not handlers:
        return None
    settings = context.settings
    consumer = EventConsumer(
        settings.kafka,
        group_id=settings.consumer_group or settings.service_name,
        handlers={event: _in_turn(each) for event, each in handlers.items()},
        telemetry=context.telemetry,
        client_id=settings.service_name,
        batch_handlers={
            event: _batches_in_turn(each)
            for event, each in batches.items()
            if all(batch is not None for batch in each)
        },
    )
    consumer.start()
    stack.callback(consumer.stop)
    return consumer


def _in_turn(handlers: list[Handler]) -> Handler:
    """Several areas of one service consume the same event: each handles it, in the areas'
    order, within one delivery (handlers are idempotent: a retry repeats them all)."""
    if len(handlers) == 1:
        return handlers[0]

    def handle(event: ReceivedEvent) -> None:
        for handler in handlers:
            handler(event)

    return handle


def _batches_in_turn(batches: list[BatchHandler | None]) -> BatchHandler:
    present = [batch for batch in batches if batch is not None]
    if len(present) == 1:
        return present[0]

    def handle(events: list[ReceivedEvent]) -> None:
        for batch in present:
            batch(events)

    return handle


def _start_grpc(
    areas: Sequence[Area[Any]], built: Sequence[object], context: AreaContext, stack: ExitStack
) -> int:
    endpoints = [
        (endpoint, obj) for area, obj in zip(areas, built, strict=True) for endpoint in area.grpc
    ]
    if not endpoints:
        return 0
    service_only = frozenset(
        endpoint.method_path(method)
        for endpoint, _ in endpoints
        for method in endpoint.service_only
    )
    limits = [e.max_receive_bytes(obj) for e, obj in endpoints if e.max_receive_bytes is not None]
    server = build_grpc_server(
        context.telemetry,
        [BearerTokenServerInterceptor(context.verifier, service_only)],
        max_receive_bytes=max([DEFAULT_MAX_RECEIVE_BYTES, *limits]),
    )
    for endpoint, obj in endpoints:
        endpoint.add_to_server(endpoint.servicer(obj), server)
    settings = context.settings
    port = server.add_insecure_port(f"{settings.http_host}:{settings.grpc_port}")
    server.start()
    stack.callback(lambda: server.stop(grace=5).wait())
    return port
