"""What callers see of a conversation (plain data, no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Turn:
    role: str
    text: str
    at: datetime
    answer_id: str | None = None
    outcome: str | None = None
    confidence: float | None = None
    citations: tuple[dict[str, Any], ...] = ()
    # An answer the citizen left before its end: what was streamed until then.
    interrupted: bool = False


@dataclass(frozen=True)
class HandoffRecord:
    id: str
    channel: str
    status: str
    requested_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class Conversation:
    id: str
    commune: str | None
    created_at: datetime
    turns: tuple[Turn, ...]
    handoffs: tuple[HandoffRecord, ...]
