"""``conversation-erased``: a conversation erased by its citizen or past its retention is
announced in the transaction that deletes it (the outbox), so that every copy goes too: the
agents' assistant withdraws its handovers and their contact, the analytics their rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from collectivia.citizen_chat.conversations.models import HandoffRow
from collectivia.events.v1 import chat_pb2
from collectivia.platform.events.payloads import timestamp
from collectivia.platform.events.protocol import EventOutbox

ERASURE = "erasure"
RETENTION = "retention"


class ErasureAnnouncer:
    def __init__(self, outbox: EventOutbox) -> None:
        self.outbox = outbox

    def announce(
        self, session: Session, conversation_ids: Sequence[str], *, reason: str, at: datetime
    ) -> None:
        """One event per conversation, written in ``session``'s transaction (before the rows
        go: their handovers are named)."""
        handoffs: dict[str, list[str]] = {}
        for start in range(0, len(conversation_ids), 500):
            part = conversation_ids[start : start + 500]
            for handoff_id, conversation_id in session.execute(
                select(HandoffRow.id, HandoffRow.conversation_id).where(
                    HandoffRow.conversation_id.in_(part)
                )
            ):
                handoffs.setdefault(conversation_id, []).append(handoff_id)
        for conversation_id in conversation_ids:
            self.outbox.add(
                session,
                chat_pb2.ConversationErased(
                    conversation_id=conversation_id,
                    reason=reason,
                    erased_at=timestamp(at),
                    handoff_ids=sorted(handoffs.get(conversation_id, [])),
                ),
                key=conversation_id,
                subject=conversation_id,
            )
