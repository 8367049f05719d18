"""A citizen's conversation handed over by the real citizen chat, answered from the intranet
page with the keyboard alone: the inbox lists it, the agent edits the suggested reply (with
its citations) and sends it, the citizen chat shows it in the conversation
(handoff-resolved), the reply is proposed as a curated answer that a second agent publishes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from agent_assistant_testing.browser import handed_over, tab_to
from agent_assistant_testing.running import RunningAssistant
from collectivia.events.v1.chat_pb2 import HandoffResolved
from collectivia.platform.events.catalogue import HANDOFF_RESOLVED
from collectivia.testkit.browser import console_errors
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
    expect(result).to_contain_text("Réponse envoyée à l'habitant le")
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
