"""Two workers of one chat (the primary and a follower, as ``COLLECTIVIA_CITIZEN_CHAT_WORKERS=2``
starts them), on one database, the real Kafka, Keycloak and register (fast fake encoder):
both answer; a document the lake publishes reaches both although only the primary consumes
the lake's events; a withdrawal asked through the follower reaches the primary; a client's
question limit is shared by both; an erasure through one empties the other's query cache."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from citizen_chat_testing.knowledge import CountingEmbedder
from citizen_chat_testing.running import RunningChat, publisher_as, settings_for_tests
from collectivia.citizen_chat.conversations.limits import RateLimiter
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.embeddings import CachedEmbedder, EmbeddingCache
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.citizen_chat.library.area import LibrarySettings, start_following
from collectivia.citizen_chat.library.service import Library
from collectivia.citizen_chat.worker_processes import (
    WorkerRole,
    follower_definition,
    with_following,
)
from collectivia.events.v1.lake_pb2 import DocumentPublished
from collectivia.platform.areas import Worker
from collectivia.testkit.apps import running_app
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens
from collectivia.testkit.waiting import wait_until

pytestmark = pytest.mark.integration

FOLLOW_SECONDS = 0.2
FOLLOWING = Worker[Library](
    "library-following", start=lambda library: start_following(library, FOLLOW_SECONDS)
)


@pytest.fixture(scope="module")
def workers(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    chat_register: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[RunningChat, RunningChat]]:
    folder = tmp_path_factory.mktemp("two-workers")
    settings = settings_for_tests(kafka_server, keycloak_server, folder)
    follower_settings = settings.model_copy(
        update={"consumer_group": f"{settings.consumer_group}-worker-1"}
    )

    def sections(slot: int) -> list[object]:
        return [
            *chat_register,
            LibrarySettings(follow_seconds=FOLLOW_SECONDS),
            ConversationSettings(rate_limit_per_minute=1000, erasure_follow_seconds=FOLLOW_SECONDS),
            # Each worker its own index and query cache, as each process has.
            KnowledgeBase(
                CachedEmbedder(CountingEmbedder(), EmbeddingCache(folder / f"vectors-{slot}.db")),
                QdrantVectorStore(CountingEmbedder.dim),
                RetrievalSettings(),
            ),
            WorkerRole(slot, 2),
        ]

    primary_definition = with_following(SERVICE, FOLLOWING)
    with running_app(primary_definition, settings, supplied=sections(0)) as primary:
        follower_definition_ = follower_definition(SERVICE, FOLLOWING)
        with running_app(follower_definition_, follower_settings, supplied=sections(1)) as follower:
            yield primary, follower


def cited(base_url: str, question: str) -> list[str]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        conversation = http.post("/v1/conversations", json={})
        answer = http.post(
            f"/v1/conversations/{conversation.json()['id']}/messages", json={"question": question}
        )
    assert answer.status_code == 200, answer.text
    return [citation["document_id"] for citation in answer.json()["citations"]]


def test_both_workers_answer_from_a_document_the_primary_consumed_and_forget_a_withdrawn_one(
    workers: tuple[RunningChat, RunningChat], kafka_server: KafkaServer, demo_tokens: DemoTokens
) -> None:
    primary, follower = workers
    document_id = f"lake-vide-grenier-{uuid.uuid4().hex[:6]}"
    question = "Quand a lieu le vide-grenier du quartier ?"
    assert document_id not in cited(follower.base_url, question)
    with publisher_as("data-lake", kafka_server) as lake:
        lake.publish(
            DocumentPublished(
                document_id=document_id,
                title="Le vide-grenier du quartier",
                text="# Le vide-grenier\n\nLe vide-grenier du quartier a lieu le dernier "
                "dimanche de septembre sur la place du marché.",
                version="1",
            ),
            key=document_id,
            wait=True,
        )
    for url in (primary.base_url, follower.base_url):

        def published(url: str = url) -> bool:
            return document_id in cited(url, question)

        wait_until(published, timeout=20, what=f"the published document at {url}")

    admin = {"Authorization": f"Bearer {demo_tokens.for_role('admin', 'citizen-chat')}"}
    with httpx.Client(base_url=follower.base_url, timeout=30) as http:
        withdrawn = http.request("DELETE", f"/v1/knowledge/documents/{document_id}", headers=admin)
    assert withdrawn.status_code == 200, withdrawn.text
    assert document_id not in cited(follower.base_url, question)
    wait_until(
        lambda: document_id not in cited(primary.base_url, question),
        timeout=20,
        what="the withdrawal at the primary",
    )


def test_the_question_limit_of_a_client_is_shared_by_the_workers(
    workers: tuple[RunningChat, RunningChat], demo_tokens: DemoTokens
) -> None:
    limiters = [worker.service.get(RateLimiter) for worker in workers]
    token = {"Authorization": f"Bearer {demo_tokens.for_role('citizen', 'citizen-chat')}"}
    for limiter in limiters:
        limiter.per_minute = 2
    try:
        statuses = []
        for worker in (*workers, workers[0]):
            with httpx.Client(base_url=worker.base_url, timeout=30, headers=token) as http:
                conversation = http.post("/v1/conversations", json={}).json()["id"]
                asked = http.post(
                    f"/v1/conversations/{conversation}/messages",
                    json={"question": "Quels sont les horaires de la mairie ?"},
                )
            statuses.append(asked.status_code)
    finally:
        for limiter in limiters:
            limiter.per_minute = 1000
    # Counted per worker, the third question would be the primary's second: allowed.
    assert statuses == [200, 200, 429], statuses
    assert "au plus 2 par minute" in asked.json()["detail"]


def test_an_erasure_through_the_follower_empties_the_primarys_query_cache(
    workers: tuple[RunningChat, RunningChat],
) -> None:
    primary, follower = workers
    question = "Quand ouvre la piscine municipale le dimanche ?"
    cited(primary.base_url, question)  # another citizen asked it there: cached
    cache = primary.service.get(KnowledgeBase).embedder
    assert isinstance(cache, CachedEmbedder) and cache.holds_query(question)
    with httpx.Client(base_url=follower.base_url, timeout=30) as http:
        conversation = http.post("/v1/conversations", json={}).json()["id"]
        http.post(f"/v1/conversations/{conversation}/messages", json={"question": question})
        erased = http.delete(f"/v1/conversations/{conversation}")
    assert erased.status_code == 204, erased.text
    wait_until(
        lambda: not cache.holds_query(question),
        timeout=10,
        what="the erased question forgotten by the primary",
    )
