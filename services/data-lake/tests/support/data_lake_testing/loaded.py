"""Rows put in a dataset of the running lake as an accepted load leaves them (written to its
Iceberg table, the version recorded), for the tests of what reads them."""

from __future__ import annotations

import uuid

import pyarrow as pa

from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.flight.area import LakeFlight
from collectivia.data_lake.settings import DataLakeSettings
from collectivia.lakehouse.tables import Lakehouse, Version
from collectivia.testkit.apps import RunningApp


def flight_location(lake: RunningApp[DataLakeSettings]) -> str:
    return f"grpc+tcp://127.0.0.1:{lake.service.get(LakeFlight).port}"


def load_rows(
    lake: RunningApp[DataLakeSettings],
    dataset_id: str,
    rows: pa.Table,
    *,
    replace: bool = True,
    schema_version: str = "",
) -> Version:
    """``rows`` as the dataset's new content (``replace``) or after its rows: a new version."""
    version = lake.service.get(Lakehouse).write(
        dataset_id,
        rows,
        load_id=uuid.uuid4().hex,
        operation="load",
        replace=replace,
    )
    lake.service.get(Datasets).record_version(dataset_id, version, schema_version=schema_version)
    return version


def table(**columns: list[object]) -> pa.Table:
    """A table from columns of Python values (types inferred)."""
    return pa.table(columns)
