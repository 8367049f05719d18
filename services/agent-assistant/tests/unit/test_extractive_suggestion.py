"""The offline suggested reply: quoted sentences, [n] citations, nothing invented."""

from __future__ import annotations

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.inbox.ports import Passage, ReplyRequest
from collectivia.agent_assistant.inbox.suggestion import ExtractiveReplyWriter

HOURS = Passage(
    "mairie-metz",
    "Horaires de l'hôtel de ville",
    "https://demo.example/horaires",
    "# Horaires\nL'hôtel de ville est ouvert du lundi au vendredi de 8 h 30 à 17 h 30.\n"
    "Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h pour l'état civil.\n"
    "Un parking gratuit se trouve derrière le bâtiment.",
    0.9,
)
HOURS_AGAIN = Passage("mairie-metz", HOURS.title, HOURS.url, "Plan d'accès au bâtiment.", 0.5)
TIP = Passage(
    "decheteries",
    "Les déchèteries",
    "",
    "Les déchèteries sont ouvertes du lundi au samedi de 9 h à 18 h.",
    0.4,
)
PARKING = Passage("macaron", "Le macaron", "", "Le macaron se demande au service.", 0.3)


def request(question: str, *passages: Passage) -> ReplyRequest:
    return ReplyRequest("h1", question, "57463", "etat-civil", passages)


def test_the_best_sentences_are_quoted_with_their_citation() -> None:
    reply = ExtractiveReplyWriter().write(
        request("Bonjour, l'hôtel de ville est-il ouvert le samedi ?", HOURS, HOURS_AGAIN, TIP)
    )
    assert reply.generative is False and reply.data_sources == ["mairie-metz"]
    assert [c.number for c in reply.citations] == [1]
    assert "« Le samedi, l'hôtel de ville est ouvert de 9 h à 12 h pour l'état civil. » [1]" in (
        reply.text
    )
    # The heading and the sentence sharing nothing with the question are left out.
    assert "# Horaires" not in reply.text and "parking" not in reply.text
    assert "[1] Horaires de l'hôtel de ville — https://demo.example/horaires" in reply.text
    # A document sharing one common word ("samedi") while the best shares four: not quoted.
    assert "déchèteries" not in reply.text


def test_several_relevant_documents_are_numbered_in_order() -> None:
    reply = ExtractiveReplyWriter().write(request("Horaires des déchèteries le samedi", TIP, HOURS))
    assert [c.document_id for c in reply.citations] == ["decheteries", "mairie-metz"]
    assert "» [2]" in reply.text


def test_nothing_relevant_gives_no_text_and_says_so() -> None:
    reply = ExtractiveReplyWriter().write(request("Puis-je adopter un chat ?", PARKING))
    assert reply.text == "" and reply.citations == [] and reply.notice == messages.NOTHING_FOUND
