"""Reading a dataset's rows: any version, as of a date, the difference between two
versions; always through the reader's access rule and row filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader, row_filter
from collectivia.data_lake.datasets.schemas import DatasetRead
from collectivia.data_lake.datasets.service import Datasets
from collectivia.lakehouse.queries import TableDiff, diff_tables
from collectivia.lakehouse.tables import Lakehouse, UnknownTable, Version
from collectivia.platform.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class VersionChoice:
    """Which version to read: a snapshot id, the one current at a date, or the latest."""

    snapshot_id: str | None = None
    as_of: datetime | None = None


@dataclass(frozen=True)
class VisibleRows:
    dataset: DatasetRead
    version: Version
    rows: pa.Table


class DatasetReads:
    def __init__(self, *, datasets: Datasets, lakehouse: Lakehouse) -> None:
        self._datasets = datasets
        self._lakehouse = lakehouse

    def versions(self, dataset_id: str, *, reader: Reader) -> list[Version]:
        dataset = self._datasets.get(dataset_id, reader=reader)
        if dataset.latest_snapshot_id is None:
            return []
        return list(reversed(self._lakehouse.versions(dataset_id)))

    def resolve(self, dataset: DatasetRead, choice: VersionChoice) -> Version:
        dataset_id = dataset.id
        if choice.snapshot_id and choice.as_of:
            raise InvalidInput(messages.BOTH_VERSION_AND_AS_OF)
        if dataset.latest_snapshot_id is None:
            raise NotFound(messages.NO_VERSION_YET.format(dataset_id=dataset_id))
        try:
            if choice.snapshot_id:
                return self._lakehouse.version(dataset_id, _snapshot_id(choice.snapshot_id))
            if choice.as_of:
                if choice.as_of.tzinfo is None:
                    raise InvalidInput(messages.AS_OF_NAIVE)
                return self._lakehouse.version_as_of(dataset_id, choice.as_of)
            return self._lakehouse.latest_version(dataset_id)
        except UnknownTable:
            if choice.as_of:
                raise NotFound(
                    messages.NO_VERSION_AS_OF.format(
                        dataset_id=dataset_id, moment=choice.as_of.isoformat()
                    )
                ) from None
            raise NotFound(
                messages.VERSION_NOT_FOUND.format(dataset_id=dataset_id, version=choice.snapshot_id)
            ) from None

    def read(
        self, dataset_id: str, *, reader: Reader, choice: VersionChoice = VersionChoice()
    ) -> VisibleRows:
        """The rows of one version that ``reader`` may see."""
        dataset = self._datasets.get(dataset_id, reader=reader)
        version = self.resolve(dataset, choice)
        rows = self._lakehouse.read(
            dataset_id, snapshot_id=version.snapshot_id, row_filter=row_filter(dataset, reader)
        )
        return VisibleRows(dataset=dataset, version=version, rows=rows)

    def diff(
        self, dataset_id: str, *, reader: Reader, before: str, after: str
    ) -> tuple[Version, Version, TableDiff, list[str]]:
        older = self.read(dataset_id, reader=reader, choice=VersionChoice(snapshot_id=before))
        newer = self.read(dataset_id, reader=reader, choice=VersionChoice(snapshot_id=after))
        key = list(newer.dataset.key_columns)
        return older.version, newer.version, diff_tables(older.rows, newer.rows, key=key), key


def _snapshot_id(text: str) -> int:
    if not text.isdigit() or len(text) > 20:
        raise InvalidInput(messages.VERSION_INVALID.format(version=text[:40]))
    return int(text)
