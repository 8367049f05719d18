"""What the chat says of each answer: the evidence of the AI use (through the AI-use pathway,
``collectivia.ai.use``) and the analytics event ``chat.answer-produced``.

Nothing here carries personal data: the question only masked (as the chat keeps it), a
pseudonymous actor only.
"""

from __future__ import annotations

from datetime import datetime

from collectivia.ai.use.evidence import UseOutcome
from collectivia.citizen_chat.answering.models import Answer, AnswerMode, Outcome
from collectivia.events.v1 import chat_pb2
from collectivia.platform.events.payloads import timestamp

_USE_OUTCOMES = {
    Outcome.ANSWERED: UseOutcome.COMPLETED,
    Outcome.REFUSED: UseOutcome.REFUSED,
    Outcome.HANDED_OVER: UseOutcome.HANDED_OVER,
}
_CHAT_OUTCOMES = {
    Outcome.ANSWERED: chat_pb2.ANSWER_OUTCOME_ANSWERED,
    Outcome.REFUSED: chat_pb2.ANSWER_OUTCOME_REFUSED,
    Outcome.UNAVAILABLE: chat_pb2.ANSWER_OUTCOME_REFUSED,
    Outcome.HANDED_OVER: chat_pb2.ANSWER_OUTCOME_HANDED_OVER,
}
_CHAT_MODES = {
    AnswerMode.EXTRACTIVE: chat_pb2.ANSWER_MODE_EXTRACTIVE,
    AnswerMode.GENERATIVE: chat_pb2.ANSWER_MODE_GENERATIVE,
}


def answer_mode(answer: Answer) -> chat_pb2.AnswerMode.ValueType:
    """How the answer was made: quoted, generated, a refusal (the register's gate saying no
    included) or a handover."""
    if answer.outcome is Outcome.HANDED_OVER:
        return chat_pb2.ANSWER_MODE_HANDOVER
    if answer.outcome is not Outcome.ANSWERED:
        return chat_pb2.ANSWER_MODE_REFUSAL
    return _CHAT_MODES[answer.mode]


def use_outcome(answer: Answer) -> UseOutcome:
    return _USE_OUTCOMES.get(answer.outcome, UseOutcome.FAILED)


def contribution(answer: Answer) -> str:
    if answer.emergency:
        return (
            f"Urgence reconnue ({', '.join(answer.emergency)}) : numéros d'urgence donnés, "
            "aucune source citée ni générée"
            + (
                " ; transmise à l'agent de permanence."
                if answer.outcome is Outcome.HANDED_OVER
                else "."
            )
        )
    if answer.outcome is Outcome.ANSWERED and answer.mode is AnswerMode.GENERATIVE:
        return (
            f"Réponse générée : {len(answer.sentences)} phrase(s) rédigée(s) à partir de "
            f"{len(answer.citations)} source(s) publiée(s) par la collectivité, chacune "
            f"vérifiée contre sa source ; {answer.dropped_sentences} phrase(s) écartée(s)."
        )
    if answer.outcome is Outcome.ANSWERED:
        return (
            f"Réponse extractive : {len(answer.sentences)} phrase(s) citée(s) mot pour mot "
            f"de {len(answer.citations)} source(s) publiée(s) par la collectivité."
        )
    return "Aucune réponse : confiance insuffisante ; sources proches proposées, agent proposé."


def use_parameters(answer: Answer, min_confidence: float) -> dict[str, str]:
    """How the answer was made, for the evidence (never its text)."""
    return {
        "confidence": f"{answer.confidence:.4f}",
        "min_confidence": f"{min_confidence:.2f}",
        "mode": answer.mode.value,
        "dropped_sentences": str(answer.dropped_sentences),
        "eligibility_question": str(answer.eligibility_question).lower(),
        # Why a generative answer quoted the sources instead (only when it did).
        **({"fallback": answer.fallback.value} if answer.fallback else {}),
        # The citizen left before the end: the evidence is of what was streamed until then.
        **({"interrupted": "true"} if answer.interrupted else {}),
    }


def answer_produced(
    conversation_id: str,
    answer_id: str,
    masked_question: str,
    answer: Answer,
    latency_ms: int,
    at: datetime,
) -> chat_pb2.AnswerProduced:
    """``masked_question``: the question as stored, personal data masked (never the raw one)."""
    return chat_pb2.AnswerProduced(
        conversation_id=conversation_id,
        answer_id=answer_id,
        theme=answer.theme,
        commune=answer.commune or "",
        latency_ms=latency_ms,
        confidence=answer.confidence,
        cited_source_ids=answer.cited_source_ids,
        outcome=_CHAT_OUTCOMES[answer.outcome],
        answered_at=timestamp(at),
        question=masked_question,
        mode=answer_mode(answer),
        interrupted=answer.interrupted,
    )
