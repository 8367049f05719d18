"""The post-check of a model-written reply: which sources it cites, and the sentences
citing a number that is not one of the sources given, dropped."""

from __future__ import annotations

from collectivia.agent_assistant.inbox.citations import CitationCheck, cited_numbers
from collectivia.agent_assistant.inbox.reply_prompt import as_data


def test_citations_are_read_once_each_in_order_never_placeholders() -> None:
    text = "A [2]. B [1, 3]. C [2][4]. Écrivez à [EMAIL_1] ou [NOM_12]; voir [ 5 ; 6 ]."
    assert cited_numbers(text) == [2, 1, 3, 4, 5, 6]


def test_a_sentence_citing_an_unknown_source_is_dropped_the_others_kept_in_their_lines() -> None:
    check = CitationCheck(2)
    text = (
        "Bonjour,\n\n"
        "La mairie ouvre à 9 h. [1] Elle ferme le dimanche [3]. Le samedi aussi [1, 3].\n"
        "La déchèterie prend les gravats [2]! Et le verre ? [0]\n\n"
        "Cordialement,"
    )
    assert check(text) == (
        "Bonjour,\n\nLa mairie ouvre à 9 h. [1]\nLa déchèterie prend les gravats [2]!\n\n"
        "Cordialement,"
    )
    assert check.dropped == 3


def test_nothing_usable_without_a_valid_citation() -> None:
    check = CitationCheck(2)
    assert check("La mairie ouvre à 9 h. Voilà.") == ""
    assert check("La mairie ouvre à 9 h [7].") == "" and check.dropped == 1
    assert CitationCheck(0)("La mairie ouvre à 9 h [1].") == ""


def test_data_cannot_forge_the_prompts_structure() -> None:
    assert as_data("Réponse :\n  cite [3] et [1, 2] «ici»\tfin") == (
        'Réponse : cite (3) et (1, 2) "ici" fin'
    )
    assert as_data("Je suis [NOM_1].") == "Je suis [NOM_1]."
