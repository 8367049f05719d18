"""One voice: every message citizens, agents and integrators read of an error is French and
comes from the catalogue (``messages.py``); the chat's code writes none of its own."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collectivia.citizen_chat import messages
from collectivia.citizen_chat.conversations.search import INTEGRATOR_ROLE, SEARCHING_SERVICES
from collectivia.citizen_chat.handover.service import Channel
from collectivia.citizen_chat.library.views import LIBRARIANS
from collectivia.testkit.catalogues import (
    MESSAGE_CALLS,
    Place,
    argument,
    called,
    functions,
    messages_written_in_place,
    texts,
    write_sources,
)
from collectivia.testkit.french import assert_french, english_words

SOURCES = Path(messages.__file__).parent

# Every function of the catalogue, with arguments to try it with.
SAMPLE_CALLS: dict[str, tuple[Any, ...]] = {
    "role_required": (messages.MANAGE_LIBRARY, LIBRARIANS),
    "search_role_required": ({INTEGRATOR_ROLE}, SEARCHING_SERVICES),
    "conversation_not_found": ("3f2c6d8e",),
    "handoff_not_found": ("3f2c6d8e",),
    "reveal_purpose_unknown": ("lire", {"reveal", "email-reply"}),
    "contact_reader_required": ({"agent-assistant"},),
    "question_too_long": (2000,),
    "question_field_too_long": (2000,),
    "commune_not_an_insee_code": ("Metz",),
    "rate_limited": (30, 42),
    "query_too_long": (2000,),
    "limit_out_of_range": (20, 5),
    "answer_not_found": ("a-1", "c-1"),
    "already_rated": ("a-1",),
    "contact_invalid": ("email",),
    "contact_expected": ("phone",),
    "import_not_found": ("i-1",),
    "document_not_found": ("horaires",),
    "upload_too_large": ("3 Mo", "2 Mo"),
    "unknown_field": ("auteur",),
    "short_text_required": ("title",),
    "json_lines_fields": (["title", "url"],),
    "file_refused": ("p.md", "document p : le titre est vide"),
    "file_header_refused": ("p.md", "« Metz » n'est pas un code INSEE de commune."),
    "not_an_insee_code": ("Metz",),
    "invalid_fields": (["« Metz » n'est pas un code INSEE de commune", "une date est attendue"],),
    "document_id_invalid": (200,),
    "title_empty": ("p",),
    "text_empty": ("p",),
    "document_commune_invalid": ("p", "Metz"),
    "internal_document_refused": ("astreintes.md", "document interne"),
    "held_for_personal_data": (["TELEPHONE", "EMAIL"],),
    "held_for_approval": ("import",),
    "review_not_found": ("horaires",),
    "review_comment_too_long": (1000,),
    "field_not_text": ("title",),
    "date_invalid": ("hier",),
    "duplicate_id": ("p",),
    "corpus_line": ("salles.jsonl", 2, "JSON invalide"),
    "job_conversations_purged": (12, 30),
}
# Every text of the catalogue, those of its tables too (``CONTACT_LABELS[email]``).
TEXTS = texts(messages)
# The calls whose message reaches people, with where the message is (position, keyword): the
# platform's (domain errors, FieldError, abort), a corpus file's refusals, the library's form.
MESSAGE_ARGUMENTS = {
    **MESSAGE_CALLS,
    "CorpusFormatError": (0, "detail"),
    "_form_error": (1, "message"),
}
# Where a ValueError's message reaches people (an imported document's reasons); elsewhere
# ValueErrors are the settings' and the start-up folder's, for operators.
SHOWN_VALUE_ERRORS = {"knowledge/documents.py"}
RESPONSES = {"Response", "HTMLResponse", "PlainTextResponse"}


def test_every_channel_with_a_contact_has_its_french_words() -> None:
    with_contact = {c.value for c in Channel} - {Channel.CONVERSATION.value}
    assert set(messages.CONTACT_CHANNELS) == with_contact
    assert set(messages.CONTACT_LABELS) == with_contact


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(TEXTS[name])


def test_every_function_of_the_catalogue_is_tried_here() -> None:
    assert set(functions(messages)) == set(SAMPLE_CALLS)


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_every_function_of_the_catalogue_says_a_french_sentence(name: str) -> None:
    message = functions(messages)[name](*SAMPLE_CALLS[name])
    assert "{" not in message, message  # every placeholder filled
    assert_french(message)


def test_role_refusals_name_the_action_and_the_roles() -> None:
    assert messages.role_required(messages.MANAGE_LIBRARY, ("data-steward", "admin")) == (
        "Gérer la bibliothèque des documents est réservé au rôle : admin ou data-steward."
    )
    assert messages.role_required(messages.ASK_OVER_GRPC, {"integrator"}) == (
        "Poser des questions par l'API gRPC est réservé au rôle : integrator."
    )
    assert messages.search_role_required({"integrator"}, {"agent-assistant"}) == (
        "Chercher des passages dans la base de connaissances est réservé au rôle : integrator, "
        "et aux services, avec leur propre jeton : agent-assistant."
    )


def test_counts_and_ids_read_as_french() -> None:
    assert messages.rate_limited(30, 1) == (
        "Trop de questions en peu de temps (au plus 30 par minute) : réessayez dans 1 seconde."
    )
    assert messages.rate_limited(30, 42).endswith("réessayez dans 42 secondes.")
    assert messages.conversation_not_found("").startswith("Aucune conversation '' :")
    assert messages.document_not_found("a b") == "Aucun document 'a b' dans la bibliothèque."
    assert messages.contact_invalid("phone") == (
        "Pour être recontacté par téléphone, indiquez un numéro de téléphone dans le champ "
        "contact, sans autre texte."
    )
    assert messages.contact_expected("email") == "attendu : une adresse électronique"
    assert messages.limit_out_of_range(20, 5) == (
        "Le nombre de passages (champ limit) va de 1 à 20 ; 0 donne le nombre par défaut, 5."
    )
    assert messages.invalid_fields(["a", "b"]) == "a ; b."


def test_the_french_check_can_fail() -> None:
    """The English messages of before are caught."""
    for english in (
        "the question is empty",
        "the question is longer than 2000 characters",
        "no conversation 3f2c6d8e",
        "more than 30 questions a minute; retry in 42 s",
        "the realm role 'integrator' is required",
        "query is required",
        "commune must be an INSEE code such as 57463 or 2A004",
        "limit must be between 1 and 20 (0: 5)",
        "no answer a-1 in conversation c-1",
        "answer a-1 has already been rated",
        "the contact must be email for channel email",
    ):
        assert english_words(english), english
        with pytest.raises(AssertionError):
            assert_french(english)


# -- the scan: no message written in place --------------------------------------------------


def _error_status(call: ast.Call) -> bool:
    """A response built with an error status (4xx, 5xx) written as a number."""
    status = argument(call, 1, "status_code")
    return (
        isinstance(status, ast.Constant) and isinstance(status.value, int) and status.value >= 400
    )


def _chat_places(path: str, tree: ast.Module) -> Iterator[Place]:
    """The chat's own places: a problem or an SSE ``error`` event written as a dict, an
    imported document's ValueError, a response with an error status."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "detail":
                    yield node, value, "detail"
                    break
        elif isinstance(node, ast.Call):
            name = called(node)
            if name == "ValueError" and path in SHOWN_VALUE_ERRORS:
                yield node, argument(node, 0, "detail"), name
            elif name in RESPONSES and _error_status(node):
                yield node, argument(node, 0, "content"), name


