"""General causes seen on the forty-fifth and forty-sixth sets (the French Caribbean and Guiana;
the Massif Central, Franche-Comté and the Alps: both measured blind first, then read for their
errors, never their sentences): the Antilles' « morne » and « habitation », a house as a
« case », roads by their number and a kilometre marker, a housing estate by its name (« HLM »),
a cité or a residence typed in lower case, a dwelling's name with its particles, a town's
article in capitals, the neighbours of the Caribbean and more of the world's countries, an
American post box, an English street without a number, a « # » before a door's number, an
Italian « frazione », an area code in brackets, a two-digit year in brackets after a name; a
public desk or a shop, then « du » and its address, is no one's home; a lone first name in lower
case that French does not know after a relative's word (« ma fille ananya a judo »). And from the
fortieth set's errors: Polynesia's kilometre markers with their side of the road, a post box
with its postcode (a firm's or a public body's left by its name)."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ma tante vit morne Rouge, 97221 Le Carbet, seule.",
            ["morne Rouge, 97221 Le Carbet"],
        ),
        (
            "Adresse :\nHabitation Bellevue\nSection Pointe-Noire\n97116 Pointe-Noire",
            ["Habitation Bellevue\nSection Pointe-Noire\n97116 Pointe-Noire"],
        ),
        (
            "il vit case n° 3, impasse des Goyaviers, 97180 Sainte-Anne.",
            ["case n° 3, impasse des Goyaviers, 97180 Sainte-Anne"],
        ),
        (
            "c'est la ferme des Combes, RD 120, 25300 Doubs. Merci",
            ["ferme des Combes, RD 120, 25300 Doubs"],
        ),
        (
            "Adresse : RN2, PK 14, village Saramaca, 97351 Matoury",
            ["RN2, PK 14, village Saramaca, 97351 Matoury"],
        ),
        (
            "HLM Les Genêts, bât. 4, appt 12, 15000 Aurillac",
            ["HLM Les Genêts, bât. 4, appt 12, 15000 Aurillac"],
        ),
        (
            "on est a la cite des flamboyants bat c appt 2 97200 fort-de-france merci",
            ["cite des flamboyants bat c appt 2 97200 fort-de-france"],
        ),
        ("jhabite residence bois joli bat 3 a cayenne", ["residence bois joli bat 3 a cayenne"]),
        (
            "LE MAS DU PUECH, 12850 LE MONASTÈRE",
            ["LE MAS DU PUECH, 12850 LE MONASTÈRE"],
        ),
        (
            "ils vivent au buron de la Font de Cère, 15800 Thiézac",
            ["buron de la Font de Cère, 15800 Thiézac"],
        ),
        # a checkbox, a loft bed, the main home: no address
        ("cochez la case 7 du formulaire", []),
        ("ma résidence principale bat 3 records", []),
    ],
)
def test_homes_of_the_antilles_and_the_mountains(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mon frère : 9 King George Street, Roseau, Commonwealth of Dominica. Merci",
            ["9 King George Street, Roseau, Commonwealth of Dominica"],
        ),
        (
            "Rruga Myslym Shyri, Nr. 18, 1001 Tirana, Albania",
            ["Rruga Myslym Shyri, Nr. 18, 1001 Tirana, Albania"],
        ),
        (
            "Frazione Pollein 12, 11020 Pollein (AO), Italia",
            ["Frazione Pollein 12, 11020 Pollein (AO), Italia"],
        ),
        (
            "Calle Mella #12, Sector Villa Consuelo, Santo Domingo, República Dominicana",
            ["Calle Mella #12, Sector Villa Consuelo, Santo Domingo, República Dominicana"],
        ),
        ("sa soeur : P.O. Box 88, Marigot, Sint Maarten", ["P.O. Box 88, Marigot, Sint Maarten"]),
        (
            "he lives on Gros Islet Road, Castries, Saint Lucia now",
            ["Gros Islet Road, Castries, Saint Lucia"],
        ),
        # a name on the line before a street written the French way abroad
        (
            "Anouk Janssens\nAvenue Brugmann 12, 1190 Forest, Belgique",
            ["Avenue Brugmann 12, 1190 Forest, Belgique"],
        ),
    ],
)
def test_homes_abroad(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_an_area_code_in_brackets() -> None:
    assert found("Phone +1 (718) 555-0142, evenings.", PiiType.PHONE) == ["+1 (718) 555-0142"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je m'occupe de ma mère, Odette Vialard (9/4/38), qui vit seule.", ["9/4/38"]),
        ("Parents : Karim Benali (12-11-87) et Nadia", ["12-11-87"]),
        # this year's or last year's date beside a name is an appointment's
        ("Rendez-vous avec Mme Odette Vialard (12/03/26) à 10h", []),
    ],
)
def test_a_two_digit_year_in_brackets_after_a_name(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'espace France Services du 5 avenue de la Gare est-il ouvert samedi ?", []),
        ("la boulangerie du 12 rue des Lilas ferme tôt", []),
        # a home by « du » stays one
        (
            "J'habite la maison du 12 rue des Lilas, 15000 Aurillac",
            ["12 rue des Lilas, 15000 Aurillac"],
        ),
    ],
)
def test_a_public_desk_or_a_shop_then_du_and_its_address(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je voudrais inscrire ma fille ishani a la section judo", ["ishani"]),
        ("mon fils tavita, 6 ans, est malade", ["tavita"]),
        # words of French after a relative's word are no names
        ("ma fille est malade", []),
        ("ma fille cadette a 3 ans", []),
        ("mon fils aîné va au collège", []),
    ],
)
def test_a_lone_first_name_in_lower_case_after_a_relative(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Polynesia's kilometre marker and its side of the road (read on the fortieth set)
        (
            "Adresse : PK 31 côté mer, Teahupoo, 98723 Taiarapu-Ouest",
            ["PK 31 côté mer, Teahupoo, 98723 Taiarapu-Ouest"],
        ),
        # a post box, the only address many have overseas
        ("Écrivez-moi : BP 1187, 98713 Papeete Cedex", ["BP 1187, 98713 Papeete Cedex"]),
        ("Mme Hina Teriierooiterai\nBP 52\n98735 Uturoa", ["BP 52\n98735 Uturoa"]),
        # a public body's or a firm's, by its name before or on the line above
        ("CCAS, BP 12, 98800 Nouméa", []),
        ("Jeanne Roux\nGestionnaire, Cabinet Lagon Syndic\nBP 2134, 98800 Nouméa", []),
    ],
)
def test_kilometre_markers_and_post_boxes_overseas(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected
