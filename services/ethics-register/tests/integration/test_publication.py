"""The public pages and exports of a real running register (Kafka, Keycloak, HTTP)."""

from __future__ import annotations

import httpx
import pytest

from collectivia.testkit.register_records import approved_system, system_body
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration


def test_an_approved_system_is_published_and_a_draft_never(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    approved = approved_system(http, demo_tokens)
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    draft = http.post("/v1/systems", json=system_body(), headers=officer).json()

    listing = http.get("/registre")
    assert listing.status_code == 200
    assert f'href="/registre/{approved["id"]}"' in listing.text
    assert draft["id"] not in listing.text

    report = {"system_id": approved["id"], "category": "outdated", "description": "Horaires faux."}
    assert http.post("/v1/incidents", json=report).status_code == 201
    detail = http.get(f"/registre/{approved['id']}")
    assert detail.status_code == 200
    assert "<h2>Contrôle humain</h2>" in detail.text
    # Usage statistics feed the entry's monitoring section: one incident reported above.
    assert "<h2>Suivi et utilisation</h2>" in detail.text
    assert "<dt>Problèmes signalés</dt><dd>1</dd>" in detail.text
    assert http.get(f"/registre/{draft['id']}").status_code == 404

    ats = http.get("/v1/exports/eurocities-ats-0.3.1.json").json()
    ids = {record["uuid"] for record in ats}
    assert approved["id"] in ids and draft["id"] not in ids
    assert next(r for r in ats if r["uuid"] == approved["id"])["status"] == "operational"
    table = http.get("/v1/exports/register.csv").content.decode("utf-8")
    assert approved["id"] in table and draft["id"] not in table


def test_the_explanation_form_answers_in_french(http: httpx.Client) -> None:
    empty = http.post("/registre/expliquer", data={"decision": ""})
    assert empty.status_code == 422
    assert "Indiquez le numéro de la décision." in empty.text
    unknown = http.post("/registre/expliquer", data={"decision": "decision-inconnue"})
    # The register serves explanations: an unknown number is said to be unknown.
    assert unknown.status_code == 404
    assert "Décision introuvable" in unknown.text
