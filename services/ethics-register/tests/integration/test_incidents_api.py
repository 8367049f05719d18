"""Reporting a problem and reviewing it, over HTTP, with real tokens and broker."""

from __future__ import annotations

import httpx
import pytest

from collectivia.testkit.register_records import approved_system, system_body
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration


def test_report_then_review(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    system = approved_system(http, demo_tokens)
    body = {"system_id": system["id"], "category": "outdated", "description": "Horaires faux."}
    receipt = http.post("/v1/incidents", json=body)
    assert receipt.status_code == 201, receipt.text
    incident_id = receipt.json()["id"]
    assert http.get("/v1/incidents").status_code == 401
    citizen = bearer(demo_tokens.for_role("citizen"))
    assert http.get("/v1/incidents", headers=citizen).status_code == 403
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    listed = http.get("/v1/incidents", params={"system_id": system["id"]}, headers=officer)
    assert [i["id"] for i in listed.json()] == [incident_id]
    review = {"severity": "serious", "status": "under_review"}
    reviewed = http.post(f"/v1/incidents/{incident_id}/review", json=review, headers=officer)
    assert reviewed.json()["notification_required"] is True


@pytest.mark.parametrize(
    "body",
    [
        {"system_id": "x", "category": "nonsense", "description": "Un problème."},
        {"system_id": "x", "category": "other", "description": ""},
        {"category": "other", "description": "Un problème."},
    ],
)
def test_bad_reports_are_422(http: httpx.Client, body: dict[str, str]) -> None:
    response = http.post("/v1/incidents", json=body)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_report_on_an_unknown_system_is_404(http: httpx.Client) -> None:
    body = {"system_id": "nope", "category": "other", "description": "Un problème."}
    assert http.post("/v1/incidents", json=body).status_code == 404


def test_a_draft_cannot_be_reported_and_the_refusal_is_french(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    draft = http.post("/v1/systems", json=system_body(), headers=officer)
    assert draft.status_code == 201, draft.text
    body = {"system_id": draft.json()["id"], "category": "other", "description": "Un problème."}
    for headers in ({}, officer):  # anonymous, or the register team: the same answer
        refused = http.post("/v1/incidents", json=body, headers=headers)
        assert refused.status_code == 404
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "Aucun système publié du registre" in refused.json()["detail"]
    listed = http.get("/v1/incidents", params={"system_id": body["system_id"]}, headers=officer)
    assert listed.json() == []
