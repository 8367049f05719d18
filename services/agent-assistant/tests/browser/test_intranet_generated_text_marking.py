"""With a real model (llama.cpp's server, tiny packaged model): the rewrite streams in the
hidden area, is announced once complete, carries the AI marking because it is meant for
publication (AI Act Art. 50(4)), and the agent's editorial review is recorded from the page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from agent_assistant_testing.agents import accept_current_charter
from agent_assistant_testing.browser import INTRANET_CLIENT, WATCH_RESULT, sign_in
from agent_assistant_testing.running import (
    RunningAssistant,
    running_assistant,
    sections_for_tests,
    settings_for_tests,
)
from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.testkit.llm_server import GenerationServer
from collectivia.testkit.pages import allowed_origin
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.register_records import approved_system
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.generation_model]

MARKING = "Texte produit avec l'aide d'une intelligence artificielle."


@pytest.fixture(scope="module")
def generative_intranet(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    running_ethics_register: ServiceProcess,
    demo_tokens: DemoTokens,
    generation_server: GenerationServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningAssistant]:
    with httpx.Client(base_url=running_ethics_register.base_url, timeout=30) as http:
        system: dict[str, Any] = approved_system(
            http,
            demo_tokens,
            name=f"Assistant des agents (modèle) {uuid.uuid4().hex[:6]}",
            purpose="agent-drafting",
        )
    settings = settings_for_tests(
        kafka_server,
        keycloak_server,
        tmp_path_factory.mktemp("generative-intranet") / "assistant.db",
    )
    gateway = GatewaySettings(
        generation=generation_server.settings(), model_timeout_seconds=300, max_output_tokens=24
    )
    supplied = [*sections_for_tests(running_ethics_register, system["id"]), gateway]
    with (
        running_assistant(settings, supplied=supplied) as running,
        allowed_origin(keycloak_server, INTRANET_CLIENT, running.base_url),
    ):
        token = demo_tokens.for_role("agent", audience="agent-assistant")
        with httpx.Client(base_url=running.base_url, timeout=30) as http:
            accept_current_charter(http, token)
        yield running


def test_a_generated_rewrite_for_publication_is_marked_until_reviewed(
    page: Page, generative_intranet: RunningAssistant
) -> None:
    sign_in(page, generative_intranet.base_url)
    page.get_by_role("link", name="Tâches").click()
    page.get_by_role("navigation", name="Tâches").get_by_role(
        "link", name="Réécrire en langage clair"
    ).click()
    form = page.get_by_role("form", name="Réécrire en langage clair")
    form.get_by_label("Texte à réécrire").fill(
        "Il convient de fournir un justificatif de domicile afin de procéder à l'inscription."
    )
    form.get_by_label("Texte destiné à être publié").check()
    page.evaluate(WATCH_RESULT)
    form.get_by_role("button", name="Réécrire", exact=True).click()

    result = page.locator("#tache-resultat article")
    # The tiny model is slow on a shared machine: up to the gateway's own deadline.
    expect(result.locator(".marquage")).to_have_text(MARKING, timeout=300_000)
    # The model's text streamed in the hidden area; the live region got it once, whole.
    assert page.evaluate("window.streamAdditions") >= 2
    additions = page.evaluate("window.liveAdditions")
    assert len(additions) == 1 and MARKING in additions[0], additions
    # The marking is shown once, not also at the end of the text.
    expect(result.get_by_text(MARKING)).to_have_count(1)

    review = page.get_by_role("form", name="Relecture éditoriale avant publication")
    reviewed = review.get_by_label("Texte relu")
    assert MARKING not in reviewed.input_value()
    reviewed.fill("Pour vous inscrire, apportez un justificatif de domicile.")
    review.get_by_role("button", name="J'ai relu ce texte et j'en assume la publication").click()
    expect(review.get_by_role("status")).to_have_text(
        "Relecture enregistrée : le texte peut être publié sans la mention."
    )
