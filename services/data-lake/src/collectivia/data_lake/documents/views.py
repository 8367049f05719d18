"""HTTP routes of the documents: translation only. Published documents for anyone;
publishing, revising and withdrawing for data stewards."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.documents.schemas import (
    DocumentContent,
    DocumentCreate,
    DocumentRead,
    DocumentVersionRead,
)
from collectivia.data_lake.documents.service import Documents
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import (
    optional_bearer_token,
    verify_bearer_token,
)
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/documents", tags=["documents"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 409, 422, 503)}

Service = Annotated[Documents, Depends(provided(Documents))]


def anyone(principal: Annotated[Principal | None, Depends(optional_bearer_token)]) -> Reader:
    return Reader.of(principal)


def signed_in(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Reader:
    return Reader.of(principal)


AnyReader = Annotated[Reader, Depends(anyone)]
SignedIn = Annotated[Reader, Depends(signed_in)]


@router.get("", summary="Les documents publiés (et retirés, pour les administrateurs)")
def list_documents(documents: Service, reader: AnyReader) -> list[DocumentRead]:
    return documents.visible(reader=reader)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Publier un document (pour le public et l'assistant citoyen)",
    responses=ERRORS,
)
def publish_document(body: DocumentCreate, documents: Service, by: SignedIn) -> DocumentRead:
    return documents.publish(body, by=by)


@router.get("/{document_id}", summary="Un document", responses=ERRORS)
def get_document(document_id: str, documents: Service, reader: AnyReader) -> DocumentRead:
    return documents.get(document_id, reader=reader)


@router.put("/{document_id}", summary="Publier une nouvelle version", responses=ERRORS)
def revise_document(
    document_id: str, body: DocumentContent, documents: Service, by: SignedIn
) -> DocumentRead:
    return documents.revise(document_id, body, by=by)


@router.delete("/{document_id}", summary="Retirer un document", responses=ERRORS)
def withdraw_document(
    document_id: str,
    documents: Service,
    by: SignedIn,
    reason: Annotated[str, Query(max_length=1000, description="Motif du retrait.")] = "",
) -> DocumentRead:
    return documents.withdraw(document_id, reason, by=by)


@router.get(
    "/{document_id}/versions",
    summary="Les versions d'un document, la plus récente d'abord",
    responses=ERRORS,
)
def list_versions(document_id: str, documents: Service, by: SignedIn) -> list[DocumentVersionRead]:
    return documents.versions(document_id, by=by)
