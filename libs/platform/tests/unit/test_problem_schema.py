"""What fuzzing the services' HTTP APIs found in the platform's part of them: FastAPI's
default 422 schema (never sent) in every OpenAPI document, English 400s for a body that is
not text or a broken form, English in a list of expected values, identifiers echoed back
whatever was sent in their place."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, File, UploadFile
from fastapi.testclient import TestClient

from collectivia.platform import messages
from collectivia.platform.auth.fastapi_dependencies import require_roles
from collectivia.platform.auth.principal import Principal
from collectivia.platform.auth.tokens import TokenVerifier
from collectivia.platform.http import install_problem_handlers
from collectivia.platform.problem_schema import declare_problems
from collectivia.platform.settings import KeycloakSettings
from collectivia.testkit.french import assert_french
from collectivia.testkit.local_issuer import LocalIssuer

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@pytest.fixture
def app(issuer: LocalIssuer) -> FastAPI:
    settings = KeycloakSettings(url="http://keycloak.test", realm="collectivia")
    app = FastAPI()
    app.state.token_verifier = TokenVerifier(settings, "ethics-register", issuer.http_client())
    install_problem_handlers(app)

    @app.post("/things", responses={404: {"content": {"application/problem+json": {}}}})
    def create(
        thing: dict[str, int],
        who: Annotated[Principal, Depends(require_roles("ethics-officer"))],
    ) -> dict[str, str]:
        return {"by": who.subject}

    @app.get("/colours")
    def colours(colour: Colour) -> dict[str, str]:
        return {"colour": colour.value}

    @app.post("/files")
    def upload(file: Annotated[UploadFile, File()]) -> dict[str, str]:
        return {"name": file.filename or ""}

    declare_problems(app)
    return app


def test_every_error_response_is_declared_as_problem_details(app: FastAPI) -> None:
    document: dict[str, Any] = TestClient(app).get("/openapi.json").json()
    things = document["paths"]["/things"]["post"]["responses"]
    for code in ("401", "404", "422"):
        assert things[code]["content"] == {"application/problem+json": {"schema": PROBLEM_REF}}
    assert "401" not in document["paths"]["/colours"]["get"]["responses"]  # no token read
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail"]


def test_a_body_that_is_not_text_is_an_invalid_body_in_french(app: FastAPI) -> None:
    response = TestClient(app).post(
        "/files",
        content=b"\xc3\x28\xff",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": "body", "message": messages.UNREADABLE_FORM}]
    assert_french(response.json()["detail"])


def test_json_that_is_not_utf8_is_an_invalid_body_in_french(
    app: FastAPI, issuer: LocalIssuer
) -> None:
    token = issuer.sign(issuer.claims(), "k1")
    response = TestClient(app).post(
        "/things",
        content=b'{"a": "\xc3\x28\xff"}',
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body"
    assert_french(response.json()["detail"])


def test_expected_values_are_listed_in_french(app: FastAPI) -> None:
    response = TestClient(app).get("/colours", params={"colour": "green"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "valeurs possibles : 'red' ou 'blue'"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("0a2ecf89-a356-450c-9f5f-e0529028d0f8", "'0a2ecf89-a356-450c-9f5f-e0529028d0f8'"),
        ("citizen-information", "'citizen-information'"),
        ("42", "'42'"),
        ("camille.martin@exemple.fr", messages.NOT_AN_IDENTIFIER),
        ("06 12 34 56 78", messages.NOT_AN_IDENTIFIER),
        ("0612345678", messages.NOT_AN_IDENTIFIER),
        ("x" * 200, messages.NOT_AN_IDENTIFIER),
    ],
)
def test_only_what_looks_like_an_identifier_is_repeated(sent: str, shown: str) -> None:
    assert messages.quoted_identifier(sent) == shown


@pytest.mark.parametrize(
    ("typed", "hidden"),
    [
        ("{{Nom Complet}}", False),
        ("2026-13-45", False),
        ("camille.martin@exemple.fr", True),
        ("06 12 34 56 78", True),
        ("+33 6 98 76 54 32", True),
        ("0612345678", True),
    ],
)
def test_contact_details_are_hidden_where_a_message_quotes_a_text(typed: str, hidden: bool) -> None:
    shown = messages.without_contact_details(typed)
    assert (shown == messages.CONTACT_DETAILS_HIDDEN) is hidden
