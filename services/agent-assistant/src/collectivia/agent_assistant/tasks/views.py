"""HTTP routes of the tasks: translation only. Every route needs an agent who accepted the
current charter. ``Accept: text/event-stream`` on a summary, a plain-language rewrite or a
draft streams the output (Server-Sent Events: ``started``, ``delta``..., then ``done`` with
the whole answer, or ``error`` with problem details if the model breaks off)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.dependencies import PROBLEM, CharteredAgent
from collectivia.agent_assistant.gateway.models import Delta, Started
from collectivia.agent_assistant.tasks.records import (
    ClassifyRequest,
    Completed,
    DraftRequest,
    PlainLanguageRequest,
    Produced,
    SummaryRequest,
    TemplateChoice,
)
from collectivia.agent_assistant.tasks.schemas import (
    ClassificationRead,
    ClassifyBody,
    DraftBody,
    DraftRead,
    EditorialReviewRead,
    PlainLanguageBody,
    PlainLanguageRead,
    ProductionRead,
    ReviewBody,
    SummaryRead,
)
from collectivia.agent_assistant.tasks.service import AssistantTasks, PreparedTask
from collectivia.ai.documents import DocumentTooLarge
from collectivia.platform.app import provided
from collectivia.platform.errors import DomainError, FieldError, InvalidInput, problem_details

router = APIRouter(prefix="/v1/tasks", tags=["tasks"])

TasksService = Annotated[AssistantTasks, Depends(provided(AssistantTasks))]

T = TypeVar("T")
R = TypeVar("R", bound=BaseModel)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: PROBLEM,
    403: PROBLEM,
    404: PROBLEM,
    422: PROBLEM,
    503: PROBLEM,
}
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


def _events(
    events: Iterator[Started | Delta | Completed[T]], read: Callable[[Produced[T]], BaseModel]
) -> Iterator[str]:
    try:
        for event in events:
            if isinstance(event, Started):
                production = ProductionRead.of(event.production).model_dump()
                yield _sse(
                    "started", {"task_id": event.production.use_id, "production": production}
                )
            elif isinstance(event, Delta):
                yield _sse("delta", {"text": event.text})
            else:
                yield _sse("done", read(event.produced).model_dump(mode="json"))
    except DomainError as error:
        yield _sse("error", problem_details(error))


def _wants_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


async def _answer(
    request: Request,
    tasks: AssistantTasks,
    prepare: Callable[[], PreparedTask[T]],
    agent: Agent,
    read: Callable[[Produced[T]], R],
) -> R | StreamingResponse:
    """Prepare (validation, template), then run whole or stream; refusals are raised
    before any byte is sent, so they keep their HTTP status."""
    prepared = await run_in_threadpool(prepare)
    if _wants_stream(request):
        events = await run_in_threadpool(tasks.stream, prepared, agent)
        return StreamingResponse(
            _events(events, read), media_type="text/event-stream", headers=STREAM_HEADERS
        )
    produced = await run_in_threadpool(tasks.run, prepared, agent)
    return read(produced)


def _variables(raw: str) -> dict[str, str]:
    try:
        values = json.loads(raw or "{}")
    except ValueError:
        values = None
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        message = messages.VARIABLES_NOT_JSON
        raise InvalidInput(message, [FieldError("variables", message)])
    return {str(name): value for name, value in values.items()}


@router.post(
    "/summaries",
    summary="Résumer un document (PDF, DOCX, HTML, Markdown, texte) ou un texte collé",
    responses=ERRORS,
    response_model=SummaryRead,
)
async def summarize(
    request: Request,
    agent: CharteredAgent,
    tasks: TasksService,
    file: Annotated[UploadFile | None, File(description="Le document à résumer")] = None,
    text: Annotated[str, Form(description="Ou le texte à résumer")] = "",
    max_words: Annotated[int, Form(description="Longueur visée en mots (0 : défaut)")] = 0,
    template_id: Annotated[str, Form(description="Modèle de consignes (facultatif)")] = "",
    variables: Annotated[str, Form(description="Variables du modèle (objet JSON)")] = "{}",
    for_publication: Annotated[bool, Form(description="Texte destiné à publication")] = False,
) -> SummaryRead | StreamingResponse:
    content, filename = b"", ""
    if file is not None and (file.filename or file.size):
        filename = file.filename or "document"
        limit = tasks.policy.max_upload_bytes
        if file.size is not None and file.size > limit:
            raise DocumentTooLarge(filename, file.size, limit)
        content = await file.read()
    template = TemplateChoice(template_id, _variables(variables)) if template_id else None
    summary_request = SummaryRequest(
        text=text,
        content=content,
        filename=filename,
        max_words=max_words,
        template=template,
        for_publication=for_publication,
    )
    return await _answer(
        request, tasks, lambda: tasks.summary(summary_request), agent, SummaryRead.of
    )


@router.post(
    "/plain-language",
    summary="Réécrire un texte en langage clair (règles « Facile à lire et à comprendre »)",
    responses=ERRORS,
    response_model=PlainLanguageRead,
)
async def rewrite_plainly(
    body: PlainLanguageBody, request: Request, agent: CharteredAgent, tasks: TasksService
) -> PlainLanguageRead | StreamingResponse:
    asked = PlainLanguageRequest(
        body.text, body.template.choice() if body.template else None, body.for_publication
    )
    return await _answer(
        request, tasks, lambda: tasks.plain_language(asked), agent, PlainLanguageRead.of
    )


@router.post(
    "/drafts",
    summary="Rédiger un courrier ou un courriel à partir d'un modèle et de quelques faits",
    responses=ERRORS,
    response_model=DraftRead,
)
async def draft(
    body: DraftBody, request: Request, agent: CharteredAgent, tasks: TasksService
) -> DraftRead | StreamingResponse:
    asked = DraftRequest(body.choice(), body.for_publication)
    return await _answer(request, tasks, lambda: tasks.draft(asked), agent, DraftRead.of)


@router.post(
    "/classifications",
    summary="Classer une demande entrante par thème et par service",
    responses=ERRORS,
)
def classify(body: ClassifyBody, agent: CharteredAgent, tasks: TasksService) -> ClassificationRead:
    prepared = tasks.classification(ClassifyRequest(body.text, body.commune))
    return ClassificationRead.of(tasks.run(prepared, agent))


@router.post(
    "/{task_id}/editorial-review",
    status_code=201,
    summary="Enregistrer la relecture éditoriale d'un texte destiné à publication (AI Act 50(4))",
    responses={**ERRORS, 409: PROBLEM},
)
def review(
    task_id: str, body: ReviewBody, agent: CharteredAgent, tasks: TasksService
) -> EditorialReviewRead:
    return EditorialReviewRead.of(tasks.reviews.review(task_id, body.text, agent))
