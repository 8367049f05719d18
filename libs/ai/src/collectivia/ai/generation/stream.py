"""A streamed chat completion being read: its deltas, then how it ended."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from types import TracebackType
from typing import Self

import httpx
from opentelemetry.trace import Span, Status, StatusCode

from collectivia.ai.generation.models import ModelCall, ModelProfile, TokenUsage
from collectivia.ai.generation.sse import DONE, event_data, parse_chat_chunk
from collectivia.platform.errors import DependencyUnavailable, DomainError

logger = logging.getLogger(__name__)


class ChatStream:
    """The text deltas of a streamed chat completion, as they arrive. Once it is exhausted,
    ``text`` is the whole answer and ``finish_reason``, ``usage``, ``model`` and ``call`` (the
    call as measured, for the evidence of the use) are known."""

    def __init__(
        self,
        response: httpx.Response,
        span: Span,
        transport_error: Callable[[httpx.TransportError], DependencyUnavailable],
        *,
        profile: ModelProfile,
        started: float,
    ) -> None:
        """``started``: ``time.perf_counter()`` when the request was sent."""
        self.profile = profile
        self.started = started
        self.call: ModelCall | None = None
        self.finish_reason: str | None = None
        self.usage: TokenUsage | None = None
        self.model = ""
        self._parts: list[str] = []
        self._response = response
        self._span = span
        self._transport_error = transport_error
        self._finished = False
        self._deltas = self._read()

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> str:
        return next(self._deltas)

    def close(self) -> None:
        """Stop reading: the connection is closed and the span ended."""
        self._deltas.close()
        self._finish()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _read(self) -> Generator[str, None, None]:
        done = False
        try:
            for data in event_data(self._response.iter_lines()):
                if data.strip() == DONE:
                    done = True
                    break
                chunk = parse_chat_chunk(data)
                self.finish_reason = chunk.finish_reason or self.finish_reason
                self.usage = chunk.usage or self.usage
                self.model = chunk.model or self.model
                if chunk.delta:
                    self._parts.append(chunk.delta)
                    yield chunk.delta
            if not done and self.finish_reason is None:
                raise DependencyUnavailable("the model server ended the stream before its end")
        except httpx.TransportError as error:
            failure = self._transport_error(error)
            fail_span(self._span, failure)
            raise failure from error
        except DomainError as error:
            fail_span(self._span, error)
            raise
        finally:
            self._finish()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self.call = ModelCall(
            self.model, self.usage, time.perf_counter() - self.started, self.profile
        )
        self._response.close()
        record_outcome(self._span, self.finish_reason, self.usage, self.model)
        self._span.end()


def record_outcome(
    span: Span, finish_reason: str | None, usage: TokenUsage | None, model: str
) -> None:
    if finish_reason:
        span.set_attribute("gen_ai.response.finish_reasons", [finish_reason])
    if model:
        span.set_attribute("gen_ai.response.model", model)
    if usage is not None:
        span.set_attribute("gen_ai.usage.input_tokens", usage.prompt_tokens)
        span.set_attribute("gen_ai.usage.output_tokens", usage.completion_tokens)


def fail_span(span: Span, error: DomainError) -> None:
    logger.warning("model server chat call failed: %s", error.detail)
    span.record_exception(error)
    span.set_status(Status(StatusCode.ERROR, error.detail))
    span.set_attribute("error.type", type(error).__name__)
