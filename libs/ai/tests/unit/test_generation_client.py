"""The generation client against scripted answers (httpx.MockTransport): what it sends, how it
reads streams, and how each failure becomes a domain error. The real server is exercised in
tests/integration/test_generation_server.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode
from pydantic import SecretStr

from collectivia.ai.generation import (
    ChatMessage,
    GenerationClient,
    GenerationSettings,
    TokenUsage,
)
from collectivia.platform.errors import DependencyUnavailable, InvalidInput
from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import setup_telemetry

API_KEY = "sk-test-never-logged"
QUESTION = "Je suis Jean Dupont, comment renouveler ma carte d'identité ?"
MESSAGES = [ChatMessage("system", "Réponds en français."), ChatMessage("user", QUESTION)]

Handler = Callable[[httpx.Request], httpx.Response]


def settings(**values: object) -> GenerationSettings:
    defaults: dict[str, object] = {
        "base_url": "http://llm.test:8000/v1",
        "model": "tiny",
        "api_key": SecretStr(API_KEY),
    }
    return GenerationSettings.model_validate(defaults | values)


def client_for(handler: Handler, **values: object) -> GenerationClient:
    return GenerationClient(settings(**values), transport=httpx.MockTransport(handler))


def chunk(content: str | None = None, finish: str | None = None) -> dict[str, object]:
    delta = {} if content is None else {"content": content}
    return {"model": "tiny-q4", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def sse(*events: object, done: bool = True) -> bytes:
    lines = [f"data: {json.dumps(e)}\n\n" for e in events]
    if done:
        lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


STREAM = sse(
    {"choices": [{"index": 0, "delta": {"role": "assistant"}}]},
    chunk("Bonjour"),
    chunk(", "),
    chunk("madame."),
    chunk(finish="stop"),
    {"choices": [], "usage": {"prompt_tokens": 20, "completion_tokens": 3}},
)


class Recorder:
    def __init__(self, response: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._response = response

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._response(request)

    def body(self, index: int = 0) -> dict[str, object]:
        loaded: dict[str, object] = json.loads(self.requests[index].content)
        return loaded


def test_a_stream_yields_the_deltas_then_knows_how_it_ended() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, content=STREAM))
    with client_for(recorder).stream_chat(MESSAGES, temperature=0) as stream:
        deltas = list(stream)
    assert deltas == ["Bonjour", ", ", "madame."]
    assert stream.text == "Bonjour, madame."
    assert stream.finish_reason == "stop"
    assert stream.usage == TokenUsage(20, 3)
    assert stream.model == "tiny-q4"
    request = recorder.requests[0]
    assert str(request.url) == "http://llm.test:8000/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert recorder.body() == {
        "model": "tiny",
        "messages": [
            {"role": "system", "content": "Réponds en français."},
            {"role": "user", "content": QUESTION},
        ],
        "max_tokens": 512,
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }


def test_without_a_key_no_authorization_is_sent() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, content=STREAM))
    list(client_for(recorder, api_key=None).stream_chat(MESSAGES, max_tokens=7, stop=["\n"]))
    assert "authorization" not in recorder.requests[0].headers
    assert recorder.body()["max_tokens"] == 7
    assert recorder.body()["stop"] == ["\n"]


def test_a_refused_stream_fails_before_any_delta() -> None:
    client = client_for(lambda _: httpx.Response(503, json={"error": {"message": "loading"}}))
    with pytest.raises(DependencyUnavailable, match="HTTP 503 to the chat request"):
        client.stream_chat(MESSAGES)


def test_a_prompt_over_the_context_is_invalid_input_without_its_text() -> None:
    body = {"error": {"code": 400, "type": "exceed_context_size_error", "message": QUESTION}}
    client = client_for(lambda _: httpx.Response(400, json=body))
    with pytest.raises(InvalidInput) as raised:
        client.stream_chat(MESSAGES)
    assert raised.value.detail == (
        "the model server refused the chat request: HTTP 400 "
        "(type=exceed_context_size_error, code=400)"
    )


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        (401, "COLLECTIVIA_GENERATION_API_KEY"),
        (404, "COLLECTIVIA_GENERATION_MODEL"),
        (429, "HTTP 429"),
        (500, "HTTP 500"),
    ],
)
def test_other_refusals_are_dependency_failures(status: int, hint: str) -> None:
    client = client_for(lambda _: httpx.Response(status, text="<html>oops</html>"))
    with pytest.raises(DependencyUnavailable, match=hint) as raised:
        client.complete_chat(MESSAGES)
    assert API_KEY not in raised.value.detail


def raises(error: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    return handler


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (httpx.ConnectError("refused"), r"unreachable \(ConnectError\)"),
        (httpx.ConnectTimeout("slow"), "did not accept a connection within 5 s"),
        (httpx.ReadTimeout("slow"), "did not answer within 60 s"),
        (httpx.RemoteProtocolError("bad"), r"unreachable \(RemoteProtocolError\)"),
    ],
)
def test_network_failures_are_dependency_failures(error: Exception, message: str) -> None:
    client = client_for(raises(error))
    with pytest.raises(DependencyUnavailable, match=message):
        client.stream_chat(MESSAGES)
    with pytest.raises(DependencyUnavailable, match=message):
        client.complete_chat(MESSAGES)
    with pytest.raises(DependencyUnavailable, match=message):
        client.embed(["texte"])


def test_an_error_in_the_stream_raises_after_the_deltas_before_it() -> None:
    broken = sse(chunk("Bon"), {"error": {"code": 500, "message": "decode failed"}}, done=False)
    stream = client_for(lambda _: httpx.Response(200, content=broken)).stream_chat(MESSAGES)
    assert next(stream) == "Bon"
    with pytest.raises(DependencyUnavailable, match="HTTP 500"):
        next(stream)


def test_a_stream_cut_short_is_a_dependency_failure() -> None:
    cut = sse(chunk("Bon"), done=False)
    stream = client_for(lambda _: httpx.Response(200, content=cut)).stream_chat(MESSAGES)
    with pytest.raises(DependencyUnavailable, match="ended the stream"):
        list(stream)


class FailingBody(httpx.SyncByteStream):
    """A body that breaks off after its first event, as a dropped connection does."""

    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield sse(chunk("Bon"), done=False)
        raise httpx.ReadError("connection reset")

    def close(self) -> None:
        self.closed = True


def test_a_connection_lost_mid_stream_is_a_dependency_failure() -> None:
    body = FailingBody()
    stream = client_for(lambda _: httpx.Response(200, stream=body)).stream_chat(MESSAGES)
    assert next(stream) == "Bon"
    with pytest.raises(DependencyUnavailable, match=r"unreachable \(ReadError\)"):
        next(stream)
    assert body.closed


class EndlessBody(httpx.SyncByteStream):
    def __init__(self) -> None:
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        while not self.closed:
            yield sse(chunk("la"), done=False)

    def close(self) -> None:
        self.closed = True


def test_closing_a_stream_early_closes_the_connection() -> None:
    body = EndlessBody()
    client = client_for(lambda _: httpx.Response(200, stream=body))
    with client.stream_chat(MESSAGES) as stream:
        assert [next(stream), next(stream)] == ["la", "la"]
    assert body.closed
    with pytest.raises(StopIteration):
        next(stream)


def test_closing_an_unread_stream_closes_the_connection() -> None:
    body = EndlessBody()
    client_for(lambda _: httpx.Response(200, stream=body)).stream_chat(MESSAGES).close()
    assert body.closed


def test_a_whole_completion() -> None:
    answer = {
        "model": "tiny-q4",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Oui."}}],
        "usage": {"prompt_tokens": 9, "completion_tokens": 2},
    }
    answer["choices"][0]["finish_reason"] = "stop"  # type: ignore[index]
    recorder = Recorder(lambda _: httpx.Response(200, json=answer))
    completion = client_for(recorder, temperature=0.7).complete_chat(MESSAGES)
    assert (completion.text, completion.finish_reason) == ("Oui.", "stop")
    assert completion.usage == TokenUsage(9, 2)
    assert completion.model == "tiny-q4"
    assert "stream" not in recorder.body()
    assert recorder.body()["temperature"] == 0.7


@pytest.mark.parametrize(
    "answer", [{"choices": []}, {"choices": [{"message": {"content": None}}]}, ["x"]]
)
def test_a_malformed_completion_is_a_dependency_failure(answer: object) -> None:
    client = client_for(lambda _: httpx.Response(200, json=answer))
    with pytest.raises(DependencyUnavailable, match="malformed chat answer"):
        client.complete_chat(MESSAGES)


def test_embeddings_come_back_in_the_order_of_the_texts() -> None:
    data = [
        {"object": "embedding", "index": 1, "embedding": [0.0, 1.0]},
        {"object": "embedding", "index": 0, "embedding": [1, 0]},
    ]
    recorder = Recorder(lambda _: httpx.Response(200, json={"data": data}))
    vectors = client_for(recorder, embedding_model="e5").embed(["un", "deux"])
    assert vectors == [[1.0, 0.0], [0.0, 1.0]]
    assert str(recorder.requests[0].url) == "http://llm.test:8000/v1/embeddings"
    assert recorder.body() == {"model": "e5", "input": ["un", "deux"], "encoding_format": "float"}


def test_no_text_no_request() -> None:
    recorder = Recorder(lambda _: httpx.Response(500))
    assert client_for(recorder).embed([]) == []
    assert recorder.requests == []


@pytest.mark.parametrize(
    "data",
    [
        [{"index": 0, "embedding": [1.0]}],
        [{"index": 0, "embedding": [1.0]}, {"index": 0, "embedding": [2.0]}],
        [{"index": 0, "embedding": [1.0]}, {"index": 1, "embedding": "AAAA"}],
    ],
)
def test_malformed_embeddings_are_a_dependency_failure(data: object) -> None:
    client = client_for(lambda _: httpx.Response(200, json={"data": data}))
    with pytest.raises(DependencyUnavailable, match="malformed embeddings"):
        client.embed(["un", "deux"])


def test_no_messages_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="at least one message"):
        client_for(lambda _: httpx.Response(200)).complete_chat([])


def test_a_disabled_configuration_gives_no_client() -> None:
    with pytest.raises(ValueError, match="COLLECTIVIA_GENERATION_BASE_URL"):
        GenerationClient(GenerationSettings())


def traced_client(handler: Handler, exporter: InMemorySpanExporter) -> GenerationClient:
    service = ServiceSettings(
        service_name="demo", client_id="demo", client_secret=SecretStr("demo-dev-secret")
    )
    telemetry = setup_telemetry(service, exporter)
    return GenerationClient(settings(), telemetry=telemetry, transport=httpx.MockTransport(handler))


def test_a_stream_is_one_span_with_the_counts_and_no_content(
    span_exporter: InMemorySpanExporter,
) -> None:
    client = traced_client(lambda _: httpx.Response(200, content=STREAM), span_exporter)
    with client.stream_chat(MESSAGES) as stream:
        list(stream)
    spans = {s.name: s for s in span_exporter.get_finished_spans()}
    chat = spans["chat tiny"]
    assert chat.attributes is not None
    assert chat.attributes["gen_ai.operation.name"] == "chat"
    assert chat.attributes["gen_ai.request.model"] == "tiny"
    assert chat.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert chat.attributes["gen_ai.usage.input_tokens"] == 20
    assert chat.attributes["gen_ai.usage.output_tokens"] == 3
    assert chat.attributes["server.address"] == "llm.test"
    # The HTTP client span is its child.
    [http_span] = [s for s in spans.values() if s.name.startswith("POST")]
    assert http_span.parent is not None
    assert http_span.parent.span_id == chat.context.span_id
    everything = repr([(s.attributes, s.events) for s in spans.values()])
    assert "Dupont" not in everything
    assert API_KEY not in everything


def test_a_failed_call_marks_its_span_and_logs_neither_key_nor_content(
    span_exporter: InMemorySpanExporter, caplog: pytest.LogCaptureFixture
) -> None:
    client = traced_client(lambda _: httpx.Response(502, text=QUESTION), span_exporter)
    with caplog.at_level(logging.DEBUG), pytest.raises(DependencyUnavailable):
        client.stream_chat(MESSAGES)
    with caplog.at_level(logging.DEBUG), pytest.raises(DependencyUnavailable):
        client.complete_chat(MESSAGES)
    spans = [s for s in span_exporter.get_finished_spans() if s.name == "chat tiny"]
    assert [s.status.status_code for s in spans] == [StatusCode.ERROR, StatusCode.ERROR]
    assert "HTTP 502" in caplog.text
    assert "Dupont" not in caplog.text
    assert API_KEY not in caplog.text


def test_a_connection_closed_unanswered_is_tried_once_more() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return httpx.Response(200, content=STREAM)

    assert "".join(client_for(handler).stream_chat(MESSAGES)) == "Bonjour, madame."
    assert len(calls) == 2


EMBEDDING = {"data": [{"index": 0, "embedding": [0.6, 0.8]}]}
CHAT_ANSWER = {
    "model": "tiny",
    "choices": [{"index": 0, "message": {"content": "Oui."}, "finish_reason": "stop"}],
}


def test_embeddings_use_the_generation_server_and_key_when_none_of_their_own_is_set() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, json=EMBEDDING))
    client_for(recorder).embed(["un"])
    [request] = recorder.requests
    assert str(request.url) == "http://llm.test:8000/v1/embeddings"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"


def test_a_separate_embeddings_server_gets_the_embeddings_and_only_its_own_key() -> None:
    recorder = Recorder(
        lambda request: httpx.Response(
            200, json=EMBEDDING if request.url.path.endswith("/embeddings") else CHAT_ANSWER
        )
    )
    client = client_for(
        recorder, embedding_base_url="https://e5.test/v1/", embedding_api_key=SecretStr("sk-e5")
    )
    assert client.embed(["un"]) == [[0.6, 0.8]]
    client.complete_chat(MESSAGES)
    embeddings, chat = recorder.requests
    assert str(embeddings.url) == "https://e5.test/v1/embeddings"
    assert embeddings.headers["authorization"] == "Bearer sk-e5"
    assert str(chat.url) == "http://llm.test:8000/v1/chat/completions"
    assert chat.headers["authorization"] == f"Bearer {API_KEY}"
    client.close()
    assert client.http.is_closed and client.embeddings_http.is_closed


def test_the_generation_key_never_goes_to_a_separate_embeddings_server() -> None:
    recorder = Recorder(lambda _: httpx.Response(200, json=EMBEDDING))
    client_for(recorder, embedding_base_url="https://e5.test/v1").embed(["un"])
    assert "authorization" not in recorder.requests[0].headers


def test_a_refusal_of_the_embeddings_server_names_its_settings() -> None:
    client = client_for(
        lambda _: httpx.Response(404, json={"error": {"type": "NotFoundError"}}),
        embedding_base_url="https://e5.test/v1",
    )
    with pytest.raises(DependencyUnavailable, match="COLLECTIVIA_GENERATION_EMBEDDING_BASE_URL"):
        client.embed(["un"])
