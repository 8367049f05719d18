"""The data lake's datasets for the register: ``DataLakeService.GetDataset`` through the
platform's client (``collectivia.platform.lake_datasets``, which holds the gRPC), on a
channel carrying the register's own service token. The lake answers the suite's services
with any dataset's metadata, restricted ones included, never rows."""

from __future__ import annotations

import logging

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.datasets import DatasetLookup, FoundDataset
from collectivia.ethics_register.systems.record import DatasetAccess
from collectivia.platform.errors import DependencyUnavailable
from collectivia.platform.lake_datasets import LakeDatasetsClient, LakeError, LakeUnavailable

logger = logging.getLogger(__name__)


class LakeDatasets(DatasetLookup):
    def __init__(self, client: LakeDatasetsClient) -> None:
        self._client = client

    def find(self, dataset_id: str) -> FoundDataset | None:
        try:
            dataset = self._client.get_dataset(dataset_id)
        except LakeError as error:
            # Down or too slow; or refused, a configuration problem said loudly here: either
            # way the register cannot check the entry now, and changes nothing.
            log = logger.warning if isinstance(error, LakeUnavailable) else logger.error
            log("data lake look-up of dataset %r failed: %s", dataset_id, error)
            raise DependencyUnavailable(messages.LAKE_UNAVAILABLE) from error
        if dataset is None:
            return None
        return FoundDataset(
            title=dataset.title,
            access_rights=_access(dataset.access_rights),
            latest_version=dataset.latest_snapshot_id,
            url=dataset.url or None,
        )


def _access(value: str) -> DatasetAccess:
    """The lake's access rights; a value this register does not know counts as restricted
    (never shown as public)."""
    try:
        return DatasetAccess(value)
    except ValueError:
        return DatasetAccess.RESTRICTED
