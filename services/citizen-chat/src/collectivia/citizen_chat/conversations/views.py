"""HTTP routes of conversations: translation only. ``Accept: text/event-stream`` on a
question streams the answer sentence by sentence as it is produced (Server-Sent Events)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, Generator
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.conversations.questions import (
    AnswerStarted,
    AskStream,
    Questions,
    SentenceReady,
)
from collectivia.citizen_chat.conversations.schemas import (
    AnswerRead,
    ConversationCreate,
    ConversationRead,
    QuestionBody,
)
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.dependencies import PROBLEM, Owner, rate_limited
from collectivia.platform.app import provided

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])

TheConversations = Annotated[Conversations, Depends(provided(Conversations))]
TheQuestions = Annotated[Questions, Depends(provided(Questions))]


@router.post("", status_code=201, summary="Commencer une conversation (anonyme ou connecté)")
def create_conversation(
    conversations: TheConversations, owner: Owner, body: ConversationCreate | None = None
) -> ConversationRead:
    commune = body.commune if body else None
    return ConversationRead.of(conversations.start(commune, owner))


@router.get("/{conversation_id}", summary="Relire une conversation", responses={404: PROBLEM})
def get_conversation(
    conversation_id: str, conversations: TheConversations, owner: Owner
) -> ConversationRead:
    return ConversationRead.of(conversations.get(conversation_id, owner))


@router.delete(
    "/{conversation_id}",
    status_code=204,
    summary="Effacer une conversation (droit à l'effacement)",
    responses={404: PROBLEM},
)
def delete_conversation(
    conversation_id: str, conversations: TheConversations, owner: Owner
) -> Response:
    conversations.erase(conversation_id, owner)
    return Response(status_code=204)


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


def answer_events(stream: AskStream) -> Generator[str, None, None]:
    """``meta`` (answer id, outcome), one ``sentence`` per sentence as soon as it is checked
    (the lines of the text when the answer has no sentences: refusal, unavailability), then
    ``done`` with the whole answer. A failure after the start ends with ``error``. Closed
    early (the citizen left), it closes ``stream``: the answer so far is kept, interrupted."""
    try:
        for event in stream:
            if isinstance(event, AnswerStarted):
                yield _sse("meta", {"answer_id": event.answer_id, "outcome": event.outcome.value})
            elif isinstance(event, SentenceReady):
                sentence = event.sentence
                yield _sse(
                    "sentence",
                    {
                        "text": sentence.text,
                        "citation": sentence.citation,
                        "citations": list(sentence.cited),
                    },
                )
            else:
                read = AnswerRead.of(event.asked)
                if not read.sentences:
                    for line in read.text.split("\n"):
                        yield _sse("sentence", {"text": line, "citation": None, "citations": []})
                yield _sse("done", read.model_dump(mode="json"))
    except Exception:
        logger.exception("the streamed answer failed after its start")
        yield _sse("error", {"detail": messages.STREAM_FAILED})
    finally:
        stream.close()


async def closed_in_a_thread(chunks: Generator[str, None, None]) -> AsyncGenerator[str, None]:
    """``chunks`` read in the thread pool and, however the response ends (the citizen leaving
    cancels it), closed there too: keeping the interrupted answer never blocks the event
    loop, and is not cancelled half-way."""
    try:
        async for chunk in iterate_in_threadpool(chunks):
            yield chunk
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(chunks.close)


@router.post(
    "/{conversation_id}/messages",
    summary="Poser une question (JSON, ou flux SSE avec Accept: text/event-stream)",
    responses={404: PROBLEM, 422: PROBLEM, 429: PROBLEM},
    dependencies=[Depends(rate_limited)],
    response_model=AnswerRead,
)
async def ask(
    conversation_id: str,
    body: QuestionBody,
    request: Request,
    questions: TheQuestions,
    owner: Owner,
) -> AnswerRead | StreamingResponse:
    if "text/event-stream" in request.headers.get("accept", ""):
        # Checks (conversation, question, register) happen here, before the stream starts.
        stream = await run_in_threadpool(
            questions.ask_streamed, conversation_id, body.question, owner
        )
        return StreamingResponse(
            closed_in_a_thread(answer_events(stream)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
    asked = await run_in_threadpool(questions.ask, conversation_id, body.question, owner)
    return AnswerRead.of(asked)
