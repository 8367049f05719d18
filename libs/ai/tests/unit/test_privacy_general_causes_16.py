"""General causes seen on the thirty-first and thirty-second sets (Lyon, Saint-Étienne,
Grenoble; Brittany, Nantes, Rennes; both measured blind first, then read for their errors,
never their sentences): a city's arrondissement after its name, a town of many hyphenated
parts, a French-style street abroad numbered « n° », a pasted list of children with a column
of contacts, a surname typed in lower case after its first name, « NÉE » after a name."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Elle habite 14 rue Marietton, Lyon 9e, depuis mars.", ["14 rue Marietton, Lyon 9e"]),
        ("Nouvelle adresse : 3 rue Oberkampf, Paris 11ème.", ["3 rue Oberkampf, Paris 11ème"]),
        # a town of five parts, and one of several words after its postcode
        (
            "Chez nous au 8 rue des Cormorans a Saint-Hilaire-de-Riez-sur-Mer depuis",
            ["8 rue des Cormorans a Saint-Hilaire-de-Riez"],
        ),
        (
            "Nous habitons 4 rue du Port, 85100 Les Sables-d'Olonne. Merci",
            ["4 rue du Port, 85100 Les Sables-d'Olonne"],
        ),
        (
            "Mon frère vit avenue Lumumba n° 45, commune de Lemba, Kinshasa, RDC.",
            ["avenue Lumumba n° 45, commune de Lemba, Kinshasa, RDC"],
        ),
        # a street named in passing, with a number that is no door's
        ("On passe rue Victor Hugo 2 fois par jour.", []),
    ],
)
def test_districts_long_towns_and_streets_abroad(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_a_list_of_children_with_a_column_of_contacts() -> None:
    text = (
        "Liste d'attente du centre de loisirs\n"
        "Le Bihan;Maël;CE1;lebihan.famille@gmail.com\n"
        "Sow;Aminata;CP;07 61 22 33 44\n"
        "Nowak;Zofia;CM2;06 12 98 76 54\n"
    )
    assert found(text, PiiType.NAME) == ["Le Bihan", "Maël", "Sow", "Aminata", "Nowak", "Zofia"]


@pytest.mark.parametrize(
    ("text", "first", "expected"),
    [
        ("c est pour maryvonne le floch qui a 90 ans", "maryvonne", ["maryvonne le floch"]),
        ("je suis avec lucas kerbrat ce soir", "lucas", ["lucas kerbrat"]),
        # a word of French, a texting abbreviation, a town are no surnames
        ("merci lucas pour tout", "lucas", ["lucas"]),
        ("ok lucas stp rappelle", "lucas", ["lucas"]),
        ("on a vu lucas brest hier", "lucas", ["lucas"]),
    ],
)
def test_a_surname_in_lower_case_after_its_first_name(
    text: str, first: str, expected: list[str]
) -> None:
    assert with_model_finding(text, first) == expected


def test_nee_after_a_name_is_not_the_name_s() -> None:
    text = "Défunte : LE GOFF MARIE NÉE TANGUY, décédée le 2 mars."
    names = with_model_finding(text, "LE GOFF MARIE NÉE")
    assert "LE GOFF MARIE" in names
    assert not any("NÉE" in name for name in names)
