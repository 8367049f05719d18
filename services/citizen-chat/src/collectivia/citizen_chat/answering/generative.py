"""The generative answerer: a chat model writes the answer from the retrieved passages, each
sentence is checked against the passages it cites before the citizen sees it.

The confidence gate comes first and is the extractive one (retrieval agreement times the
support of the best sentence): below it, the citizen gets "I don't know" and the model is not
called. Above it, the model gets the numbered sources and the question (``prompt``); its reply
is cut into sentences as it streams in, and each complete sentence is checked (``grounding``)
and then yielded, or dropped. Sources are renumbered in the order the answer first cites
them. When the model says the sources do not answer, the citizen gets the refusal; when it
fails (error, timeout) before any sentence was kept, or when the check drops every sentence,
the citizen gets the extractive answer, and the answer records why (``Fallback``). When the
reader leaves mid-answer (``AnswerInterrupted``), the model's stream is closed at once and
the answer is the sentences shown so far.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import date

from collectivia.ai.generation import ChatMessage, ModelCall
from collectivia.citizen_chat.answering import prompt, texts
from collectivia.citizen_chat.answering.chat_model import ChatModel
from collectivia.citizen_chat.answering.grounding import (
    GroundingCheck,
    SentenceBuffer,
    Verdict,
    content_terms,
)
from collectivia.citizen_chat.answering.interruption import AnswerInterrupted
from collectivia.citizen_chat.answering.models import (
    Answer,
    AnswerMode,
    AnswerSentence,
    Exchange,
    Fallback,
    Outcome,
)
from collectivia.citizen_chat.answering.quotability import rule_reason, without_unquotable
from collectivia.citizen_chat.answering.service import Answerer, AnswerStream, Retrieval
from collectivia.citizen_chat.knowledge.base import DocumentHit

logger = logging.getLogger(__name__)

_UNKNOWN_TERMS = frozenset(content_terms(prompt.UNKNOWN_REPLY))
_TERMINAL = re.compile(r"([.!?…]+[»\")]?)$")


@dataclass(frozen=True)
class GenerationPolicy:
    collectivity: str = "la collectivité"
    # Retrieved documents given to the model as numbered sources.
    sources: int = 4
    # Share of a generated sentence's content words its cited passages must contain.
    min_support: float = 0.5
    # Sentences shown at most; the model's stream is closed after them.
    max_sentences: int = 6
    # The model's stream is abandoned after this many seconds (checked between deltas).
    deadline_seconds: float = 30.0


class _ModelRun:
    """One streamed call of the model, cut into sentences; remembers whether it failed."""

    def __init__(self, model: ChatModel, messages: list[ChatMessage], deadline: float) -> None:
        self.model = model
        self.messages = messages
        self.deadline = deadline
        self.failed = False
        # The call's tokens and latency, when the model's reply says them.
        self.call: ModelCall | None = None

    def sentences(self) -> Generator[str, None, None]:
        buffer = SentenceBuffer()
        started = time.monotonic()
        deltas = self.model.stream(self.messages)
        try:
            for delta in deltas:
                yield from buffer.feed(delta)
                if time.monotonic() - started > self.deadline:
                    raise TimeoutError(f"no complete reply within {self.deadline:.0f} s")
            yield from buffer.flush()
        except Exception as error:  # any failure of the model or its client: quote instead
            self.failed = True
            logger.warning(
                "generative model %s failed (%s: %s); answering by quoting the sources",
                self.model.name,
                type(error).__name__,
                error,
            )
        finally:
            close = getattr(deltas, "close", None)
            if callable(close):
                close()
            call = getattr(deltas, "call", None)
            self.call = call if isinstance(call, ModelCall) else None


def said_unknown(sentence: str) -> bool:
    """True when a sentence is the reply the rules prescribe when the sources do not answer."""
    terms = content_terms(sentence)
    return bool(terms) and len(terms & _UNKNOWN_TERMS) >= 0.8 * len(_UNKNOWN_TERMS)


def with_markers(text: str, numbers: Sequence[int]) -> str:
    """``text`` with its citation markers before its final punctuation: "... 12 h [1]."."""
    markers = "".join(f"[{n}]" for n in numbers)
    match = _TERMINAL.search(text)
    if match is None:
        return f"{text} {markers}"
    return f"{text[: match.start()]} {markers}{match.group(1)}"


class GenerativeAnswerer:
    def __init__(self, answerer: Answerer, model: ChatModel, policy: GenerationPolicy) -> None:
        self.answerer = answerer
        self.model = model
        self.policy = policy

    def stream(
        self,
        question: str,
        *,
        history: Sequence[Exchange] = (),
        commune: str | None = None,
        register_url: str = "",
        today: date | None = None,
    ) -> AnswerStream:
        """The answer, sentence by sentence as each one passes the check; returns it whole."""
        context = [exchange.question for exchange in history]
        retrieval = self.answerer.retrieve(question, context, commune, today)
        if not retrieval.confident:
            return self.answerer.refusal(retrieval, register_url)
        hits = retrieval.hits[: self.policy.sources]
        commune_name = self.answerer.commune_name(commune)
        messages = prompt.messages(
            question,
            [self._source(number, hit) for number, hit in enumerate(hits, start=1)],
            history,
            self.policy.collectivity,
            commune_name,
        )
        check = GroundingCheck(
            {
                n: "\n".join([hit.document.title, *(p.text for p in hit.passages)])
                for n, hit in enumerate(hits, start=1)
            },
            self.policy.min_support,
        )
        run = _ModelRun(self.model, messages, self.policy.deadline_seconds)
        kept: list[AnswerSentence] = []
        numbering: dict[int, int] = {}  # source number in the prompt -> number in the answer
        dropped = 0
        unknown = False
        interrupted = False
        sentences = run.sentences()
        try:
            for raw in sentences:
                if said_unknown(raw):
                    unknown = True
                    continue
                checked = check.check(raw)
                repeated = any(s.text == checked.text for s in kept)
                unsafe = rule_reason(checked.text)
                if checked.verdict is not Verdict.KEPT or repeated or unsafe is not None:
                    dropped += 1
                    reason = "repeated" if repeated else (unsafe or checked.verdict).value
                    logger.info("generated sentence dropped: %s", reason)
                    continue
                numbers = tuple(
                    numbering.setdefault(n, len(numbering) + 1) for n in checked.sources
                )
                sentence = AnswerSentence(checked.text, numbers[0], checked.support, numbers)
                kept.append(sentence)
                try:
                    yield sentence
                except AnswerInterrupted:  # the reader left: the model is stopped at once
                    interrupted = True
                    break
                if len(kept) >= self.policy.max_sentences:
                    break
        finally:
            sentences.close()
        if kept:
            answer = self._answer(retrieval, hits, kept, numbering, dropped, register_url)
            return dataclasses.replace(answer, model_call=run.call, interrupted=interrupted)
        if unknown and not run.failed:
            refusal = self.answerer.refusal(retrieval, register_url)
            return dataclasses.replace(
                refusal, mode=AnswerMode.GENERATIVE, dropped_sentences=dropped, model_call=run.call
            )
        fallback = Fallback.MODEL_FAILED if run.failed else Fallback.NOTHING_KEPT
        logger.warning("generative answer replaced by quotes (%s, %d dropped)", fallback, dropped)
        quoted = yield from self.answerer.quoted(retrieval, register_url)
        return dataclasses.replace(
            quoted, dropped_sentences=dropped, fallback=fallback, model_call=run.call
        )

    def _source(self, number: int, hit: DocumentHit) -> prompt.PromptSource:
        document = hit.document
        if document.shared:
            scope = "toutes les communes"
        else:
            names = ", ".join(self.answerer.commune_name(c) or c for c in document.communes)
            scope = f"commune de {names}"
        # The model never reads what a citizen may never be quoted (quotability.py).
        passages = tuple(without_unquotable(p.text, document) for p in hit.passages)
        return prompt.PromptSource(number, document.title, scope, passages)

    def _answer(
        self,
        retrieval: Retrieval,
        hits: Sequence[DocumentHit],
        kept: Sequence[AnswerSentence],
        numbering: dict[int, int],
        dropped: int,
        register_url: str,
    ) -> Answer:
        citations = tuple(
            self.answerer.citation(shown, hits[source - 1].document, retrieval.today)
            for source, shown in numbering.items()
        )
        eligibility = retrieval.eligibility
        lines = [texts.ELIGIBILITY] if eligibility else []
        lines.append(texts.GENERATED_INTRO)
        lines.extend(with_markers(s.text, s.cited) for s in kept)
        if eligibility:
            lines.append(texts.OFFER_HUMAN)
        first_source = next(iter(numbering))
        answer = self.answerer.finish(
            Outcome.ANSWERED,
            lines,
            tuple(kept),
            citations,
            retrieval.confidence,
            retrieval.commune,
            register_url,
            offer_handoff=eligibility,
            eligibility=eligibility,
            theme=hits[first_source - 1].document.theme,
        )
        return dataclasses.replace(answer, mode=AnswerMode.GENERATIVE, dropped_sentences=dropped)