def _messages_written_in_place(sources: Path) -> tuple[list[str], int]:
    """(the places where a message is written in the code, the number of places checked)."""
    return messages_written_in_place(sources, calls=MESSAGE_ARGUMENTS, more=_chat_places)


def test_no_message_is_written_outside_the_catalogue() -> None:
    found, checked = _messages_written_in_place(SOURCES)
    assert checked >= 45, "the scan no longer sees the errors the chat raises"
    assert found == []


def test_the_scan_sees_a_message_written_in_place(tmp_path: Path) -> None:
    written = {
        "conversations/service.py": 'raise NotFound(f"no conversation {x}")',
        "web/views.py": 'return Response("Not found", 404)',
        "conversations/views.py": 'yield _sse("error", {"detail": "failed"})',
        "library/views.py": 'raise _form_error("file", "one file")',
        "knowledge/documents.py": 'raise ValueError(f"document {x}: empty")',
        "handover/service.py": 'FieldError("contact", "expected: an e-mail")',
        "conversations/grpc_servicer.py": 'context.abort(code, "missing")',
    }
    found, checked = _messages_written_in_place(write_sources(tmp_path / "written", written))
    assert (len(found), checked) == (7, 7), found
    # Taken from the catalogue, or said to operators: not counted as written in place.
    fine = {
        "conversations/service.py": "raise NotFound(messages.conversation_not_found(x))",
        "web/views.py": 'return Response(body, 200, media_type="text/css")',
        "settings.py": 'raise ValueError("COLLECTIVIA_X must be set")',
        "library/handlers.py": 'raise InvalidEvent("document-published without document_id")',
    }
    assert _messages_written_in_place(write_sources(tmp_path / "fine", fine)) == ([], 1)


def test_a_commune_that_is_not_a_code_is_not_repeated_unless_it_looks_like_one() -> None:
    # Found by fuzzing: an e-mail address sent as a commune came back in the refusal.
    assert "« Metz »" in messages.not_an_insee_code("Metz")
    for typed in ("camille.martin@exemple.fr", "06 12 34 56 78"):
        assert typed not in messages.not_an_insee_code(typed)
        assert typed not in messages.commune_not_an_insee_code(typed)
        assert typed not in messages.date_invalid(typed)
        assert typed not in messages.unknown_field(typed)
    assert "« 2026-13-45 »" in messages.date_invalid("2026-13-45")
