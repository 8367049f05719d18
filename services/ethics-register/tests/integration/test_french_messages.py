"""The register answers people and integrators in French, over HTTP and gRPC: what a 404,
a 409, a 403, a 422 and a gRPC error say, on the register in this process."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import httpx
import pytest

from collectivia.register.v1 import register_pb2, register_pb2_grpc
from collectivia.testkit.french import assert_french
from collectivia.testkit.french import french_problem as problem
from collectivia.testkit.register_records import SystemBody
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration


def unknown_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def officer(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("ethics-officer"))


@pytest.fixture
def draft(http: httpx.Client, officer: dict[str, str], system_body: SystemBody) -> dict[str, Any]:
    created = http.post("/v1/systems", json=system_body(), headers=officer)
    assert created.status_code == 201, created.text
    entry: dict[str, Any] = created.json()
    return entry


def test_an_unknown_entry_is_a_french_404(http: httpx.Client) -> None:
    system_id = unknown_id()
    body = problem(http.get(f"/v1/systems/{system_id}"), 404)
    assert body["detail"] == f"Aucune entrée '{system_id}' dans le registre."
    assert body["title"] == "Ressource introuvable"


def test_a_stale_version_is_a_french_409(
    http: httpx.Client, officer: dict[str, str], draft: dict[str, Any], system_body: SystemBody
) -> None:
    url = f"/v1/systems/{draft['id']}"
    edit = {**system_body(), "version": draft["version"]}
    assert http.put(url, json=edit, headers=officer).status_code == 200
    body = problem(http.put(url, json=edit, headers=officer), 409)
    assert body["detail"].startswith("L'entrée est à la version 2, et non 1 :")
    assert "Rechargez-la" in body["detail"]


def test_a_role_refusal_is_a_french_403(
    http: httpx.Client, demo_tokens: DemoTokens, register_system: dict[str, Any]
) -> None:
    url = f"/v1/systems/{register_system['id']}"
    suspend = {"version": register_system["version"], "reason": "Essai"}
    dpo = bearer(demo_tokens.for_role("dpo"))
    body = problem(http.post(f"{url}/suspend", json=suspend, headers=dpo), 403)
    assert body["detail"] == "Suspendre est réservé au rôle : admin ou ethics-officer."
    citizen = bearer(demo_tokens.for_role("citizen"))
    body = problem(http.get(f"{url}/history", headers=citizen), 403)
    assert body["detail"] == (
        "Consulter l'historique d'une entrée est réservé au rôle : admin, dpo ou ethics-officer."
    )
    # Nothing moved.
    assert http.get(url).json()["status"] == "approved"


def test_broken_rules_are_french_422s_with_their_slugs(
    http: httpx.Client,
    demo_tokens: DemoTokens,
    officer: dict[str, str],
    draft: dict[str, Any],
    system_body: SystemBody,
) -> None:
    url = f"/v1/systems/{draft['id']}"
    admin = bearer(demo_tokens.for_role("admin"))
    version = {"version": draft["version"]}
    body = problem(http.post(f"{url}/approve", json=version, headers=admin), 422)
    assert (body["rule"], body["detail"]) == (
        "transition-not-allowed",
        "Impossible d'approuver : l'entrée est en brouillon.",
    )
    body = problem(http.post(f"{url}/suspend", json=version, headers=officer), 422)
    assert body["rule"] == "reason-required"
    assert "motif" in body["detail"]
    # A draft with the three fields a draft needs, submitted: every missing field named.
    minimal = {"name": "Brouillon minimal", "purpose": "demo-draft", "risk_class": "minimal"}
    sparse = http.post("/v1/systems", json=minimal, headers=officer).json()
    body = problem(
        http.post(
            f"/v1/systems/{sparse['id']}/submit",
            json={"version": sparse["version"]},
            headers=officer,
        ),
        422,
    )
    assert body["rule"] == "record-incomplete"
    assert body["detail"].startswith("L'entrée est incomplète ; à remplir avant l'examen :")
    assert {e["field"] for e in body["errors"]} >= {"summary", "legal_basis", "appeal_procedure"}
    assert {e["message"] for e in body["errors"]} == {"requis pour l'examen et la publication"}


def test_bad_input_elsewhere_is_french_too(http: httpx.Client, demo_tokens: DemoTokens) -> None:
    body = problem(http.post("/v1/triage", json={"answers": {"is_cool": True}}), 422)
    assert body["detail"] == "Questions inconnues du questionnaire : is_cool."
    assert body["errors"] == [{"field": "answers.is_cool", "message": "question inconnue"}]
    report = {"system_id": unknown_id(), "category": "other", "description": "Un problème."}
    body = problem(http.post("/v1/incidents", json=report), 404)
    assert body["detail"].startswith("Aucun système publié du registre")
    officer = bearer(demo_tokens.for_role("ethics-officer"))
    body = problem(http.get(f"/v1/incidents/{unknown_id()}", headers=officer), 404)
    assert body["detail"].startswith("Aucun incident")
    body = problem(http.get("/v1/decisions/decision-inconnue/explanation"), 404)
    assert body["detail"] == (
        "Aucune décision n° 'decision-inconnue' dans le journal des utilisations d'IA."
    )


def test_public_page_errors_are_french(http: httpx.Client) -> None:
    page = http.get(f"/registre/{unknown_id()}")
    assert page.status_code == 404
    assert "Fiche introuvable" in page.text
    assert "Aucun système publié ne correspond à cette adresse." in page.text
    form = http.post("/registre/expliquer", data={"decision": "deux mots"})
    assert form.status_code == 422
    assert "La demande n&#x27;a pas pu être envoyée" in form.text
    assert "sans espace : recopiez-le" in form.text


@pytest.fixture
def stub(channel: grpc.Channel) -> register_pb2_grpc.RegisterServiceStub:
    return register_pb2_grpc.RegisterServiceStub(channel)


def grpc_error(call: Any, request: Any, token: str) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=(("authorization", f"Bearer {token}"),), timeout=10)
    assert_french(caught.value.details() or "")
    return caught.value


def test_grpc_errors_are_french(
    stub: register_pb2_grpc.RegisterServiceStub, demo_tokens: DemoTokens
) -> None:
    service = demo_tokens.for_service("citizen-chat")
    error = grpc_error(
        stub.CheckUse, register_pb2.CheckUseRequest(purpose="citizen-information"), service
    )
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error.details() == "system_id et purpose sont requis : l'entrée et l'usage à vérifier."
    system_id = unknown_id()
    request = register_pb2.CheckUseRequest(system_id=system_id, purpose="citizen-information")
    error = grpc_error(stub.CheckUse, request, service)
    assert error.code() is grpc.StatusCode.NOT_FOUND
    assert error.details() == f"Aucune entrée '{system_id}' dans le registre."
    integrator = demo_tokens.for_service("integrator-demo")
    error = grpc_error(
        stub.GetSystem, register_pb2.GetSystemRequest(system_id=system_id), integrator
    )
    assert error.code() is grpc.StatusCode.NOT_FOUND
    assert "Aucune entrée" in (error.details() or "")
