"""Event payloads of the chat: evidence of each AI use, analytics of each answer.

Nothing here carries personal data: no question text, a pseudonymous actor only.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp
from opentelemetry import trace

from collectivia.citizen_chat.answering.models import Answer, AnswerMode, Outcome
from collectivia.citizen_chat.conversations.ports import Permission
from collectivia.events.v1 import ai_pb2, chat_pb2

SERVICE = "citizen-chat"
PURPOSE = "citizen-information"

_AI_OUTCOMES = {
    Outcome.ANSWERED: ai_pb2.OUTCOME_COMPLETED,
    Outcome.REFUSED: ai_pb2.OUTCOME_REFUSED,
    Outcome.HANDED_OVER: ai_pb2.OUTCOME_HANDED_OVER,
}
_CHAT_OUTCOMES = {
    Outcome.ANSWERED: chat_pb2.ANSWER_OUTCOME_ANSWERED,
    Outcome.REFUSED: chat_pb2.ANSWER_OUTCOME_REFUSED,
    Outcome.UNAVAILABLE: chat_pb2.ANSWER_OUTCOME_REFUSED,
    Outcome.HANDED_OVER: chat_pb2.ANSWER_OUTCOME_HANDED_OVER,
}


def timestamp(at: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(at)
    return stamp


def pseudonym(salt: str, identity: str) -> str:
    """A stable pseudonymous id: salted SHA-256, never the identity itself."""
    return hashlib.sha256(f"{salt}\n{identity}".encode()).hexdigest()[:32]


def current_trace_id() -> str:
    context = trace.get_current_span().get_span_context()
    return f"{context.trace_id:032x}" if context.is_valid else ""


def contribution(answer: Answer) -> str:
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


def ai_used(
    answer_id: str,
    answer: Answer,
    permission: Permission,
    actor: str,
    model: str,
    min_confidence: float,
    at: datetime,
) -> ai_pb2.AiUsed:
    return ai_pb2.AiUsed(
        use_id=answer_id,
        system_id=permission.system_id,
        system_version=permission.system_version,
        purpose=PURPOSE,
        service=SERVICE,
        actor=actor,
        outcome=_AI_OUTCOMES.get(answer.outcome, ai_pb2.OUTCOME_FAILED),
        human_review=ai_pb2.HUMAN_REVIEW_NONE,
        trace_id=current_trace_id(),
        used_at=timestamp(at),
        contribution=contribution(answer),
        data_sources=answer.cited_source_ids,
        parameters={
            "confidence": f"{answer.confidence:.4f}",
            "min_confidence": f"{min_confidence:.2f}",
            "mode": answer.mode.value,
            "dropped_sentences": str(answer.dropped_sentences),
            "eligibility_question": str(answer.eligibility_question).lower(),
            # Why a generative answer quoted the sources instead (only when it did).
            **({"fallback": answer.fallback.value} if answer.fallback else {}),
        },
        model=model,
    )


def answer_produced(
    conversation_id: str, answer_id: str, answer: Answer, latency_ms: int, at: datetime
) -> chat_pb2.AnswerProduced:
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
    )
