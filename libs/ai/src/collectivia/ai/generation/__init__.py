"""Generative model access shared by the citizen chat and the agent assistant: one client of
an OpenAI-compatible server (vLLM, llama.cpp, Ollama, a provider's API).

How services use it::

    from collectivia.ai.generation import ChatMessage, GenerationClient, GenerationSettings

    settings = GenerationSettings()          # COLLECTIVIA_GENERATION_BASE_URL, _MODEL, ...
    if settings.enabled:
        client = GenerationClient(settings, telemetry=telemetry)   # once, at start-up
        messages = [ChatMessage("system", "Tu réponds en français."),
                    ChatMessage("user", masked_question)]
        with client.stream_chat(messages, max_tokens=300) as stream:
            for delta in stream:             # text pieces, as the model writes them
                ...
        stream.text, stream.finish_reason, stream.usage
        stream.call                          # tokens and latency, for the use's energy
        ChatReply(client, messages)          # the same, asked for at its first delta
        client.complete_chat(messages).text  # the whole answer at once
        client.embed(["un texte", "un autre"])   # one vector per text

Failures are domain errors: ``DependencyUnavailable`` (unreachable, timeout, 5xx, 429,
credentials or model refused) or ``InvalidInput`` (the server refused the request: 400, 413,
422, e.g. a prompt over its context size). Mask personal data before it reaches a model
(``collectivia.ai.privacy``): the client sends what it is given.
"""

from collectivia.ai.generation.client import GenerationClient
from collectivia.ai.generation.models import (
    ChatCompletion,
    ChatMessage,
    ModelCall,
    ModelProfile,
    Role,
    TokenUsage,
)
from collectivia.ai.generation.reply import ChatReply
from collectivia.ai.generation.settings import GenerationSettings
from collectivia.ai.generation.stream import ChatStream

__all__ = [
    "ChatCompletion",
    "ChatMessage",
    "ChatReply",
    "ChatStream",
    "GenerationClient",
    "GenerationSettings",
    "ModelCall",
    "ModelProfile",
    "Role",
    "TokenUsage",
]
