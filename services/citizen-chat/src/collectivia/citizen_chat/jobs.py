"""``collectivia-citizen-chat-jobs JOB``: the chat's scheduled work, once, for a scheduler
(the chart's CronJobs). ``purge-conversations`` deletes the conversations idle past the
retention period, as the service's hourly purge does; set
``COLLECTIVIA_CITIZEN_CHAT_RETENTION_PURGE_IN_PROCESS=false`` on the service when this job runs.
The purged conversations' ``conversation-erased`` events wait in the outbox for the
service's relay."""

from __future__ import annotations

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.conversations.retention import purge_expired
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.platform.jobs import Job, JobOutcome


def purge_conversations(settings: ChatSettings) -> JobOutcome:
    days = ConversationSettings().retention_days
    purged = purge_expired(settings, retention_days=days)
    return JobOutcome(succeeded=True, message=messages.job_conversations_purged(purged, days))


JOBS: dict[str, Job[ChatSettings]] = {"purge-conversations": purge_conversations}
