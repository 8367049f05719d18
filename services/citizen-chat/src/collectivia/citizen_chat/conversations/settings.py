"""The conversations area's settings section (prefix ``COLLECTIVIA_CITIZEN_CHAT_``)."""

from __future__ import annotations

from pydantic import Field

from collectivia.citizen_chat.settings import ChatSection


class ConversationSettings(ChatSection):
    # Conversations are deleted this many days after their last activity.
    retention_days: int = Field(30, ge=1, le=3650)
    # Off when a scheduler runs the purge instead (the chart's CronJob runs
    # `collectivia-citizen-chat-jobs purge-conversations`): the service purges nothing itself.
    retention_purge_in_process: bool = True
    # Questions per client (token subject, else address) and minute.
    rate_limit_per_minute: int = Field(30, ge=1, le=100_000)
    # With several worker processes, how often each forgets the questions of conversations
    # another worker erased (their cached query vectors).
    erasure_follow_seconds: float = Field(1.0, gt=0, le=60)
