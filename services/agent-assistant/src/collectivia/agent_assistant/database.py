"""This service's declarative base: its areas' tables (each area lists its own)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from collectivia.platform.database import UtcDateTime

__all__ = ["Base", "UtcDateTime"]


class Base(DeclarativeBase):
    pass
