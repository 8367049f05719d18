"""The event types of the suite: CloudEvents type, protobuf payload, topic.

One topic per event type, named after the type without the ``fr.collectivia.`` prefix;
each consumed topic has a ``.dlq`` dead-letter twin (see ``infra/kafka/topics.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from google.protobuf.message import Message

from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2, lake_pb2, register_pb2

CE_TYPE_PREFIX = "fr.collectivia."
DEAD_LETTER_SUFFIX = ".dlq"

M = TypeVar("M", bound=Message)


@dataclass(frozen=True)
class EventType(Generic[M]):
    ce_type: str
    message: type[M]

    @property
    def topic(self) -> str:
        return self.ce_type.removeprefix(CE_TYPE_PREFIX)

    @property
    def dead_letter_topic(self) -> str:
        return self.topic + DEAD_LETTER_SUFFIX

    @property
    def content_type(self) -> str:
        return f"application/protobuf; messageType={self.message.DESCRIPTOR.full_name}"


SYSTEM_REGISTERED = EventType(
    "fr.collectivia.register.system-registered.v1", register_pb2.SystemRegistered
)

SYSTEM_STATUS_CHANGED = EventType(
    "fr.collectivia.register.system-status-changed.v1", register_pb2.SystemStatusChanged
)
INCIDENT_REPORTED = EventType(
    "fr.collectivia.register.incident-reported.v1", register_pb2.IncidentReported
)
AI_USED = EventType("fr.collectivia.ai.used.v1", ai_pb2.AiUsed)
PERFORMANCE_MEASURED = EventType(
    "fr.collectivia.ai.performance-measured.v1", ai_pb2.PerformanceMeasured
)
ANSWER_PRODUCED = EventType("fr.collectivia.chat.answer-produced.v1", chat_pb2.AnswerProduced)
HANDOFF_REQUESTED = EventType("fr.collectivia.chat.handoff-requested.v1", chat_pb2.HandoffRequested)
HANDOFF_RESOLVED = EventType("fr.collectivia.chat.handoff-resolved.v1", chat_pb2.HandoffResolved)
FEEDBACK_GIVEN = EventType("fr.collectivia.chat.feedback-given.v1", chat_pb2.FeedbackGiven)
CONVERSATION_ERASED = EventType(
    "fr.collectivia.chat.conversation-erased.v1", chat_pb2.ConversationErased
)
CHARTER_ACCEPTED = EventType(
    "fr.collectivia.assistant.charter-accepted.v1", assistant_pb2.CharterAccepted
)
TASK_COMPLETED = EventType(
    "fr.collectivia.assistant.task-completed.v1", assistant_pb2.TaskCompleted
)
DOCUMENT_PUBLISHED = EventType(
    "fr.collectivia.lake.document-published.v1", lake_pb2.DocumentPublished
)
DOCUMENT_WITHDRAWN = EventType(
    "fr.collectivia.lake.document-withdrawn.v1", lake_pb2.DocumentWithdrawn
)
DATASET_UPDATED = EventType("fr.collectivia.lake.dataset-updated.v1", lake_pb2.DatasetUpdated)
TELEMETRY_AGGREGATED = EventType(
    "fr.collectivia.lake.telemetry-aggregated.v1", lake_pb2.TelemetryAggregated
)
DELIVERY_LATE = EventType("fr.collectivia.lake.delivery-late.v1", lake_pb2.DeliveryLate)
RECORDS_SUBMITTED = EventType("fr.collectivia.lake.records-submitted.v1", lake_pb2.RecordsSubmitted)

ALL_EVENT_TYPES: tuple[EventType[Any], ...] = (
    SYSTEM_REGISTERED,
    SYSTEM_STATUS_CHANGED,
    INCIDENT_REPORTED,
    AI_USED,
    PERFORMANCE_MEASURED,
    ANSWER_PRODUCED,
    HANDOFF_REQUESTED,
    HANDOFF_RESOLVED,
    FEEDBACK_GIVEN,
    CONVERSATION_ERASED,
    CHARTER_ACCEPTED,
    TASK_COMPLETED,
    DOCUMENT_PUBLISHED,
    DOCUMENT_WITHDRAWN,
    DATASET_UPDATED,
    TELEMETRY_AGGREGATED,
    DELIVERY_LATE,
    RECORDS_SUBMITTED,
)

_BY_CE_TYPE = {event_type.ce_type: event_type for event_type in ALL_EVENT_TYPES}
_BY_MESSAGE = {
    event_type.message.DESCRIPTOR.full_name: event_type for event_type in ALL_EVENT_TYPES
}


class UnknownEventType(LookupError):
    pass


def event_type_named(ce_type: str) -> EventType[Any]:
    try:
        return _BY_CE_TYPE[ce_type]
    except KeyError:
        raise UnknownEventType(f"no event type {ce_type!r} in the catalogue") from None


def event_type_of(message: Message) -> EventType[Any]:
    try:
        return _BY_MESSAGE[message.DESCRIPTOR.full_name]
    except KeyError:
        raise UnknownEventType(
            f"{message.DESCRIPTOR.full_name} is not an event payload of the catalogue"
        ) from None
