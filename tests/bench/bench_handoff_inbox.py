"""Benchmark: a citizen's handover, from its publication by the chat to its appearance in
the right department's inbox of the agent assistant, on the real broker.

The assistant (its areas, assembled as at start, without HTTP) runs in this process on its
own topics (a fresh prefix), so a dev stack's inbox is not filled with benchmark handovers.
Needs only Kafka (`make up` or `python infra/stack.py up kafka`). Prints its figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from kafka.admin import KafkaAdminClient, NewTopic

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.agent_assistant.inbox.service import Inbox
from collectivia.agent_assistant.prompts.area import PromptsSettings
from collectivia.agent_assistant.settings import AssistantSettings
from collectivia.events.v1 import chat_pb2
from collectivia.platform.assembly import RunningService, assemble
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import NotFound
from collectivia.platform.events.catalogue import ALL_EVENT_TYPES
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.platform.settings import KafkaSettings
from collectivia.platform.telemetry import setup_telemetry

ETAT_CIVIL = Agent("bench-subject", "bench-agent", ("etat-civil",), ("57463",), False)


class NoSearch(KnowledgeSearch):
    """The inbox's intake does not search (suggestions are made when an agent opens one)."""

    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        return []


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def handover(theme: str) -> chat_pb2.HandoffRequested:
    message = chat_pb2.HandoffRequested(
        handoff_id=str(uuid.uuid4()),
        conversation_id=str(uuid.uuid4()),
        commune="57463",
        theme=theme,
        turns=[chat_pb2.ConversationTurn(role="citizen", text="Ouvert le samedi ?")],
        contact_channel="conversation",
    )
    message.requested_at.GetCurrentTime()
    return message


def in_inbox(inbox: Inbox, handoff_id: str) -> bool:
    try:
        inbox.get(ETAT_CIVIL, handoff_id)
    except NotFound:
        return False
    return True


def wait_for(inbox: Inbox, handoff_id: str, timeout: float = 30.0) -> float:
    """Seconds until the handover is in the agent's inbox (polled every millisecond)."""
    started = time.perf_counter()
    while not in_inbox(inbox, handoff_id):
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"handoff {handoff_id} never reached the inbox")
        time.sleep(0.001)
    return time.perf_counter() - started


def run(bootstrap: str, sequential: int, burst: int, folder: Path) -> None:
    prefix = f"bench-{uuid.uuid4().hex[:6]}."
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics(
        [NewTopic(prefix + t.topic, 3, 1) for t in ALL_EVENT_TYPES]
        + [NewTopic(prefix + t.dead_letter_topic, 1, 1) for t in ALL_EVENT_TYPES]
    )
    kafka = KafkaSettings(
        bootstrap_servers=bootstrap, topic_prefix=prefix, auto_offset_reset="latest"
    )
    settings = AssistantSettings(
        http_port=0,
        grpc_port=0,
        database_url=f"sqlite:///{folder / 'assistant.db'}",
        consumer_group=f"{prefix}agent-assistant",
        kafka=kafka,
    )
    telemetry = setup_telemetry(settings)
    verifier = TokenVerifier(settings.keycloak, audience=settings.client_id)
    service: RunningService = assemble(
        SERVICE.areas,
        settings=settings,
        telemetry=telemetry,
        verifier=verifier,
        supplied=[NoSearch(), PromptsSettings(demo_templates=False)],
    )
    inbox = service.get(Inbox)
    publisher = KafkaEventPublisher(kafka, "citizen-chat", telemetry)
    try:
        if service.consumer is None or not service.consumer.wait_for_assignment():
            raise TimeoutError("the assistant's consumer got no partition")
        latencies = []
        for _ in range(sequential):
            message = handover("Mairie > Horaires")
            sent = time.perf_counter()
            publisher.publish(message, key=message.conversation_id, wait=True)
            acknowledged = time.perf_counter() - sent
            latencies.append((acknowledged + wait_for(inbox, message.handoff_id)) * 1000)
        out(
            f"one at a time ({sequential} handovers): publish -> in the inbox "
            f"p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
            f"max {max(latencies):.1f} ms"
        )
        messages = [handover("Mairie > Horaires" if i % 2 else "Déchets") for i in range(burst)]
        started = time.perf_counter()
        for message in messages:
            publisher.publish(message, key=message.conversation_id)
        publisher.flush()
        last = [m for m in messages if m.theme.startswith("Mairie")]
        for message in last:
            wait_for(inbox, message.handoff_id, timeout=120)
        elapsed = time.perf_counter() - started
        out(
            f"burst of {burst} handovers (half to another department): all of etat-civil's in "
            f"its inbox after {elapsed * 1000:.0f} ms ({burst / elapsed:.0f} handovers/s)"
        )
    finally:
        publisher.close()
        service.stop()
        verifier.http.close()
        telemetry.shutdown()
        admin.delete_topics(
            [prefix + t.topic for t in ALL_EVENT_TYPES]
            + [prefix + t.dead_letter_topic for t in ALL_EVENT_TYPES]
        )
        admin.close()


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument(
        "--bootstrap",
        default=f"127.0.0.1:{os.environ.get('COLLECTIVIA_KAFKA_PORT', '9092')}",
    )
    options = parser.parse_args()
    out(f"== handover -> inbox benchmark against {options.bootstrap}")
    with tempfile.TemporaryDirectory() as folder:
        run(options.bootstrap, options.sequential, options.burst, Path(folder))


if __name__ == "__main__":
    main()
