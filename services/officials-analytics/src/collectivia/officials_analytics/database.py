"""The service's declarative base: each area lists its own tables."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from collectivia.platform.database import UtcDateTime

__all__ = ["Base", "UtcDateTime"]


class Base(DeclarativeBase):
    pass
