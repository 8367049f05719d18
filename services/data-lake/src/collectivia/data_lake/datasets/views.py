"""HTTP routes of the datasets: translation only. Open data needs no token; a token shows
what its roles and communes allow."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel

from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.reading import DatasetReads, VersionChoice
from collectivia.data_lake.datasets.schemas import (
    AccessRights,
    DatasetCreate,
    DatasetRead,
    DiffRead,
    RowsRead,
    VersionRead,
)
from collectivia.data_lake.datasets.service import Datasets
from collectivia.lakehouse.tables import Version
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import (
    optional_bearer_token,
    verify_bearer_token,
)
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/datasets", tags=["datasets"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (400, 401, 403, 404, 409, 422)}
MAX_PAGE = 1000

Catalogue = Annotated[Datasets, Depends(provided(Datasets))]
Reads = Annotated[DatasetReads, Depends(provided(DatasetReads))]


def anyone(principal: Annotated[Principal | None, Depends(optional_bearer_token)]) -> Reader:
    return Reader.of(principal)


def signed_in(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Reader:
    return Reader.of(principal)


AnyReader = Annotated[Reader, Depends(anyone)]
SignedIn = Annotated[Reader, Depends(signed_in)]


class AccessChange(BaseModel):
    access_rights: AccessRights


@router.get("", summary="Les jeux de données visibles", responses=ERRORS)
def list_datasets(datasets: Catalogue, reader: AnyReader, theme: str = "") -> list[DatasetRead]:
    return datasets.list(reader=reader, theme=theme)


@router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Déclarer un jeu de données", responses=ERRORS
)
def create_dataset(body: DatasetCreate, datasets: Catalogue, by: SignedIn) -> DatasetRead:
    return datasets.create(body, by=by)


@router.get("/{dataset_id}", summary="Un jeu de données", responses=ERRORS)
def get_dataset(dataset_id: str, datasets: Catalogue, reader: AnyReader) -> DatasetRead:
    return datasets.get(dataset_id, reader=reader)


@router.put("/{dataset_id}/access", summary="Changer l'accès", responses=ERRORS)
def set_access(
    dataset_id: str, body: AccessChange, datasets: Catalogue, by: SignedIn
) -> DatasetRead:
    return datasets.set_access(dataset_id, body.access_rights, by=by)


@router.get(
    "/{dataset_id}/versions", summary="Les versions, la plus récente d'abord", responses=ERRORS
)
def list_versions(dataset_id: str, reads: Reads, reader: AnyReader) -> list[VersionRead]:
    return [version_read(v) for v in reads.versions(dataset_id, reader=reader)]


@router.get("/{dataset_id}/rows", summary="Les lignes d'une version", responses=ERRORS)
def read_rows(
    dataset_id: str,
    reads: Reads,
    reader: AnyReader,
    version: Annotated[str | None, Query(description="Identifiant de version.")] = None,
    as_of: Annotated[
        datetime | None, Query(description="La version en vigueur à cette date.")
    ] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> RowsRead:
    visible = reads.read(
        dataset_id, reader=reader, choice=VersionChoice(snapshot_id=version, as_of=as_of)
    )
    page = visible.rows.slice(offset, limit)
    return RowsRead(
        dataset_id=dataset_id,
        snapshot_id=str(visible.version.snapshot_id),
        columns=visible.rows.schema.names,
        rows=page.to_pylist(),
        total=visible.rows.num_rows,
        offset=offset,
        limit=limit,
    )


@router.get("/{dataset_id}/diff", summary="Ce qui a changé entre deux versions", responses=ERRORS)
def diff_versions(
    dataset_id: str,
    reads: Reads,
    reader: AnyReader,
    before: Annotated[str, Query(alias="from", description="La version de départ.")],
    after: Annotated[str, Query(alias="to", description="La version d'arrivée.")],
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 100,
) -> DiffRead:
    older, newer, diff, key = reads.diff(dataset_id, reader=reader, before=before, after=after)
    return DiffRead(
        dataset_id=dataset_id,
        from_snapshot_id=str(older.snapshot_id),
        to_snapshot_id=str(newer.snapshot_id),
        key_columns=key,
        added=diff.added.num_rows,
        removed=diff.removed.num_rows,
        changed=diff.changed.num_rows,
        added_rows=diff.added.slice(0, limit).to_pylist(),
        removed_rows=diff.removed.slice(0, limit).to_pylist(),
        changed_rows=diff.changed.slice(0, limit).to_pylist(),
    )


def version_read(version: Version) -> VersionRead:
    return VersionRead(
        snapshot_id=str(version.snapshot_id),
        operation=version.operation,
        committed_at=version.committed_at,
        rows_added=version.rows_added,
        rows_removed=version.rows_removed,
        total_rows=version.total_rows,
    )
