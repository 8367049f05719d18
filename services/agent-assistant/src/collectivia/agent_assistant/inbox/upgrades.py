"""Columns added to the inbox's tables after their creation, added to an older database at
start (the service's tables are created, never migrated, elsewhere)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Engine, Table, inspect
from sqlalchemy.schema import CreateColumn

from collectivia.agent_assistant.inbox.models import HandoffRow


def add_urgent(engine: Engine) -> None:
    """``handoffs.urgent``, false for the handovers already there."""
    inspector = inspect(engine)
    if not inspector.has_table("handoffs"):
        return  # created with the column when the tables are
    if "urgent" in {column["name"] for column in inspector.get_columns("handoffs")}:
        return
    table = cast(Table, HandoffRow.__table__)
    column = CreateColumn(table.c.urgent).compile(dialect=engine.dialect)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE handoffs ADD COLUMN {column}")
