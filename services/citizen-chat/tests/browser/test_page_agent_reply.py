"""The agent's reply on the citizen page, in a real headless Chromium: the citizen asks for a
human in the conversation, the agents' side publishes ``handoff-resolved`` on the real Kafka,
and the page shows the reply as a person's, announced once and whole; erasing the
conversation stops the page from waiting for it."""

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
TIP = "Les déchèteries acceptent-elles les gravats ?"
REPLY = "Bonjour,\nle samedi, l'état civil vous reçoit de 9 h à 12 h sans rendez-vous."
PERSON = "Message d'un agent de la collectivité (une personne, pas l'assistant automatique)"
# The reply comes after the consumer has stored it and the page has checked again.
REPLY_WAIT_MS = 30_000

# Records, from now on, the nodes added to the live region, one list per mutation batch.
WATCH_LIVE_REGION = """() => {
  window.liveAdditions = [];
  new MutationObserver((records) => {
    window.liveAdditions.push(records.flatMap((r) => Array.from(r.addedNodes)
      .map((n) => n.textContent)));
  }).observe(document.getElementById("reponse"),
             {childList: true, subtree: true, characterData: true});
}"""
# Records the addresses the page fetches, from now on.
WATCH_FETCHES = """() => {
  window.fetched = [];
  const fetchNow = window.fetch;
  window.fetch = (resource, options) => {
    window.fetched.push(String(resource));
    return fetchNow(resource, options);
  };
}"""
# "Back online": a watching page checks at once (a zero-delay timer, run before this one's).
BACK_ONLINE = """async () => {
  window.dispatchEvent(new Event("online"));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return window.fetched.splice(0);
}"""


@pytest.fixture
def agent(kafka_server: KafkaServer) -> Iterator[KafkaEventPublisher]:
    """Publishes as the agent-assistant does."""
    with publisher_as("agent-assistant", kafka_server) as publisher:
        yield publisher


def ask(page: Page, question: str, commune: str | None = None) -> None:
    if commune is not None:
        page.select_option("#commune", commune)
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator("#reponse .echange").filter(has_text=question)).to_be_visible()


def request_agent(page: Page) -> tuple[str, str]:
    """Ask for an agent in the conversation; returns the conversation and handover ids."""
    form = page.locator("#agent")
    expect(form.get_by_role("radio", name="Dans cette conversation")).to_be_checked()
    with page.expect_response(lambda r: r.url.endswith("/handoff")) as caught:
        form.get_by_role("button", name="Parler à un agent").press("Enter")
    response = caught.value
    assert response.status == 202
    conversation = response.url.removesuffix("/handoff").rsplit("/", 1)[-1]
    expect(page.locator("#agent-etat")).to_contain_text("Gardez cette page ouverte")
    return conversation, str(response.json()["handoff_id"])


def resolve(agent: KafkaEventPublisher, conversation: str, handoff_id: str, reply: str) -> None:
    agent.publish(
        chat_pb2.HandoffResolved(
            handoff_id=handoff_id,
            conversation_id=conversation,
            reply=reply,
            agent="agent-7",
            department="État civil",
        ),
        key=conversation,
        subject=handoff_id,
        wait=True,
    )


def test_the_agents_reply_is_shown_as_a_persons_and_announced_once(
    chat_page: Page, agent: KafkaEventPublisher
) -> None:
    errors = console_errors(chat_page)
    ask(chat_page, SATURDAY, METZ)
    conversation, handoff_id = request_agent(chat_page)
    live = chat_page.locator("#reponse")
    expect(live).to_have_attribute("aria-live", "polite")
    chat_page.evaluate(WATCH_LIVE_REGION)

    resolve(agent, conversation, handoff_id, REPLY)
    reply = live.locator(".echange.agent")
    expect(reply).to_contain_text("l'état civil vous reçoit de 9 h à 12 h", timeout=REPLY_WAIT_MS)
    expect(reply.locator(".auteur")).to_have_text(PERSON)
    expect(reply).to_contain_text("Réponse d'un agent (État civil) : Bonjour,")
    # The assistant's answer left the live region for the history, silently.
    expect(live.locator(".echange")).to_have_count(1)
    expect(chat_page.locator("#historique .echange").filter(has_text=SATURDAY)).to_be_visible()
    additions: list[list[str]] = chat_page.evaluate("window.liveAdditions")
    with_text = [batch for batch in additions if any(batch)]
    assert len(with_text) == 1, additions
    [[announced]] = with_text
    assert announced.startswith(PERSON) and announced.endswith("sans rendez-vous.")
    violations = axe_violations(chat_page)
    assert not violations, "\n".join(map(str, violations))

    # Nothing pending any more: the page stops checking.
    chat_page.evaluate(WATCH_FETCHES)
    assert chat_page.evaluate(BACK_ONLINE) == []

    # A second handover of the same conversation: only its own reply is added, although the
    # conversation the page reads holds both.
    conversation_again, second = request_agent(chat_page)
    assert conversation_again == conversation
    resolve(agent, conversation, second, "Pensez au livret de famille.")
    expect(live.locator(".echange.agent")).to_contain_text(
        "Pensez au livret de famille.", timeout=REPLY_WAIT_MS
    )
    expect(chat_page.locator(".echange.agent")).to_have_count(2)

    # The next answer takes the reply's place; no reply is ever announced twice.
    ask(chat_page, TIP)
    expect(chat_page.locator("#historique .echange.agent")).to_have_count(2)
    additions = chat_page.evaluate("window.liveAdditions")
    texts = [text for batch in additions for text in batch]
    assert sum("sans rendez-vous" in text for text in texts) == 1
    assert sum("livret de famille" in text for text in texts) == 1
    assert errors == []


def test_erasing_the_conversation_stops_waiting_for_the_reply(chat_page: Page) -> None:
    errors = console_errors(chat_page)
    conversation, _ = request_agent(chat_page)
    chat_page.evaluate(WATCH_FETCHES)
    # Waiting: back online, the page checks the conversation at once (a scheduled check may
    # have come just before).
    fetched: list[str] = chat_page.evaluate(BACK_ONLINE)
    assert fetched and set(fetched) == {f"/v1/conversations/{conversation}"}

    with chat_page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        chat_page.get_by_role("button", name="Effacer ma conversation").press("Enter")
    assert deleted.value.status == 204
    expect(chat_page.locator("#agent-etat")).to_have_text("Votre conversation a été effacée.")
    chat_page.evaluate("window.fetched.splice(0)")  # checks begun before the erasure
    # No longer waiting: back online, nothing is checked.
    assert chat_page.evaluate(BACK_ONLINE) == []
    # A check already on its way when the conversation was erased meets a 404, which the
    # page takes as "stop waiting"; Chromium still logs the failed load. Nothing else.
    assert [error for error in errors if "status of 404" not in error] == []
