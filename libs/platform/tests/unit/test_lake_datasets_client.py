"""LakeDatasetsClient, the caller side of DataLakeService.GetDataset: translation, token,
deadline, unknown ids, errors.

A real gRPC server in the process, with a small scripted servicer; the lake itself answers
in services/data-lake/tests/integration/test_grpc_data_lake.py, and the register asks it in
tests/integration/test_register_links_lake_datasets.py.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import grpc
import pytest

from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc
from collectivia.platform.lake_datasets import (
    LakeDataset,
    LakeDatasetsClient,
    LakeError,
    LakeUnavailable,
)

UPDATED = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def telemetry() -> lake_pb2.Dataset:
    found = lake_pb2.Dataset(
        id="eau-telemetrie",
        title="Télérelève du réseau d'eau",
        description="Les relevés des capteurs du réseau.",
        publisher="Metz Métropole",
        access_rights="restricted",
        latest_snapshot_id="7312889126405537913",
        row_count=1200,
        url="http://lake.test/v1/datasets/eau-telemetrie",
    )
    found.updated_at.FromDatetime(UPDATED)
    return found


class ScriptedLake(lake_pb2_grpc.DataLakeServiceServicer):
    def __init__(self) -> None:
        self.requests: list[lake_pb2.GetDatasetRequest] = []
        self.tokens: list[str] = []
        self.answer = telemetry()
        self.error: tuple[grpc.StatusCode, str] | None = None
        self.hold = False
        self.release = threading.Event()

    def GetDataset(  # noqa: N802 - the contract's method name
        self, request: lake_pb2.GetDatasetRequest, context: grpc.ServicerContext
    ) -> lake_pb2.Dataset:
        self.requests.append(request)
        self.tokens.extend(str(v) for k, v in context.invocation_metadata() if k == "authorization")
        if self.hold:
            self.release.wait(10)
        if self.error is not None:
            context.abort(*self.error)
        return self.answer

    def ListDatasets(  # noqa: N802 - the contract's method name
        self, request: lake_pb2.ListDatasetsRequest, context: grpc.ServicerContext
    ) -> lake_pb2.ListDatasetsResponse:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "not scripted")

    def IngestTelemetry(  # noqa: N802 - the contract's method name
        self, request_iterator: Iterator[lake_pb2.TelemetryBatch], context: grpc.ServicerContext
    ) -> Iterator[lake_pb2.TelemetryAck]:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "not scripted")


class Tokens:
    def __init__(self) -> None:
        self.asked = 0

    def token(self) -> str:
        self.asked += 1
        return f"token-{self.asked}"


@pytest.fixture
def lake() -> Iterator[tuple[ScriptedLake, grpc.Channel]]:
    servicer = ScriptedLake()
    server = grpc.server(ThreadPoolExecutor(max_workers=4))
    lake_pb2_grpc.add_DataLakeServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield servicer, channel
    servicer.release.set()
    server.stop(grace=None)


def test_the_dataset_comes_back_as_a_dataclass(lake: tuple[ScriptedLake, grpc.Channel]) -> None:
    servicer, channel = lake
    found = LakeDatasetsClient(channel).get_dataset("eau-telemetrie")
    assert found == LakeDataset(
        id="eau-telemetrie",
        title="Télérelève du réseau d'eau",
        description="Les relevés des capteurs du réseau.",
        publisher="Metz Métropole",
        access_rights="restricted",
        latest_snapshot_id="7312889126405537913",
        row_count=1200,
        updated_at=UPDATED,
        url="http://lake.test/v1/datasets/eau-telemetrie",
    )
    assert not found.public
    assert [r.dataset_id for r in servicer.requests] == ["eau-telemetrie"]
    assert servicer.tokens == []  # no token source: the channel's own, here none


def test_a_dataset_never_loaded_has_no_version(lake: tuple[ScriptedLake, grpc.Channel]) -> None:
    servicer, channel = lake
    servicer.answer = lake_pb2.Dataset(id="budget", title="Budget", access_rights="public")
    found = LakeDatasetsClient(channel).get_dataset("budget")
    assert found is not None and found.public
    assert (found.latest_snapshot_id, found.updated_at, found.row_count) == (None, None, 0)


def test_each_call_carries_a_fresh_token_from_the_source(
    lake: tuple[ScriptedLake, grpc.Channel],
) -> None:
    servicer, channel = lake
    client = LakeDatasetsClient(channel, tokens=Tokens())
    client.get_dataset("a-1")
    client.get_dataset("b-1")
    assert servicer.tokens == ["Bearer token-1", "Bearer token-2"]


@pytest.mark.parametrize("code", [grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT])
def test_an_id_the_lake_does_not_know_gives_none(
    lake: tuple[ScriptedLake, grpc.Channel], code: grpc.StatusCode
) -> None:
    servicer, channel = lake
    servicer.error = (code, "Aucun jeu de données 'x'.")
    assert LakeDatasetsClient(channel).get_dataset("x") is None


def test_past_the_deadline_the_lake_is_unavailable(
    lake: tuple[ScriptedLake, grpc.Channel],
) -> None:
    servicer, channel = lake
    servicer.hold = True
    with pytest.raises(LakeUnavailable) as caught:
        LakeDatasetsClient(channel, timeout_seconds=0.2).get_dataset("eau-telemetrie")
    assert caught.value.code is grpc.StatusCode.DEADLINE_EXCEEDED


def test_an_unreachable_lake_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        grpc.insecure_channel(f"127.0.0.1:{port}") as channel,
        pytest.raises(LakeUnavailable) as caught,
    ):
        LakeDatasetsClient(channel).get_dataset("eau-telemetrie")
    assert caught.value.code is grpc.StatusCode.UNAVAILABLE


@pytest.mark.parametrize(
    "code",
    [grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.INTERNAL],
)
def test_other_failures_keep_the_code_and_reason(
    lake: tuple[ScriptedLake, grpc.Channel], code: grpc.StatusCode
) -> None:
    servicer, channel = lake
    servicer.error = (code, "Jeton refusé.")
    with pytest.raises(LakeError) as caught:
        LakeDatasetsClient(channel).get_dataset("eau-telemetrie")
    assert not isinstance(caught.value, LakeUnavailable)
    assert (caught.value.code, caught.value.details) == (code, "Jeton refusé.")
    assert "Jeton refusé." in str(caught.value)
