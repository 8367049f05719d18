"""This service's tables (its own declarative base) on the shared database plumbing."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import DeclarativeBase

from collectivia.platform.database import (
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
    # Importing the models registers their tables on Base.metadata: one line per area.
    from collectivia.agent_assistant.charter import models as _charter  # noqa: F401
    from collectivia.agent_assistant.experiments import models as _experiments  # noqa: F401
    from collectivia.agent_assistant.inbox import models as _inbox  # noqa: F401
    from collectivia.agent_assistant.prompts import models as _prompts  # noqa: F401
    from collectivia.agent_assistant.statistics import models as _statistics  # noqa: F401
    from collectivia.agent_assistant.tasks import models as _tasks  # noqa: F401

    Base.metadata.create_all(engine)
