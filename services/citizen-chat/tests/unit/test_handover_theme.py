"""The theme a handover is routed by: the documents cited by the last answered question."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collectivia.citizen_chat.conversations.records import Turn
from collectivia.citizen_chat.handover.theme import handover_theme
from collectivia.citizen_chat.knowledge.documents import Document

AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


class Documents:
    def __init__(self, *documents: Document) -> None:
        self.by_id = {d.id: d for d in documents}

    def document(self, document_id: str) -> Document | None:
        return self.by_id.get(document_id)


def doc(document_id: str, theme: str) -> Document:
    return Document(id=document_id, title=document_id, text="Texte.", theme=theme)


def cited(*numbered: tuple[int, str]) -> tuple[dict[str, Any], ...]:
    return tuple({"number": n, "document_id": d, "title": d} for n, d in numbered)


def answer(outcome: str, *numbered: tuple[int, str]) -> list[Turn]:
    return [
        Turn("citizen", "Une question ?", AT),
        Turn("assistant", "Une réponse.", AT, outcome=outcome, citations=cited(*numbered)),
    ]


DOCUMENTS = Documents(
    doc("horaires", "Mairie > Horaires"),
    doc("macaron", "Transports > Stationnement"),
    doc("dechets", "Environnement > Déchets"),
    doc("sans-theme", ""),
)


def test_the_theme_is_that_of_the_first_source_of_the_last_answered_question() -> None:
    turns = [
        *answer("answered", (1, "horaires")),
        # Sources listed out of order: [1] is the one the answer's own theme comes from.
        *answer("answered", (2, "dechets"), (1, "macaron")),
        # Not allowed by the register: no answer, no source; the question before counts.
        *answer("unavailable"),
        Turn("system", "Votre demande a été transmise à un agent.", AT),
    ]
    assert handover_theme(turns, DOCUMENTS) == "Transports > Stationnement"


def test_a_refusal_gives_no_theme_its_closest_source_may_be_another_subject() -> None:
    # The agents' inbox then reads the theme from the citizen's own words.
    turns = [*answer("answered", (1, "horaires")), *answer("refused", (1, "dechets"))]
    assert handover_theme(turns, DOCUMENTS) == ""


def test_no_theme_when_nothing_was_answered() -> None:
    assert handover_theme([], DOCUMENTS) == ""
    assert handover_theme(answer("unavailable"), DOCUMENTS) == ""
    assert handover_theme([Turn("citizen", "Bonjour ?", AT)], DOCUMENTS) == ""
    assert handover_theme(answer("refused"), DOCUMENTS) == ""  # nothing close enough


def test_a_source_no_longer_known_gives_way_to_the_next_one() -> None:
    turns = answer("answered", (1, "retire"), (2, "horaires"))
    assert handover_theme(turns, DOCUMENTS) == "Mairie > Horaires"
    assert handover_theme(answer("answered", (1, "retire")), DOCUMENTS) == ""


def test_a_first_source_without_theme_gives_no_theme_as_the_answer_did() -> None:
    turns = answer("answered", (1, "sans-theme"), (2, "horaires"))
    assert handover_theme(turns, DOCUMENTS) == ""
