"""Reading an OpenAI-style chat completion stream: server-sent events whose ``data:`` is a
JSON chunk, until ``data: [DONE]``.

Pure functions over text lines, no I/O: the client feeds them the lines of the response.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from collectivia.ai.generation.failures import error_in_stream, malformed
from collectivia.ai.generation.models import TokenUsage

DONE = "[DONE]"


def event_data(lines: Iterable[str]) -> Iterator[str]:
    """The data of each event of an SSE stream (its ``data:`` lines joined by newlines).

    An event ends at a blank line, or at the end of the stream; comments (``:``) and the
    other fields (``event:``, ``id:``, ``retry:``) are skipped, as are events without data.
    """
    data: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        field, _, value = line.partition(":")
        if field == "data":
            data.append(value.removeprefix(" "))
    if data:
        yield "\n".join(data)


@dataclass(frozen=True)
class ChatChunk:
    delta: str
    finish_reason: str | None = None
    usage: TokenUsage | None = None
    model: str = ""


def parse_chat_chunk(data: str) -> ChatChunk:
    """One event's data as a chunk; an error event raises the matching domain error."""
    try:
        payload = json.loads(data)
    except json.JSONDecodeError as error:
        raise malformed("streamed chat") from error
    if not isinstance(payload, Mapping):
        raise malformed("streamed chat")
    if "error" in payload:
        raise error_in_stream(payload["error"], "chat")
    delta_parts: list[str] = []
    finish_reason = None
    choices = payload.get("choices") or []
    if not isinstance(choices, list):
        raise malformed("streamed chat")
    for choice in choices:
        if not isinstance(choice, Mapping) or choice.get("index", 0) != 0:
            continue
        delta = choice.get("delta") or {}
        content = delta.get("content") if isinstance(delta, Mapping) else None
        if isinstance(content, str):
            delta_parts.append(content)
        if isinstance(choice.get("finish_reason"), str):
            finish_reason = choice["finish_reason"]
    model = payload.get("model")
    return ChatChunk(
        "".join(delta_parts),
        finish_reason,
        usage_of(payload.get("usage")),
        model if isinstance(model, str) else "",
    )


def usage_of(usage: object) -> TokenUsage | None:
    if not isinstance(usage, Mapping):
        return None
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if isinstance(prompt, int) and isinstance(completion, int):
        return TokenUsage(prompt, completion)
    return None
