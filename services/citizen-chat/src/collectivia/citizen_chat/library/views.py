"""HTTP routes of the library (translation only): import files, follow an import, list the
documents with their version and content hash, withdraw one.

Who: the ``admin`` (platform administrator) and the ``data-steward`` (who curates the
collectivity's published documents; the data lake's publications reach the library too) —
both roles take every action here; citizens and agents none.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from collectivia.ai.documents.models import DocumentTooLarge, french_size
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.dependencies import PROBLEM
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata
from collectivia.citizen_chat.library.records import Status
from collectivia.citizen_chat.library.schemas import (
    DocumentList,
    DocumentRead,
    ImportRead,
    ReviewDecision,
    ReviewList,
    ReviewRead,
)
from collectivia.citizen_chat.library.service import Library
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.errors import FieldError, InvalidInput, PermissionDenied

LIBRARIANS = ("admin", "data-steward")


def librarian(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Principal:
    """The caller, if they may manage the library (else 403, saying who may)."""
    if not principal.has_any_role(LIBRARIANS):
        raise PermissionDenied(messages.role_required(messages.MANAGE_LIBRARY, LIBRARIANS))
    return principal


Librarian = Annotated[Principal, Depends(librarian)]
TheLibrary = Annotated[Library, Depends(provided(Library))]
AUTH_PROBLEMS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM}

router = APIRouter(prefix="/v1/knowledge", tags=["knowledge"], responses=AUTH_PROBLEMS)

# The import form: "file" and these text fields (all optional; not with a JSON Lines file).
METADATA_FIELDS = {
    "document_id": "Identifiant du document (par défaut : tiré du nom du fichier)",
    "title": "Titre (par défaut : celui du fichier)",
    "url": "Adresse de la page publiée",
    "licence": "Licence, par exemple « Licence Ouverte 2.0 »",
    "theme": "Thème, par exemple « Mairie > Horaires »",
    "communes": "Codes INSEE des communes concernées, séparés par des virgules (vide : toutes)",
    "version": "Version (par défaut : l'empreinte du contenu)",
    "published": "Date de publication, AAAA-MM-JJ",
}
MAX_FIELD_CHARS = 2000
# Room for the form's boundaries and text fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
UPLOAD_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        **{
                            name: {"type": "string", "description": description}
                            for name, description in METADATA_FIELDS.items()
                        },
                    },
                }
            }
        },
    }
}


def _form_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, [FieldError(field, message)])


async def _read_form(request: Request, limit: int) -> tuple[bytes, str, dict[str, str | None]]:
    """(the file's bytes, its name, the text fields) of the import form, read only now that
    the caller is known (FastAPI parses a declared form before checking who sends it)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + FORM_OVERHEAD_BYTES:
        raise _form_error(
            "file", messages.upload_too_large(french_size(int(declared)), french_size(limit))
        )
    # Room for a few unknown fields, refused below with their names.
    async with request.form(max_files=2, max_fields=2 * len(METADATA_FIELDS)) as form:
        uploads = form.getlist("file")
        upload = uploads[0] if len(uploads) == 1 else None
        if not isinstance(upload, UploadFile):
            raise _form_error("file", messages.ONE_FILE_REQUIRED)
        unknown = sorted(set(form.keys()) - {"file", *METADATA_FIELDS})
        if unknown:
            raise _form_error(unknown[0], messages.unknown_field(unknown[0]))
        fields: dict[str, str | None] = {}
        for name in METADATA_FIELDS:
            value = form.get(name)
            if isinstance(value, UploadFile) or (value and len(value) > MAX_FIELD_CHARS):
                raise _form_error(name, messages.short_text_required(name))
            fields[name] = value
        # One byte more than allowed is enough to say the file is too large.
        content = await upload.read(limit + 1)
        filename = upload.filename or "document"
        if len(content) > limit:
            raise DocumentTooLarge(filename, upload.size or len(content), limit)
    return content, filename, fields


@router.post(
    "/imports",
    status_code=202,
    summary="Importer un fichier (JSON Lines, PDF, Word, HTML, Markdown, texte)",
    responses={422: PROBLEM},
    openapi_extra=UPLOAD_FORM,
)
async def import_file(
    request: Request, library: TheLibrary, principal: Librarian, response: Response
) -> ImportRead:
    """Every document of the file is kept at once, or none (422 with the reason); the new
    and changed ones are then indexed in the background: follow ``Location``."""
    content, filename, fields = await _read_form(request, library.policy.max_import_bytes)
    metadata = DocumentMetadata.parse(fields)
    job = await run_in_threadpool(
        library.import_file, content, filename, metadata, principal.subject
    )
    response.headers["Location"] = f"/v1/knowledge/imports/{job.id}"
    return ImportRead.of(job)


@router.get("/imports/{import_id}", summary="Suivre un import", responses={404: PROBLEM})
def get_import(import_id: str, library: TheLibrary, principal: Librarian) -> ImportRead:
    job = ImportRead.of(library.import_job(import_id))
    return job.model_copy(update={"held": library.held_in(import_id)})


@router.get("/documents", summary="Lister les documents, leur version et leur empreinte")
def list_documents(
    library: TheLibrary, principal: Librarian, status: Status | None = None
) -> DocumentList:
    entries = library.entries(status)
    return DocumentList(count=len(entries), documents=[DocumentRead.of(e) for e in entries])


@router.get("/documents/{document_id:path}", summary="Lire un document", responses={404: PROBLEM})
def get_document(document_id: str, library: TheLibrary, principal: Librarian) -> DocumentRead:
    return DocumentRead.of(library.entry(document_id))


@router.delete(
    "/documents/{document_id:path}",
    summary="Retirer un document : il n'est plus jamais cité",
    responses={404: PROBLEM},
)
def withdraw_document(
    document_id: str,
    library: TheLibrary,
    principal: Librarian,
    reason: Annotated[str, Query(max_length=500, description="Motif du retrait")] = "",
) -> DocumentRead:
    return DocumentRead.of(library.withdraw(document_id, reason, principal.subject))


# The review of versions waiting for a second person, with their diff, and the decision:
# the library's managers, never on a version they proposed themselves.
review_router = APIRouter(prefix="/v1/knowledge", tags=["knowledge"], responses=AUTH_PROBLEMS)


@review_router.get("/reviews", summary="Lister les versions qui attendent une seconde approbation")
def list_reviews(library: TheLibrary, principal: Librarian) -> ReviewList:
    reviews = [ReviewRead.of(review) for review in library.reviews()]
    return ReviewList(count=len(reviews), reviews=reviews)


@review_router.post(
    "/reviews/{document_id:path}",
    summary="Approuver ou refuser la version proposée d'un document (une autre personne que "
    "celle qui l'a proposée)",
    responses={404: PROBLEM, 422: PROBLEM},
)
def decide_review(
    document_id: str, decision: ReviewDecision, library: TheLibrary, principal: Librarian
) -> ReviewRead:
    review = library.review(document_id, principal.subject, decision.approve, decision.comment)
    return ReviewRead.of(review)
