"""The template served for real: its route, its table, its sign-in, French errors."""

from __future__ import annotations

import httpx
import pytest

from collectivia.service_template.settings import ServiceTemplateSettings
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration

AUDIENCE = "agent-assistant"


def test_an_agent_keeps_a_note_and_reads_it_back(
    service: RunningApp[ServiceTemplateSettings], demo_tokens: DemoTokens
) -> None:
    headers = {"Authorization": f"Bearer {demo_tokens.for_role('agent', audience=AUDIENCE)}"}
    with httpx.Client(base_url=service.base_url, timeout=30) as http:
        created = http.post("/v1/notes", json={"text": "Relancer la déchèterie."}, headers=headers)
        assert created.status_code == 201, created.text
        note = http.get(f"/v1/notes/{created.json()['id']}", headers=headers)
        assert note.json()["text"] == "Relancer la déchèterie."
        assert http.get("/readyz").status_code == 200


def test_errors_are_french_problem_details(
    service: RunningApp[ServiceTemplateSettings], demo_tokens: DemoTokens
) -> None:
    with httpx.Client(base_url=service.base_url, timeout=30) as http:
        anonymous = http.get("/v1/notes")
        assert anonymous.status_code == 401
        citizen = demo_tokens.for_role("citizen", audience=AUDIENCE)
        refused = http.get("/v1/notes", headers={"Authorization": f"Bearer {citizen}"})
        assert refused.status_code == 403
        assert "réservées aux agents" in refused.json()["detail"]
        agent = {"Authorization": f"Bearer {demo_tokens.for_role('agent', audience=AUDIENCE)}"}
        missing = http.get("/v1/notes/inconnue", headers=agent)
        assert missing.status_code == 404
        assert missing.json()["detail"] == "Aucune note « inconnue »."
        empty = http.post("/v1/notes", json={"text": " "}, headers=agent)
        assert empty.status_code == 422 and "vide" in empty.json()["detail"]
