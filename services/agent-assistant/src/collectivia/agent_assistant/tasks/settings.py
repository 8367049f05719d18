"""The tasks' section (prefix ``COLLECTIVIA_AGENT_ASSISTANT_``): uploads, texts, summary
length."""

from __future__ import annotations

from pydantic import Field

from collectivia.agent_assistant.settings import AssistantSection


class TasksSettings(AssistantSection):
    # The largest document to summarise, in bytes (the gRPC request limit follows it).
    max_upload_bytes: int = Field(10 * 1024 * 1024, ge=1024, le=200 * 1024 * 1024)
    # The longest pasted text or document's extracted text, in characters.
    max_text_chars: int = Field(200_000, ge=1000, le=5_000_000)
    # The longest incoming request to classify, in characters.
    max_request_chars: int = Field(5_000, ge=100, le=100_000)
    # A summary's length in words when the agent asks for none.
    summary_words: int = Field(120, ge=20, le=1000)
