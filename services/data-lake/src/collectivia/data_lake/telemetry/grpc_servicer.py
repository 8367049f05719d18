"""gRPC DataLakeService: translation only. GetDataset and ListDatasets answer the metadata
of the datasets the caller may describe (``datasets.access.may_describe``: their readers,
and the suite's own services whatever the access rights), never rows; IngestTelemetry hands
the stream to the telemetry ingestion and sends back its acknowledgements."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import grpc

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.schemas import DATASET_ID, DatasetRead
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.telemetry.service import BatchAck, IncomingBatch, TelemetryIngestion
from collectivia.data_lake.telemetry.wire import readings_table
from collectivia.lake.v1 import lake_pb2, lake_pb2_grpc
from collectivia.platform.auth.grpc_interceptors import current_principal
from collectivia.platform.errors import InvalidInput
from collectivia.platform.events.payloads import timestamp

_DATASET_ID = re.compile(DATASET_ID)


class DataLakeServicer(lake_pb2_grpc.DataLakeServiceServicer):
    def __init__(
        self,
        *,
        datasets: Datasets,
        ingestion: TelemetryIngestion,
        public_url: str,
    ) -> None:
        self._datasets = datasets
        self._ingestion = ingestion
        self._public_url = public_url.rstrip("/")

    def GetDataset(  # noqa: N802 - the contract's method name
        self, request: lake_pb2.GetDatasetRequest, context: grpc.ServicerContext
    ) -> lake_pb2.Dataset:
        if not _DATASET_ID.match(request.dataset_id):
            raise InvalidInput(
                messages.DATASET_ID_INVALID.format(dataset_id=request.dataset_id[:120])
            )
        reader = Reader.of(current_principal())
        return self._message(self._datasets.metadata(request.dataset_id, reader=reader))

    def ListDatasets(  # noqa: N802 - the contract's method name
        self, request: lake_pb2.ListDatasetsRequest, context: grpc.ServicerContext
    ) -> lake_pb2.ListDatasetsResponse:
        reader = Reader.of(current_principal())
        return lake_pb2.ListDatasetsResponse(
            datasets=[
                self._message(d)
                for d in self._datasets.list_metadata(reader=reader, theme=request.theme)
            ]
        )

    def IngestTelemetry(  # noqa: N802 - the contract's method name
        self, request_iterator: Iterable[lake_pb2.TelemetryBatch], context: grpc.ServicerContext
    ) -> Iterator[lake_pb2.TelemetryAck]:
        operator = Reader.of(current_principal())
        batches = (
            IncomingBatch(b.dataset_id, b.batch_id, readings_table(b.readings))
            for b in request_iterator
        )
        for ack in self._ingestion.ingest(batches, operator=operator):
            yield ack_message(ack)

    def _message(self, dataset: DatasetRead) -> lake_pb2.Dataset:
        return lake_pb2.Dataset(
            id=dataset.id,
            title=dataset.title,
            description=dataset.description,
            publisher=dataset.publisher,
            licence=dataset.licence,
            themes=dataset.themes,
            communes=dataset.communes,
            access_rights=dataset.access_rights.value,
            schema_name=dataset.schema_name,
            schema_version=dataset.schema_version,
            owner_department=dataset.owner_department,
            steward=dataset.steward,
            provider=dataset.provider,
            contract_id=dataset.contract_id or "",
            latest_snapshot_id=dataset.latest_snapshot_id or "",
            row_count=dataset.row_count,
            updated_at=timestamp(dataset.updated_at),
            url=f"{self._public_url}/v1/datasets/{dataset.id}",
        )


def ack_message(ack: BatchAck) -> lake_pb2.TelemetryAck:
    return lake_pb2.TelemetryAck(
        batch_id=ack.batch_id,
        accepted=ack.accepted,
        rejected=[lake_pb2.RejectedReading(index=i, reason=reason) for i, reason in ack.rejected],
        duplicate=ack.duplicate,
        snapshot_id=str(ack.snapshot_id) if ack.snapshot_id is not None else "",
    )
