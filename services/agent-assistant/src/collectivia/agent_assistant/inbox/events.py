"""Event payloads of the inbox: the reply to the citizen, a curated answer for the knowledge
base. No names: pseudonymous agents. (The evidence of a suggestion's use and the task's
completion are the model gateway's: ``gateway/evidence.py``.)"""

from __future__ import annotations

from datetime import datetime

from collectivia.events.v1 import chat_pb2, lake_pb2
from collectivia.platform.events.payloads import timestamp

ORIGIN = "agent-assistant"
CURATED_LICENCE = "Licence Ouverte / Open Licence v2.0"


def handoff_resolved(
    handoff_id: str,
    conversation_id: str,
    reply: str,
    agent: str,
    department: str,
    at: datetime,
) -> chat_pb2.HandoffResolved:
    return chat_pb2.HandoffResolved(
        handoff_id=handoff_id,
        conversation_id=conversation_id,
        reply=reply,
        agent=agent,
        department=department,
        resolved_at=timestamp(at),
    )


def document_published(
    document_id: str,
    title: str,
    question: str,
    answer: str,
    theme: str,
    commune: str,
    at: datetime,
) -> lake_pb2.DocumentPublished:
    return lake_pb2.DocumentPublished(
        document_id=document_id,
        title=title,
        text=f"# {title}\n\n## Question\n\n{question}\n\n## Réponse\n\n{answer}\n",
        published=at.date().isoformat(),
        licence=CURATED_LICENCE,
        theme=theme,
        communes=[commune] if commune else [],
        origin=ORIGIN,
        published_at=timestamp(at),
    )
