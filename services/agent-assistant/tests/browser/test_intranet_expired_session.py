"""An expired session: the agent is told in French, nothing typed is lost (drafts are kept
in the tab), and after signing in again through Keycloak the reply is there and is sent."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from agent_assistant_testing.browser import (
    AGENT,
    end_sessions_in_keycloak,
    handed_over,
    type_credentials,
)
from agent_assistant_testing.running import RunningAssistant
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KeycloakServer
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.browser]

QUESTION = "Faut-il prendre rendez-vous pour un acte de naissance ?"
TYPED = "Bonjour,\nNon, la demande d'acte se fait en ligne, sans rendez-vous."
EXPIRED = (
    "Votre session a expiré. Ce que vous avez saisi est conservé sur cet onglet : "
    "reconnectez-vous pour continuer."
)


@pytest.fixture(scope="module")
def assistant_chat_target(citizen_chat: ServiceProcess) -> str:
    """The inbox searches through the real citizen chat."""
    return citizen_chat.grpc_target


def test_an_expired_session_is_said_and_the_typed_reply_survives_a_new_sign_in(
    agent_page: Page,
    intranet: RunningAssistant,
    agent_api: httpx.Client,
    citizen_chat: ServiceProcess,
    keycloak_server: KeycloakServer,
) -> None:
    page = agent_page
    handoff_id = handed_over(citizen_chat, QUESTION)["handoff_id"]
    wait_until(
        lambda: any(h["id"] == handoff_id for h in agent_api.get("/v1/handoffs").json()),
        timeout=30,
        what="the handover in the inbox",
    )
    # The page's clock, from now on, under the test's control (the tokens stay in the tab).
    page.clock.install()
    page.goto(f"{intranet.base_url}/#demandes/{handoff_id}")
    expect(page.locator("#suggestion-etat")).to_have_text("Réponse suggérée prête.")
    reply = page.get_by_label("Votre réponse à l'habitant")
    reply.fill("")
    reply.press_sequentially(TYPED)

    # Keycloak's session ends, and the access token's five minutes go by.
    end_sessions_in_keycloak(keycloak_server, AGENT)
    page.clock.fast_forward("06:00")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/reply") else None)
    page.get_by_role("button", name="Envoyer la réponse").click()

    expect(page.locator("#session-message")).to_have_text(EXPIRED)
    expect(page.locator("#session")).to_be_visible()
    expect(page.locator("#session")).to_have_attribute("role", "alert")
    expect(reply).to_have_value(TYPED)
    assert sent == []

    # Signing in again, through the login page: back on the same handover, the text kept.
    page.get_by_role("button", name="Se reconnecter").click()
    type_credentials(page)
    expect(page.locator("#session")).to_be_hidden()
    expect(page.locator("#suggestion-etat")).to_have_text("Réponse suggérée prête.")
    assert page.url.endswith(f"#demandes/{handoff_id}")
    expect(reply).to_have_value(TYPED)
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.locator("#reponse-resultat")).to_contain_text("Réponse publiée le")
    handoff = agent_api.get(f"/v1/handoffs/{handoff_id}").json()
    assert handoff["status"] == "resolved" and handoff["reply"] == TYPED
    # Sent: the draft is gone from the tab.
    assert page.evaluate(f"sessionStorage.getItem('brouillon:reponse:{handoff_id}')") is None
