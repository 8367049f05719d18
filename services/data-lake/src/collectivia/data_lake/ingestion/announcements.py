"""Telling the suite that a dataset has a new version: ``fr.collectivia.lake.dataset-updated.v1``,
keyed by the dataset's id. Every path that writes a version (loads, erasures, telemetry
appends, DSP deliveries) announces it here, the same way."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from collectivia.data_lake.datasets.schemas import DatasetRead
from collectivia.events.v1 import lake_pb2
from collectivia.lakehouse.tables import Version
from collectivia.platform.errors import DomainError
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventPublisher

log = logging.getLogger(__name__)

REPLACE = "replace"
APPEND = "append"
MODES = frozenset({REPLACE, APPEND})


def _now() -> datetime:
    return datetime.now(UTC)


class DatasetUpdates:
    def __init__(self, *, publisher: EventPublisher, clock: Callable[[], datetime] = _now) -> None:
        self._publisher = publisher
        self._clock = clock

    def announce(
        self,
        dataset: DatasetRead,
        version: Version,
        *,
        mode: str,
        schema_version: str,
        contract_id: str | None = None,
    ) -> bool:
        """Publish the new ``version`` of ``dataset`` (``mode``: "replace" or "append") and
        wait for Kafka's acknowledgement. False when it was not acknowledged: the version is
        written all the same, the failure is logged (an outbox will send it again: a later
        issue). ``contract_id``: the DSP contract the data came from, when not the dataset's."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {sorted(MODES)}, not {mode!r}")
        payload = lake_pb2.DatasetUpdated(
            dataset_id=dataset.id,
            snapshot_id=str(version.snapshot_id),
            mode=mode,
            rows_added=version.rows_added,
            rows_removed=version.rows_removed,
            total_rows=version.total_rows,
            schema_name=dataset.schema_name,
            schema_version=schema_version,
            access_rights=dataset.access_rights.value,
            contract_id=contract_id or dataset.contract_id or "",
            updated_at=timestamp(self._clock()),
        )
        try:
            self._publisher.publish(payload, key=dataset.id, wait=True)
        except Exception as error:  # the broker's failure must not undo a written version
            log.error(
                "dataset-updated NOT published for %s snapshot %s (%s): the version is written "
                "and readable, but consumers will not hear of it until it is sent again",
                dataset.id,
                version.snapshot_id,
                error.detail if isinstance(error, DomainError) else repr(error),
            )
            return False
        return True
