from __future__ import annotations

from collectivia.citizen_chat.knowledge.analyzer import analyze, plain_terms, strip_accents


def test_elisions_are_split_and_the_articles_dropped() -> None:
    assert analyze("l'école") == analyze("école")
    assert analyze("d\u2019enfants") == analyze("enfants")
    assert analyze("qu'il") == []
    assert "jusqu" not in " ".join(analyze("jusqu'à demain"))


def test_accents_do_not_matter() -> None:
    assert analyze("élève") == analyze("eleve") == analyze("ÉLÈVE")
    assert strip_accents("Noël à l'hôpital") == "Noel a l'hopital"


def test_plural_and_singular_share_a_stem() -> None:
    assert analyze("passeports") == analyze("passeport")
    assert analyze("allocations familiales") == analyze("allocation familiale")


def test_stop_words_are_dropped_but_numbers_kept() -> None:
    assert analyze("le prix de la carte pour les 16 ans") == analyze("prix carte 16 ans")
    assert "16" in analyze("16 ans")


def test_the_baseline_analyzer_only_lowercases_and_strips_accents() -> None:
    assert plain_terms("L'Élève, les passeports") == ["l", "eleve", "les", "passeports"]
