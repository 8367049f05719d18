"""One voice: every message people and integrators read is French and comes from the
catalogue (``messages.py``); domain code writes none of its own."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.testkit.catalogues import (
    argument,
    functions,
    messages_written_in_place,
    texts,
    written_in_place,
)
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
    "datasets_unknown": (["eau-telemetrie", "budget-2026"],),
    "risk_class_below_triage": ("high", "limited"),
    "high_risk_requires_fria": (["fria.processes"],),
    "unknown_questions": (["is_cool"],),
    "incident_not_found": ("3f2c6d8e",),
    "incident_system_not_published": ("3f2c6d8e",),
    "recorded_uses": (12345,),
    "use_not_found": ("u-42",),
    "invalid_use": (["use_id", "purpose"],),
    "at_most_characters": (64,),
    "retention_too_short": (183,),
    "evidence_chain_broken": (7,),
    "job_chain_intact": (120, 0, 120, "9f86d081884c7d65"),
    "job_chain_broken": (7, "l'entrée 7 manque : elle a été supprimée", 6),
    "job_evidence_purged": (40, "2026-06-01 12:00 UTC", 183, 40),
}
# The catalogue's texts; its tables hold words (« approuver »), not sentences.
TEXTS = texts(messages, tables=False)


def test_every_move_status_and_risk_class_has_its_french_words() -> None:
    assert set(messages.MOVE_VERBS) == {t.value for t in Transition}
    assert set(messages.STATUS_WORDS) == {s.value for s in SystemStatus}
    assert set(messages.RISK_WORDS) == {r.value for r in RiskClass}


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
    assert messages.system_not_found("abc") == "Aucune entrée 'abc' dans le registre."
    # Found by fuzzing: what is not an id may be what a person typed; it is not repeated.
    for typed in ("", "camille.martin@exemple.fr", "+33 6 98 76 54 32"):
        assert messages.system_not_found(typed) == (
            "Aucune entrée (identifiant non valide) dans le registre."
        )
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


def test_no_message_is_written_outside_the_catalogue() -> None:
    found, checked = messages_written_in_place(SOURCES)
    assert checked >= 40, "the scan no longer sees the errors the register raises"
    assert found == []


def test_the_scan_sees_a_message_written_in_place() -> None:
    tree = ast.parse('raise NotFound(f"no system {x!r}")\ncontext.abort(code, "missing")')
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert written_in_place(argument(calls[0], 0, "detail"))
    assert written_in_place(argument(calls[1], 1, "details"))
    assert not written_in_place(ast.parse("messages.system_not_found(x)", mode="eval").body)
