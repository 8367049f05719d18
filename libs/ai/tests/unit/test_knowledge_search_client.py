"""KnowledgeSearchClient, the caller side of CitizenChatService.Search: translation, token,
per-call deadline, errors.

A real gRPC server in the process, with a small scripted servicer; the integration test on
the real citizen chat and Keycloak is services/citizen-chat/tests/integration/test_grpc_search.py.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from collectivia.ai.knowledge_search import (
    KnowledgeSearchClient,
    KnowledgeSearchError,
    KnowledgeSearchUnavailable,
    RetrievedPassage,
)
from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc

FOUND = chat_pb2.SearchResponse(
    passages=[
        chat_pb2.Passage(
            document_id="mairie-metz",
            title="Horaires de l'hôtel de ville de Metz",
            url="https://demo.example/metz/horaires",
            text="Horaires\nL'hôtel de ville de Metz accueille le public du lundi au vendredi.",
            score=0.0328,
            theme="Mairie > Horaires",
            communes=["57463"],
            version="v3",
        ),
        chat_pb2.Passage(document_id="decheteries", title="Déchèteries", text="…", score=0.02),
    ],
    confidence=0.82,
)


class ScriptedChat(chat_pb2_grpc.CitizenChatServiceServicer):
    def __init__(self) -> None:
        self.requests: list[chat_pb2.SearchRequest] = []
        self.tokens: list[str] = []
        self.error: tuple[grpc.StatusCode, str] | None = None
        self.hold = False
        self.release = threading.Event()

    def Ask(  # noqa: N802 - the contract's method name
        self, request: chat_pb2.AskRequest, context: grpc.ServicerContext
    ) -> chat_pb2.AskResponse:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "not scripted")

    def Search(  # noqa: N802 - the contract's method name
        self, request: chat_pb2.SearchRequest, context: grpc.ServicerContext
    ) -> chat_pb2.SearchResponse:
        self.requests.append(request)
        self.tokens.extend(str(v) for k, v in context.invocation_metadata() if k == "authorization")
        if self.hold:
            self.release.wait(10)
        if self.error is not None:
            context.abort(*self.error)
        return FOUND


class Tokens:
    def __init__(self) -> None:
        self.asked = 0

    def token(self) -> str:
        self.asked += 1
        return f"token-{self.asked}"


@pytest.fixture
def chat() -> Iterator[tuple[ScriptedChat, grpc.Channel]]:
    servicer = ScriptedChat()
    server = grpc.server(ThreadPoolExecutor(max_workers=4))
    chat_pb2_grpc.add_CitizenChatServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield servicer, channel
    servicer.release.set()
    server.stop(grace=None)


def test_passages_and_confidence_come_back_as_dataclasses(
    chat: tuple[ScriptedChat, grpc.Channel],
) -> None:
    servicer, channel = chat
    result = KnowledgeSearchClient(channel).search("horaires de la mairie", "57463", 3)
    assert result.confidence == 0.82
    assert result.passages[0] == RetrievedPassage(
        document_id="mairie-metz",
        title="Horaires de l'hôtel de ville de Metz",
        url="https://demo.example/metz/horaires",
        text="Horaires\nL'hôtel de ville de Metz accueille le public du lundi au vendredi.",
        score=0.0328,
        theme="Mairie > Horaires",
        communes=("57463",),
        version="v3",
    )
    assert not result.passages[0].shared and result.passages[1].shared
    [request] = servicer.requests
    assert (request.query, request.commune, request.limit) == ("horaires de la mairie", "57463", 3)


def test_defaults_ask_for_shared_documents_and_the_service_default_limit(
    chat: tuple[ScriptedChat, grpc.Channel],
) -> None:
    servicer, channel = chat
    KnowledgeSearchClient(channel).search("déchèteries")
    [request] = servicer.requests
    assert (request.commune, request.limit) == ("", 0)
    assert servicer.tokens == []  # no token source: the channel's own, here none


def test_each_call_carries_a_fresh_token_from_the_source(
    chat: tuple[ScriptedChat, grpc.Channel],
) -> None:
    servicer, channel = chat
    client = KnowledgeSearchClient(channel, tokens=Tokens())
    client.search("a")
    client.search("b")
    assert servicer.tokens == ["Bearer token-1", "Bearer token-2"]


def test_past_the_per_call_deadline_the_search_is_unavailable(
    chat: tuple[ScriptedChat, grpc.Channel],
) -> None:
    servicer, channel = chat
    servicer.hold = True
    client = KnowledgeSearchClient(channel, timeout_seconds=30)
    with pytest.raises(KnowledgeSearchUnavailable) as caught:
        client.search("horaires", timeout_seconds=0.2)
    assert caught.value.code is grpc.StatusCode.DEADLINE_EXCEEDED


def test_an_unreachable_service_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        grpc.insecure_channel(f"127.0.0.1:{port}") as channel,
        pytest.raises(KnowledgeSearchUnavailable) as caught,
    ):
        KnowledgeSearchClient(channel).search("horaires")
    assert caught.value.code is grpc.StatusCode.UNAVAILABLE


@pytest.mark.parametrize(
    "code",
    [
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.UNAUTHENTICATED,
        grpc.StatusCode.INTERNAL,
    ],
)
def test_other_failures_keep_the_code_and_reason(
    chat: tuple[ScriptedChat, grpc.Channel], code: grpc.StatusCode
) -> None:
    servicer, channel = chat
    servicer.error = (code, "limit must be between 1 and 20 (0: 5)")
    with pytest.raises(KnowledgeSearchError) as caught:
        KnowledgeSearchClient(channel).search("horaires", limit=50)
    assert not isinstance(caught.value, KnowledgeSearchUnavailable)
    assert caught.value.code is code
    assert caught.value.details == "limit must be between 1 and 20 (0: 5)"
    assert "limit must be between 1 and 20" in str(caught.value)
