"""Arrow Flight's tickets and descriptors (JSON or a path), and a server whose port is taken
failing at start with a message saying what to set."""

from __future__ import annotations

import socket
from typing import Any, cast

import pyarrow.flight as flight
import pytest

from collectivia.data_lake.flight.area import FlightNotStarted, LakeFlight
from collectivia.data_lake.flight.server import TicketRequest
from collectivia.platform.errors import InvalidInput


def test_a_ticket_is_json_with_a_dataset_and_an_optional_version() -> None:
    assert TicketRequest.decode(b'{"dataset_id": "subventions"}') == TicketRequest("subventions")
    pinned = TicketRequest.decode(b'{"dataset_id": "subventions", "version": 42}')
    assert pinned == TicketRequest("subventions", "42")
    assert TicketRequest.decode(pinned.encode()) == pinned
    for raw in (b"subventions", b"[]", b'{"dataset_id": ""}', b'{"dataset_id": "a", "x": 1}'):
        with pytest.raises(InvalidInput):
            TicketRequest.decode(raw)
    with pytest.raises(InvalidInput):
        TicketRequest.decode(b'{"dataset_id": "a", "version": [1]}')
    with pytest.raises(InvalidInput):
        TicketRequest.decode(b"\xff")


def test_a_descriptor_is_a_path_or_a_ticket_as_command() -> None:
    of = TicketRequest.of_descriptor
    assert of(flight.FlightDescriptor.for_path("subventions")) == TicketRequest("subventions")
    assert of(flight.FlightDescriptor.for_path("subventions", "7")) == TicketRequest(
        "subventions", "7"
    )
    command = flight.FlightDescriptor.for_command(b'{"dataset_id": "a", "version": "3"}')
    assert of(command) == TicketRequest("a", "3")
    with pytest.raises(InvalidInput):
        of(flight.FlightDescriptor.for_path("a", "b", "c"))


def test_a_taken_port_stops_the_start_with_what_to_set() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stand_in = cast(Any, None)
        endpoint = LakeFlight(
            host="127.0.0.1",
            port=port,
            verifier=stand_in,
            datasets=stand_in,
            reads=stand_in,
            lakehouse=stand_in,
        )
        with pytest.raises(FlightNotStarted, match="COLLECTIVIA_DATA_LAKE_FLIGHT_PORT"):
            endpoint.start()
    endpoint.stop()  # nothing started: nothing to stop
