"""HTTP routes of conversations: translation only. ``Accept: text/event-stream`` on a
question streams the answer sentence by sentence (Server-Sent Events)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from collectivia.citizen_chat.conversations.assistant import AskedAnswer
from collectivia.citizen_chat.conversations.schemas import (
    AnswerRead,
    ConversationCreate,
    ConversationRead,
    QuestionBody,
)
from collectivia.citizen_chat.dependencies import PROBLEM, Owner, Runtime, rate_limited

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])


@router.post("", status_code=201, summary="Commencer une conversation (anonyme ou connecté)")
def create_conversation(
    runtime: Runtime, owner: Owner, body: ConversationCreate | None = None
) -> ConversationRead:
    commune = body.commune if body else None
    return ConversationRead.of(runtime.conversations.start(commune, owner))


@router.get("/{conversation_id}", summary="Relire une conversation", responses={404: PROBLEM})
def get_conversation(conversation_id: str, runtime: Runtime, owner: Owner) -> ConversationRead:
    return ConversationRead.of(runtime.conversations.get(conversation_id, owner))


@router.delete(
    "/{conversation_id}",
    status_code=204,
    summary="Effacer une conversation (droit à l'effacement)",
    responses={404: PROBLEM},
)
def delete_conversation(conversation_id: str, runtime: Runtime, owner: Owner) -> Response:
    runtime.conversations.erase(conversation_id, owner)
    return Response(status_code=204)


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


def _stream(read: AnswerRead) -> Iterator[str]:
    yield _sse("meta", {"answer_id": read.answer_id, "outcome": read.outcome})
    if read.sentences:
        for sentence in read.sentences:
            yield _sse("sentence", {"text": sentence.text, "citation": sentence.citation})
    else:
        for line in read.text.split("\n"):
            yield _sse("sentence", {"text": line, "citation": None})
    yield _sse("done", read.model_dump(mode="json"))


@router.post(
    "/{conversation_id}/messages",
    summary="Poser une question (JSON, ou flux SSE avec Accept: text/event-stream)",
    responses={404: PROBLEM, 422: PROBLEM, 429: PROBLEM},
    dependencies=[Depends(rate_limited)],
    response_model=AnswerRead,
)
async def ask(
    conversation_id: str, body: QuestionBody, request: Request, runtime: Runtime, owner: Owner
) -> AnswerRead | StreamingResponse:
    asked: AskedAnswer = await run_in_threadpool(
        runtime.assistant.ask, conversation_id, body.question, owner
    )
    read = AnswerRead.of(asked)
    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _stream(read),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
    return read
