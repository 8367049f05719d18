from __future__ import annotations

import pytest

from collectivia.ai.generation.models import TokenUsage
from collectivia.ai.generation.sse import ChatChunk, event_data, parse_chat_chunk
from collectivia.platform.errors import DependencyUnavailable, InvalidInput


def test_events_are_the_data_lines_up_to_a_blank_line() -> None:
    lines = [
        ": keep-alive comment",
        "event: message",
        "id: 7",
        'data: {"a":',
        "data:  1}",
        "",
        "",
        "retry: 100",
        "data:[DONE]",
    ]
    # Several data lines are joined; one space after the colon is dropped, a second is kept;
    # the last event counts even without a closing blank line.
    assert list(event_data(lines)) == ['{"a":\n 1}', "[DONE]"]


def test_events_without_data_are_skipped() -> None:
    assert list(event_data(["event: ping", "", ": comment", "", "data: x\r\n", "\r\n"])) == ["x"]


def test_a_content_delta() -> None:
    chunk = parse_chat_chunk(
        '{"model":"m","choices":[{"index":0,"delta":{"content":"Bonj"},"finish_reason":null}]}'
    )
    assert chunk == ChatChunk("Bonj", None, None, "m")


def test_the_role_chunk_carries_no_text() -> None:
    chunk = parse_chat_chunk(
        '{"choices":[{"index":0,"delta":{"role":"assistant","content":null}}]}'
    )
    assert chunk.delta == ""


def test_the_last_chunks_carry_the_finish_reason_and_usage() -> None:
    last = parse_chat_chunk('{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}')
    assert last.finish_reason == "length"
    usage = parse_chat_chunk(
        '{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}'
    )
    assert usage == ChatChunk("", None, TokenUsage(12, 3))


def test_other_choices_than_the_first_are_ignored() -> None:
    chunk = parse_chat_chunk(
        '{"choices":[{"index":1,"delta":{"content":"B"}},{"index":0,"delta":{"content":"A"}}]}'
    )
    assert chunk.delta == "A"


def test_an_error_event_about_the_request_is_invalid_input() -> None:
    data = (
        '{"error":{"code":400,"type":"exceed_context_size_error",'
        '"message":"the prompt: Je suis Jean Dupont..."}}'
    )
    with pytest.raises(InvalidInput) as raised:
        parse_chat_chunk(data)
    assert "type=exceed_context_size_error" in raised.value.detail
    assert "Dupont" not in raised.value.detail


def test_an_error_event_from_the_server_is_a_dependency_failure() -> None:
    with pytest.raises(DependencyUnavailable, match="HTTP 500"):
        parse_chat_chunk('{"error":{"message":"CUDA out of memory"}}')


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '{"choices": "nope"}'])
def test_malformed_chunks_are_a_dependency_failure(data: str) -> None:
    with pytest.raises(DependencyUnavailable, match="malformed"):
        parse_chat_chunk(data)
