"""The prompt library through REST with real Keycloak tokens: write, edit (409 on a stale
version), history, ratings and order, render, export/import, bad input in French."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agent_assistant_testing.agents import token_subject
from agent_assistant_testing.running import RunningAssistant
from collectivia.testkit.french import assert_french
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

TEMPLATE: dict[str, Any] = {
    "title": "Attestation de domicile : réponse",
    "description": "Réponse à une demande d'attestation",
    "kind": "draft",
    "tags": ["état civil", "attestation"],
    "text": "Bonjour {{destinataire}}, votre attestation est {{suite}}.",
    "variables": [
        {"name": "destinataire", "label": "Destinataire"},
        {"name": "suite", "label": "Suite donnée"},
    ],
}


def create(http: httpx.Client, token: str, **changes: Any) -> dict[str, Any]:
    response = http.post("/v1/prompts/templates", json=TEMPLATE | changes, headers=bearer(token))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_an_agent_writes_edits_and_reads_the_history(
    agent_assistant: RunningAssistant, assistant_http: httpx.Client, agent_token: str
) -> None:
    created = create(assistant_http, agent_token)
    assert (created["department"], created["version"], created["owner_department"]) == (
        "etat-civil",
        1,
        "etat-civil",
    )
    # The owner is the pseudonym, never the Keycloak subject.
    subject = token_subject(agent_assistant.settings, agent_token)
    assert created["owner"] != subject and len(created["owner"]) == 32

    url = f"/v1/prompts/templates/{created['id']}"
    mine = TEMPLATE | {"text": "Madame, Monsieur {{destinataire}}, attestation {{suite}}."}
    edited = assistant_http.put(
        url, json=mine | {"version": 1, "reason": "Formule"}, headers=bearer(agent_token)
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2

    # A colleague who started from version 1 is told, and nothing is overwritten.
    theirs = TEMPLATE | {"text": "Salut {{destinataire}}, {{suite}}."}
    stale = assistant_http.put(
        url, json=theirs | {"version": 1, "reason": "Plus court"}, headers=bearer(agent_token)
    )
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    assert "modifié par quelqu'un d'autre" in stale.json()["detail"]
    assert "version 2" in stale.json()["detail"]
    assert assistant_http.get(url, headers=bearer(agent_token)).json()["text"] == mine["text"]

    versions = assistant_http.get(f"{url}/versions", headers=bearer(agent_token)).json()
    assert [(v["version"], v["reason"]) for v in versions] == [
        (1, "Création du modèle"),
        (2, "Formule"),
    ]
    old = assistant_http.get(f"{url}/versions/1", headers=bearer(agent_token)).json()
    assert old["text"] == TEMPLATE["text"]


def test_only_the_departments_agents_edit_a_template(
    assistant_http: httpx.Client, agent_token: str, admin_token: str
) -> None:
    theirs = create(assistant_http, admin_token, department="urbanisme", title="Permis : relance")
    url = f"/v1/prompts/templates/{theirs['id']}"
    body = TEMPLATE | {"title": "Permis : relance", "version": 1, "reason": "Essai"}
    refused = assistant_http.put(url, json=body, headers=bearer(agent_token))
    assert refused.status_code == 403
    assert "service « urbanisme »" in refused.json()["detail"]
    assert assistant_http.get(url, headers=bearer(agent_token)).json()["version"] == 1
    elsewhere = assistant_http.post(
        "/v1/prompts/templates",
        json=TEMPLATE | {"department": "urbanisme"},
        headers=bearer(agent_token),
    )
    assert elsewhere.status_code == 403


def test_ratings_are_shared_and_the_most_useful_come_first(
    assistant_http: httpx.Client, agent_token: str, second_agent_token: str
) -> None:
    rated = create(assistant_http, agent_token, title="Modèle très bien noté")
    url = f"/v1/prompts/templates/{rated['id']}/ratings"
    for token, comment in ((agent_token, "Parfait"), (second_agent_token, "Gain de temps")):
        response = assistant_http.post(
            url, json={"score": 5, "comment": comment}, headers=bearer(token)
        )
        assert response.status_code == 201, response.text
    ratings = assistant_http.get(url, headers=bearer(agent_token)).json()
    assert [r["comment"] for r in ratings] == ["Gain de temps", "Parfait"]
    assert all(r["rater_department"] == "etat-civil" for r in ratings)
    listed = assistant_http.get("/v1/prompts/templates", headers=bearer(agent_token)).json()
    assert listed[0]["id"] == rated["id"]
    assert listed[0]["ratings"]["count"] == 2
    bad = assistant_http.post(url, json={"score": 6}, headers=bearer(agent_token))
    assert bad.status_code == 422
    searched = assistant_http.get(
        "/v1/prompts/templates",
        params={"kind": "plain-language", "tag": "FALC"},
        headers=bearer(agent_token),
    ).json()
    assert [t["title"] for t in searched] == ["Réécriture en FALC (facile à lire et à comprendre)"]


def test_render_lists_the_unfilled_variables_in_french(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    template = create(assistant_http, agent_token, title="Modèle à compléter")
    url = f"/v1/prompts/templates/{template['id']}/render"
    missing = assistant_http.post(
        url, json={"variables": {"destinataire": "Mme Martin"}}, headers=bearer(agent_token)
    )
    assert missing.status_code == 422
    problem = missing.json()
    assert problem["detail"] == (
        "Le modèle ne peut pas être complété : variables non renseignées : suite."
    )
    assert problem["errors"] == [
        {"field": "variables.suite", "message": "La variable « suite » n'est pas renseignée."}
    ]
    filled = assistant_http.post(
        url,
        json={"variables": {"destinataire": "Mme Martin", "suite": "prête"}},
        headers=bearer(agent_token),
    )
    assert filled.status_code == 200
    assert filled.json()["text"] == "Bonjour Mme Martin, votre attestation est prête."


def test_export_then_import_and_a_bad_file_imports_nothing(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    exported = assistant_http.get(
        "/v1/prompts/export", params={"department": "etat-civil"}, headers=bearer(agent_token)
    )
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    document = exported.json()
    assert document["format"] == "collectivia-prompt-library"
    assert document["templates"]

    again = assistant_http.post(
        "/v1/prompts/import",
        params={"filename": "etat-civil.json"},
        content=exported.content,
        headers=bearer(agent_token) | {"content-type": "application/json"},
    )
    assert again.status_code == 200, again.text
    assert again.json()["created"] == [] and again.json()["updated"] == []

    before = assistant_http.get(
        "/v1/prompts/templates", params={"limit": 200}, headers=bearer(agent_token)
    ).json()
    document["templates"][0]["text"] += " {{oubli}}"
    document["templates"].append({"title": "Nouveau", "kind": "free", "text": "Texte"})
    refused = assistant_http.post(
        "/v1/prompts/import",
        json=document,
        headers=bearer(agent_token),
    )
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("Fichier refusé, rien n'a été importé")
    assert refused.json()["errors"][0]["field"] == "templates.0.variables"
    after = assistant_http.get(
        "/v1/prompts/templates", params={"limit": 200}, headers=bearer(agent_token)
    ).json()
    assert after == before

    garbage = assistant_http.post(
        "/v1/prompts/import", content=b"{pas du json", headers=bearer(agent_token)
    )
    assert garbage.status_code == 422
    assert "n'est pas un JSON valide" in garbage.json()["detail"]


def test_an_export_named_after_any_department_downloads(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    # Found by fuzzing: a department outside Latin-1 broke the file name header (a 500).
    exported = assistant_http.get(
        "/v1/prompts/export", params={"department": "Œuvres 🎭"}, headers=bearer(agent_token)
    )
    assert exported.status_code == 200, exported.text
    disposition = exported.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="modeles.json"; ')
    assert "filename*=UTF-8''modeles-%C5%92uvres%20%F0%9F%8E%AD.json" in disposition


def test_a_version_beyond_what_the_database_holds_is_refused_in_french(
    assistant_http: httpx.Client, agent_token: str
) -> None:
    # Found by fuzzing: a version past 64 bits reached the database (a 500).
    for path, params in (
        ("/v1/prompts/templates/modele/versions/22436167380481802240", {}),
        ("/v1/prompts/templates/modele/render", {"version": str(2**63)}),
    ):
        refused = assistant_http.request(
            "GET" if "versions" in path else "POST",
            path,
            params=params,
            json=None if "versions" in path else {"variables": {}},
            headers=bearer(agent_token),
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] in ("path.version", "query.version")
        assert_french(refused.json()["detail"])


def test_bad_templates_and_callers_are_refused_with_a_reason(
    assistant_http: httpx.Client, agent_token: str, demo_tokens: DemoTokens
) -> None:
    invalid = assistant_http.post(
        "/v1/prompts/templates",
        json=TEMPLATE | {"text": "Bonjour {{destinataire}} et {{Nom Complet}}"},
        headers=bearer(agent_token),
    )
    assert invalid.status_code == 422
    messages = [e["message"] for e in invalid.json()["errors"]]
    assert any("Nom de variable invalide « {{Nom Complet}} »" in m for m in messages)
    assert any("« suite » est déclarée mais n'apparaît pas" in m for m in messages)

    assert assistant_http.get("/v1/prompts/templates").status_code == 401
    citizen = demo_tokens.for_role("citizen", audience="agent-assistant")
    refused = assistant_http.get("/v1/prompts/templates", headers=bearer(citizen))
    assert refused.status_code == 403
    assert "réservé aux agents" in refused.json()["detail"]
    missing = assistant_http.get("/v1/prompts/templates/inconnu", headers=bearer(agent_token))
    assert missing.status_code == 404
