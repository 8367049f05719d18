"""Steady mixed load on the five services, for the soak (``tests/soak/soak.py``): one thread
per kind of use, each at its own pace, counting what was done and what failed (a failure: a
transport error, an unexpected status, a chat answer refused as unavailable). Tokens are the
demo users', renewed before they expire."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from collectivia.testkit.servers import realm_file
from collectivia.testkit.tokens import DemoTokens, bearer

TOKEN_SECONDS = 120  # renewed well within the realm's access-token lifetime
QUESTIONS = (
    "Quels sont les horaires de la mairie ?",
    "Comment obtenir une carte d'identité ?",
    "Où déposer mes encombrants ?",
    "Comment inscrire mon enfant à la cantine ?",
)
REQUEST = (
    "Bonjour, le lampadaire devant le 12 rue des Lilas ne fonctionne plus depuis une semaine. "
    "Pouvez-vous envoyer quelqu'un ? Merci."
)
# Seconds between two uses of each kind (one thread each).
LOADS: dict[str, float] = {
    "chat": 1.0,
    "assistant": 2.0,
    "register": 0.5,
    "lake": 1.0,
    "analytics": 2.0,
}


class Failed(Exception):
    pass


@dataclass(frozen=True)
class Targets:
    keycloak: str
    register: str
    chat: str
    assistant: str
    lake: str
    analytics: str


def expect(response: httpx.Response, *statuses: int) -> Any:
    if response.status_code not in (statuses or (200,)):
        raise Failed(f"{response.request.method} {response.url.path}: {response.status_code}")
    return response.json() if "json" in response.headers.get("content-type", "") else None


class Tokens:
    def __init__(self, keycloak: str) -> None:
        self._demo = DemoTokens(keycloak, realm_file())
        self._kept: dict[tuple[str, str | None], tuple[float, str]] = {}
        self._lock = threading.Lock()

    def of(self, role: str, audience: str | None) -> dict[str, str]:
        with self._lock:
            at, token = self._kept.get((role, audience), (0.0, ""))
            if time.monotonic() - at > TOKEN_SECONDS:
                token = self._renewed(role, audience)
                self._kept[(role, audience)] = (time.monotonic(), token)
        return bearer(token)

    def _renewed(self, role: str, audience: str | None) -> str:
        """A new token; a refusal is tried again twice (the shared realm's brute-force
        protection may hold a demo user for a moment when other tests mistype on purpose)."""
        for attempt in range(3):
            try:
                return self._demo.for_role(role, audience=audience)
            except Exception:
                if attempt == 2:
                    raise
                time.sleep(5)
        raise AssertionError("unreachable")


class Load:
    def __init__(self, targets: Targets) -> None:
        self.targets = targets
        self.tokens = Tokens(targets.keycloak)
        self.done: dict[str, int] = defaultdict(int)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._turn = 0

    def failed(self, kind: str, message: str) -> None:
        self.errors[kind].append(message)

    def start(self) -> None:
        uses: dict[str, Callable[[httpx.Client], None]] = {
            "chat": self.chat,
            "assistant": self.assistant,
            "register": self.register,
            "lake": self.lake,
            "analytics": self.analytics,
        }
        with httpx.Client(base_url=self.targets.assistant, timeout=30) as http:
            current = expect(http.get("/v1/charter", headers=self._agent()))
            body = {"version": current["version"]}
            expect(http.post("/v1/charter/acceptances", json=body, headers=self._agent()), 200, 201)
        for kind, use in uses.items():
            thread = threading.Thread(target=self._run, args=(kind, use), daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)
        self._threads = []

    def _run(self, kind: str, use: Callable[[httpx.Client], None]) -> None:
        with httpx.Client(timeout=60) as http:
            while not self._stop.is_set():
                began = time.monotonic()
                try:
                    use(http)
                    self.done[kind] += 1
                except Exception as error:  # counted and shown: the thread goes on
                    self.failed(kind, f"{type(error).__name__}: {error}")
                self._stop.wait(max(LOADS[kind] - (time.monotonic() - began), 0))

    def _agent(self) -> dict[str, str]:
        return self.tokens.of("agent", "agent-assistant")

    def chat(self, http: httpx.Client) -> None:
        base = self.targets.chat
        self._turn += 1
        conversation = expect(http.post(f"{base}/v1/conversations", json={}), 201)["id"]
        question = {"question": QUESTIONS[self._turn % len(QUESTIONS)]}
        answer = expect(
            http.post(f"{base}/v1/conversations/{conversation}/messages", json=question)
        )
        if answer["outcome"] == "unavailable":
            raise Failed("the chat answered « unavailable »")
        if self._turn % 5 == 0:  # some citizens erase their conversation
            expect(http.delete(f"{base}/v1/conversations/{conversation}"), 204)

    def assistant(self, http: httpx.Client) -> None:
        base = self.targets.assistant
        agent = self._agent()
        expect(http.post(f"{base}/v1/tasks/classifications", json={"text": REQUEST}, headers=agent))
        files = {"file": ("signalement.txt", REQUEST.encode())}
        expect(http.post(f"{base}/v1/tasks/summaries", files=files, headers=agent))

    def register(self, http: httpx.Client) -> None:
        base = self.targets.register
        expect(http.get(f"{base}/v1/systems"))
        expect(http.get(f"{base}/v1/exports/register.json"))
        officer = self.tokens.of("ethics-officer", "ethics-register")
        expect(http.get(f"{base}/v1/systems", headers=officer))

    def lake(self, http: httpx.Client) -> None:
        base = self.targets.lake
        steward = self.tokens.of("data-steward", "data-lake")
        datasets = expect(http.get(f"{base}/v1/datasets", headers=steward))
        expect(http.get(f"{base}/v1/catalogue"))
        if datasets:
            first = datasets[0]["id"]
            expect(http.get(f"{base}/v1/datasets/{first}/rows", headers=steward))

    def analytics(self, http: httpx.Client) -> None:
        base = self.targets.analytics
        official = self.tokens.of("official", "officials-analytics")
        kpis = expect(http.get(f"{base}/v1/kpis", headers=official))
        for kpi in kpis[:3]:
            params = {"from": "2026-01", "to": "2026-06"}
            expect(http.get(f"{base}/v1/kpis/{kpi['name']}", params=params, headers=official))
