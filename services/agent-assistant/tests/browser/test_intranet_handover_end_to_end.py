"""A citizen's conversation handed over by the real citizen chat, answered from the intranet
page with the keyboard alone: the inbox lists it, the agent edits the suggested reply (with
its citations) and sends it, the citizen chat shows it in the conversation
(handoff-resolved), the reply is proposed as a curated answer that a second agent publishes.

And the whole handover by e-mail: a citizen asks the chat in Chromium for an agent by
e-mail; julien.agent sees the request with the address hidden, reveals it (recorded),
replies; the reply arrives as an e-mail on a real SMTP server on loopback (the
collectivity's relay), and the screen says it was e-mailed. The citizen then erases the
conversation: the handover is withdrawn (conversation-erased through the real Kafka) and can
no longer be answered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from agent_assistant_testing.browser import handed_over, tab_to
from agent_assistant_testing.running import RunningAssistant
from agent_assistant_testing.smtp import LoopbackSmtp, loopback_smtp
from collectivia.agent_assistant.delivery.settings import DeliverySettings
from collectivia.events.v1.chat_pb2 import HandoffResolved
from collectivia.platform.events.catalogue import HANDOFF_RESOLVED
from collectivia.testkit.browser import console_errors
from collectivia.testkit.knowledge_pages import METZ
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SATURDAY = "Quels sont les horaires de l'hôtel de ville le samedi ?"
CLOSING = "\nBonne journée, le service de l'état civil."


@pytest.fixture(scope="module")
def assistant_chat_target(citizen_chat: ServiceProcess) -> str:
    """The inbox searches through the real citizen chat."""
    return citizen_chat.grpc_target


def refresh_until_listed(page: Page, handoff_id: str) -> Locator:
    """Press the focused "Actualiser la liste" until the handover is listed (the broker is
    real: routing takes a moment)."""
    found = page.locator(f'#demandes-liste a[href="#demandes/{handoff_id}"]')

    def listed() -> Locator | None:
        page.keyboard.press("Enter")
        try:
            found.wait_for(timeout=1000)
        except PlaywrightTimeoutError:
            return None
        return found

    link = wait_until(listed, timeout=30, what="the handover in the inbox")
    assert link is not None
    return link


def agent_turns(chat: ServiceProcess, conversation_id: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=chat.base_url, timeout=30) as http:
        turns: list[dict[str, Any]] = http.get(f"/v1/conversations/{conversation_id}").json()[
            "turns"
        ]
    return [t for t in turns if t["role"] == "agent"]


def test_a_handed_over_conversation_is_answered_with_the_keyboard_alone(
    agent_page: Page,
    intranet: RunningAssistant,
    citizen_chat: ServiceProcess,
    kafka_server: KafkaServer,
) -> None:
    page = agent_page
    errors = console_errors(page)
    citizen = handed_over(citizen_chat, SATURDAY)

    # Alt+Shift+D: the inbox, its title focused.
    page.keyboard.press("Alt+Shift+D")
    heading = page.get_by_role("heading", level=1, name="Demandes des habitants")
    expect(heading).to_be_focused()
    tab_to(page, "Actualiser la liste")
    listed = refresh_until_listed(page, citizen["handoff_id"])
    expect(listed.locator("xpath=..")).to_contain_text(SATURDAY)
    name = listed.inner_text()
    stops = tab_to(page, name)
    assert stops[-1]["tag"] == "A"
    page.keyboard.press("Enter")

    # The handover: its title focused, the conversation, the suggestion and its sources.
    expect(page.get_by_role("heading", level=1, name=name)).to_be_focused()
    expect(page.locator("#demande-tours")).to_contain_text(SATURDAY)
    expect(page.locator("#suggestion-etat")).to_have_text("Réponse suggérée prête.")
    sources = page.locator("#suggestion .sources")
    source = sources.get_by_role("link", name="Horaires de l'hôtel de ville de Metz")
    expect(source).to_have_attribute("href", "https://demo.example/metz/horaires")
    reply = page.get_by_label("Votre réponse à l'habitant")
    suggestion = reply.input_value()
    assert "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h" in suggestion

    tab_to(page, "reponse-texte")
    page.keyboard.press("Control+End")
    page.keyboard.type(CLOSING)
    page.keyboard.press("Control+Enter")

    result = page.locator("#reponse-resultat")
    expect(result).to_contain_text("Réponse enregistrée le")
    # Asked in the conversation: posted there, never said "sent".
    expect(result).to_contain_text("Réponse publiée le")
    expect(result).not_to_contain_text("envoyée")
    expect(result).to_contain_text("(suggestion modifiée)")
    expect(page.get_by_role("heading", name="Proposer comme réponse type")).to_be_focused()

    # The citizen chat consumed handoff-resolved: the reply is in the conversation.
    turns = wait_until(
        lambda: agent_turns(citizen_chat, citizen["conversation_id"]),
        timeout=30,
        what="the agent's reply in the citizen's conversation",
    )
    assert turns[0]["text"].startswith("Réponse d'un agent (etat-civil) : ")
    assert turns[0]["text"].endswith(CLOSING.strip())
    resolved = events_on(
        kafka_server.bootstrap_servers, HANDOFF_RESOLVED, citizen["conversation_id"]
    )
    assert [r.handoff_id for r in resolved if isinstance(r, HandoffResolved)] == [
        citizen["handoff_id"]
    ]

    # Proposed as a curated answer, fields prefilled without personal data.
    expect(page.get_by_label("Question type", exact=True)).to_have_value(SATURDAY)
    expect(page.get_by_label("Réponse type", exact=True)).to_have_value(suggestion + CLOSING)
    tab_to(page, "Proposer la réponse type")
    page.keyboard.press("Enter")
    expect(page.locator("#type-etat")).to_have_text(
        "Réponse type proposée : un collègue de votre service va la relire."
    )
    assert errors == []


ADDRESS = "awa.diallo@exemple.fr"
REPLY = (
    "Bonjour, l'hôtel de ville vous accueille le samedi de 9 h à 12 h. Le service de l'état civil."
)


@pytest.fixture(scope="module")
def relay() -> Iterator[LoopbackSmtp]:
    with loopback_smtp() as server:
        yield server


@pytest.fixture(scope="module")
def assistant_delivery(citizen_chat: ServiceProcess, relay: LoopbackSmtp) -> DeliverySettings:
    """Replies leave through the loopback relay; contacts come from the real chat."""
    return DeliverySettings(
        smtp_host=relay.host,
        smtp_port=relay.port,
        smtp_starttls=False,
        smtp_sender="Metz Métropole <ne-pas-repondre@metz.example>",
        contact_grpc_target=citizen_chat.grpc_target,
    )


def citizen_asks_for_an_agent_by_email(browser: Browser, chat: ServiceProcess) -> tuple[Page, str]:
    """Through the citizen page: a question, then « Par courriel » with an address; the
    handover's id from the page's request."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(chat.base_url + "/")
    page.select_option("#commune", METZ)
    page.fill("#question", SATURDAY)
    page.press("#question", "Enter")
    expect(page.locator("#reponse .echange").filter(has_text=SATURDAY)).to_be_visible()
    form = page.locator("#agent")
    form.get_by_role("radio", name="Par courriel").check()
    page.fill("#contact", ADDRESS)
    with page.expect_response(lambda r: r.url.endswith("/handoff")) as caught:
        form.get_by_role("button", name="Parler à un agent").click()
    assert caught.value.status == 202
    handoff_id: str = caught.value.json()["handoff_id"]
    expect(page.locator("#agent-etat")).to_contain_text("qui vous répondra par courriel")
    return page, handoff_id


