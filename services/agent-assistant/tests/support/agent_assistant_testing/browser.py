"""Helpers of the intranet page's browser tests (tests/browser): signing in through the real
Keycloak login page (the test kit's, as julien.agent unless told), handing a conversation
over from the real citizen chat (its HTTP API), pressing Tab with the focus visible at every
stop, watching the live region."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page

from collectivia.testkit import pages
from collectivia.testkit.pages import keycloak_admin
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KeycloakServer

AGENT, AGENT_PASSWORD = "julien.agent", "julien.agent-demo"
INTRANET_CLIENT = "agent-intranet"

# Records, from now on, what is added to the task result's live region and to the hidden
# area where the output streams.
WATCH_RESULT = """() => {
  window.liveAdditions = [];
  window.streamAdditions = 0;
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) window.liveAdditions.push(n.textContent);
  }).observe(document.getElementById("tache-resultat"),
             {childList: true, subtree: true, characterData: true});
  new MutationObserver((records) => {
    for (const r of records) window.streamAdditions += r.addedNodes.length;
  }).observe(document.getElementById("tache-flux"), {childList: true, subtree: true});
}"""

FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {id: e.id, tag: e.tagName, text: (e.innerText || e.value || "").trim().slice(0, 80),
          label: e.labels && e.labels[0] ? e.labels[0].innerText.trim() : "",
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def end_sessions_in_keycloak(keycloak: KeycloakServer, username: str) -> None:
    """What an idle timeout or a sign-out elsewhere does: refresh tokens are refused."""
    admin = keycloak_admin(keycloak)
    user_id = admin.get_user_id(username)
    assert user_id is not None, f"no user {username}"
    admin.user_logout(user_id)


def sign_in(
    page: Page, base_url: str, username: str = AGENT, password: str = AGENT_PASSWORD
) -> None:
    """Through the real Keycloak login page, typed as an agent types it."""
    pages.sign_in(page, base_url, username, password)


def type_credentials(page: Page, username: str = AGENT, password: str = AGENT_PASSWORD) -> None:
    pages.type_credentials(page, username, password)


def handed_over(chat: ServiceProcess, question: str, commune: str = "57463") -> dict[str, Any]:
    """A citizen asks the chat, then asks for a human in the conversation (its REST API):
    the conversation's id, the handover's id and the chat's message to the citizen."""
    with httpx.Client(base_url=chat.base_url, timeout=30) as http:
        conversation = http.post("/v1/conversations", json={"commune": commune})
        conversation.raise_for_status()
        conversation_id = conversation.json()["id"]
        asked = http.post(
            f"/v1/conversations/{conversation_id}/messages", json={"question": question}
        )
        asked.raise_for_status()
        handoff = http.post(
            f"/v1/conversations/{conversation_id}/handoff", json={"channel": "conversation"}
        )
        assert handoff.status_code == 202, handoff.text
        return {"conversation_id": conversation_id, **handoff.json()}


def focused(page: Page) -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(FOCUSED)
    return info


def tab_to(page: Page, wanted: str, limit: int = 40) -> list[dict[str, Any]]:
    """Press Tab until the focused element's id, text or label is ``wanted``; every stop
    must show where the focus is (WCAG 2.4.7). Returns the stops."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        assert stop["outline"] != "none" and stop["width"] >= 2, f"focus not visible: {stop}"
        stops.append(stop)
        if wanted in (stop["id"], stop["text"], stop["label"]):
            return stops
    raise AssertionError(f"{wanted!r} never got the focus; stops: {stops}")
