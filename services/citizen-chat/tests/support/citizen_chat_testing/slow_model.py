"""A fake OpenAI-compatible model server that streams its reply slowly, a word at a time
(``/v1/chat/completions``, Server-Sent Events): a reader that leaves mid-answer is seen, as a
reply cut before its end."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from collectivia.ai.generation import GenerationSettings
from collectivia.testkit.apps import serve_in_thread

Messages = Sequence[dict[str, Any]]


@dataclass
class ServedReply:
    """One streamed reply: its words sent so far, and how it ended."""

    text: str
    words_sent: int = 0
    # Set once the first word is out: the model is writing.
    started: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    # The reader closed the connection before the end.
    cut: threading.Event = field(default_factory=threading.Event)


class SlowModelServer:
    def __init__(self, reply: Callable[[Messages], str], pause_seconds: float) -> None:
        self.reply = reply
        self.pause_seconds = pause_seconds
        self.replies: list[ServedReply] = []
        self.url = ""

    def settings(self, **values: Any) -> GenerationSettings:
        return GenerationSettings.model_validate(
            {"base_url": f"{self.url}/v1", "model": "slow-model", **values}
        )

    def app(self) -> Starlette:
        async def completions(request: Request) -> StreamingResponse:
            body = await request.json()
            served = ServedReply(self.reply(body["messages"]))
            self.replies.append(served)
            return StreamingResponse(self._chunks(served), media_type="text/event-stream")

        return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])

    async def _chunks(self, served: ServedReply) -> AsyncIterator[str]:
        try:
            for word in re.findall(r"\S+\s*", served.text):
                yield _event({"content": word})
                served.words_sent += 1
                served.started.set()
                await asyncio.sleep(self.pause_seconds)
            yield _event({}, finish="stop")
            yield "data: [DONE]\n\n"
            served.finished.set()
        finally:
            if not served.finished.is_set():
                served.cut.set()


def _event(delta: dict[str, str], finish: str | None = None) -> str:
    chunk = {
        "model": "slow-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(chunk)}\n\n"


@contextmanager
def slow_model_server(
    reply: Callable[[Messages], str], pause_seconds: float = 0.25
) -> Iterator[SlowModelServer]:
    """The server on 127.0.0.1 and a free port, until the block ends."""
    server = SlowModelServer(reply, pause_seconds)
    with serve_in_thread(server.app()) as url:
        server.url = url
        yield server
