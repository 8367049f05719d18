"""The suite's one list of communes: INSEE's official list, shipped as package data, read by
code and by name (whatever the accents and the case)."""

from __future__ import annotations

import pytest

from collectivia.platform.communes import (
    commune,
    commune_label,
    commune_name,
    communes_named,
    folded_name,
)


def test_a_known_code_gives_its_official_name_and_department() -> None:
    metz = commune("57463")
    assert metz is not None and (metz.name, metz.department_name) == ("Metz", "Moselle")
    assert commune_name(" 57480 ") == "Montigny-lès-Metz"
    assert commune_label("2a004") == "Ajaccio (Corse-du-Sud)"
    assert commune_label("75101") == "Paris 1er Arrondissement (Paris)"
    assert commune_name("97411") == "Saint-Denis"  # overseas too


@pytest.mark.parametrize("code", ["99999", "57000", "ABCDE", "5746", ""])
def test_a_wrong_code_gives_no_name(code: str) -> None:
    assert commune(code) is None
    assert commune_name(code) == code and commune_label(code) == code


@pytest.mark.parametrize("code", ["57463", "57480", "57751", "57447"])
def test_the_demo_communes_have_names(code: str) -> None:
    assert commune(code) is not None


@pytest.mark.parametrize(
    "written", ["Montigny-lès-Metz", "montigny les metz", "MONTIGNY LES METZ", "Montigny lès  Metz"]
)
def test_a_name_is_found_whatever_its_accents_case_and_hyphens(written: str) -> None:
    assert [c.code for c in communes_named(written)] == ["57480"]


def test_a_name_several_communes_bear_gives_them_all_and_an_unknown_name_none() -> None:
    marly = communes_named("marly")
    assert {c.department_name for c in marly} >= {"Moselle", "Nord"}
    assert [c.code for c in marly] == sorted(c.code for c in marly)
    assert communes_named("Ville qui n'existe pas") == ()
    assert communes_named("") == ()


def test_names_are_compared_without_accents_ligatures_or_punctuation() -> None:
    assert folded_name("L'Haÿ-les-Roses") == "l hay les roses"
    assert folded_name("Œting") == "oeting"
    assert [c.code for c in communes_named("l'hay les roses")] == ["94038"]


@pytest.mark.parametrize("written", ["ST DENIS", "st-denis", "Saint-Denis", "St Denis"])
def test_la_postes_saint_abbreviations_name_the_same_communes(written: str) -> None:
    assert "93066" in [c.code for c in communes_named(written)]


def test_saint_abbreviations_are_read_only_as_whole_words() -> None:
    assert folded_name("Ste-Marie") == "sainte marie"
    assert folded_name("Stella-Plage") == "stella plage"
    assert folded_name("Estaires") == "estaires"
