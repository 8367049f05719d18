"""HTTP routes of the prompt library: translation only. Any agent reads, rates and uses every
template (the library is shared); the agents of a template's department edit it."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from collectivia.agent_assistant.dependencies import PROBLEM, CurrentAgent
from collectivia.agent_assistant.prompts.schemas import (
    MAX_VERSION,
    RatingCreate,
    RatingRead,
    RenderedPrompt,
    RenderRequest,
    TemplateDraft,
    TemplateEdit,
    TemplateKind,
    TemplateQuery,
    TemplateRead,
    TemplateSummary,
    VersionedReason,
    VersionRead,
)
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.prompts.transfer import (
    MAX_FILE_BYTES,
    ImportReport,
    export_library,
    import_library,
)
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/prompts", tags=["bibliothèque de modèles"])

Library = Annotated[PromptLibrary, Depends(provided(PromptLibrary))]

READ_ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    409: PROBLEM,
    422: PROBLEM,
}


def _query(
    tag: str | None,
    kind: TemplateKind | None,
    department: str | None,
    q: str | None,
    include_archived: bool,
    limit: int,
    offset: int,
) -> TemplateQuery:
    return TemplateQuery(
        tag=tag,
        kind=kind,
        department=department,
        text=q,
        include_archived=include_archived,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/templates",
    summary="Chercher des modèles (les plus utiles d'abord)",
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
)
def search_templates(
    library: Library,
    agent: CurrentAgent,
    tag: str | None = None,
    kind: TemplateKind | None = None,
    department: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    include_archived: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[TemplateSummary]:
    query = _query(tag, kind, department, q, include_archived, limit, offset)
    return library.search(query)


@router.post(
    "/templates",
    status_code=status.HTTP_201_CREATED,
    summary="Ajouter un modèle à la bibliothèque",
    responses=WRITE_ERRORS,
)
def create_template(body: TemplateDraft, library: Library, agent: CurrentAgent) -> TemplateRead:
    return library.create(body, agent)


@router.get("/templates/{template_id}", summary="Lire un modèle", responses=READ_ERRORS)
def get_template(template_id: str, library: Library, agent: CurrentAgent) -> TemplateRead:
    return library.get(template_id)


@router.put(
    "/templates/{template_id}",
    summary="Modifier un modèle (nouvelle version ; 409 si quelqu'un l'a modifié entre-temps)",
    responses=WRITE_ERRORS,
)
def edit_template(
    template_id: str, body: TemplateEdit, library: Library, agent: CurrentAgent
) -> TemplateRead:
    return library.edit(template_id, body, agent)


@router.post(
    "/templates/{template_id}/archive",
    summary="Retirer un modèle de la bibliothèque (il reste lisible)",
    responses=WRITE_ERRORS,
)
def archive_template(
    template_id: str, body: VersionedReason, library: Library, agent: CurrentAgent
) -> TemplateRead:
    return library.set_archived(template_id, True, body, agent)


@router.post(
    "/templates/{template_id}/restore",
    summary="Remettre un modèle retiré dans la bibliothèque",
    responses=WRITE_ERRORS,
)
def restore_template(
    template_id: str, body: VersionedReason, library: Library, agent: CurrentAgent
) -> TemplateRead:
    return library.set_archived(template_id, False, body, agent)


@router.get(
    "/templates/{template_id}/versions",
    summary="Historique des versions (qui, quand, pourquoi)",
    responses=READ_ERRORS,
)
def list_versions(template_id: str, library: Library, agent: CurrentAgent) -> list[VersionRead]:
    return library.versions(template_id)


@router.get(
    "/templates/{template_id}/versions/{version}",
    summary="Lire une ancienne version",
    responses=READ_ERRORS,
)
def get_version(
    template_id: str,
    version: Annotated[int, Path(ge=1, le=MAX_VERSION)],
    library: Library,
    agent: CurrentAgent,
) -> VersionRead:
    return library.version(template_id, version)


@router.get(
    "/templates/{template_id}/ratings",
    summary="Notes et commentaires (retours d'expérience partagés)",
    responses=READ_ERRORS,
)
def list_ratings(
    template_id: str,
    library: Library,
    agent: CurrentAgent,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[RatingRead]:
    return library.ratings(template_id, limit)


@router.post(
    "/templates/{template_id}/ratings",
    status_code=status.HTTP_201_CREATED,
    summary="Noter le résultat obtenu avec un modèle (1 à 5) et le commenter",
    responses=WRITE_ERRORS,
)
def rate_template(
    template_id: str, body: RatingCreate, library: Library, agent: CurrentAgent
) -> RatingRead:
    return library.rate(template_id, body, agent)


@router.post(
    "/templates/{template_id}/render",
    summary="Compléter un modèle avec ses variables (aperçu, sans appel au modèle d'IA)",
    responses=WRITE_ERRORS,
)
def render_template(
    template_id: str,
    body: RenderRequest,
    library: Library,
    agent: CurrentAgent,
    version: Annotated[int | None, Query(ge=1, le=MAX_VERSION)] = None,
) -> RenderedPrompt:
    return library.render(template_id, body.variables, version)


@router.get(
    "/export",
    summary="Exporter des modèles (fichier JSON)",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}, **READ_ERRORS},
)
def export_templates(
    library: Library,
    agent: CurrentAgent,
    tag: str | None = None,
    kind: TemplateKind | None = None,
    department: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    query = _query(tag, kind, department, q, False, 200, 0)
    name = f"modeles-{department or 'bibliotheque'}.json"
    # The department is free text: HTTP headers are Latin-1, so its name goes percent-encoded
    # (RFC 6266), beside a plain fallback (a « œ » or an emoji used to end in a 500).
    disposition = f"attachment; filename=\"modeles.json\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(
        export_library(library, query),
        media_type="application/json",
        headers={"Content-Disposition": disposition},
    )


@router.post(
    "/import",
    summary="Importer un fichier de modèles (JSON exporté) : tout ou rien",
    description=(
        "Le corps de la requête est le fichier lui-même (application/json). Un fichier "
        "invalide est refusé avec la liste des erreurs, et rien n'est importé."
    ),
    responses=WRITE_ERRORS,
)
async def import_templates(
    request: Request,
    library: Library,
    agent: CurrentAgent,
    filename: Annotated[str, Query(max_length=200)] = "import.json",
    department: Annotated[str | None, Query(max_length=100)] = None,
) -> ImportReport:
    content = bytearray()
    async for chunk in request.stream():
        content.extend(chunk)
        if len(content) > MAX_FILE_BYTES:
            break  # the import refuses it, saying the limit
    return await run_in_threadpool(
        import_library, library, bytes(content), agent, filename, department
    )
