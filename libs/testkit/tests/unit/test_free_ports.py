"""The ports handed to services under test: free, never twice, out of the kernel's way."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from collectivia.testkit import processes
from collectivia.testkit.processes import free_port


def test_ports_are_distinct_bindable_and_below_the_ephemeral_range() -> None:
    low, _ = processes._ephemeral_range()
    ports = [free_port() for _ in range(40)]
    assert len(set(ports)) == len(ports)
    assert all(20000 <= port < low for port in ports)
    with socket.socket() as service:
        service.bind(("127.0.0.1", ports[-1]))  # the service can take it


class _Draws:
    """Draws the given ports in turn, as the random choice would."""

    def __init__(self, ports: list[int]) -> None:
        self._ports: Iterator[int] = iter(ports)

    def randrange(self, start: int, stop: int) -> int:
        return next(self._ports)


def test_a_port_someone_listens_on_or_already_handed_out_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handed, busy, free = free_port(), free_port(), free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", busy))
        taken.listen()
        processes._HANDED_OUT.discard(busy)  # as if another process held it
        processes._HANDED_OUT.discard(free)
        monkeypatch.setattr(processes, "_PORT_CHOICE", _Draws([handed, busy, free]))
        assert free_port() == free
