"""HTTP routes of the DSP contracts: translation only. Data stewards declare and read
contracts; each operator reads its own, delivers its files and follows its compliance.

A delivery's file goes in a ``multipart/form-data`` body (field ``file``); the dataset and
the period are query parameters, so that the checks on them (whose contract, which
dataset, which period) refuse a delivery before a byte of its file is read."""

from __future__ import annotations

from datetime import date
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.compliance import Compliance
from collectivia.data_lake.contracts.deliveries import Deliveries, DeliveryOutcome
from collectivia.data_lake.contracts.registry import ContractRegistry
from collectivia.data_lake.contracts.schemas import (
    ComplianceRead,
    ContractCreate,
    ContractRead,
    DeliveryRead,
)
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.schemas import DATASET_ID
from collectivia.data_lake.ingestion.uploads import FILE_FIELD, read_upload
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import FieldError, InvalidInput, problem_details
from collectivia.platform.http import PROBLEM_MEDIA_TYPE

router = APIRouter(prefix="/v1/contracts", tags=["contrats DSP"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 409, 422)}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    code: PROBLEM for code in (401, 403, 404, 413, 422, 503)
}
DELIVERY_FORM: dict[str, Any] = {
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
                            "description": "Le fichier livré : CSV, XLSX, JSON ou Parquet.",
                        }
                    },
                }
            }
        },
    }
}

Registry = Annotated[ContractRegistry, Depends(provided(ContractRegistry))]
TheDeliveries = Annotated[Deliveries, Depends(provided(Deliveries))]
TheCompliance = Annotated[Compliance, Depends(provided(Compliance))]


def signed_in(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Reader:
    return Reader.of(principal)


SignedIn = Annotated[Reader, Depends(signed_in)]
DatasetFilter = Annotated[str | None, Query(pattern=DATASET_ID, description="Un seul jeu.")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Déclarer un contrat de délégation de service public",
    responses=ERRORS,
)
def declare_contract(body: ContractCreate, registry: Registry, by: SignedIn) -> ContractRead:
    return registry.declare(body, by=by)


@router.get("", summary="Les contrats (un délégataire : les siens)", responses=ERRORS)
def list_contracts(registry: Registry, reader: SignedIn) -> list[ContractRead]:
    return registry.list_visible(reader=reader)


@router.get("/{contract_id}", summary="Un contrat", responses=ERRORS)
def get_contract(contract_id: str, registry: Registry, reader: SignedIn) -> ContractRead:
    return registry.get(contract_id, reader=reader)


@router.post(
    "/{contract_id}/deliveries",
    status_code=status.HTTP_201_CREATED,
    summary="Livrer le fichier d'un jeu de données pour une période (le délégataire)",
    response_model=DeliveryRead,
    responses=UPLOAD_ERRORS,
    openapi_extra=DELIVERY_FORM,
)
async def deliver(
    contract_id: str,
    request: Request,
    deliveries: TheDeliveries,
    by: SignedIn,
    dataset_id: Annotated[str, Query(pattern=DATASET_ID, description="Le jeu de données livré.")],
    period_start: Annotated[
        date, Query(description="Premier jour de la période livrée (ex. 2026-01-01).")
    ],
) -> DeliveryRead | JSONResponse:
    """The delivery, recorded (201) when its file is valid; when not, recorded all the same
    (its period's status says so) and answered 422 with the validation report (the file
    waits in quarantine)."""
    admitted = await run_in_threadpool(
        lambda: deliveries.admit(
            contract_id, dataset_id=dataset_id, period_start=period_start, by=by
        )
    )
    declared = request.headers.get("content-length", "")
    upload = await read_upload(
        request.stream(),
        content_type=request.headers.get("content-type", ""),
        limit=deliveries.max_bytes,
        declared_length=int(declared) if declared.isdigit() else None,
    )
    outcome = await run_in_threadpool(
        lambda: deliveries.deliver(
            admitted, filename=upload.filename, content=upload.content, by=by
        )
    )
    if outcome.delivery.valid:
        return outcome.delivery
    return _refused(outcome, request)


@router.get(
    "/{contract_id}/deliveries", summary="Les livraisons, la plus récente d'abord", responses=ERRORS
)
def list_deliveries(
    contract_id: str, deliveries: TheDeliveries, reader: SignedIn, dataset_id: DatasetFilter = None
) -> list[DeliveryRead]:
    return deliveries.list(contract_id, reader=reader, dataset_id=dataset_id)


@router.get(
    "/{contract_id}/compliance",
    summary="Le respect des livraisons : attendues, reçues, valides, en retard, manquantes",
    responses=ERRORS,
)
def get_compliance(
    contract_id: str, compliance: TheCompliance, reader: SignedIn, dataset_id: DatasetFilter = None
) -> ComplianceRead:
    return compliance.report(contract_id, reader=reader, dataset_id=dataset_id)


def _refused(outcome: DeliveryOutcome, request: Request) -> JSONResponse:
    """The platform's problem for invalid input, with the report and the delivery as
    extension members."""
    fields = [
        FieldError(
            issue.column or FILE_FIELD,
            messages.ISSUE_AT_ROW.format(row=issue.row, message=issue.message)
            if issue.row is not None
            else issue.message,
        )
        for issue in outcome.issues
    ]
    delivery = outcome.delivery
    body = problem_details(
        InvalidInput(messages.DELIVERY_REFUSED.format(detail=delivery.detail), fields),
        instance=request.url.path,
    )
    body["issues"] = [issue.model_dump() for issue in outcome.issues]
    body["quarantine_id"] = delivery.quarantine_id
    body["delivery"] = delivery.model_dump(mode="json")
    return JSONResponse(
        body, status_code=HTTPStatus.UNPROCESSABLE_ENTITY, media_type=PROBLEM_MEDIA_TYPE
    )
