"""An answer whose reader left mid-stream (the citizen closed the page, an integrator
cancelled its call): ``AnswerInterrupted`` is thrown into the answer's stream where it waits,
and the stream stops (its model call closed) and returns the answer as far as it was
streamed, marked interrupted, so that it can be kept and evidenced like any other."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Generator

from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.models import Answer, AnswerSentence

logger = logging.getLogger(__name__)


class AnswerInterrupted(Exception):
    """Thrown into an answer stream (``AnswerStream``) whose reader is gone."""


def marked_interrupted(answer: Answer) -> Answer:
    """``answer`` as kept when its reader left: flagged, and saying so in its last line."""
    if answer.text.endswith(texts.INTERRUPTED):
        return dataclasses.replace(answer, interrupted=True)
    text = f"{answer.text}\n{texts.INTERRUPTED}"
    return dataclasses.replace(answer, text=text, interrupted=True)


def interrupt(stream: Generator[AnswerSentence, None, Answer]) -> Answer | None:
    """Stop ``stream`` where it waits and return the answer as far as it was streamed; None
    when it had not started, had already ended, or does not know how to stop (then closed)."""
    try:
        stream.throw(AnswerInterrupted())
    except StopIteration as end:
        answer: Answer | None = end.value
        return None if answer is None else marked_interrupted(answer)
    except AnswerInterrupted:
        return None
    # It went on instead of stopping: no partial answer to trust.
    logger.warning("an answer stream went on after its reader left; closed")
    stream.close()
    return None
