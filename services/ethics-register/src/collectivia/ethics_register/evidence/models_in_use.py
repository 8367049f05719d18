"""What the evidence says ran: the models and methods the uses of a system report (``ai.used``
``model``), and how many of those uses a generative model wrote.

A use was written by a generative model when its parameters say ``mode`` = ``generative``: the
citizen chat and the agents' assistant say their mode with every use (``extractive``,
``offline``, ``refusal``...). A use without ``mode`` is counted apart, as not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from collectivia.ethics_register.evidence.chain import canonical_mapping
from collectivia.ethics_register.evidence.models import EvidenceEntry

GENERATIVE_MODE = "generative"
# The canonical JSON of the parameters (sorted keys, no spaces) is what is stored and hashed.
_GENERATIVE = canonical_mapping({"mode": GENERATIVE_MODE}).strip("{}")
_ANY_MODE = canonical_mapping({"mode": ""}).strip("{}").removesuffix('"')


@dataclass(frozen=True)
class ModelInUse:
    # As the service named it: a model ("mistral-small-3.2") or a method ("extractive/1").
    model: str
    uses: int
    # Uses whose parameters say a generative model wrote the output.
    generative: int
    # Uses whose parameters do not say their mode.
    mode_unknown: int


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def models_in_use(sessions: sessionmaker[Any], system_id: str) -> list[ModelInUse]:
    """The models and methods of the uses still kept, the most used first (one query)."""
    parameters = EvidenceEntry.parameters
    uses = func.count(EvidenceEntry.sequence)
    query = (
        select(
            EvidenceEntry.model,
            uses,
            _count_where(parameters.contains(_GENERATIVE, autoescape=True)),
            _count_where(~parameters.contains(_ANY_MODE, autoescape=True)),
        )
        .where(EvidenceEntry.system_id == system_id)
        .group_by(EvidenceEntry.model)
        .order_by(uses.desc(), EvidenceEntry.model)
    )
    with sessions() as session:
        rows = session.execute(query).all()
    return [ModelInUse(str(row[0]), int(row[1]), int(row[2]), int(row[3])) for row in rows]
