"""General rules of people's names, each written for a cause of error seen on text written
apart (never its sentences): introductions without apostrophes or in other languages, the
edges of a name (a pronoun, "du club", a particle, "épouse"), names in brackets or said
twice, and what is no one's name (words of other languages, districts, titles, car models)."""

from __future__ import annotations

from typing import cast

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.testkit.doubles import FixedPersonModel

RULES_ONLY = PrivacyGuard(persons=None)
WITH_MODEL = PrivacyGuard()


def names(text: str, guard: PrivacyGuard = RULES_ONLY) -> list[str]:
    return [span.text for span in guard.detect(text) if span.type is PiiType.NAME]


def with_model_finding(text: str, *found: str) -> list[str]:
    return names(text, PrivacyGuard(persons=cast(PersonModel, FixedPersonModel(*found))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Text messages drop the apostrophe and the end of "appelle".
        ("je m appel noa je veux m inscrire", ["noa"]),
        # Introductions in the languages newcomers write in.
        ("Hello, my name is Ingrid Halvorsen and I need a parking permit.", ["Ingrid Halvorsen"]),
        ("hola, me llamo Pablo Ortiz", ["Pablo Ortiz"]),
        # A form's kinds of surname.
        ("Nom d'usage : DURAND\nPrénom : Claire", ["DURAND", "Claire"]),
        # "je suis", or a greeting and "c'est", before a capitalised word French does not know;
        # a month inside the name is part of it.
        ("Bonjour, je suis Tsegaye, je cherche un logement.", ["Tsegaye"]),
        ("salut c'est Kofi, le terrain est libre ?", ["Kofi"]),
        ("Bonjour, je suis Nguyen Thi Mai, j'ai une question.", ["Nguyen Thi Mai"]),
        # Relatives in other languages, and their lists ("y", "and").
        ("necesito plaza para mis hijas Carmen y Sofía", ["Carmen", "Sofía"]),
        # First names in brackets after a couple's name.
        ("Le dossier de M. et Mme Nguyen (Thanh et Lan) est complet.", ["Nguyen", "Thanh", "Lan"]),
        # The particle of a surname in capitals.
        ("Le dossier de DE SOUSA Maria est incomplet.", ["DE SOUSA Maria"]),
        # A name said twice: the second mention has no context of its own.
        (
            "Ma voisine Mme Okonkwo est malade. Okonkwo n'a plus de chauffage.",
            ["Okonkwo", "Okonkwo"],
        ),
        # A pronoun without its apostrophe, "du" and the place someone is from: not the name.
        ("BONJOUR MME DIALLO AWA J AI UN PROBLEME DE FACTURE", ["DIALLO AWA"]),
        ("SALUT C MOI JULIEN DU GARAGE, ON PEUT VENIR ?", ["JULIEN"]),
        ("SALUT C MOI KEVIN DU 3E", ["KEVIN"]),
    ],
)
def test_names_the_rules_read(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je suis Parisienne depuis dix ans", []),
        ("c'est Woippy qui gère ?", []),  # "c'est" alone: a place as often as a name
        ("M. Durand (Woippy) a appelé.", ["Durand"]),  # where he lives, not his first name
        ("Mme Petit a un petit souci.", ["Petit"]),  # a capitalised name, not the adjective
        ("Mme Marie de la Tour a appelé.", ["Marie de la Tour"]),  # after a civility, a surname
    ],
)
def test_what_the_rules_leave(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        # A married name and a birth name are two names; the declarant's word is neither.
        (
            "je soussignee awa camara epouse diop atteste sur l'honneur",
            ["soussignee awa camara epouse diop"],
            ["awa camara", "diop"],
        ),
        # The model's lower-case finds beside capitalised names are words of another language.
        (
            "Olá, sou a Ana Souza, preciso de uma licença.",
            ["Ana Souza", "uma licença"],
            ["Ana Souza"],
        ),
        # ...unless the writer writes every name in lower case.
        ("bonjour c moi yanis el idrissi", ["yanis el idrissi"], ["yanis el idrissi"]),
        # A town's district, a waste collection centre, a place listed after another.
        ("Les horaires à Thionville-Sud ?", ["Thionville-Sud"], []),
        ("Quels horaires pour la déchetterie de Metz-Borny ?", ["Metz-Borny"], []),
        ("Le marché est-il place Saint-Jacques ou Mazelle ?", ["Mazelle"], []),
        # A work's title and a car's model.
        ("Ce soir le film Le Journal de Bridget Jones au cinéma.", ["Bridget Jones"], []),
        ("Ma Renault Mégane est garée devant la mairie.", ["Mégane"], []),
        # "de la" and a noun of the language after a lone first name: where she works.
        (
            "Bonjour, c'est Sandrine de la cantine, pouvez-vous rappeler ?",
            ["Sandrine de la cantine"],
            ["Sandrine"],
        ),
    ],
)
def test_what_the_model_finds_cleaned(text: str, found: list[str], expected: list[str]) -> None:
    assert with_model_finding(text, *found) == expected


def test_words_of_other_languages_are_no_names() -> None:
    text = "Dear Sir or Madam, the bin in front of my house was not emptied."
    assert names(text, WITH_MODEL) == []
