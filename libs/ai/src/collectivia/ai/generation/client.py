"""A client of an OpenAI-compatible server (vLLM, llama.cpp, Ollama, a provider): chat
completions, streamed or whole, and embeddings.

Synchronous, like the services' domain code: FastAPI runs it in its thread pool, and a
``StreamingResponse`` iterates a plain iterator there too. One client per service, shared by
its threads (``httpx.Client`` is thread-safe). A CLIENT span per call carries the model, the
token counts and the finish reason (OpenTelemetry's ``gen_ai.*`` attributes), never the
messages; the API key goes only into the ``Authorization`` header.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

import httpx
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from collectivia.ai.generation.failures import error_for_status, error_for_transport, malformed
from collectivia.ai.generation.models import ChatCompletion, ChatMessage, ModelCall
from collectivia.ai.generation.sse import usage_of
from collectivia.ai.generation.stream import ChatStream, fail_span, record_outcome
from collectivia.platform.errors import DependencyUnavailable, DomainError

if TYPE_CHECKING:
    from pydantic import AnyHttpUrl, SecretStr

    from collectivia.ai.generation.settings import GenerationSettings
    from collectivia.platform.telemetry import Telemetry

logger = logging.getLogger(__name__)


class GenerationClient:
    def __init__(
        self,
        settings: GenerationSettings,
        *,
        telemetry: Telemetry | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``transport`` replaces the network (tests); ``telemetry`` traces the calls."""
        if settings.base_url is None:
            raise ValueError("generation is off: COLLECTIVIA_GENERATION_BASE_URL is not set")
        self.settings = settings
        self.http = _http_client(settings, settings.base_url, settings.api_key, transport)
        # A separate embeddings server gets a client (and a key) of its own.
        self.embeddings_http = self.http
        if settings.embedding_base_url is not None:
            self.embeddings_http = _http_client(
                settings, settings.embedding_base_url, settings.embedding_api_key, transport
            )
        if telemetry is not None:
            telemetry.instrument_httpx(self.http)
            if self.embeddings_http is not self.http:
                telemetry.instrument_httpx(self.embeddings_http)
            self._tracer = telemetry.tracer(__name__)
        else:
            self._tracer = trace.get_tracer(__name__)
        self._server = _server_attrs(settings.base_url)
        self._embeddings_server = _server_attrs(settings.embedding_base_url or settings.base_url)

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        stop: Sequence[str] = (),
    ) -> ChatStream:
        """Ask for a streamed answer. The request is sent now: a refusal or an unreachable
        server raises here, before any delta; a failure later in the stream raises from the
        iteration. Close the stream (``with``) when you stop reading it early."""
        body = self._chat_body(messages, max_tokens, temperature, stop)
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
        span = self._tracer.start_span(
            f"chat {self.settings.model}", kind=SpanKind.CLIENT, attributes=_request_attrs(body)
        )
        span.set_attributes(self._server)
        started = time.perf_counter()
        try:
            with trace.use_span(span, end_on_exit=False, record_exception=False):
                request = self.http.build_request("POST", "chat/completions", json=body)
                response = self._send(self.http, request, stream=True)
            if not response.is_success:
                try:
                    response.read()
                finally:
                    response.close()
                raise error_for_status(response.status_code, _json_of(response), "chat")
        except httpx.TransportError as error:
            failure = self._transport_error(error)
            fail_span(span, failure)
            span.end()
            raise failure from error
        except DomainError as error:
            fail_span(span, error)
            span.end()
            raise
        return ChatStream(
            response,
            span,
            self._transport_error,
            profile=self.settings.profile,
            started=started,
        )

    def complete_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
        stop: Sequence[str] = (),
    ) -> ChatCompletion:
        """The whole answer at once (``read_timeout_seconds`` bounds its generation)."""
        body = self._chat_body(messages, max_tokens, temperature, stop)
        with self._tracer.start_as_current_span(
            f"chat {self.settings.model}", kind=SpanKind.CLIENT, attributes=_request_attrs(body)
        ) as span:
            span.set_attributes(self._server)
            started = time.perf_counter()
            payload = self._post(self.http, "chat/completions", body, "chat")
            latency = time.perf_counter() - started
            choices = payload.get("choices")
            first = choices[0] if isinstance(choices, list) and choices else None
            message = first.get("message") if isinstance(first, Mapping) else None
            text = message.get("content") if isinstance(message, Mapping) else None
            if not isinstance(text, str):
                raise malformed("chat")
            reason = first.get("finish_reason") if isinstance(first, Mapping) else None
            model = payload.get("model")
            usage = usage_of(payload.get("usage"))
            served = model if isinstance(model, str) else ""
            completion = ChatCompletion(
                text,
                reason if isinstance(reason, str) else None,
                usage,
                served,
                ModelCall(served, usage, latency, self.settings.profile),
            )
            record_outcome(span, completion.finish_reason, completion.usage, completion.model)
            return completion

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text, in order, from ``embedding_model`` (or ``model``), on the
        embeddings server (``embedding_base_url``, else the generation server)."""
        if not texts:
            return []
        model = self.settings.embedding_model_name
        body: dict[str, Any] = {"model": model, "input": list(texts), "encoding_format": "float"}
        attributes = {"gen_ai.operation.name": "embeddings", "gen_ai.request.model": model}
        with self._tracer.start_as_current_span(
            f"embeddings {model}", kind=SpanKind.CLIENT, attributes=attributes
        ) as span:
            span.set_attributes(self._embeddings_server)
            payload = self._post(self.embeddings_http, "embeddings", body, "embeddings")
            vectors = _vectors_of(payload.get("data"), len(texts))
            usage = payload.get("usage")
            if isinstance(usage, Mapping) and isinstance(usage.get("prompt_tokens"), int):
                span.set_attribute("gen_ai.usage.input_tokens", usage["prompt_tokens"])
            return vectors

    def close(self) -> None:
        self.http.close()
        self.embeddings_http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _chat_body(
        self,
        messages: Sequence[ChatMessage],
        max_tokens: int | None,
        temperature: float | None,
        stop: Sequence[str],
    ) -> dict[str, Any]:
        if not messages:
            raise ValueError("a chat completion needs at least one message")
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens or self.settings.max_tokens,
            "temperature": self.settings.temperature if temperature is None else temperature,
        }
        if stop:
            body["stop"] = list(stop)
        return body

    def _post(
        self, http: httpx.Client, path: str, body: Mapping[str, Any], operation: str
    ) -> Mapping[str, Any]:
        try:
            response = self._send(http, http.build_request("POST", path, json=body))
        except httpx.TransportError as error:
            failure = self._transport_error(error)
            logger.warning("model server %s call failed: %s", operation, failure.detail)
            raise failure from error
        payload = _json_of(response)
        if not response.is_success:
            refusal = error_for_status(response.status_code, payload, operation)
            logger.warning("model server %s call failed: %s", operation, refusal.detail)
            raise refusal
        if not isinstance(payload, Mapping):
            raise malformed(operation)
        return payload

    def _send(
        self, http: httpx.Client, request: httpx.Request, *, stream: bool = False
    ) -> httpx.Response:
        try:
            return http.send(request, stream=stream)
        except httpx.RemoteProtocolError:
            # Closed without a word: most often a kept-alive connection that the server closed
            # as it was reused (llama.cpp keeps them 5 s). Once more, on a new connection.
            logger.info("the model server closed the connection unanswered; sending again")
            return http.send(request, stream=stream)

    def _transport_error(self, error: httpx.TransportError) -> DependencyUnavailable:
        return error_for_transport(
            error, self.settings.connect_timeout_seconds, self.settings.read_timeout_seconds
        )


def _http_client(
    settings: GenerationSettings,
    base_url: AnyHttpUrl,
    api_key: SecretStr | None,
    transport: httpx.BaseTransport | None,
) -> httpx.Client:
    headers = {}
    if api_key is not None:
        headers["Authorization"] = f"Bearer {api_key.get_secret_value()}"
    return httpx.Client(
        base_url=str(base_url).rstrip("/") + "/",
        headers=headers,
        timeout=httpx.Timeout(
            settings.read_timeout_seconds, connect=settings.connect_timeout_seconds
        ),
        transport=transport,
    )


def _server_attrs(url: AnyHttpUrl) -> dict[str, str | int]:
    return {"server.address": url.host or "", "server.port": url.port or 0}


def _request_attrs(body: Mapping[str, Any]) -> dict[str, str | int | float]:
    return {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": body["model"],
        "gen_ai.request.max_tokens": body["max_tokens"],
        "gen_ai.request.temperature": body["temperature"],
    }


def _json_of(response: httpx.Response) -> object:
    try:
        return json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _vectors_of(data: object, expected: int) -> list[list[float]]:
    if not isinstance(data, list) or len(data) != expected:
        raise malformed("embeddings")
    vectors: list[list[float] | None] = [None] * expected
    for position, item in enumerate(data):
        index = item.get("index", position) if isinstance(item, Mapping) else None
        embedding = item.get("embedding") if isinstance(item, Mapping) else None
        if (
            not isinstance(index, int)
            or not 0 <= index < expected
            or not isinstance(embedding, list)
        ):
            raise malformed("embeddings")
        if not all(isinstance(x, int | float) for x in embedding):
            raise malformed("embeddings")
        vectors[index] = [float(x) for x in embedding]
    if any(v is None for v in vectors):
        raise malformed("embeddings")
    return [v for v in vectors if v is not None]
