"""The contact of a handover, encrypted, in a table of its own: it goes with its handover
(and so with its conversation, erased or purged) by the foreign keys' cascade."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.citizen_chat.database import Base


class HandoffContactRow(Base):
    __tablename__ = "handoff_contacts"

    handoff_id: Mapped[str] = mapped_column(
        ForeignKey("handoffs.id", ondelete="CASCADE"), primary_key=True
    )
    # "email" or "phone".
    channel: Mapped[str] = mapped_column(String(16))
    # Fernet token of the contact (``ContactCipher``); never the contact itself.
    sealed: Mapped[str] = mapped_column(Text)
