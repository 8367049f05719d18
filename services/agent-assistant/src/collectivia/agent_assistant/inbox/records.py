"""What the inbox gives its callers: handovers, suggestions, curated answers (read-only)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from collectivia.agent_assistant.gateway.models import TaskKind, TaskUse
from collectivia.agent_assistant.inbox.models import CuratedAnswerRow, HandoffRow
from collectivia.agent_assistant.inbox.ports import Citation, SuggestedReply
from collectivia.agent_assistant.inbox.request_text import request_words, trigger_question
from collectivia.ai.use.evidence import UseEvidence, UseOutcome


@dataclass(frozen=True)
class Turn:
    role: str
    text: str
    at: datetime | None


@dataclass(frozen=True)
class Handoff:
    id: str
    conversation_id: str
    commune: str
    theme: str
    department: str
    turns: list[Turn]
    contact_channel: str
    contact: str
    requested_at: datetime
    status: str
    reply: str
    human_review: str
    resolved_at: datetime | None
    # Id of the AI use (the suggestion) in the register's evidence; "" before a suggestion.
    ai_use_id: str
    # An emergency the citizen described while an agent was on duty: listed first.
    urgent: bool = False

    @property
    def question(self) -> str:
        """The citizen's words just before the request, to search and quote."""
        return request_words(self.turns)

    @property
    def trigger(self) -> str:
        """The citizen's last message before the request: what the inbox shows."""
        return trigger_question(self.turns)


def turns_json(turns: list[Turn]) -> str:
    return json.dumps(
        [{"role": t.role, "text": t.text, "at": t.at.isoformat() if t.at else None} for t in turns]
    )


def handoff_of(row: HandoffRow) -> Handoff:
    turns = [
        Turn(t["role"], t["text"], datetime.fromisoformat(t["at"]) if t["at"] else None)
        for t in json.loads(row.turns)
    ]
    return Handoff(
        id=row.id,
        conversation_id=row.conversation_id,
        commune=row.commune,
        theme=row.theme,
        department=row.department,
        turns=turns,
        contact_channel=row.contact_channel,
        contact=row.contact,
        requested_at=row.requested_at,
        status=row.status,
        reply=row.reply,
        human_review=row.human_review,
        resolved_at=row.resolved_at,
        ai_use_id=row.suggestion_use_id,
        urgent=bool(row.urgent),
    )


def suggestion_json(suggestion: SuggestedReply) -> str:
    return json.dumps(asdict(suggestion), ensure_ascii=False)


def suggestion_of(stored: str) -> SuggestedReply:
    data = json.loads(stored)
    citations = [Citation(**c) for c in data.pop("citations")]
    return SuggestedReply(citations=citations, **data)


def use_evidence_json(use: TaskUse) -> str:
    """The use kept until it is recorded, as one flat JSON object (the rows written before
    the evidence came from the AI-use pathway read the same)."""
    evidence = use.evidence
    data: dict[str, Any] = {
        "use_id": evidence.use_id,
        "kind": use.kind.value,
        "system_id": evidence.system_id,
        "system_version": evidence.system_version,
        "purpose": evidence.purpose,
        "service": evidence.service,
        "actor": evidence.actor,
        "department": use.department,
        "generative": use.generative,
        "model": evidence.model,
        "completed": use.completed,
        "contribution": evidence.contribution,
        "data_sources": list(evidence.data_sources),
        "parameters": dict(evidence.parameters),
        "template_id": use.template_id,
        "trace_id": evidence.trace_id,
        "used_at": evidence.used_at.isoformat(),
        "latency_ms": use.latency_ms,
    }
    return json.dumps(data, ensure_ascii=False)


def use_evidence_of(stored: str) -> TaskUse:
    data = json.loads(stored)
    evidence = UseEvidence(
        use_id=data["use_id"],
        system_id=data["system_id"],
        system_version=data["system_version"],
        purpose=data["purpose"],
        service=data["service"],
        actor=data["actor"],
        outcome=UseOutcome.COMPLETED if data["completed"] else UseOutcome.FAILED,
        model=data["model"],
        contribution=data["contribution"],
        used_at=datetime.fromisoformat(data["used_at"]),
        trace_id=data["trace_id"],
        data_sources=tuple(data["data_sources"]),
        parameters=data["parameters"],
    )
    return TaskUse(
        evidence=evidence,
        kind=TaskKind(data["kind"]),
        department=data["department"],
        generative=data["generative"],
        template_id=data["template_id"],
        latency_ms=data["latency_ms"],
    )


@dataclass(frozen=True)
class CuratedAnswer:
    id: str
    handoff_id: str
    department: str
    title: str
    question: str
    answer: str
    theme: str
    commune: str
    proposed_at: datetime
    # Whether the calling agent wrote the proposal (then someone else must review it).
    proposed_by_me: bool
    status: str
    reviewed_at: datetime | None
    review_comment: str
    document_id: str


def curated_of(row: CuratedAnswerRow, subject: str) -> CuratedAnswer:
    return CuratedAnswer(
        id=row.id,
        handoff_id=row.handoff_id,
        department=row.department,
        title=row.title,
        question=row.question,
        answer=row.answer,
        theme=row.theme,
        commune=row.commune,
        proposed_at=row.proposed_at,
        proposed_by_me=row.proposed_by == subject,
        status=row.status,
        reviewed_at=row.reviewed_at,
        review_comment=row.review_comment,
        document_id=row.document_id,
    )