def listed_by_click(page: Page, handoff_id: str) -> Locator:
    found = page.locator(f'#demandes-liste a[href="#demandes/{handoff_id}"]')

    def refreshed() -> Locator | None:
        page.get_by_role("button", name="Actualiser la liste").click()
        try:
            found.wait_for(timeout=1000)
        except PlaywrightTimeoutError:
            return None
        return found

    link = wait_until(refreshed, timeout=30, what="the handover in the inbox")
    assert link is not None
    return link


def test_a_reply_by_email_reaches_the_citizens_mailbox(
    agent_page: Page,
    agent_api: httpx.Client,
    intranet: RunningAssistant,
    citizen_chat: ServiceProcess,
    relay: LoopbackSmtp,
    browser: Browser,
) -> None:
    page = agent_page
    errors = console_errors(page)
    citizen, handoff_id = citizen_asks_for_an_agent_by_email(browser, citizen_chat)

    listed_by_click(page, handoff_id).click()
    summary = page.locator("#demande-resume")
    expect(summary).to_contain_text("Réponse souhaitée par courriel ([EMAIL_1])")
    assert ADDRESS not in page.content()
    page.get_by_role("button", name="Voir le contact de l'habitant").click()
    expect(page.locator("#contact-valeur")).to_have_text("Courriel : " + ADDRESS)

    expect(page.locator("#suggestion-etat")).not_to_have_text("")
    page.get_by_label("Votre réponse à l'habitant").fill(REPLY)
    page.get_by_role("button", name="Envoyer la réponse").click()
    result = page.locator("#reponse-resultat")
    expect(result).to_contain_text("Réponse envoyée par courriel à l'adresse de l'habitant le")

    [mail] = relay.wait_for(1)
    assert mail["To"] == ADDRESS and mail["From"].endswith("<ne-pas-repondre@metz.example>")
    assert mail.get_content().startswith(REPLY)
    assert errors == []

    # The citizen erases the conversation: the handover is withdrawn from the inbox.
    with citizen.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        citizen.get_by_role("button", name="Effacer ma conversation").click()
    assert deleted.value.status == 204
    citizen.context.close()

    def withdrawn() -> httpx.Response | None:
        answer = agent_api.get(f"/v1/handoffs/{handoff_id}")
        return answer if answer.status_code == 409 else None

    gone = wait_until(withdrawn, timeout=30, what="the handover withdrawn after the erasure")
    assert gone is not None and "l'habitant a effacé sa conversation" in gone.json()["detail"]
    again = agent_api.post(f"/v1/handoffs/{handoff_id}/contact-reveals")
    assert again.status_code == 409
