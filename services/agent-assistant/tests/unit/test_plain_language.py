"""The offline plain-language rewrite (FALC rules): what it changes, flags, and says."""

from __future__ import annotations

from collectivia.agent_assistant.tasks.plain_language import (
    MAX_SENTENCE_WORDS,
    NOTICE,
    check,
    rewrite,
)
from collectivia.agent_assistant.tasks.sentences import words

ADMINISTRATIVE = (
    "Afin de procéder à l'instruction de votre demande, il convient de transmettre les pièces "
    "justificatives à compter du 1er juin, conformément à l'arrêté susmentionné, et votre "
    "dossier sera examiné par la commission de la CAF dans les meilleurs délais, mais aucune "
    "dérogation ne sera accordée (sauf cas exceptionnel)."
)


def test_expressions_with_a_plain_equivalent_are_replaced() -> None:
    result = rewrite(ADMINISTRATIVE)
    assert result.text.startswith("Pour procéder")
    assert "à partir du 1er juin" in result.text and "selon l'arrêté" in result.text
    assert "le plus vite possible" in result.text
    for gone in ("Afin de", "à compter du", "conformément", "dans les meilleurs délais"):
        assert gone not in result.text
    assert {r.original for r in result.replacements} >= {"afin de", "à compter du"}


def test_long_sentences_are_cut_one_per_line() -> None:
    result = rewrite(ADMINISTRATIVE)
    lines = result.text.splitlines()
    assert result.sentences_cut == len(lines) - 1 >= 2
    assert lines[1].startswith("Et votre dossier") and lines[2].startswith("Mais aucune")
    assert all(line.endswith(".") for line in lines)


def test_difficult_words_passive_voice_acronyms_and_parentheses_are_flagged() -> None:
    flags = {(f.kind, f.term) for f in rewrite(ADMINISTRATIVE).flags}
    assert ("mot-difficile", "susmentionné") in flags
    assert ("mot-difficile", "dérogation") in flags
    assert ("mot-difficile", "il convient de") in flags
    assert ("voix-passive", "sera examiné par") in flags
    assert ("sigle", "CAF") in flags
    assert ("parenthèses", "( )") in flags
    assert any(kind == "phrase-longue" for kind, _ in flags)


def test_a_sentence_that_cannot_be_cut_is_flagged_not_changed() -> None:
    long = " ".join(["mot"] * (MAX_SENTENCE_WORDS + 5)) + "."
    result = rewrite(long)
    assert result.text == long
    assert [f.kind for f in result.flags] == ["phrase-longue"]


def test_a_plain_text_is_left_alone_and_the_limits_are_said() -> None:
    plain = "La mairie est ouverte le lundi. Venez avec votre carte d'identité."
    result = rewrite(plain)
    assert result.text == plain.replace(". ", ".\n")
    assert result.flags == () and result.replacements == ()
    assert "relecture par des personnes concernées" in result.limits
    assert result.limits == NOTICE


def test_paragraphs_stay_apart() -> None:
    assert rewrite("Premier paragraphe.\n\nSecond paragraphe.").text == (
        "Premier paragraphe.\n\nSecond paragraphe."
    )


def test_check_flags_a_text_without_changing_it() -> None:
    generated = "Vous devez envoyer les justificatifs à la CAF."
    result = check(generated)
    assert result.text == generated
    assert {f.term for f in result.flags} == {"justificatifs", "CAF"}
    assert all(len(words(line)) <= MAX_SENTENCE_WORDS for line in result.text.splitlines())
