"""General causes of the fifty-eighth to sixtieth sets (the Pays de la Loire and the Vendée;
Franche-Comté and the Jura; the Limousin and Poitou, mostly as civil servants write among
themselves; measured blind first, then read for their errors): an envelope's country on its own
line, its town of several words, a named place on the line above the street,
an address block indented with tabs, a town hall's own address, a place's name that never
runs past its line, an acronym or a hesitation before a name, two first names a comma parts,
a compound first name cut at its hyphen, a series of first names in lower case, a saint, a
day cut short before its hour."""

from __future__ import annotations

from typing import cast

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.person_model import PersonModel
from collectivia.testkit.doubles import FixedPersonModel
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Adresse :\nAvenue de Champel 24\n1206 Genève\nSuisse\n\nMerci",
            "Avenue de Champel 24\n1206 Genève\nSuisse",
        ),
        (
            "Je vis au 5 impasse des Fauvettes, 85180 Le Château-d'Olonne depuis 2010.",
            "5 impasse des Fauvettes, 85180 Le Château-d'Olonne",
        ),
        (
            "Clara Mercier\nNée le 8 mai 2005\nLe Petit Bois\n2 route de la Boissière\n"
            "85190 Aizenay\n06 28 47 93 11",
            "Le Petit Bois\n2 route de la Boissière\n85190 Aizenay",
        ),
        (
            "Réf. : DE/SB/2024-318\n\t\t\t\t\tMadame Souad EL AMRANI\n\t\t\t\t\t22 avenue Leclerc"
            "\n\t\t\t\t\tAppartement 11\n\t\t\t\t\t25400 Audincourt\n\nAudincourt, le 9 septembre",
            "22 avenue Leclerc\n\t\t\t\t\tAppartement 11\n\t\t\t\t\t25400 Audincourt",
        ),
    ],
)
def test_addresses_as_envelopes_write_them(text: str, expected: str) -> None:
    assert expected in found(text, PiiType.ADDRESS)


def test_a_town_of_several_words_on_the_envelope_s_last_line() -> None:
    text = "Mme Silva\n27 Rua Direita\n4760-117 Vila Nova de Famalicão\nPORTUGAL\n\nBonjour"
    guard = PrivacyGuard(
        persons=cast(PersonModel, FixedPersonModel(addresses=("27 Rua Direita\n4760-117 Vila",)))
    )
    assert found(text, PiiType.ADDRESS, guard) == [
        "27 Rua Direita\n4760-117 Vila Nova de Famalicão\nPORTUGAL"
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a person's name on the line above the street is no place
        "Le Gall Yann\n2 route de la Boissière\n85190 Aizenay",
        # the table's next cell after a tab is no town's word
        "14 rue des Roses, 97300 Cayenne\tFG-213-KR\n3 impasse Zéphir, 97300 Cayenne\tGA-870-TS",
    ],
)
def test_what_an_envelope_s_lines_do_not_hold(text: str) -> None:
    addresses = found(text, PiiType.ADDRESS)
    assert not any(a.startswith("Le Gall") or "\t" in a for a in addresses), addresses


def test_the_address_a_public_building_opens_is_the_building_s() -> None:
    text = "Contact : Hôtel de Ville, 1 place de l'Hôtel de Ville, 39200 Saint-Claude, tél."
    assert found(text, PiiType.ADDRESS) == []
    # a street named after the school is someone's home
    home = "J'habite 3 rue de l'École, 39200 Saint-Claude."
    assert found(home, PiiType.ADDRESS) == ["3 rue de l'École, 39200 Saint-Claude"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Demande de dérogation scolaire\nJe soussignée Amandine Rochereau, sollicite",
            "Amandine Rochereau",
        ),
        (
            "Objet : attestation sur l'honneur de résidence\nJe soussigné Mustapha Ouazzani, né "
            "le 4 juillet 1955",
            "Mustapha Ouazzani",
        ),
    ],
)
def test_a_place_s_name_ends_with_its_line(text: str, name: str) -> None:
    assert with_model_finding(text, name) == [name]


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        ("Rédacteur : ASVP Chloé Bernardeau.", "ASVP Chloé Bernardeau", ["Chloé Bernardeau"]),
        (
            "• PACS Lemoine Julien & Ahmed Sabrina : dossier complet",
            "PACS Lemoine Julien",
            ["Lemoine Julien", "Ahmed Sabrina"],
        ),
        (
            "« Oui allô, c'est madame euh Jeannerot Marguerite, j'habite à côté »",
            "euh Jeannerot Marguerite",
            ["Jeannerot Marguerite"],
        ),
        (
            "Composition familiale : 4 enfants (Moussa, Aïssata, Sekou, Binta)",
            "Sekou, Binta",
            ["Moussa", "Aïssata", "Sekou", "Binta"],
        ),
        # a surname in capitals before its first name keeps its comma
        ("Nom : LEFEBVRE, Antoine", "LEFEBVRE, Antoine", ["LEFEBVRE, Antoine"]),
        (
            "bonsoir c la maman de yanis et lou-anne, ils seront pas a la garderie",
            "anne",
            ["yanis", "lou-anne"],
        ),
    ],
)
def test_names_tidied_at_their_edges(text: str, model_finds: str, expected: list[str]) -> None:
    names = with_model_finding(text, model_finds)
    assert all(name in names for name in expected), names
    assert not any(n.startswith(("ASVP", "PACS", "euh")) or n == "Sekou, Binta" for n in names)


def test_a_series_of_first_names_in_lower_case() -> None:
    text = (
        "voici les élèves qui ne mangeront pas à la cantine jeudi : léo, kaïs, maëlys, ethan b., "
        "ethan r., aya. Pique-nique fourni par les familles."
    )
    assert found(text, PiiType.NAME) == ["léo", "kaïs", "maëlys", "ethan b.", "ethan r.", "aya"]


@pytest.mark.parametrize(
    "text",
    [
        "Au marché : pommes, poires, bananes et kiwis.",
        "Bouquet de rose, jade, ambre et marine.",
        "Ouvert lundi, mardi, jeudi.",
    ],
)
def test_series_of_words_that_are_no_first_names(text: str) -> None:
    assert found(text, PiiType.NAME) == []


@pytest.mark.parametrize(
    ("text", "model_finds"),
    [
        ("Animations : arrivée de saint Nicolas le 6, concert de la chorale.", "Nicolas"),
        ("- Sam 22h : alarme école Paul Bert, rien à signaler.", "Sam"),
        ("Dim. 10/03 : marché de Noël.", "Dim"),
    ],
)
def test_a_saint_and_a_short_day_are_no_one(text: str, model_finds: str) -> None:
    assert with_model_finding(text, model_finds) == []


def test_a_first_name_before_an_age_stays_a_name() -> None:
    assert with_model_finding("Sam 14 ans est venu seul.", "Sam") == ["Sam"]
