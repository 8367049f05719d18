"""Four eyes on curated answers: a reply proposed by one agent is reviewed on the intranet
page by another agent of the department, who publishes it; the citizen chat then cites it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from agent_assistant_testing.agents import (
    SECOND_AGENT,
    SECOND_AGENT_PASSWORD,
    accept_current_charter,
)
from agent_assistant_testing.browser import handed_over, sign_in
from agent_assistant_testing.running import RunningAssistant
from collectivia.platform.events.catalogue import DOCUMENT_PUBLISHED
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KafkaServer
from collectivia.testkit.topics import events_on
from collectivia.testkit.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.browser]

QUESTION = "La mairie de Metz est-elle ouverte le samedi matin ?"
TITLE = "Horaires du samedi de l'hôtel de ville"
ANSWER = "Le samedi, l'hôtel de ville de Metz est ouvert de 9 h à 12 h pour l'état civil."


@pytest.fixture(scope="module")
def assistant_chat_target(citizen_chat: ServiceProcess) -> str:
    """The inbox searches through the real citizen chat."""
    return citizen_chat.grpc_target


def proposed_by_julien(agent_api: httpx.Client, chat: ServiceProcess) -> dict[str, Any]:
    """A handover answered and proposed as a curated answer by julien.agent (API)."""
    handoff_id = handed_over(chat, QUESTION)["handoff_id"]

    def listed() -> bool:
        return any(h["id"] == handoff_id for h in agent_api.get("/v1/handoffs").json())

    wait_until(listed, timeout=30, what="the handover in julien's inbox")
    replied = agent_api.post(f"/v1/handoffs/{handoff_id}/reply", json={"text": ANSWER})
    assert replied.status_code == 200, replied.text
    body = {"title": TITLE, "question": QUESTION, "answer": ANSWER}
    proposed = agent_api.post(f"/v1/handoffs/{handoff_id}/curated-answers", json=body)
    assert proposed.status_code == 201, proposed.text
    curated: dict[str, Any] = proposed.json()
    return curated


def citizen_answer(chat: ServiceProcess, question: str) -> str:
    """What the citizen chat answers, with its sources, in a new conversation."""
    with httpx.Client(base_url=chat.base_url, timeout=30) as http:
        conversation = http.post("/v1/conversations", json={"commune": "57463"}).json()["id"]
        answer = http.post(
            f"/v1/conversations/{conversation}/messages", json={"question": question}
        )
        answer.raise_for_status()
        text: str = answer.json()["text"]
        return text


def test_a_second_agent_reviews_and_publishes_a_curated_answer(
    page: Page,
    intranet: RunningAssistant,
    citizen_chat: ServiceProcess,
    agent_api: httpx.Client,
    second_agent_token: str,
    kafka_server: KafkaServer,
) -> None:
    proposal = proposed_by_julien(agent_api, citizen_chat)
    with httpx.Client(base_url=intranet.base_url, timeout=30) as http:
        accept_current_charter(http, second_agent_token)
    errors = console_errors(page)
    sign_in(page, intranet.base_url, SECOND_AGENT, SECOND_AGENT_PASSWORD)
    expect(page.locator("#compte-nom")).to_contain_text("Amélie Test — etat-civil")

    item = page.locator("#relectures-liste li", has_text=TITLE)
    expect(item).to_contain_text(f"Question : {QUESTION}")
    expect(item).to_contain_text(ANSWER)
    violations = axe_violations(page)
    assert not violations, "\n".join(map(str, violations))
    item.get_by_label("Commentaire de relecture (facultatif)").fill("Vérifié avec le service.")
    with page.expect_response(lambda r: r.url.endswith("/review")) as reviewed:
        item.get_by_role("button", name="Publier dans la base de connaissances").click()
    assert reviewed.value.status == 200
    expect(item.get_by_role("status")).to_have_text("Réponse type publiée.")
    document_id = reviewed.value.json()["document_id"]

    published = wait_until(
        lambda: events_on(kafka_server.bootstrap_servers, DOCUMENT_PUBLISHED, document_id),
        timeout=15,
        what="the curated answer's document-published event",
    )
    assert len(published) == 1
    # The citizen chat took it into its knowledge base: the next citizen gets it, cited.
    cited = wait_until(
        lambda: TITLE in citizen_answer(citizen_chat, QUESTION),
        timeout=30,
        what="the curated answer cited by the citizen chat",
    )
    assert cited
    # The author sees it published, not proposed any more.
    listed = agent_api.get("/v1/curated-answers", params={"status": "published"}).json()
    assert [c["id"] for c in listed if c["id"] == proposal["id"]] == [proposal["id"]]
    assert errors == []


def test_the_author_cannot_review_their_own_proposal(
    agent_page: Page, agent_api: httpx.Client, citizen_chat: ServiceProcess
) -> None:
    proposal = proposed_by_julien(agent_api, citizen_chat)
    agent_page.get_by_role("button", name="Actualiser la liste").click()
    item = agent_page.locator("#relectures-liste li", has_text=TITLE).last
    expect(item).to_contain_text("Proposée par vous : un collègue doit la relire.")
    expect(item.get_by_role("button")).to_have_count(0)
    # The API refuses it too, with the four-eyes rule, in French.
    refused = agent_api.post(f"/v1/curated-answers/{proposal['id']}/review", json={"approve": True})
    assert refused.status_code == 422
    assert "un autre agent que son auteur" in refused.json()["detail"]
