"""The chat answers citizens, agents and integrators in French when it refuses, over HTTP and
gRPC: what a 422, a 404, a 409, a 429, a 403 and a gRPC error say, on the chat in this process
(the real Kafka, Keycloak and ethics register; the sample pages on the fast fake encoder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import httpx
import pytest

from citizen_chat_testing.knowledge import sample_knowledge_base
from citizen_chat_testing.running import RunningChat, running_chat, settings_for_tests
from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.library.area import LibrarySettings
from collectivia.testkit.french import assert_french
from collectivia.testkit.french import french_problem as problem
from collectivia.testkit.servers import KafkaServer, KeycloakServer
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

# Lower than the defaults, so that the chat's own checks answer (not the request schema's).
MAX_QUESTION_CHARS = 100
RATE_LIMIT = 12
IMPORT_MAX_BYTES = 64 * 1024
QUESTION = "Quels sont les horaires de l'hôtel de ville ?"
EMPTY_QUESTION = "La question est vide : écrivez-la avant de l'envoyer."
TOO_LONG_QUESTION = "La question dépasse 100 caractères : raccourcissez-la."
LIBRARIANS_ONLY = "Gérer la bibliothèque des documents est réservé au rôle : admin ou data-steward."
Metadata = tuple[tuple[str, str | bytes], ...]


@pytest.fixture(scope="module")
def chat(
    kafka_server: KafkaServer,
    keycloak_server: KeycloakServer,
    chat_register: list[object],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningChat]:
    sections = [
        *chat_register,
        ConversationSettings(rate_limit_per_minute=RATE_LIMIT),
        LibrarySettings(import_max_bytes=IMPORT_MAX_BYTES),
        sample_knowledge_base(),
    ]
    settings = settings_for_tests(
        kafka_server,
        keycloak_server,
        tmp_path_factory.mktemp("french"),
        max_question_chars=MAX_QUESTION_CHARS,
    )
    with running_chat(settings, supplied=sections) as chat:
        yield chat


@pytest.fixture
def http(chat: RunningChat) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=chat.base_url, timeout=30) as client:
        yield client


def start(http: httpx.Client) -> str:
    created = http.post("/v1/conversations", json={})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def ask(http: httpx.Client, conversation: str, question: str, **headers: str) -> httpx.Response:
    return http.post(
        f"/v1/conversations/{conversation}/messages", json={"question": question}, headers=headers
    )


# -- HTTP: the citizen's questions ----------------------------------------------------------


def test_an_empty_question_is_a_french_422(http: httpx.Client) -> None:
    conversation = start(http)
    body = problem(ask(http, conversation, " \n "), 422)
    assert body["detail"] == EMPTY_QUESTION
    assert body["title"] == "Données invalides"
    # Nothing at all: refused by the request's schema, in French too, naming the field.
    body = problem(ask(http, conversation, ""), 422)
    assert [e["field"] for e in body["errors"]] == ["question"]
    assert http.get(f"/v1/conversations/{conversation}").json()["turns"] == []


def test_a_question_too_long_is_a_french_422(http: httpx.Client) -> None:
    conversation = start(http)
    body = problem(ask(http, conversation, "x" * (MAX_QUESTION_CHARS + 1)), 422)
    assert body["detail"] == TOO_LONG_QUESTION


def test_an_unknown_conversation_is_a_french_404(http: httpx.Client) -> None:
    unknown = str(uuid.uuid4())
    expected = (
        f"Aucune conversation '{unknown}' : elle a peut-être été effacée, ou sa durée de "
        "conservation est écoulée."
    )
    assert problem(ask(http, unknown, QUESTION), 404)["detail"] == expected
    assert problem(http.get(f"/v1/conversations/{unknown}"), 404)["detail"] == expected
    assert problem(http.delete(f"/v1/conversations/{unknown}"), 404)["detail"] == expected


def test_the_rate_limit_is_a_french_429_that_says_when_to_retry(http: httpx.Client) -> None:
    # A client of its own (the proxy's address header, trusted from 127.0.0.1), so that the
    # other tests' questions do not count; questions to no conversation are counted too.
    client = {"X-Forwarded-For": "203.0.113.7"}
    unknown = str(uuid.uuid4())
    statuses = [ask(http, unknown, QUESTION, **client).status_code for _ in range(RATE_LIMIT)]
    assert statuses == [404] * RATE_LIMIT
    limited = ask(http, unknown, QUESTION, **client)
    body = problem(limited, 429)
    wait = int(limited.headers["Retry-After"])
    assert 1 <= wait <= 60
    seconds = "1 seconde" if wait == 1 else f"{wait} secondes"
    assert body["detail"] == (
        f"Trop de questions en peu de temps (au plus {RATE_LIMIT} par minute) : réessayez "
        f"dans {seconds}."
    )
    assert body["title"] == "Trop de demandes"


def test_feedback_and_handover_refusals_are_french(http: httpx.Client) -> None:
    conversation = start(http)
    answered = ask(http, conversation, QUESTION)
    assert answered.status_code == 200, answered.text
    answer_id = answered.json()["answer_id"]
    url = f"/v1/conversations/{conversation}/answers/{answer_id}/feedback"
    assert http.post(url, json={"useful": True}).status_code == 201
    body = problem(http.post(url, json={"useful": False}), 409)
    assert body["detail"] == (
        f"La réponse '{answer_id}' a déjà reçu un avis : un seul avis par réponse."
    )
    body = problem(http.post(url.replace(answer_id, "inconnue"), json={"useful": True}), 404)
    assert body["detail"] == f"Aucune réponse 'inconnue' dans la conversation '{conversation}'."
    body = problem(
        http.post(
            f"/v1/conversations/{conversation}/handoff",
            json={"channel": "phone", "contact": "rappelez-moi"},
        ),
        422,
    )
    assert body["detail"] == (
        "Pour être recontacté par téléphone, indiquez un numéro de téléphone dans le champ "
        "contact, sans autre texte."
    )
    assert body["errors"] == [{"field": "contact", "message": "attendu : un numéro de téléphone"}]


def test_a_missing_asset_of_the_page_says_so_in_french(http: httpx.Client) -> None:
    missing = http.get("/static/absent.css")
    assert (missing.status_code, missing.text) == (404, "Fichier introuvable.")


# -- HTTP: the library -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def steward(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("data-steward", "citizen-chat"))


def upload(
    http: httpx.Client, headers: dict[str, str], name: str, content: bytes, **fields: str
) -> httpx.Response:
    return http.post(
        "/v1/knowledge/imports", headers=headers, files={"file": (name, content)}, data=fields
    )


def test_a_role_refusal_on_the_library_is_a_french_403(
    http: httpx.Client, demo_tokens: DemoTokens
) -> None:
    for role in ("citizen", "agent"):
        headers = bearer(demo_tokens.for_role(role, "citizen-chat"))
        body = problem(http.get("/v1/knowledge/documents", headers=headers), 403)
        assert (body["title"], body["detail"]) == ("Accès refusé", LIBRARIANS_ONLY)
        body = problem(upload(http, headers, "page.md", b"# Titre\n\nTexte."), 403)
        assert body["detail"] == LIBRARIANS_ONLY
    # Without a token: the platform's own French refusal.
    problem(http.get("/v1/knowledge/documents"), 401)


@pytest.mark.parametrize(
    ("name", "content", "fields", "field", "detail"),
    [
        (
            "page.md",
            b"# Titre\n\nTexte.",
            {"auteur": "moi"},
            "auteur",
            "Champ inconnu : « auteur ».",
        ),
        (
            "page.md",
            b"# Titre\n\nTexte.",
            {"communes": "57463,Metz"},
            "communes",
            "« Metz » n'est pas un code INSEE de commune.",
        ),
        (
            "salles.jsonl",
            b'{"id": "a", "title": "T", "text": "x"}',
            {"title": "Salles"},
            "title",
            "Un fichier JSON Lines porte les informations de chaque document sur sa ligne : "
            "retirez les champs title.",
        ),
        (
            "salles.jsonl",
            b'{"id": "a", "title": "T", "text": "x"}\n{"id": "b"}',
            {},
            "file",
            "salles.jsonl, ligne 2 : le champ « title » manque ou n'est pas un texte",
        ),
        (
            "gros.txt",
            b"mot " * 30_000,
            {},
            "file",
            "Le fichier « gros.txt » est trop volumineux (117 Ko) : la taille maximale est de "
            "64 Ko.",
        ),
    ],
)
def test_a_refused_import_says_why_in_french(
    http: httpx.Client,
    steward: dict[str, str],
    name: str,
    content: bytes,
    fields: dict[str, str],
    field: str,
    detail: str,
) -> None:
    body = problem(upload(http, steward, name, content, **fields), 422)
    assert body["detail"] == detail
    assert body["errors"][0]["field"] == field


def test_a_sending_over_the_limit_is_refused_in_french_before_it_is_read(
    http: httpx.Client, steward: dict[str, str]
) -> None:
    body = problem(upload(http, steward, "enorme.txt", b"mot " * 60_000), 422)
    assert body["detail"].startswith("L'envoi est trop volumineux (")
    assert body["detail"].endswith(") : la taille maximale d'un fichier est de 64 Ko.")
    assert body["errors"] == [{"field": "file", "message": body["detail"]}]


def test_unknown_imports_and_documents_are_french_404s(
    http: httpx.Client, steward: dict[str, str]
) -> None:
    body = problem(http.get("/v1/knowledge/imports/inconnu", headers=steward), 404)
    assert body["detail"] == "Aucun import 'inconnu'."
    body = problem(http.delete("/v1/knowledge/documents/inconnu", headers=steward), 404)
    assert body["detail"] == "Aucun document 'inconnu' dans la bibliothèque."


# -- gRPC: Ask and Search --------------------------------------------------------------------


@pytest.fixture(scope="module")
def stub(chat: RunningChat) -> Iterator[chat_pb2_grpc.CitizenChatServiceStub]:
    with grpc.insecure_channel(chat.grpc_target) as channel:
        yield chat_pb2_grpc.CitizenChatServiceStub(channel)


@pytest.fixture(scope="module")
def integrator(demo_tokens: DemoTokens) -> Metadata:
    return (("authorization", f"Bearer {demo_tokens.for_service('integrator-demo')}"),)


def grpc_error(call: Any, request: Any, metadata: Metadata = ()) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call(request, metadata=metadata, timeout=30)
    assert_french(caught.value.details() or "")
    return caught.value


def test_grpc_ask_refusals_are_french(
    stub: chat_pb2_grpc.CitizenChatServiceStub, integrator: Metadata, demo_tokens: DemoTokens
) -> None:
    expected = {
        "   ": EMPTY_QUESTION,
        "": EMPTY_QUESTION,
        "x" * (MAX_QUESTION_CHARS + 1): TOO_LONG_QUESTION,
    }
    for question, message in expected.items():
        error = grpc_error(stub.Ask, chat_pb2.AskRequest(question=question), integrator)
        assert (error.code(), error.details()) == (grpc.StatusCode.INVALID_ARGUMENT, message)
    error = grpc_error(stub.Ask, chat_pb2.AskRequest(question=QUESTION, commune="Metz"), integrator)
    assert (error.code(), error.details()) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "La commune « Metz » n'est pas un code INSEE : indiquez par exemple 57463 ou 2A004.",
    )
    unknown = str(uuid.uuid4())
    request = chat_pb2.AskRequest(conversation_id=unknown, question=QUESTION)
    error = grpc_error(stub.Ask, request, integrator)
    assert error.code() is grpc.StatusCode.NOT_FOUND
    assert (error.details() or "").startswith(f"Aucune conversation '{unknown}' :")
    citizen = (("authorization", f"Bearer {demo_tokens.for_role('citizen', 'citizen-chat')}"),)
    error = grpc_error(stub.Ask, chat_pb2.AskRequest(question=QUESTION), citizen)
    assert (error.code(), error.details()) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "Poser des questions par l'API gRPC est réservé au rôle : integrator.",
    )
    # Without a token: the platform's own French refusal.
    error = grpc_error(stub.Ask, chat_pb2.AskRequest(question=QUESTION))
    assert error.code() is grpc.StatusCode.UNAUTHENTICATED


def test_grpc_search_refusals_are_french(
    stub: chat_pb2_grpc.CitizenChatServiceStub, integrator: Metadata, demo_tokens: DemoTokens
) -> None:
    agent = (("authorization", f"Bearer {demo_tokens.for_role('agent', 'citizen-chat')}"),)
    error = grpc_error(stub.Search, chat_pb2.SearchRequest(query=QUESTION), agent)
    assert (error.code(), error.details()) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "Chercher des passages dans la base de connaissances est réservé au rôle : integrator, "
        "et aux services, avec leur propre jeton : agent-assistant.",
    )
    invalid = [
        (chat_pb2.SearchRequest(query=" "), "Le texte à chercher est vide (champ query)."),
        (
            chat_pb2.SearchRequest(query="x" * (MAX_QUESTION_CHARS + 1)),
            "Le texte à chercher dépasse 100 caractères (champ query).",
        ),
        (
            chat_pb2.SearchRequest(query=QUESTION, limit=21),
            "Le nombre de passages (champ limit) va de 1 à 20 ; 0 donne le nombre par défaut, 5.",
        ),
        (
            chat_pb2.SearchRequest(query=QUESTION, commune="2C004"),
            "La commune « 2C004 » n'est pas un code INSEE : indiquez par exemple 57463 ou 2A004.",
        ),
    ]
    for request, message in invalid:
        error = grpc_error(stub.Search, request, integrator)
        assert (error.code(), error.details()) == (grpc.StatusCode.INVALID_ARGUMENT, message)
