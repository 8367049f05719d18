"""The citizen chat, declared: its areas in start order and its maintenance command. The
AI-use area comes first (the register's gate and the evidence every answer goes through);
the web page comes last (it serves "/")."""

from __future__ import annotations

from collectivia.ai.use.area import ai_use_area
from collectivia.citizen_chat.answering.area import AREA as ANSWERING
from collectivia.citizen_chat.conversations.area import AREA as CONVERSATIONS
from collectivia.citizen_chat.conversations.retention import purge
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.emergencies.area import AREA as EMERGENCIES
from collectivia.citizen_chat.feedback.area import AREA as FEEDBACK
from collectivia.citizen_chat.handover.area import AREA as HANDOVER
from collectivia.citizen_chat.jobs import JOBS
from collectivia.citizen_chat.knowledge.area import AREA as KNOWLEDGE
from collectivia.citizen_chat.library.area import AREA as LIBRARY
from collectivia.citizen_chat.settings import ChatAiUseSettings, ChatOutboxSettings, ChatSettings
from collectivia.citizen_chat.web.area import AREA as WEB
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.outbox.area import outbox_area

AI_USE = ai_use_area(ChatAiUseSettings)

SERVICE = ServiceDefinition(
    name="citizen-chat",
    summary="The citizens' virtual assistant: sourced answers from the collectivity's own "
    "documents, honest refusals, a person on request; web page, HTTP and gRPC.",
    settings=ChatSettings,
    title=lambda settings: f"CollectivIA — Assistant citoyen ({settings.collectivity_name})",
    areas=(
        AI_USE,
        outbox_area(ChatOutboxSettings),
        KNOWLEDGE,
        LIBRARY,
        ANSWERING,
        CONVERSATIONS,
        FEEDBACK,
        HANDOVER,
        EMERGENCIES,
        WEB,
    ),
    commands={"purge": purge},
    engine_factory=create_database_engine,
    jobs=JOBS,
)
