"""The agents' assistant, declared: its areas in start order. The AI-use area comes first
(the register's gate and the pathway every use of a model takes); the intranet page last
(it serves "/")."""

from __future__ import annotations

from collectivia.agent_assistant.charter.area import AREA as CHARTER
from collectivia.agent_assistant.delivery.area import AREA as DELIVERY
from collectivia.agent_assistant.experiments.area import AREA as EXPERIMENTS
from collectivia.agent_assistant.gateway.area import AREA as GATEWAY
from collectivia.agent_assistant.inbox.area import AREA as INBOX
from collectivia.agent_assistant.prompts.area import AREA as PROMPTS
from collectivia.agent_assistant.settings import (
    AssistantAiUseSettings,
    AssistantOutboxSettings,
    AssistantSettings,
)
from collectivia.agent_assistant.statistics.area import AREA as STATISTICS
from collectivia.agent_assistant.tasks.area import AREA as TASKS
from collectivia.agent_assistant.web.area import AREA as WEB
from collectivia.ai.use.area import ai_use_area
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.outbox.area import outbox_area

SERVICE = ServiceDefinition(
    name="agent-assistant",
    summary="The agents' intranet assistant: the handover inbox with suggested replies, "
    "summaries, plain language, drafts, a shared prompt library, a usage charter, usage "
    "statistics; every use of a model through the register's gate and the privacy guard.",
    settings=AssistantSettings,
    title=lambda settings: f"CollectivIA — Assistant des agents ({settings.collectivity_name})",
    areas=(
        ai_use_area(AssistantAiUseSettings),
        outbox_area(AssistantOutboxSettings),
        CHARTER,
        PROMPTS,
        GATEWAY,
        INBOX,
        DELIVERY,
        TASKS,
        EXPERIMENTS,
        STATISTICS,
        WEB,
    ),
)
