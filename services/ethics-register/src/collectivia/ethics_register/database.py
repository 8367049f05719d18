"""This service's tables (its own declarative base) on the shared database plumbing."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase

from collectivia.core.database import (
    UtcDateTime,
    create_database_engine,
    create_session_factory,
)

__all__ = [
    "Base",
    "UtcDateTime",
    "create_database_engine",
    "create_schema",
    "create_session_factory",
]


class Base(DeclarativeBase):
    pass


def create_schema(engine: Engine) -> None:
    # Importing the models registers their tables on Base.metadata.
    from collectivia.ethics_register.audit import models as _audit  # noqa: F401
    from collectivia.ethics_register.evidence import models as _evidence  # noqa: F401
    from collectivia.ethics_register.incidents import models as _incidents  # noqa: F401
    from collectivia.ethics_register.literacy import models as _literacy  # noqa: F401
    from collectivia.ethics_register.systems import models as _systems  # noqa: F401

    Base.metadata.create_all(engine)
