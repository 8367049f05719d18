"""The generation client against a real OpenAI-compatible server: llama.cpp's, serving a tiny
packaged model (fixture generation_server). Its answers are poor; what is checked is that text
streams, that counts and spans come back, and that failures become domain errors."""

from __future__ import annotations

import math
import socket
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import SecretStr

from collectivia.ai.generation import ChatMessage, GenerationClient
from collectivia.platform.errors import DependencyUnavailable, InvalidInput
from collectivia.platform.settings import ServiceSettings
from collectivia.platform.telemetry import setup_telemetry
from collectivia.testkit.llm_server import CONTEXT_TOKENS, GenerationServer
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.generation_model]

QUESTION = [
    ChatMessage("system", "Tu es l'assistant d'une mairie. Réponds en français, brièvement."),
    ChatMessage("user", "Comment refaire ma carte d'identité ?"),
]


@pytest.fixture
def client(generation_server: GenerationServer) -> GenerationClient:
    return GenerationClient(generation_server.settings())


def test_an_answer_streams_in_several_deltas(client: GenerationClient) -> None:
    with client.stream_chat(QUESTION, max_tokens=24) as stream:
        deltas = list(stream)
    assert len(deltas) > 1
    assert all(deltas)
    assert stream.text == "".join(deltas)
    assert stream.text.strip()
    assert stream.finish_reason in {"stop", "length"}
    assert stream.usage is not None
    assert stream.usage.prompt_tokens > 0
    assert 0 < stream.usage.completion_tokens <= 24


def test_max_tokens_cuts_the_answer(client: GenerationClient) -> None:
    # A request for a long text, cut after 5 tokens: "length" says the text is incomplete.
    ask = [ChatMessage("user", "Écris une longue histoire sur une mairie, en 500 mots.")]
    completion = client.complete_chat(ask, max_tokens=5)
    assert completion.finish_reason == "length"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 5
    assert completion.text


def test_at_temperature_zero_stream_and_whole_answer_agree(client: GenerationClient) -> None:
    whole = client.complete_chat(QUESTION, max_tokens=16, temperature=0)
    streamed = "".join(client.stream_chat(QUESTION, max_tokens=16, temperature=0))
    assert streamed == whole.text


def test_a_stream_left_early_frees_the_server(
    client: GenerationClient, generation_server: GenerationServer
) -> None:
    def busy() -> bool:
        slots = httpx.get(generation_server.base_url.removesuffix("/v1") + "/slots").json()
        return any(slot["is_processing"] for slot in slots)

    story = [ChatMessage("user", "Write a very long story about a town hall, 2000 words.")]
    stream = client.stream_chat(story, max_tokens=1500, temperature=0)
    assert next(stream)
    assert busy()
    stream.close()
    # Closing the connection stops the generation (it would run for 1500 tokens otherwise).
    wait_until(lambda: not busy(), timeout=10, what="the server to drop the abandoned answer")


def test_two_threads_share_one_client(client: GenerationClient) -> None:
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda _: "".join(client.stream_chat(QUESTION, max_tokens=8)), [1, 2])
        )
    assert all(answers)


def test_embeddings_are_one_vector_per_text(client: GenerationClient) -> None:
    vectors = client.embed(["carte d'identité", "passeport", "carte d'identité"])
    assert len(vectors) == 3
    assert len({len(v) for v in vectors}) == 1
    assert len(vectors[0]) > 100
    assert vectors[0] == pytest.approx(vectors[2], abs=1e-5)
    assert all(math.isfinite(x) for v in vectors for x in v)


def test_a_prompt_over_the_context_is_invalid_input(client: GenerationClient) -> None:
    too_long = [ChatMessage("user", "mairie " * CONTEXT_TOKENS * 2)]
    with pytest.raises(InvalidInput, match="HTTP 400"):
        list(client.stream_chat(too_long, max_tokens=4))
    # The server is still there.
    assert client.complete_chat(QUESTION, max_tokens=2).text


def test_an_api_key_is_sent_and_accepted(generation_server: GenerationServer) -> None:
    # The test server asks for none and ignores one: the header must not break the call.
    settings = generation_server.settings(api_key=SecretStr("sk-local"))
    with GenerationClient(settings) as client:
        assert client.complete_chat(QUESTION, max_tokens=2).text


def test_nothing_listening_is_dependency_unavailable(generation_server: GenerationServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    settings = generation_server.settings(base_url=f"http://127.0.0.1:{free}/v1")
    with GenerationClient(settings) as client, pytest.raises(DependencyUnavailable):
        client.stream_chat(QUESTION)


def test_a_real_stream_is_traced(
    generation_server: GenerationServer, span_exporter: InMemorySpanExporter
) -> None:
    service = ServiceSettings(
        service_name="demo", client_id="demo", client_secret=SecretStr("demo-dev-secret")
    )
    telemetry = setup_telemetry(service, span_exporter)
    with GenerationClient(generation_server.settings(), telemetry=telemetry) as client:
        "".join(client.stream_chat(QUESTION, max_tokens=6))
    [chat] = [s for s in span_exporter.get_finished_spans() if s.name.startswith("chat ")]
    assert chat.attributes is not None
    assert chat.attributes["gen_ai.usage.output_tokens"] == 6
    assert chat.attributes["server.address"] == "127.0.0.1"
