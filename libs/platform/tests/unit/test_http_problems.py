from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from collectivia.platform.auth.fastapi_dependencies import require_roles
from collectivia.platform.auth.principal import Principal
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.errors import Conflict, NotFound, RuleViolation
from collectivia.platform.http import install_problem_handlers
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.local_issuer import LocalIssuer
from collectivia.testkit.tokens import bearer

SETTINGS = KeycloakSettings(url="http://keycloak.test", realm="collectivia")


class Thing(BaseModel):
    name: str = Field(min_length=3)
    size: int = Field(ge=0)


@pytest.fixture
def client(issuer: LocalIssuer) -> TestClient:
    app = FastAPI()
    app.state.token_verifier = TokenVerifier(SETTINGS, "ethics-register", issuer.http_client())
    install_problem_handlers(app)

    @app.post("/things")
    def create(
        thing: Thing, who: Annotated[Principal, Depends(require_roles("ethics-officer"))]
    ) -> dict[str, str]:
        return {"by": who.subject, "name": thing.name}

    @app.get("/missing")
    def missing() -> None:
        raise NotFound("no such thing")

    @app.get("/conflict")
    def conflict() -> None:
        raise Conflict("version 3 expected, 2 given")

    @app.get("/rule")
    def rule() -> None:
        raise RuleViolation("cannot approve", rule="prohibited-practice-cannot-be-approved")

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    return TestClient(app, raise_server_exceptions=False)


def test_domain_errors_become_problem_details(client: TestClient) -> None:
    response = client.get("/missing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["detail"] == "no such thing"
    assert body["instance"] == "/missing"
    assert client.get("/conflict").status_code == 409
    rule = client.get("/rule")
    assert rule.status_code == 422
    assert rule.json()["rule"] == "prohibited-practice-cannot-be-approved"


def test_unexpected_errors_do_not_leak(client: TestClient) -> None:
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret" not in response.text


def test_no_token_is_401_with_challenge(client: TestClient) -> None:
    response = client.post("/things", json={"name": "abc", "size": 1})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_wrong_role_is_403(client: TestClient, issuer: LocalIssuer) -> None:
    token = issuer.sign(issuer.claims(realm_access={"roles": ["citizen"]}), "k1")
    response = client.post("/things", json={"name": "abc", "size": 1}, headers=bearer(token))
    assert response.status_code == 403
    assert "ethics-officer" in response.json()["detail"]


def test_right_role_passes(client: TestClient, issuer: LocalIssuer) -> None:
    claims = issuer.claims()
    response = client.post(
        "/things", json={"name": "abc", "size": 1}, headers=bearer(issuer.sign(claims, "k1"))
    )
    assert response.status_code == 200
    assert response.json() == {"by": claims["sub"], "name": "abc"}


def test_invalid_fields_are_named(client: TestClient, issuer: LocalIssuer) -> None:
    response = client.post(
        "/things",
        json={"name": "a", "size": -1},
        headers=bearer(issuer.sign(issuer.claims(), "k1")),
    )
    assert response.status_code == 422
    body = response.json()
    messages = {error["field"]: error["message"] for error in body["errors"]}
    assert messages == {
        "name": "au moins 3 caractère(s)",
        "size": "doit être supérieur ou égal à 0",
    }
    assert body["detail"].startswith("Champs non valides")
    assert "name : au moins 3" in body["detail"]


def test_missing_and_mistyped_fields_read_in_french(
    client: TestClient, issuer: LocalIssuer
) -> None:
    response = client.post(
        "/things", json={"size": "beaucoup"}, headers=bearer(issuer.sign(issuer.claims(), "k1"))
    )
    messages = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert messages == {"name": "champ obligatoire", "size": "un nombre entier est attendu"}


def test_malformed_json_is_422(client: TestClient, issuer: LocalIssuer) -> None:
    response = client.post(
        "/things",
        content=b'{"name": ',
        headers={**bearer(issuer.sign(issuer.claims(), "k1")), "content-type": "application/json"},
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "body"
    assert error["message"].startswith("le corps de la requête n'est pas un JSON lisible")


def test_unknown_route_is_a_problem_too(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_the_framework_own_errors_are_french_problems_too(client: TestClient) -> None:
    unknown = client.get("/nowhere")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["title"] == "Ressource introuvable"
    assert unknown.json()["detail"] == "Aucune ressource à cette adresse."
    wrong_method = client.delete("/things")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["detail"] == "Cette méthode n'est pas acceptée à cette adresse."
    assert "allow" in {name.lower() for name in wrong_method.headers}
