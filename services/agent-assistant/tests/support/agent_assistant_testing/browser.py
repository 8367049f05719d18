"""Helpers of the intranet page's browser tests (tests/browser): signing in through the real
Keycloak login page, handing a conversation over from the real citizen chat (its HTTP API),
pressing Tab with the focus visible at every stop, watching the live region."""

from __future__ import annotations

from typing import Any

import httpx
from keycloak import KeycloakAdmin
from playwright.sync_api import Page, expect

from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KeycloakServer

AGENT, AGENT_PASSWORD = "julien.agent", "julien.agent-demo"
INTRANET_CLIENT = "agent-intranet"
REALM = "collectivia"

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


def keycloak_admin(keycloak: KeycloakServer) -> KeycloakAdmin:
    return KeycloakAdmin(
        server_url=keycloak.url,
        username=keycloak.admin_username,
        password=keycloak.admin_password,
        realm_name=REALM,
        user_realm_name="master",
    )


class allowed_origin:  # noqa: N801 - a context manager used like a function
    """Keycloak answers the token endpoint's CORS requests from ``origin`` until the block
    ends (the page runs on a free port; the realm file lists the dev stack's origins)."""

    def __init__(self, keycloak: KeycloakServer, origin: str) -> None:
        self.admin = keycloak_admin(keycloak)
        self.origin = origin
        client_id = self.admin.get_client_id(INTRANET_CLIENT)
        assert client_id is not None, f"no {INTRANET_CLIENT} client in the realm"
        self.client_id: str = client_id

    def _set(self, add: bool) -> None:
        origins: list[str] = self.admin.get_client(self.client_id)["webOrigins"]
        origins = [o for o in origins if o != self.origin] + ([self.origin] if add else [])
        self.admin.update_client(self.client_id, {"webOrigins": origins})

    def __enter__(self) -> None:
        self._set(True)

    def __exit__(self, *exc: object) -> None:
        self._set(False)


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
    page.goto(base_url + "/")
    page.get_by_role("button", name="Se connecter").click()
    page.locator("#username").wait_for()
    assert not page.url.startswith(base_url)
    type_credentials(page, username, password)
    expect(page.locator("#compte-nom")).to_be_visible()
    assert page.url.startswith(base_url + "/")


def type_credentials(page: Page, username: str = AGENT, password: str = AGENT_PASSWORD) -> None:
    page.locator("#username").press_sequentially(username)
    page.locator("#password").press_sequentially(password)
    page.locator("#password").press("Enter")


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
