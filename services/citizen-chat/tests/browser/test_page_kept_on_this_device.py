"""The conversation kept on this device, in a real headless Chromium: a reload shows it
again, an agent's reply given while the page was away is not lost (the page watches again
for one still awaited), the page says what it keeps, and « Effacer cette conversation de
cet appareil » forgets it; the axe scan finds nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from citizen_chat_testing.running import publisher_as
from collectivia.events.v1 import chat_pb2
from collectivia.platform.events.publisher import KafkaEventPublisher
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.knowledge_pages import METZ
from collectivia.testkit.servers import KafkaServer

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SATURDAY = "Quels sont les horaires de l'hôtel de ville le samedi ?"
REPLY = "Bonjour, le samedi l'état civil vous reçoit de 9 h à 12 h."
STORED = "collectivia-conversation"
REPLY_WAIT_MS = 30_000


@pytest.fixture
def agent(kafka_server: KafkaServer) -> Iterator[KafkaEventPublisher]:
    with publisher_as("agent-assistant", kafka_server) as publisher:
        yield publisher


def stored_id(page: Page) -> str | None:
    stored = page.evaluate(f"window.localStorage.getItem('{STORED}')")
    return None if stored is None else str(page.evaluate(f"JSON.parse({stored!r}).id"))


def test_a_reload_keeps_the_conversation_and_the_agents_reply(
    chat_page: Page, agent: KafkaEventPublisher
) -> None:
    errors = console_errors(chat_page)
    expect(chat_page.locator("#appareil-info")).to_contain_text("garde dans votre navigateur")
    chat_page.select_option("#commune", METZ)
    chat_page.fill("#question", SATURDAY)
    chat_page.press("#question", "Enter")
    expect(chat_page.locator("#reponse .echange").filter(has_text=SATURDAY)).to_be_visible()
    conversation = stored_id(chat_page)
    assert conversation
    with chat_page.expect_response(lambda r: r.url.endswith("/handoff")) as caught:
        chat_page.get_by_role("button", name="Parler à un agent").press("Enter")
    handoff_id = str(caught.value.json()["handoff_id"])

    # The page is reloaded before the agent answers: the conversation is shown again...
    chat_page.reload()
    history = chat_page.locator("#historique")
    expect(history.locator(".echange").filter(has_text=SATURDAY)).to_be_visible()
    expect(history).to_contain_text("Votre demande a été transmise à un agent")
    expect(chat_page.locator("#commune")).to_have_value(METZ)
    expect(chat_page.locator("#agent-etat")).to_have_text(
        "Votre conversation sur cet appareil a été rouverte."
    )
    assert stored_id(chat_page) == conversation
    # ... and the reply, once given, reaches it (the page watches again).
    agent.publish(
        chat_pb2.HandoffResolved(
            handoff_id=handoff_id,
            conversation_id=conversation,
            reply=REPLY,
            agent="agent-7",
            department="État civil",
        ),
        key=conversation,
        subject=handoff_id,
        wait=True,
    )
    expect(chat_page.locator("#reponse .echange.agent")).to_contain_text(
        "9 h à 12 h", timeout=REPLY_WAIT_MS
    )
    # Another reload: the reply is in the history, not lost, and not announced again.
    chat_page.reload()
    expect(history.locator(".echange.agent")).to_contain_text("9 h à 12 h")
    expect(chat_page.locator("#reponse .echange")).to_have_count(0)
    violations = axe_violations(chat_page)
    assert not violations, "\n".join(map(str, violations))

    # Forgotten on this device: the page empties, nothing is restored any more.
    chat_page.get_by_role("button", name="Effacer cette conversation de cet appareil").press(
        "Enter"
    )
    expect(history.locator(".echange")).to_have_count(0)
    assert stored_id(chat_page) is None
    chat_page.reload()
    expect(chat_page.locator("#appareil-info")).to_be_visible()
    expect(history.locator(".echange")).to_have_count(0)
    assert errors == []
