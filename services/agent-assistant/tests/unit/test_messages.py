"""One voice: every message agents, administrators and integrators read is French and comes
from the catalogue (``messages.py``); domain code writes none of its own."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.prompts.schemas import TemplateKind
from collectivia.testkit.french import assert_french, english_words

SOURCES = Path(messages.__file__).parent

# Every function of the catalogue, with arguments to try it with.
SAMPLE_CALLS: dict[str, tuple[Any, ...]] = {
    "department_only": ("urbanisme", messages.EDIT_TEMPLATE),
    "several_departments": (["etat-civil", "urbanisme"],),
    "is_empty": (messages.TITLE,),
    "exceeds_characters": (messages.NOTE, 1000),
    "at_most_characters": (5000,),
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
# The errors of the platform, whose first argument is what people read.
DOMAIN_ERRORS = {
    "DomainError",
    "NotFound",
    "Conflict",
    "InvalidInput",
    "RuleViolation",
    "PermissionDenied",
    "Unauthenticated",
    "TooManyRequests",
    "DependencyUnavailable",
}
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


def _functions() -> dict[str, Callable[..., str]]:
    return {
        name: function
        for name, function in inspect.getmembers(messages, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == messages.__name__
    }


def _texts() -> dict[str, str]:
    """Every text of the catalogue, those of its tables too (``TABLE[key]``)."""
    texts: dict[str, str] = {}
    for name, value in vars(messages).items():
        if not name.isupper():
            continue
        if isinstance(value, str):
            texts[name] = value
        elif isinstance(value, dict):
            texts.update({f"{name}[{key}]": text for key, text in value.items()})
    return texts


def test_every_template_kind_has_its_french_words() -> None:
    assert set(messages.TEMPLATE_KIND_NAMES) == {kind.value for kind in TemplateKind}


@pytest.mark.parametrize("name", sorted(_texts()))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(_texts()[name])


def test_every_function_of_the_catalogue_is_tried_here() -> None:
    assert set(_functions()) == set(SAMPLE_CALLS)


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_every_function_of_the_catalogue_says_a_french_sentence(name: str) -> None:
    message = _functions()[name](*SAMPLE_CALLS[name])
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
    assert messages.template_not_found("") == "Aucun modèle '' dans la bibliothèque."
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


def _literal(node: ast.expr | None) -> bool:
    """A message written in place: a string, an f-string, or an expression made of them."""
    if node is None:
        return False
    return any(
        isinstance(part, ast.JoinedStr)
        or (isinstance(part, ast.Constant) and isinstance(part.value, str))
        for part in ast.walk(node)
    )


def _called(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _validators(tree: ast.AST) -> list[ast.FunctionDef]:
    """Pydantic validators: what their ValueError says reaches people as a field's message."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                called = decorator.func if isinstance(decorator, ast.Call) else decorator
                if _name(called) in {"field_validator", "model_validator"}:
                    found.append(node)
    return found


def _error_classes(tree: ast.AST) -> list[ast.ClassDef]:
    """The assistant's own domain errors (``CharterNotAccepted``...)."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(_name(b) in DOMAIN_ERRORS for b in node.bases)
    ]


def _messages_written_in_place() -> tuple[list[str], int]:
    """(the places where a message is written in the code, the number of places checked)."""
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(SOURCES.rglob("*.py"))
        if path.name != "messages.py"
    }
    errors = DOMAIN_ERRORS | {c.name for tree in trees.values() for c in _error_classes(tree)}
    found: list[str] = []
    checked = 0
    for path, tree in trees.items():
        places: list[tuple[ast.Call, ast.expr | None]] = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            if name in errors:
                places.append((node, _argument(node, 0, "detail")))
            elif name == "FieldError":
                places.append((node, _argument(node, 1, "message")))
            elif name == "abort":
                places.append((node, _argument(node, 1, "details")))
            elif name in MESSAGE_HELPERS:
                places.append((node, _argument(node, *MESSAGE_HELPERS[name])))
        for error in _error_classes(tree):
            for node in ast.walk(error):
                if isinstance(node, ast.Call) and _called(node) == "__init__":
                    places.append((node, _argument(node, 0, "detail")))
        if path.name not in OPERATORS_FILES:
            for validator in _validators(tree):
                for node in ast.walk(validator):
                    if isinstance(node, ast.Call) and _called(node) == "ValueError":
                        places.append((node, _argument(node, 0, "message")))
        for call, message in places:
            checked += 1
            if _literal(message):
                found.append(f"{path.relative_to(SOURCES)}:{call.lineno} {_called(call)}")
    return found, checked


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
    by_name = {_called(call): call for call in calls}
    assert _literal(_argument(by_name["NotFound"], 0, "detail"))
    assert _literal(_argument(by_name["abort"], 1, "details"))
    assert _literal(_argument(by_name["_invalid"], *MESSAGE_HELPERS["_invalid"]))
    assert _literal(_argument(by_name["require_manages"], *MESSAGE_HELPERS["require_manages"]))
    assert _literal(_argument(by_name["FieldError"], 1, "message"))
    assert not _literal(ast.parse("messages.template_not_found(x)", mode="eval").body)


def test_the_scan_sees_the_assistants_own_errors_and_validators() -> None:
    tree = ast.parse(
        "class Refused(PermissionDenied):\n"
        "    def __init__(self) -> None:\n"
        '        super().__init__("you may not")\n'
        "class Body(BaseModel):\n"
        '    @field_validator("tags")\n'
        "    @classmethod\n"
        "    def _tags(cls, tags):\n"
        '        raise ValueError("too many tags")\n'
    )
    [error] = _error_classes(tree)
    assert error.name == "Refused"
    [validator] = _validators(tree)
    assert validator.name == "_tags"
