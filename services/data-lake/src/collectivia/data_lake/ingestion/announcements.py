"""Telling the suite that a dataset has a new version: ``fr.collectivia.lake.dataset-updated.v1``,
keyed by the dataset's id. Every path that writes a version (loads, erasures, telemetry
appends, DSP deliveries) announces it here, the same way: through the outbox, in the
transaction that records the version (a recorded version is announced at least once, an
unrecorded one never)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from collectivia.data_lake.datasets.schemas import DatasetRead
from collectivia.events.v1 import lake_pb2
from collectivia.lakehouse.tables import Version
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

REPLACE = "replace"
APPEND = "append"
MODES = frozenset({REPLACE, APPEND})


def _now() -> datetime:
    return datetime.now(UTC)


class DatasetUpdates:
    def __init__(self, *, outbox: EventOutbox, clock: Callable[[], datetime] = _now) -> None:
        self._outbox = outbox
        self._clock = clock

    def announce(
        self,
        session: Session,
        dataset: DatasetRead,
        version: Version,
        *,
        mode: str,
        schema_version: str,
        contract_id: str | None = None,
    ) -> str:
        """Write the announcement of ``dataset``'s new ``version`` (``mode``: "replace" or
        "append") in ``session``'s transaction, the one that records the version; the relay
        sends it once committed. ``contract_id``: the DSP contract the data came from, when
        not the dataset's. Returns the event's id."""
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
        return self._outbox.add(session, payload, key=dataset.id)
