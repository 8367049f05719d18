"""One voice: every message agents, administrators and integrators read is French and comes
from the catalogue (``messages.py``); domain code writes none of its own."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.prompts.schemas import TemplateKind
from collectivia.platform import messages as platform_messages
from collectivia.testkit.catalogues import (
    MESSAGE_CALLS,
    Place,
    argument,
    called,
    calls_in,
    error_classes,
    functions,
    messages_written_in_place,
    parsed_sources,
    texts,
    validators,
    write_sources,
    written_in_place,
)
from collectivia.testkit.french import assert_french, english_words

SOURCES = Path(messages.__file__).parent

# Every function of the catalogue, with arguments to try it with.
SAMPLE_CALLS: dict[str, tuple[Any, ...]] = {
    "department_only": ("urbanisme", messages.EDIT_TEMPLATE),
    "several_departments": (["etat-civil", "urbanisme"],),
    "is_empty": (messages.TITLE,),
    "exceeds_characters": (messages.NOTE, 1000),
    "at_most_characters": (5000,),
    "mail_recipient_refused": (550,),
    "mail_refused": (554,),
    "mail_not_sent": ("le serveur de messagerie de la collectivité ne répond pas",),
    "mail_subject": ("Metz Métropole",),
    "mail_body": ("Bonjour, votre carte est prête.", "Metz Métropole"),
    "callback_outcomes": (("reached", "no-answer", "wrong-number"),),
    "delivery_summary": ("sent", "", datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
    "charter_not_accepted": (2,),
    "charter_unchanged": (3,),
    "not_the_charter_in_force": (1, 2),
    "summary_length": (20, 1000),
    "the_document": ("budget.pdf",),
    "source_too_long": (messages.TEXT, 250_000, 200_000),
    "no_sentence": ("Le document « vide.md »",),
    "text_too_long": (6000, 5000),
    "not_a_draft_template": ("Résumé court", "summarize"),
    "template_not_for_task": ("Lettre type", "draft"),
    "publication_text_not_found": ("3f2c6d8e",),
    "already_reviewed": (datetime(2026, 3, 2, 14, 5, tzinfo=UTC),),
    "generative": ("mistral-small",),
    "special_categories_local": ("religion, santé",),
    "too_long": (24_000,),
    "contains_personal_data": (messages.ANSWER, ["email", "phone"]),
    "template_not_found": ("3f2c6d8e",),
    "version_not_found": ("3f2c6d8e", 4),
    "no_such_version_to_rate": (4, 2),
    "template_archived": ("Accusé de réception",),
    "template_not_saved": (["La variable « nom » est déclarée deux fois."],),
    "template_changed_meanwhile": (3, 2),
    "import_reason": ("modeles.json",),
    "invalid_placeholder": ("{{Nom}}", 12),
    "stray_braces": ("{{", 4),
    "invalid_variable_name": ("Nom",),
    "variable_declared_twice": ("nom",),
    "variable_not_used": ("nom",),
    "variable_not_declared": ("nom",),
    "variable_not_filled": ("nom",),
    "no_such_variable": ("nom",),
    "value_too_long": ("nom", 20_000),
    "cannot_fill": (["nom"], ["prenom"]),
    "file_too_large": (2,),
    "file_not_json": (3, 7),
    "file_not_json_field": (3, 7),
    "not_a_library_file": ("collectivia-prompt-library",),
    "expected_value": ("1",),
    "owned_elsewhere": ("urbanisme",),
    "file_refused": ([("templates.0.title", "champ obligatoire manquant")],),
    "imported": (2, 1, 0),
    "experiment_not_found": ("3f2c6d8e",),
    "not_open_to_department": (["urbanisme", "voirie"],),
    "experiment_ended": (date(2026, 3, 31),),
    "not_running": (date(2026, 4, 1),),
    "period_too_long": (366,),
    "experiment_not_saved": (["La date de fin précède la date de début."],),
    "experiment_changed_meanwhile": (3, 2),
    "unreadable_month": ("mars",),
    "too_many_months": (24,),
}
# Every text of the catalogue, those of its tables too (``TABLE[key]``).
TEXTS = texts(messages)
# The assistant's own helpers that take a message (or a piece of one): (index, keyword).
MESSAGE_HELPERS = {
    "_invalid": (1, "message"),
    "_text": (1, "empty"),
    "_check_text": (1, "label"),
    "require_manages": (2, "action"),
    "Response": (0, "content"),
}
# Where a validator's ValueError is for operators (the settings), not for people.
OPERATORS_FILES = {"settings.py"}
# « {{nom}} »: how the messages show a template's variable, not a placeholder left unfilled.
_TEMPLATE_VARIABLE = re.compile(r"\{\{[^{}]*\}\}")
_PLACEHOLDER = re.compile(r"\{\w+(?:![rsa])?(?::[^{}]*)?\}")


def test_every_template_kind_has_its_french_words() -> None:
    assert set(messages.TEMPLATE_KIND_NAMES) == {kind.value for kind in TemplateKind}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(TEXTS[name])


def test_every_function_of_the_catalogue_is_tried_here() -> None:
    assert set(functions(messages)) == set(SAMPLE_CALLS)


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_every_function_of_the_catalogue_says_a_french_sentence(name: str) -> None:
    message = functions(messages)[name](*SAMPLE_CALLS[name])
    # Every placeholder filled.
    assert not _PLACEHOLDER.search(_TEMPLATE_VARIABLE.sub("", message)), message
    assert_french(message)


def test_refusals_name_the_role_the_department_and_the_charter_version() -> None:
    assert messages.AGENTS_ONLY == (
        "L'assistant des agents est réservé aux agents de la collectivité (rôle « agent »)."
    )
    assert messages.department_only("urbanisme", messages.EDIT_TEMPLATE) == (
        "Seuls les agents du service « urbanisme » (ou un administrateur) peuvent modifier "
        "ce modèle."
    )
    assert messages.charter_not_accepted(2) == (
        "Veuillez lire et accepter la charte d'utilisation (version 2) avant d'utiliser "
        "l'assistant."
    )
    assert messages.not_the_charter_in_force(1, 2) == (
        "La version 1 n'est pas la version en vigueur de la charte (version 2) : relisez la "
        "charte en vigueur."
    )


def test_ids_are_shown_as_given_and_days_as_people_write_them() -> None:
    assert messages.template_not_found("abc") == "Aucun modèle 'abc' dans la bibliothèque."
    assert messages.experiment_not_found("abc") == (
        "Aucune expérimentation 'abc' ne vous est accessible."
    )
    assert messages.publication_text_not_found("u-1") == (
        "Aucun texte destiné à publication n'a été produit avec l'IA sous le numéro 'u-1'."
    )
    assert messages.already_reviewed(datetime(2026, 3, 2, 14, 5, tzinfo=UTC)) == (
        "Ce texte a déjà fait l'objet d'une relecture éditoriale le 02/03/2026 à 14:05 (UTC)."
    )
    assert messages.not_running(starts_on=date(2026, 4, 1)) == (
        "L'expérimentation commence le 01/04/2026 : aucune utilisation ne peut être enregistrée."
    )
    assert messages.not_running(ended_on=date(2026, 3, 31)).startswith(
        "L'expérimentation est terminée depuis le 31/03/2026 :"
    )


def test_a_template_variable_is_shown_as_it_is_written() -> None:
    assert messages.variable_not_used("nom") == (
        "La variable « nom » est déclarée mais n'apparaît pas dans le texte (écrivez {{nom}} "
        "à l'endroit voulu, ou retirez-la)."
    )
    assert messages.variable_not_declared("nom").startswith("La variable « {{nom}} » est utilisée")
    assert messages.stray_braces("}}", 3).endswith("une variable s'écrit {{nom_variable}}.")
    assert messages.cannot_fill(["date", "objet"], []) == (
        "Le modèle ne peut pas être complété : variables non renseignées : date, objet."
    )
    assert messages.cannot_fill([], []) == (
        "Le modèle ne peut pas être complété : valeur trop longue."
    )


def test_a_refused_file_shows_its_first_ten_errors() -> None:
    errors = [(f"templates.{n}.title", "champ obligatoire manquant") for n in range(12)]
    report = messages.file_refused(errors)
    assert report.startswith(
        "Fichier refusé, rien n'a été importé — 12 erreur(s) : templates.0.title : champ "
        "obligatoire manquant ; templates.1.title"
    )
    assert "templates.9.title" in report and "templates.10.title" not in report
    assert report.endswith(" (et 2 autre(s)).")


def test_the_gateway_notices_say_why_no_model_wrote_the_text() -> None:
    assert messages.generative("mistral-small").startswith(
        "Texte produit avec l'aide d'une intelligence artificielle (modèle « mistral-small »)."
    )
    for notice in (messages.NO_MODEL, messages.MODEL_FAILED, messages.too_long(24_000)):
        # The local method's own notice follows.
        assert notice.endswith("traitement local, sans IA générative. ")


def test_the_french_check_can_fail() -> None:
    """The English messages the assistant could send are caught."""
    for english in (
        "no template 'x' in the library",
        "the charter must be accepted before using the assistant",
        "the reply is empty",
        "this experiment has been changed by someone else",
        "file too large",
        "Not Found",
    ):
        assert english_words(english)
        with pytest.raises(AssertionError):
            assert_french(english)


def _assistant_places(path: str, tree: ast.Module) -> Iterator[Place]:
    """The assistant's own errors (``CharterNotAccepted``...) giving their message to their
    parent's ``__init__``, and its validators' ValueErrors (but the settings', for operators)."""
    for error in error_classes(tree):
        for call in calls_in(error, "__init__"):
            yield call, argument(call, 0, "detail"), "__init__"
    if Path(path).name not in OPERATORS_FILES:
        for validator in validators(tree):
            for call in calls_in(validator, "ValueError"):
                yield call, argument(call, 0, "message"), "ValueError"


def _messages_written_in_place(sources: Path = SOURCES) -> tuple[list[str], int]:
    """(the places where a message is written in the code, the number of places checked)."""
    trees = parsed_sources(sources).values()
    own_errors = {error.name for tree in trees for error in error_classes(tree)}
    calls = {**MESSAGE_HELPERS, **MESSAGE_CALLS, **dict.fromkeys(own_errors, (0, "detail"))}
    return messages_written_in_place(sources, calls=calls, more=_assistant_places)


def test_no_message_is_written_outside_the_catalogue() -> None:
    found, checked = _messages_written_in_place()
    assert checked >= 100, "the scan no longer sees the errors the assistant raises"
    assert found == []


def test_the_scan_sees_a_message_written_in_place() -> None:
    tree = ast.parse(
        'raise NotFound(f"no template {x!r}")\n'
        'context.abort(code, "missing")\n'
        'raise _invalid("text", "empty text")\n'
        'require_manages(agent, department, "edit this template")\n'
        'errors.append(FieldError("title", "title is empty"))'
    )
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    by_name = {called(call): call for call in calls}
    assert written_in_place(argument(by_name["NotFound"], 0, "detail"))
    assert written_in_place(argument(by_name["abort"], 1, "details"))
    assert written_in_place(argument(by_name["_invalid"], *MESSAGE_HELPERS["_invalid"]))
    assert written_in_place(
        argument(by_name["require_manages"], *MESSAGE_HELPERS["require_manages"])
    )
    assert written_in_place(argument(by_name["FieldError"], 1, "message"))
    assert not written_in_place(ast.parse("messages.template_not_found(x)", mode="eval").body)


def test_the_scan_sees_the_assistants_own_errors_and_validators(tmp_path: Path) -> None:
    source = (
        "class Refused(PermissionDenied):\n"
        "    def __init__(self) -> None:\n"
        '        super().__init__("you may not")\n'
        "class Body(BaseModel):\n"
        '    @field_validator("tags")\n'
        "    @classmethod\n"
        "    def _tags(cls, tags):\n"
        '        raise ValueError("too many tags")\n'
        'raise Refused("not you")\n'
    )
    tree = ast.parse(source)
    [error] = error_classes(tree)
    assert error.name == "Refused"
    [validator] = validators(tree)
    assert validator.name == "_tags"
    # The same in the settings, whose validators speak to operators.
    write_sources(tmp_path, {"models.py": source, "settings.py": source})
    found, checked = _messages_written_in_place(tmp_path)
    assert sorted(found) == [
        "models.py:3 __init__",
        "models.py:8 ValueError",
        "models.py:9 Refused",
        "settings.py:3 __init__",
        "settings.py:9 Refused",
    ]
    assert checked == 5


def test_what_a_person_typed_is_not_repeated_whole() -> None:
    # Found by fuzzing the gRPC methods: a 300 000-character template id or file name came
    # back in the status message, past what a gRPC client accepts in its trailers.
    for typed in ("", "camille.martin@exemple.fr", "é" * 300_000):
        assert messages.template_not_found(typed) == (
            "Aucun modèle (identifiant non valide) dans la bibliothèque."
        )
        assert "camille" not in messages.version_not_found(typed, 2)
    long_name = messages.the_document("budget " * 100_000 + ".pdf")
    assert long_name.startswith("Le document « budget budget") and len(long_name) < 120
    assert messages.the_document("budget.pdf") == "Le document « budget.pdf »"


def test_a_variable_name_is_quoted_unless_it_holds_contact_details() -> None:
    # Found by fuzzing: an e-mail address written as a variable name came back in the error.
    assert "« {{Nom Complet}} »" in messages.invalid_variable_name("{{Nom Complet}}")
    for typed in ("0 camille.martin@exemple.fr", "{{06 12 34 56 78}}", "+33698765432"):
        assert messages.invalid_variable_name(typed) == messages.invalid_variable_name(
            platform_messages.CONTACT_DETAILS_HIDDEN
        )
