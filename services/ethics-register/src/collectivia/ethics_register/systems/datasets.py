"""An entry's data sources linked to the data-lake datasets they name (``dataset_id``).

The register asks the lake (the port :class:`DatasetLookup`; no gRPC here) when an entry
goes to review (submit, reinstate) and when an entry outside drafts is edited, so that an
entry under review or published never points at data the lake does not know; it keeps the
lake's answer with the source (title, access rights, latest version; the link of a public
dataset). Drafts keep their ids unchecked, and so does every entry when no lake is
configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.record import (
    DatasetAccess,
    LinkedDataset,
    SourceData,
    SystemRecord,
)
from collectivia.platform.errors import FieldError, RuleViolation

UNKNOWN_DATASET_RULE = "dataset-unknown"


@dataclass(frozen=True)
class FoundDataset:
    """A dataset as the lake describes it."""

    title: str
    access_rights: DatasetAccess
    latest_version: str | None
    url: str | None


class DatasetLookup:
    """The port to the data lake (``lake_client.LakeDatasets`` over gRPC). A class to derive
    from rather than a protocol: the running service finds a test's stand-in among the
    objects supplied to it (``running_app(..., supplied=[...])``) by this type."""

    def find(self, dataset_id: str) -> FoundDataset | None:
        """The lake's description of ``dataset_id``; None when the lake knows no such dataset.
        Raises ``DependencyUnavailable`` (a French message) when the lake cannot answer now."""
        raise NotImplementedError


def unchecked(record: SystemRecord) -> SystemRecord:
    """The record with no lake answer kept: what editors send is never taken as one."""
    sources = [source.model_copy(update={"dataset": None}) for source in record.source_data]
    return record.model_copy(update={"source_data": sources})


def linked(record: SystemRecord, lookup: DatasetLookup | None, now: datetime) -> SystemRecord:
    """The record with each source's dataset as the lake describes it now; unchecked when no
    lake is configured (``lookup`` None). Refused, naming each field, when the lake knows
    none of a source's ``dataset_id``."""
    if lookup is None:
        return unchecked(record)
    found: dict[str, FoundDataset | None] = {}
    sources: list[SourceData] = []
    unknown: list[tuple[int, str]] = []
    for index, source in enumerate(record.source_data):
        dataset_id = source.dataset_id
        if not dataset_id:
            sources.append(source.model_copy(update={"dataset": None}))
            continue
        if dataset_id not in found:
            found[dataset_id] = lookup.find(dataset_id)
        dataset = found[dataset_id]
        if dataset is None:
            unknown.append((index, dataset_id))
            continue
        sources.append(source.model_copy(update={"dataset": _link(dataset, now)}))
    if unknown:
        raise RuleViolation(
            messages.datasets_unknown(dict.fromkeys(dataset_id for _, dataset_id in unknown)),
            rule=UNKNOWN_DATASET_RULE,
            errors=[
                FieldError(f"source_data.{index}.dataset_id", messages.DATASET_UNKNOWN)
                for index, _ in unknown
            ],
        )
    return record.model_copy(update={"source_data": sources})


def _link(dataset: FoundDataset, now: datetime) -> LinkedDataset:
    public = dataset.access_rights is DatasetAccess.PUBLIC
    return LinkedDataset.model_validate(
        {
            "title": dataset.title,
            "access_rights": dataset.access_rights,
            "latest_version": dataset.latest_version,
            "url": dataset.url if public and dataset.url else None,
            "checked_at": now,
        }
    )
