"""HTTP routes of the ingestion: translation only. A refused file is a 422 problem (RFC 9457)
whose ``errors`` name each issue's column (``file`` for the whole file) and whose ``issues``
extension gives each one's row, column, rule and French message; the load and its
quarantine entry come with it."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from collectivia.data_lake import messages
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.ingestion.erasure import Erasures
from collectivia.data_lake.ingestion.quarantine import STATUSES, Quarantine
from collectivia.data_lake.ingestion.schemas import (
    ErasureRead,
    ErasureRequest,
    LoadRead,
    QuarantineDetail,
    QuarantineRead,
)
from collectivia.data_lake.ingestion.service import LoadOutcome, Loads
from collectivia.data_lake.ingestion.uploads import FILE_FIELD, read_upload
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import FieldError, InvalidInput, problem_details
from collectivia.platform.http import PROBLEM_MEDIA_TYPE

router = APIRouter(tags=["ingestion"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 422)}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    code: PROBLEM for code in (401, 403, 404, 413, 422, 503)
}
UPLOAD_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FILE_FIELD],
                    "properties": {
                        FILE_FIELD: {
                            "type": "string",
                            "format": "binary",
                            "description": "Le fichier : CSV, XLSX, JSON ou Parquet.",
                        }
                    },
                }
            }
        },
    }
}

TheLoads = Annotated[Loads, Depends(provided(Loads))]
TheQuarantine = Annotated[Quarantine, Depends(provided(Quarantine))]
TheErasures = Annotated[Erasures, Depends(provided(Erasures))]


def signed_in(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Reader:
    return Reader.of(principal)


SignedIn = Annotated[Reader, Depends(signed_in)]


@router.post(
    "/v1/datasets/{dataset_id}/loads",
    status_code=status.HTTP_201_CREATED,
    summary="Charger un fichier : la nouvelle version du jeu de données, s'il est conforme",
    response_model=LoadRead,
    responses=UPLOAD_ERRORS,
    openapi_extra=UPLOAD_FORM,
)
async def submit_load(
    dataset_id: str, request: Request, loads: TheLoads, by: SignedIn
) -> LoadRead | JSONResponse:
    """The whole file becomes the dataset's new version (201), or nothing does (422 with the
    validation report; the file waits in quarantine)."""
    await run_in_threadpool(loads.admit, dataset_id, by=by)  # before reading any byte
    declared = request.headers.get("content-length", "")
    upload = await read_upload(
        request.stream(),
        content_type=request.headers.get("content-type", ""),
        limit=loads.limits.max_bytes,
        declared_length=int(declared) if declared.isdigit() else None,
    )
    outcome = await run_in_threadpool(
        lambda: loads.submit(
            dataset_id=dataset_id, filename=upload.filename, content=upload.content, by=by
        )
    )
    if outcome.accepted:
        return outcome.load
    return _refused(outcome, request)


@router.get(
    "/v1/datasets/{dataset_id}/loads",
    summary="Les chargements d'un jeu de données, le plus récent d'abord",
    responses=ERRORS,
)
def list_loads(dataset_id: str, loads: TheLoads, by: SignedIn) -> list[LoadRead]:
    return loads.history(dataset_id, by=by)


@router.get("/v1/loads/{load_id}", summary="Un chargement", responses=ERRORS)
def get_load(load_id: str, loads: TheLoads, by: SignedIn) -> LoadRead:
    return loads.get(load_id, by=by)


@router.get("/v1/quarantine", summary="Les fichiers refusés, en quarantaine", responses=ERRORS)
def list_quarantine(
    quarantine: TheQuarantine,
    by: SignedIn,
    dataset_id: Annotated[str | None, Query(max_length=120)] = None,
    status: Annotated[
        str | None, Query(pattern="^(" + "|".join(STATUSES) + ")$", description="Statut.")
    ] = None,
) -> list[QuarantineRead]:
    return quarantine.entries(by=by, dataset_id=dataset_id, status=status)


@router.get(
    "/v1/quarantine/{entry_id}",
    summary="Un fichier en quarantaine et son rapport de validation",
    responses=ERRORS,
)
def get_quarantined(entry_id: str, quarantine: TheQuarantine, by: SignedIn) -> QuarantineDetail:
    return quarantine.get(entry_id, by=by)


@router.get(
    "/v1/quarantine/{entry_id}/file",
    summary="Le fichier refusé, tel qu'il a été envoyé",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, **ERRORS},
)
def download_quarantined(entry_id: str, quarantine: TheQuarantine, by: SignedIn) -> Response:
    filename, content = quarantine.original(entry_id, by=by)
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


@router.post(
    "/v1/quarantine/{entry_id}/discard",
    summary="Écarter un fichier en quarantaine (il est supprimé, son rapport reste)",
    responses=ERRORS,
)
def discard_quarantined(entry_id: str, quarantine: TheQuarantine, by: SignedIn) -> QuarantineDetail:
    return quarantine.discard(entry_id, by=by)


@router.post(
    "/v1/datasets/{dataset_id}/erasures",
    status_code=status.HTTP_201_CREATED,
    summary="Effacer les lignes d'une personne de toutes les versions (données personnelles)",
    responses=ERRORS,
)
def erase(
    dataset_id: str, body: ErasureRequest, erasures: TheErasures, by: SignedIn
) -> ErasureRead:
    return erasures.erase(dataset_id, column=body.column, value=body.value, by=by)


@router.get(
    "/v1/datasets/{dataset_id}/erasures",
    summary="Les effacements faits dans un jeu de données",
    responses=ERRORS,
)
def list_erasures(dataset_id: str, erasures: TheErasures, by: SignedIn) -> list[ErasureRead]:
    return erasures.history(dataset_id, by=by)


def _refused(outcome: LoadOutcome, request: Request) -> JSONResponse:
    """The platform's problem for invalid input, with the report as extension members."""
    fields = [
        FieldError(
            issue.column or FILE_FIELD,
            messages.ISSUE_AT_ROW.format(row=issue.row, message=issue.message)
            if issue.row is not None
            else issue.message,
        )
        for issue in outcome.issues
    ]
    body = problem_details(InvalidInput(outcome.detail, fields), instance=request.url.path)
    body["issues"] = [issue.model_dump() for issue in outcome.issues]
    body["truncated"] = outcome.load.truncated
    body["quarantine_id"] = outcome.load.quarantine_id
    body["load"] = outcome.load.model_dump(mode="json")
    return JSONResponse(
        body, status_code=int(InvalidInput.http_status), media_type=PROBLEM_MEDIA_TYPE
    )
