"""The model gateway: every task of the assistant goes through ``ModelGateway``.

For each task, the AI-use pathway's steps (``collectivia.ai.use.pathway``): the register's
gate (refused: a French refusal, nothing done) and the privacy guard (personal data masked
before the model; special categories of data refused, or kept to the task's offline
fallback, unless the register approved the entry for them); then the gateway's own: the
model with a deadline (or the task's offline fallback, which says so), personal data
restored in its output; then the evidence of the use (``ai.used``, through the pathway) and
the task's completion (``assistant.task-completed``), pseudonymous. An output a person
reviews before it is used (the inbox's suggested reply) defers its evidence: the caller
records it once, with the review (``record_use``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway import events
from collectivia.agent_assistant.gateway.models import (
    Delta,
    Finished,
    HumanReview,
    Offline,
    Production,
    Prompt,
    Started,
    StreamEvent,
    TaskResult,
    TaskSpec,
    TaskUse,
)
from collectivia.agent_assistant.gateway.ports import TextGenerator
from collectivia.ai.generation import ModelCall
from collectivia.ai.privacy import restore
from collectivia.ai.use.evidence import UseOutcome
from collectivia.ai.use.messages import category_labels
from collectivia.ai.use.pathway import (
    Admission,
    AiUsePathway,
    SpecialCategories,
    SpecialCategoriesRefused,
)
from collectivia.ai.use.restoring import StreamingRestorer
from collectivia.platform.errors import DependencyUnavailable, DomainError
from collectivia.platform.events.protocol import EventOutbox, EventPublisher

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class GatewayPolicy:
    """How the gateway uses a model (the service and the purpose of each use are the AI-use
    pathway's, from the settings)."""

    # A model's whole output must arrive within this many seconds (else: fallback); the
    # client's read timeout bounds the wait for each piece.
    timeout_seconds: float = 60.0
    # Masked inputs longer than this never go to the model (the fallback runs).
    max_model_chars: int = 24_000
    # At most this many tokens per output, whatever the task asks (cost and latency bound).
    max_output_tokens: int = 2048


class ModelFailure(Exception):
    """The model failed, stalled or ran past the deadline."""


@dataclass(frozen=True)
class _Fallback:
    """Why the task's offline fallback runs instead of a model."""

    # In the evidence's parameters ("fallback").
    code: str
    # French, shown before the fallback's own notice.
    notice: str


_NO_MODEL = _Fallback("no-model", messages.NO_MODEL)
_MODEL_FAILED = _Fallback("model-failed", messages.MODEL_FAILED)
_MODEL_EMPTY = _Fallback("model-empty", messages.MODEL_EMPTY)
_MODEL_UNUSABLE = _Fallback("model-unusable", messages.MODEL_UNUSABLE)


@dataclass(frozen=True)
class _Admitted:
    """A task the pathway admitted (gate, guard): its masked input, its use id."""

    admission: Admission
    started: float
    # Why the fallback runs instead of a model; None: ask the model.
    fallback: _Fallback | None

    @property
    def use_id(self) -> str:
        return self.admission.use_id


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ModelGateway:
    def __init__(
        self,
        pathway: AiUsePathway,
        generator: TextGenerator | None,
        publisher: EventPublisher,
        policy: GatewayPolicy,
        clock: Callable[[], datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``publisher``: the tasks' completions (the pathway publishes the evidence);
        ``clock`` dates the completions (the pathway's own dates the uses); ``monotonic``
        (seconds) times the model's deadline."""
        self._pathway = pathway
        self._generator = generator
        self._publisher = publisher
        self.policy = policy
        self._clock = clock
        self._monotonic = monotonic

    @property
    def generative(self) -> bool:
        return self._generator is not None

    def run(
        self, spec: TaskSpec[T], agent: Agent, *, defer_evidence: bool = False
    ) -> TaskResult[T]:
        """The whole output; a model failure anywhere falls back to the offline task.

        ``defer_evidence``: nothing is published; the result carries the evidence, which
        the caller records once a person reviewed the output (``record_use``), so that
        the use is recorded once, with its review."""
        admitted = self._admit(spec)
        meter = admitted.admission.meter
        fallback = admitted.fallback
        if fallback is None:
            masked = admitted.admission.masked
            prompt = spec.prompt(masked.source, masked.instructions)
            try:
                with meter.measure():
                    raw = "".join(self._model_pieces(prompt, admitted))
            except ModelFailure:
                fallback = _MODEL_FAILED
            else:
                with meter.measure():
                    text = restore(raw, masked.mapping).strip()
                    if not text:
                        fallback = _MODEL_EMPTY
                    elif spec.check_output is not None:
                        text = spec.check_output(text).strip()
                        fallback = None if text else _MODEL_UNUSABLE
                if fallback is None:
                    production = self._produced(admitted)
                    return self._finish(
                        spec, agent, admitted, text, production, None, defer_evidence
                    )
        assert fallback is not None
        with meter.measure():
            offline = spec.offline()
        production = self._offline_production(admitted, fallback, offline)
        return self._finish(
            spec,
            agent,
            admitted,
            offline.text,
            production,
            offline.details,
            defer_evidence,
            fallback,
        )

    def stream(self, spec: TaskSpec[T], agent: Agent) -> Iterator[StreamEvent[T]]:
        """``Started``, ``Delta``s, ``Finished``. Refusals (gate, special categories) are
        raised here, before the stream starts; a model that breaks off after its first
        words raises ``DependencyUnavailable`` from the stream. An output that must be
        checked before it is shown comes whole, once checked."""
        if spec.check_output is not None:
            result = self.run(spec, agent)
            whole: list[StreamEvent[T]] = [Started(result.production)]
            if result.text:
                whole.append(Delta(result.text))
            whole.append(Finished(result))
            return iter(whole)
        admitted = self._admit(spec)
        # Each step's CPU time counted in the thread that runs it (a streamed response is
        # read by the server's thread pool); the steps up to the evidence's.
        return admitted.admission.meter.metered(self._events(spec, agent, admitted))

    def record_use(
        self,
        use: TaskUse,
        review: HumanReview,
        *,
        actor: str,
        department: str,
        task_completed: bool = True,
        parameters: Mapping[str, str] | None = None,
        wait: bool = False,
        outbox: EventOutbox | None = None,
        session: Session | None = None,
    ) -> None:
        """Publish the evidence of ``use`` as reviewed by ``actor`` (``ai.used``: the
        register keeps the first record of a use id, so call this once per use) and, when
        ``task_completed``, the task's completion for the usage statistics.

        With ``outbox`` and ``session``: both written in ``session``'s transaction, the one
        that stores what the use produced (a reply sent, a suggestion withdrawn), and sent
        once it commits; without, published now (nothing of the use is stored)."""
        if (outbox is None) != (session is None):
            raise ValueError("outbox and session go together")
        evidence = use.evidence.reviewed(review, actor=actor, **(parameters or {}))
        completion = (
            events.task_completed(use, actor, department, self._clock()) if task_completed else None
        )
        key = department or "sans-service"
        if outbox is not None and session is not None:
            self._pathway.record_with(outbox, session, evidence)
            if completion is not None:
                outbox.add(session, completion, key=key, subject=use.use_id)
            return
        self._pathway.record(evidence, wait=wait)
        if completion is not None:
            self._publisher.publish(completion, key=key, subject=use.use_id)

    def _admit(self, spec: TaskSpec[T]) -> _Admitted:
        """The pathway's gate and guard (refusals raised), then whether the model may run: no
        model, or too long, the local path runs before special categories are in question
        (nothing leaves); then special categories are refused, or kept local when the task
        has a local path for them."""
        started = time.perf_counter()
        admission = self._pathway.admit(
            spec.source,
            instructions=spec.instructions,
            special_categories=SpecialCategories.LOCAL_ONLY,
            personal_text=spec.personal_text,
            model=self._generator is not None,
        )
        masked = admission.masked
        fallback: _Fallback | None = None
        if self._generator is None:
            fallback = _NO_MODEL
        elif len(masked.source) + len(masked.instructions) > self.policy.max_model_chars:
            fallback = _Fallback("too-long", messages.too_long(self.policy.max_model_chars))
        elif not admission.model_allowed:
            if not spec.special_categories_fallback:
                raise SpecialCategoriesRefused(admission.unapproved_categories)
            labels = category_labels(admission.unapproved_categories)
            fallback = _Fallback("special-categories", messages.special_categories_local(labels))
        return _Admitted(admission, started, fallback)

    def _events(
        self, spec: TaskSpec[T], agent: Agent, admitted: _Admitted
    ) -> Generator[StreamEvent[T], None, None]:
        if admitted.fallback is not None:
            yield from self._offline_events(spec, agent, admitted, admitted.fallback)
            return
        masked = admitted.admission.masked
        restorer = StreamingRestorer(masked.mapping)
        prompt = spec.prompt(masked.source, masked.instructions)
        pieces = self._model_pieces(prompt, admitted)
        shown: list[str] = []
        try:
            for piece in pieces:  # until the first visible words
                shown.append(restorer.feed(piece))
                if "".join(shown).strip():
                    break
            else:
                shown.append(restorer.flush())
        except ModelFailure:
            yield from self._offline_events(spec, agent, admitted, _MODEL_FAILED)
            return
        first = "".join(shown).lstrip()
        if not first.strip():
            yield from self._offline_events(spec, agent, admitted, _MODEL_EMPTY)
            return
        production = self._produced(admitted)
        yield Started(production)
        yield Delta(first)
        parts = [first]
        try:
            for piece in pieces:
                text = restorer.feed(piece)
                if text:
                    parts.append(text)
                    yield Delta(text)
        except ModelFailure as failure:
            use = self._evidence(spec, agent, admitted, production, None, completed=False)
            self.record_use(
                use,
                HumanReview.NONE,
                actor=agent.pseudonym,
                department=agent.department,
                task_completed=False,
            )
            raise DependencyUnavailable(messages.INTERRUPTED) from failure
        tail = restorer.flush()
        if tail:
            parts.append(tail)
            yield Delta(tail)
        yield Finished(self._finish(spec, agent, admitted, "".join(parts).strip(), production))

    def _offline_events(
        self, spec: TaskSpec[T], agent: Agent, admitted: _Admitted, fallback: _Fallback
    ) -> Iterator[StreamEvent[T]]:
        offline = spec.offline()
        production = self._offline_production(admitted, fallback, offline)
        yield Started(production)
        for line in offline.text.splitlines(keepends=True):
            yield Delta(line)
        yield Finished(
            self._finish(
                spec, agent, admitted, offline.text, production, offline.details, False, fallback
            )
        )

    def _model_pieces(self, prompt: Prompt, admitted: _Admitted) -> Iterator[str]:
        """The model's pieces within the deadline; any failure becomes ``ModelFailure``. The
        call (tokens, latency), when the generator says it, goes to the use's meter."""
        assert self._generator is not None
        deadline = self._monotonic() + self.policy.timeout_seconds
        if prompt.max_tokens > self.policy.max_output_tokens:
            prompt = replace(prompt, max_tokens=self.policy.max_output_tokens)
        pieces = self._generator.stream(prompt)
        try:
            for piece in pieces:
                if self._monotonic() > deadline:
                    raise ModelFailure(f"no complete output in {self.policy.timeout_seconds} s")
                yield piece
        except ModelFailure:
            raise
        except DomainError as error:  # unreachable, refused, timed out, malformed
            logger.warning("model %s failed: %s", self._generator.model, error.detail)
            raise ModelFailure(error.detail) from error
        finally:
            close = getattr(pieces, "close", None)
            if callable(close):
                close()
            call = getattr(pieces, "call", None)
            admitted.admission.meter.model_called(call if isinstance(call, ModelCall) else None)

    def _produced(self, admitted: _Admitted) -> Production:
        assert self._generator is not None
        model = self._generator.model
        return Production(
            generative=True,
            model=model,
            notice=messages.generative(model),
            use_id=admitted.use_id,
            register_url=admitted.admission.permission.register_url,
        )

    def _offline_production(
        self, admitted: _Admitted, fallback: _Fallback, offline: Offline[T]
    ) -> Production:
        return Production(
            generative=False,
            model=offline.method,
            notice=fallback.notice + offline.notice,
            use_id=admitted.use_id,
            register_url=admitted.admission.permission.register_url,
        )

    def _finish(
        self,
        spec: TaskSpec[T],
        agent: Agent,
        admitted: _Admitted,
        text: str,
        production: Production,
        details: T | None = None,
        defer_evidence: bool = False,
        fallback: _Fallback | None = None,
    ) -> TaskResult[T]:
        latency_ms = int((time.perf_counter() - admitted.started) * 1000)
        use = self._evidence(spec, agent, admitted, production, fallback, latency_ms=latency_ms)
        logger.info(
            "%s %s: %s (%s), %d ms",
            spec.kind,
            production.use_id,
            "generative" if production.generative else "offline",
            production.model,
            latency_ms,
        )
        if defer_evidence:
            return TaskResult(text, production, details, latency_ms, use)
        self.record_use(use, HumanReview.NONE, actor=agent.pseudonym, department=agent.department)
        return TaskResult(text, production, details, latency_ms)

    def _evidence(
        self,
        spec: TaskSpec[T],
        agent: Agent,
        admitted: _Admitted,
        production: Production,
        fallback: _Fallback | None,
        *,
        completed: bool = True,
        latency_ms: int = 0,
    ) -> TaskUse:
        parameters = {
            **spec.parameters,
            "task": spec.kind.value,
            "mode": "generative" if production.generative else "offline",
            "timeout_seconds": f"{self.policy.timeout_seconds:g}",
        }
        if fallback is not None:
            parameters["fallback"] = fallback.code
        evidence = self._pathway.evidence(
            admitted.admission,
            actor=agent.pseudonym,
            outcome=UseOutcome.COMPLETED if completed else UseOutcome.FAILED,
            model=production.model,
            contribution=spec.contribution,
            data_sources=(spec.template_id,) if spec.template_id else (),
            parameters=parameters,
        )
        return TaskUse(
            evidence=evidence,
            kind=spec.kind,
            department=agent.department,
            generative=production.generative,
            template_id=spec.template_id,
            latency_ms=latency_ms,
        )
