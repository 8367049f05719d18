"""The citizen page in a real headless Chromium: rating an answer (useful, or not with
reasons), asking for an agent and erasing the conversation, through the page itself."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from collectivia.testkit.browser import console_errors
from collectivia.testkit.knowledge_pages import METZ

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SATURDAY = "Quels sont les horaires de l'hôtel de ville le samedi ?"


def ask(page: Page, question: str, commune: str | None = None) -> None:
    if commune is not None:
        page.select_option("#commune", commune)
    page.fill("#question", question)
    page.press("#question", "Enter")
    expect(page.locator("#reponse .echange").filter(has_text=question)).to_be_visible()


def sent_json(page: Page, path_end: str, action: Any) -> tuple[int, dict[str, Any]]:
    """Run ``action`` and return the status and the body the page sent to ``path_end``."""
    with page.expect_response(lambda r: r.url.endswith(path_end)) as caught:
        action()
    response = caught.value
    body: dict[str, Any] = json.loads(response.request.post_data or "{}")
    return response.status, body


def test_a_useful_answer_is_rated_with_the_keyboard(chat_page: Page) -> None:
    errors = console_errors(chat_page)
    feedback = chat_page.locator("#avis")
    expect(feedback).to_be_hidden()  # nothing to rate before an answer
    ask(chat_page, SATURDAY, METZ)
    expect(feedback).to_be_visible()

    chat_page.focus("#avis-utile")
    status, body = sent_json(chat_page, "/feedback", lambda: chat_page.keyboard.press("Enter"))
    assert (status, body) == (201, {"useful": True})
    expect(chat_page.locator("#avis-etat")).to_have_text("Merci, votre avis a été enregistré.")
    # The buttons say they are done, and the focus stays where it was.
    expect(chat_page.locator("#avis-utile")).to_have_attribute("aria-disabled", "true")
    expect(chat_page.locator("#avis-utile")).to_be_focused()
    # A second press sends nothing more.
    chat_page.keyboard.press("Enter")
    chat_page.locator("#avis-inutile").press("Enter")
    expect(chat_page.locator("#raisons")).to_be_hidden()

    # The next answer can be rated again.
    ask(chat_page, "Les déchèteries acceptent-elles les gravats ?")
    expect(chat_page.locator("#avis-utile")).not_to_have_attribute("aria-disabled", "true")
    expect(chat_page.locator("#avis-etat")).to_have_text("")
    assert errors == []


def test_a_useless_answer_is_rated_with_reasons_a_comment_and_a_report(
    chat_page: Page,
) -> None:
    ask(chat_page, SATURDAY, METZ)
    opener = chat_page.locator("#avis-inutile")
    expect(opener).to_have_attribute("aria-expanded", "false")
    opener.press("Enter")
    expect(opener).to_have_attribute("aria-expanded", "true")
    reasons = chat_page.locator("#raisons")
    expect(reasons).to_be_visible()
    # The focus moves into the form that opened: its first reason.
    expect(chat_page.locator("#raison-invented-content")).to_be_focused()

    chat_page.get_by_label("L'information n'est plus à jour").check()
    chat_page.get_by_label("Il manque une source").check()
    chat_page.get_by_label("Commentaire").fill("Les horaires d'été manquent.")
    chat_page.get_by_label("Signaler aussi un problème au registre des algorithmes").check()
    status, body = sent_json(
        chat_page,
        "/feedback",
        lambda: reasons.get_by_role("button", name="Envoyer mon avis").press("Enter"),
    )
    assert status == 201
    assert body == {
        "useful": False,
        "reasons": ["missing-source", "outdated"],
        "comment": "Les horaires d'été manquent.",
        "report_problem": True,
    }
    expect(chat_page.locator("#avis-etat")).to_have_text("Merci, votre avis a été enregistré.")
    expect(reasons).to_be_hidden()
    # The focus returns to the button that opened the closed form, not to the page's top.
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")


def test_an_agent_is_asked_for_by_email_then_the_conversation_is_erased(
    chat_page: Page, chat_url: str
) -> None:
    ask(chat_page, SATURDAY, METZ)
    form = chat_page.locator("#agent")
    form.get_by_role("radio", name="Par courriel").check()
    submit = form.get_by_role("button", name="Parler à un agent")
    submit.press("Enter")
    # No address for an e-mail reply: said, and the focus goes to the field.
    expect(chat_page.locator("#agent-etat")).to_have_text(
        "Indiquez l'adresse électronique ou le numéro de téléphone."
    )
    expect(chat_page.locator("#contact")).to_be_focused()

    chat_page.keyboard.type("jeanne.martin@example.fr")
    status, body = sent_json(chat_page, "/handoff", lambda: submit.press("Enter"))
    assert status == 202
    assert body == {"channel": "email", "contact": "jeanne.martin@example.fr"}
    expect(chat_page.locator("#agent-etat")).to_contain_text(
        "Votre demande a été transmise à un agent, qui vous répondra par courriel."
    )
    expect(chat_page.locator("#agent-etat")).to_have_attribute("role", "status")

    erase = chat_page.get_by_role("button", name="Effacer ma conversation")
    with chat_page.expect_response(lambda r: r.request.method == "DELETE") as deleted:
        erase.press("Enter")
    assert deleted.value.status == 204
    conversation = deleted.value.url
    expect(chat_page.locator("#agent-etat")).to_have_text("Votre conversation a été effacée.")
    expect(chat_page.locator("#reponse")).to_be_empty()
    expect(chat_page.locator("#avis")).to_be_hidden()
    # Gone on the server too.
    assert chat_page.request.get(conversation).status == 404
    assert conversation.startswith(chat_url + "/v1/conversations/")


def test_an_agent_is_asked_for_in_the_conversation_without_a_question(chat_page: Page) -> None:
    form = chat_page.locator("#agent")
    expect(form.get_by_role("radio", name="Dans cette conversation")).to_be_checked()
    status, body = sent_json(
        chat_page,
        "/handoff",
        lambda: form.get_by_role("button", name="Parler à un agent").press("Enter"),
    )
    assert status == 202
    assert body == {"channel": "conversation", "contact": ""}
    expect(chat_page.locator("#agent-etat")).to_contain_text("dans cette conversation")
