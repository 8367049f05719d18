"""What the inbox gives its callers: handovers, suggestions, curated answers (read-only)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from collectivia.agent_assistant.gateway.models import TaskKind, UseEvidence
from collectivia.agent_assistant.inbox.models import CuratedAnswerRow, HandoffRow
from collectivia.agent_assistant.inbox.ports import Citation, SuggestedReply


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

    @property
    def question(self) -> str:
        """The citizen's words (the last three turns at most), to search and quote."""
        said = [t.text for t in self.turns if t.role == "citizen"]
        return "\n".join(said[-3:])


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
    )


def suggestion_json(suggestion: SuggestedReply) -> str:
    return json.dumps(asdict(suggestion), ensure_ascii=False)


def suggestion_of(stored: str) -> SuggestedReply:
    data = json.loads(stored)
    citations = [Citation(**c) for c in data.pop("citations")]
    return SuggestedReply(citations=citations, **data)


def use_evidence_json(use: UseEvidence) -> str:
    data = asdict(use)
    data["used_at"] = use.used_at.isoformat()
    data["parameters"] = dict(use.parameters)
    return json.dumps(data, ensure_ascii=False)


def use_evidence_of(stored: str) -> UseEvidence:
    data = json.loads(stored)
    data["kind"] = TaskKind(data["kind"])
    data["used_at"] = datetime.fromisoformat(data["used_at"])
    data["data_sources"] = tuple(data["data_sources"])
    return UseEvidence(**data)


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
