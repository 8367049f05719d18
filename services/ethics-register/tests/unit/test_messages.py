"""One voice: every message people and integrators read is French and comes from the
catalogue (``messages.py``); domain code writes none of its own."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.testkit.french import assert_french, english_words

SOURCES = Path(messages.__file__).parent

# Every function of the catalogue, with arguments to try it with.
SAMPLE_CALLS: dict[str, tuple[Any, ...]] = {
    "role_required": (messages.READ_HISTORY, ["admin", "dpo", "ethics-officer"]),
    "move_role_required": ("approve", ["admin"]),
    "system_not_found": ("3f2c6d8e",),
    "stale_version": (3, 2),
    "reason_required": ("suspend",),
    "transition_not_allowed": ("approve", "draft"),
    "record_incomplete": (["summary", "goal"],),
    "risk_class_below_triage": ("high", "limited"),
    "high_risk_requires_fria": (["fria.processes"],),
    "unknown_questions": (["is_cool"],),
    "incident_not_found": ("3f2c6d8e",),
    "use_not_found": ("u-42",),
    "invalid_use": (["use_id", "purpose"],),
    "at_most_characters": (64,),
    "retention_too_short": (183,),
    "evidence_chain_broken": (7,),
}
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


def _functions() -> dict[str, Callable[..., str]]:
    return {
        name: function
        for name, function in inspect.getmembers(messages, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == messages.__name__
    }


def _texts() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(messages).items()
        if name.isupper() and isinstance(value, str)
    }


def test_every_move_status_and_risk_class_has_its_french_words() -> None:
    assert set(messages.MOVE_VERBS) == {t.value for t in Transition}
    assert set(messages.STATUS_WORDS) == {s.value for s in SystemStatus}
    assert set(messages.RISK_WORDS) == {r.value for r in RiskClass}


@pytest.mark.parametrize("name", sorted(_texts()))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(_texts()[name])


def test_every_function_of_the_catalogue_is_tried_here() -> None:
    assert set(_functions()) == set(SAMPLE_CALLS)


@pytest.mark.parametrize("name", sorted(SAMPLE_CALLS))
def test_every_function_of_the_catalogue_says_a_french_sentence(name: str) -> None:
    message = _functions()[name](*SAMPLE_CALLS[name])
    assert "{" not in message, message  # every placeholder filled
    assert_french(message)


def test_a_role_refusal_names_the_action_and_the_roles() -> None:
    assert (
        messages.move_role_required("suspend", {"ethics-officer", "admin"})
        == "Suspendre est réservé au rôle : admin ou ethics-officer."
    )
    assert messages.move_role_required("approve", {"admin"}) == (
        "Approuver est réservé au rôle : admin."
    )
    assert messages.role_required(
        messages.REVIEW_INCIDENTS, {"dpo", "admin", "ethics-officer"}
    ) == ("Examiner les incidents est réservé au rôle : admin, dpo ou ethics-officer.")


def test_moves_that_the_status_forbids_read_as_french() -> None:
    assert messages.transition_not_allowed("approve", "draft") == (
        "Impossible d'approuver : l'entrée est en brouillon."
    )
    assert messages.transition_not_allowed("suspend", "in_review") == (
        "Impossible de suspendre : l'entrée est en cours d'examen."
    )
    assert messages.reason_required("retire") == (
        "Indiquez un motif (champ reason) pour retirer du service."
    )


def test_ids_and_versions_are_shown_as_given() -> None:
    assert messages.system_not_found("") == "Aucune entrée '' dans le registre."
    assert messages.system_not_found("abc") == "Aucune entrée 'abc' dans le registre."
    stale = messages.stale_version(3, 2)
    assert stale.startswith("L'entrée est à la version 3, et non 2 :")
    assert "Rechargez-la" in stale
    assert "« haut risque » (high)" in messages.risk_class_below_triage("high", "limited")


def test_the_french_check_can_fail() -> None:
    """The English messages of before are caught."""
    for english in (
        "no system 'x' in the register",
        "to approve requires the role: admin",
        "the entry is at version 2, not 1: reload it and apply your change again",
        "closing an incident needs a resolution",
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


def _messages_written_in_place() -> tuple[list[str], int]:
    """(the places where a message is written in the code, the number of places checked)."""
    found: list[str] = []
    checked = 0
    for path in sorted(SOURCES.rglob("*.py")):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            if name in DOMAIN_ERRORS:
                message = _argument(node, 0, "detail")
            elif name == "FieldError":
                message = _argument(node, 1, "message")
            elif name == "abort":
                message = _argument(node, 1, "details")
            else:
                continue
            checked += 1
            if _literal(message):
                found.append(f"{path.relative_to(SOURCES)}:{node.lineno} {name}")
    return found, checked


def test_no_message_is_written_outside_the_catalogue() -> None:
    found, checked = _messages_written_in_place()
    assert checked >= 40, "the scan no longer sees the errors the register raises"
    assert found == []


def test_the_scan_sees_a_message_written_in_place() -> None:
    tree = ast.parse('raise NotFound(f"no system {x!r}")\ncontext.abort(code, "missing")')
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert _literal(_argument(calls[0], 0, "detail"))
    assert _literal(_argument(calls[1], 1, "details"))
    assert not _literal(ast.parse("messages.system_not_found(x)", mode="eval").body)
