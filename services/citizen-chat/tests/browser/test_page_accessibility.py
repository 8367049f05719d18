"""The citizen page in a real headless Chromium: axe-core finds no WCAG 2.1 A/AA violation,
everything works with the keyboard alone, the answer is announced once, complete, and the
page reflows at 320 px and at 200 % zoom."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from collectivia.citizen_chat.settings import ChatAiUseSettings
from collectivia.testkit.browser import axe_violations, console_errors
from collectivia.testkit.knowledge_pages import METZ

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SATURDAY = "Quels sont les horaires de l'hôtel de ville le samedi ?"
TIP = "Les déchèteries acceptent-elles les gravats ?"
# Records, from now on, what changes in the live region and in the hidden growing text.
WATCH_ANSWER = """() => {
  window.liveBatches = [];
  window.streamAdditions = 0;
  new MutationObserver((records) => {
    window.liveBatches.push(records.map((r) => ({
      type: r.type,
      added: Array.from(r.addedNodes).map((n) => n.textContent),
      removed: r.removedNodes.length,
    })));
  }).observe(document.getElementById("reponse"),
             {childList: true, subtree: true, characterData: true, attributes: true});
  new MutationObserver((records) => {
    for (const r of records) window.streamAdditions += r.addedNodes.length;
  }).observe(document.getElementById("flux"), {childList: true, subtree: true});
}"""


def ask(page: Page, question: str, commune: str | None = None) -> None:
    """Type the question in the field and press Enter; wait for the complete answer."""
    if commune is not None:
        page.select_option("#commune", commune)
    page.fill("#question", question)
    page.press("#question", "Enter")
    answer = page.locator("#reponse .echange").filter(has_text=question)
    expect(answer).to_be_visible()


def assert_no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, "\n".join(map(str, violations))


@pytest.mark.parametrize("path", ["/", "/accessibilite", "/hors-ligne"])
def test_axe_finds_no_wcag_21_aa_violation_on_the_pages(
    page: Page, chat_url: str, path: str
) -> None:
    errors = console_errors(page)
    page.goto(chat_url + path)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_no_violations(page)
    assert errors == []


def test_axe_finds_no_violation_once_answered_and_with_the_feedback_form_open(
    chat_page: Page,
) -> None:
    errors = console_errors(chat_page)
    ask(chat_page, SATURDAY, METZ)
    ask(chat_page, TIP)  # the first answer moves to the history
    chat_page.click("#avis-inutile")
    expect(chat_page.locator("#raisons")).to_be_visible()
    assert_no_violations(chat_page)
    assert errors == []


def test_the_keyboard_alone_reaches_the_field_asks_and_gets_a_cited_answer(
    chat_page: Page, chat_ai_use: ChatAiUseSettings
) -> None:
    stops: list[str] = []
    for _ in range(20):
        chat_page.keyboard.press("Tab")
        focused = chat_page.evaluate(
            """() => {
              const e = document.activeElement;
              const style = getComputedStyle(e);
              return {id: e.id || e.textContent.trim(), outline: style.outlineStyle,
                      width: parseFloat(style.outlineWidth)};
            }"""
        )
        # Every stop shows where the focus is (WCAG 2.4.7).
        assert focused["outline"] != "none" and focused["width"] >= 2, focused
        stops.append(focused["id"])
        if focused["id"] == "commune":
            chat_page.keyboard.press("ArrowDown")  # Marly
            chat_page.keyboard.press("ArrowDown")  # Metz
        if focused["id"] == "question":
            break
    # Skip link first, then the menu, the disclosure's register link, the commune, the field.
    assert stops[0] == "Aller au contenu"
    assert stops[-3:] == [
        "Fiche de cet assistant dans le registre des algorithmes",
        "commune",
        "question",
    ]
    assert chat_page.input_value("#commune") == METZ

    chat_page.keyboard.type("Quels sont les horaires de l'hôtel de ville")
    chat_page.keyboard.press("Shift+Enter")  # a new line, not a question sent
    chat_page.keyboard.type("le samedi ?")
    assert chat_page.locator("#reponse .echange").count() == 0
    chat_page.keyboard.press("Enter")

    answer = chat_page.locator("#reponse .echange")
    expect(answer).to_be_visible()
    expect(answer.locator(".question-posee")).to_contain_text("ville\nle samedi ?")
    expect(answer).to_contain_text("Réponse pour la commune de Metz.")
    quote = answer.locator("p", has_text="Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h")
    expect(quote).to_have_count(1)
    # The quote links to its numbered source, which links to the document.
    citation = quote.get_by_role("link", name="source 1")
    source = answer.locator(".sources li").first
    expect(citation).to_have_attribute("href", "#" + (source.get_attribute("id") or "?"))
    expect(source.get_by_role("link")).to_have_text("Horaires de l'hôtel de ville de Metz")
    expect(source.get_by_role("link")).to_have_attribute(
        "href", "https://demo.example/metz/horaires"
    )
    expect(source).to_contain_text("publiée le 5 janvier 2026")
    # The AI disclosure and the register's entry, once each (not repeated from the text).
    expect(answer.get_by_text("intelligence artificielle")).to_have_count(1)
    expect(answer.get_by_role("link", name="Registre des algorithmes")).to_have_attribute(
        "href", f"{chat_ai_use.register_public_url}/registre/{chat_ai_use.system_id}"
    )
    expect(answer).not_to_contain_text("Sources :")
    # The field is ready for the next question; the focus has not been lost.
    expect(chat_page.locator("#question")).to_be_focused()
    expect(chat_page.locator("#question")).to_have_value("")


def test_an_unknown_answer_offers_the_closest_pages_and_an_agent(chat_page: Page) -> None:
    ask(chat_page, "Comment obtenir un permis de pêche pour le lac ?")
    answer = chat_page.locator("#reponse .echange")
    expect(answer).to_contain_text("Je ne sais pas répondre avec certitude")
    expect(answer.locator(".sources li")).to_have_count(2)
    # A source without an address is named, not linked to this very page.
    macaron = answer.locator(".sources li", has_text="Le macaron de stationnement")
    expect(macaron.get_by_role("link")).to_have_count(0)
    tip = answer.locator(".sources li", has_text="Les déchèteries")
    expect(tip.get_by_role("link")).to_have_attribute("href", "https://demo.example/decheteries")
    expect(tip).to_contain_text("peut ne plus être à jour")
    expect(answer.get_by_text("intelligence artificielle")).to_have_count(1)
    answer.get_by_role("link", name="Parler à un agent").press("Enter")
    assert chat_page.evaluate("location.hash") == "#titre-agent"


def test_the_send_button_keeps_the_focus_while_the_answer_comes(chat_page: Page) -> None:
    chat_page.fill("#question", TIP)
    chat_page.focus("#envoyer")
    chat_page.keyboard.press("Enter")
    expect(chat_page.locator("#reponse .echange")).to_be_visible()
    expect(chat_page.locator("#envoyer")).to_be_focused()


def test_the_answer_is_announced_once_complete_never_piece_by_piece(chat_page: Page) -> None:
    live = chat_page.locator("#reponse")
    assert live.get_attribute("aria-live") == "polite"
    # The growing text is hidden from assistive technologies and inside no live region.
    assert chat_page.locator("#flux").get_attribute("aria-hidden") == "true"
    assert chat_page.evaluate(
        """() => document.getElementById("flux").parentElement.closest(
             "[aria-live], [role=status], [role=alert], [role=log]") === null"""
    )
    chat_page.evaluate(WATCH_ANSWER)
    ask(chat_page, SATURDAY, METZ)
    ask(chat_page, TIP)

    batches = chat_page.evaluate("window.liveBatches")
    additions = [record for batch in batches for record in batch if record["added"]]
    # One addition per answer, each the whole answer: its text, sources and disclosure.
    assert len(additions) == 2, batches
    assert all(len(record["added"]) == 1 for record in additions)
    assert all(record["type"] == "childList" for batch in batches for record in batch)
    first, second = (record["added"][0] for record in additions)
    assert "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h" in first
    assert "Sources" in first and "intelligence artificielle" in first
    assert "gravats" in second
    # The text did stream, elsewhere, and is gone once the answer is complete.
    assert chat_page.evaluate("window.streamAdditions") >= 2
    expect(chat_page.locator("#flux")).to_be_empty()
    expect(chat_page.locator("#historique .echange")).to_have_count(1)


@pytest.mark.parametrize("width", [320, 640])
def test_the_page_reflows_without_horizontal_scrolling(
    page: Page, chat_url: str, width: int
) -> None:
    # 320 CSS px is WCAG 1.4.10's reflow width; 640 is a 1280 px screen zoomed to 200 %.
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(chat_url + "/")
    ask(page, SATURDAY, METZ)
    page.click("#avis-inutile")
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll("body *"))
             .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
             .map((e) => e.tagName + (e.id ? "#" + e.id : ""))"""
    )
    assert overflow == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Check boxes and radio buttons keep their size beside a label that wraps.
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll("input[type=checkbox], input[type=radio]"))
             .filter((e) => e.offsetParent !== null)
             .map((e) => Math.round(e.getBoundingClientRect().width))"""
    )
    assert len(boxes) >= 8 and set(boxes) == {20}, boxes
    for path in ("/accessibilite", "/hors-ligne"):
        page.goto(chat_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def sse(*events: tuple[str, str]) -> str:
    return "".join(f"event: {name}\ndata: {data}\n\n" for name, data in events)


@pytest.mark.parametrize(
    ("status", "headers", "body", "message"),
    [
        (
            200,
            {"content-type": "text/event-stream"},
            sse(
                ("meta", '{"answer_id": "a1", "outcome": "answered"}'),
                ("sentence", '{"text": "Début de réponse.", "citation": 1}'),
                ("error", '{"detail": "La réponse a été interrompue par une erreur du service."}'),
            ),
            "La réponse a été interrompue par une erreur du service.",
        ),
        (
            200,
            {"content-type": "text/event-stream"},
            sse(("meta", '{"answer_id": "a1", "outcome": "answered"}')),
            "La réponse a été interrompue. Réessayez.",
        ),
        (
            429,
            {"content-type": "application/problem+json", "retry-after": "42"},
            '{"title": "Too Many Requests", "status": 429}',
            "Trop de questions en peu de temps : réessayez dans 42 secondes.",
        ),
        (
            422,
            {"content-type": "application/problem+json"},
            '{"status": 422, "errors": [{"message": "La question est trop longue."}]}',
            "Vérifiez votre saisie : La question est trop longue.",
        ),
    ],
    ids=["stream-error", "stream-cut", "rate-limited", "invalid"],
)
def test_a_failed_answer_is_announced_as_an_error_and_nothing_half_done_stays(
    chat_page: Page, status: int, headers: dict[str, str], body: str, message: str
) -> None:
    chat_page.route(
        "**/messages",
        lambda route: route.fulfill(status=status, headers=headers, body=body),
    )
    chat_page.fill("#question", SATURDAY)
    chat_page.press("#question", "Enter")
    error = chat_page.locator("#erreur")
    expect(error).to_have_text(message)
    expect(error).to_have_attribute("role", "alert")
    expect(chat_page.locator("#flux")).to_be_empty()
    expect(chat_page.locator("#reponse")).to_be_empty()
    # The question is kept, to send again.
    expect(chat_page.locator("#question")).to_have_value(SATURDAY)
