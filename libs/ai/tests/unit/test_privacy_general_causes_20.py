"""General causes seen on the forty-first and forty-second sets (Île-de-France's estates,
hostels and asylum centres; the Basque Country, the Béarn, the Landes and Bordeaux: both
measured blind first, then read for their errors, never their sentences): Spanish street
abbreviations and provinces, a British postcode after a comma, a list's next number on the next
line; a travellers' site, an asylum seekers' centre, a serviced residence, a Basque house's
name the model took for a person; a form's fields laid out by spaces, an article and a noun
after a surname in capitals, a shouted noun, a car by its make after the word for it; an
elision whose apostrophe a keyboard in capitals dropped, and the collectivity's address written
so."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard, PublicContacts
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.ai.privacy.spans import Span
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mon fils vit Avda. de Navarra 7, 5º A, 20013 Donostia depuis mars.",
            ["Avda. de Navarra 7, 5º A, 20013 Donostia"],
        ),
        (
            "Ma sœur : Paseo de Colón 23, 4º dcha., 20302 Irun (Gipuzkoa), merci.",
            ["Paseo de Colón 23, 4º dcha., 20302 Irun (Gipuzkoa)"],
        ),
        (
            "Our previous address was 14 Orchard Lane, Tetbury, GL8 8AA, United Kingdom, in case.",
            ["14 Orchard Lane, Tetbury, GL8 8AA, United Kingdom"],
        ),
        # a petition's next line starts with its number: not the street's
        (
            "Pétition :\n1. Amets Goyhenetche, 7 rue des Cordeliers\n2. Paulette Lacoste",
            ["7 rue des Cordeliers"],
        ),
    ],
)
def test_addresses_abroad_and_in_lists(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "on est a l'aire des gens du voyage, route de Bayonne, 40100 Dax depuis lundi",
            ["aire des gens du voyage, route de Bayonne, 40100 Dax"],
        ),
        (
            "Hébergé au CADA Les Charmilles, chambre 31, 8 rue Jean-Gabin, 94000 Créteil.",
            ["CADA Les Charmilles, chambre 31, 8 rue Jean-Gabin, 94000 Créteil"],
        ),
        (
            "Elle vit à la résidence-services Les Amandiers, 12 rue des Amandiers, 75020 Paris.",
            ["résidence-services Les Amandiers, 12 rue des Amandiers, 75020 Paris"],
        ),
        (
            "Adresse : Etxe Berria, 880 route de Cambo, 64480 Ustaritz",
            ["Etxe Berria, 880 route de Cambo, 64480 Ustaritz"],
        ),
        # the centre itself, named by its town, is no one's home
        ("Le CADA de Créteil est plein.", []),
        (
            "J HABITE 4 RUE D ALSACE 64100 BAYONNE DEPUIS 2019",
            ["4 RUE D ALSACE 64100 BAYONNE"],
        ),
    ],
)
def test_homes_by_their_site_centre_or_house(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "person", "model_reads", "expected"),
    [
        # a Basque house's name, a street's abbreviated type: the address's first part
        (
            "Adresse : Etxe Berria, 880 route de Cambo, 64480 Ustaritz",
            "Etxe Berria",
            "880 route de Cambo, 64480 Ustaritz",
            [("ADRESSE", "Etxe Berria, 880 route de Cambo, 64480 Ustaritz")],
        ),
        (
            "Il vit Avda. de Navarra 7, 5º A, 20013 Donostia.",
            "Avda",
            "Navarra 7, 5º A, 20013 Donostia",
            [("ADRESSE", "Avda. de Navarra 7, 5º A, 20013 Donostia")],
        ),
        # a person before her address still is one
        (
            "Adresse : Anaïs Morel, résidence Les Badamiers, appt 6, 97615 Dzaoudzi",
            "Anaïs Morel",
            "résidence Les Badamiers, appt 6, 97615 Dzaoudzi",
            [
                ("NOM", "Anaïs Morel"),
                ("ADRESSE", "résidence Les Badamiers, appt 6, 97615 Dzaoudzi"),
            ],
        ),
    ],
)
def test_the_models_person_at_an_addresss_head(
    text: str, person: str, model_reads: str, expected: list[tuple[str, str]]
) -> None:
    # the rules read the whole, from the person's first word to the town
    start, end = text.index(person), text.index(model_reads) + len(model_reads)
    by_rule = [Span(PiiType.ADDRESS, start, end, text[start:end])]
    model_start = text.index(model_reads)
    spans = with_model_addresses(
        text, by_rule, [(model_start, end)], [(start, start + len(person))]
    )
    assert [(span.type.value, span.text) for span in spans] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nom : RAHIMI   Prénom : Zabihullah   Nationalité : afghane", ["RAHIMI", "Zabihullah"]),
        ("SUR LA VOITURE DE MON VOISIN M. LAMBERT LA SEMAINE DERNIERE.", ["LAMBERT"]),
        ("Bonjour Nolwenn Le Gall", ["Nolwenn Le Gall"]),
        ("mon voisin Jean Le Pen est passé", ["Jean Le Pen"]),
    ],
)
def test_where_a_name_ends(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        (
            "MONSIEUR LE MAIRE\nLE LAMPADAIRE DEVANT CHEZ MOI EST EN PANNE.\nRAYMOND LABAT",
            ["LE LAMPADAIRE", "RAYMOND LABAT"],
            ["RAYMOND LABAT"],
        ),
        # an adjective, or a word French does not know, may be a surname
        ("LE ROUX A ENCORE APPELE CE MATIN", ["LE ROUX"], ["LE ROUX"]),
        ("C'EST ENCORE LE GALL QUI A APPELE", ["LE GALL"], ["LE GALL"]),
        (
            "la carte de stationnement pour mon véhicule (Dacia Logan, GB-604-PZ)",
            ["Dacia Logan"],
            [],
        ),
        ("Véhicule : Renault Clio", ["Renault Clio"], []),
        ("Ma voisine Tesla Martin", ["Tesla Martin"], ["Tesla Martin"]),
    ],
)
def test_shouted_nouns_and_cars_by_the_model(
    text: str, model_finds: list[str], expected: list[str]
) -> None:
    assert with_model_finding(text, *model_finds) == expected


def test_the_collectivitys_address_in_capitals_without_accents_is_public() -> None:
    contacts = PublicContacts(["1 place de l'Hôtel de Ville, 69000 Exempleville"])
    guard = PrivacyGuard(persons=None, public_contacts=contacts)
    text = "J AI VU SUR INTERNET 1 PLACE DE L HOTEL DE VILLE MAIS PAS LES HORAIRES"
    assert found(text, PiiType.ADDRESS) == ["1 PLACE DE L HOTEL DE VILLE"]
    assert found(text, PiiType.ADDRESS, guard) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le kebab « Le Bosphore », 15 avenue Jean-Jaurès, laisse ses poubelles", []),
        ("Objet : nuisances sonores \u2013 bar « Le Comptoir », 18 rue Marcadet", []),
        ("Le portail de l'école maternelle Marie-Curie, 18 rue Jean-Moulin, ne ferme plus", []),
        # the writer lives there
        (
            "J'habite au-dessus du bar, 12 rue des Lilas, 75020 Paris.",
            ["12 rue des Lilas, 75020 Paris"],
        ),
        (
            "je tiens la boutique au rez-de-chaussée de notre maison, 41 rue Désiré Barquisseau, "
            "97410 Saint-Pierre.",
            ["41 rue Désiré Barquisseau, 97410 Saint-Pierre"],
        ),
        # a person between the place and the address: hers
        (
            "la caution de la salle des fêtes (150 €) à Mme Claudine Bieber, 6 rue des Cerisiers, "
            "68920 Wintzenheim.",
            ["6 rue des Cerisiers, 68920 Wintzenheim"],
        ),
    ],
)
def test_a_business_or_a_public_buildings_address_is_no_ones_home(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Calle Ercilla 14, 2º izda., 48009 Bilbao (Bizkaia), España",
            ["Calle Ercilla 14, 2º izda., 48009 Bilbao (Bizkaia), España"],
        ),
        (
            "Mon fils vit Avda. de Navarra 7, 5º A, 20013 Donostia-San Sebastián\nMerci",
            ["Avda. de Navarra 7, 5º A, 20013 Donostia-San Sebastián"],
        ),
        # a word after the town is the sentence's
        ("Calle Mayor 3, 28013 Madrid Merci beaucoup", ["Calle Mayor 3, 28013 Madrid"]),
    ],
)
def test_a_spanish_flats_side_and_a_town_of_two_words(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_a_housing_requests_number_is_no_phone() -> None:
    text = "ma demande de logement (numero unique 064-26-01834), tel 06 12 34 56 78"
    assert found(text, PiiType.PHONE) == ["06 12 34 56 78"]


@pytest.mark.parametrize("closing", ["A+", "Bises", "bisous"])
def test_a_sign_offs_word_is_no_part_of_the_name(closing: str) -> None:
    text = f"Je te transmets le PV de l'AG demain.\n{closing} Jérôme"
    assert with_model_finding(text, f"{closing} Jérôme") == ["Jérôme"]


def _with_model(text: str, model_reads: str, rule_reads: str | None = None) -> list[str]:
    """The addresses kept when the model reads ``model_reads`` and the rules ``rule_reads``."""
    by_rule = []
    if rule_reads is not None:
        start = text.index(rule_reads)
        by_rule = [Span(PiiType.ADDRESS, start, start + len(rule_reads), rule_reads)]
    start = text.index(model_reads)
    spans = with_model_addresses(text, by_rule, [(start, start + len(model_reads))])
    return [span.text for span in spans if span.type is PiiType.ADDRESS]


@pytest.mark.parametrize(
    ("text", "model_reads"),
    [
        (
            "Concession au cimetière Saint-Léon, concession n° 412, à renouveler",
            "cimetière Saint-Léon, concession n° 412",
        ),
        (
            "Exploitant : EARL Les Jardins de Xarnegu, SIRET 812 345 678",
            "EARL Les Jardins de Xarnegu, SIRET 812 345 678",
        ),
        ("Il est au 3e étage droite, pas au 2e.", "3e étage droite"),
        ("Dossiers : 5 Thiago Martins da Costa, 6 Lina Costa", "5 Thiago Martins da Costa"),
    ],
)
def test_what_the_model_alone_reads_and_is_no_home(text: str, model_reads: str) -> None:
    assert _with_model(text, model_reads) == []


def test_what_the_model_alone_reads_and_is_a_home() -> None:
    text = "on est au Tsoundzou 1, près du marché"
    assert _with_model(text, "Tsoundzou 1") == ["Tsoundzou 1"]


@pytest.mark.parametrize(
    ("text", "model_reads", "rule_reads", "expected"),
    [
        # a word of the sentence, a land plot before the address: not its part
        (
            "j'ai besoin 4 rue des Rosiers 76600 Le Havre",
            "besoin 4 rue des Rosiers 76600 Le Havre",
            "4 rue des Rosiers 76600 Le Havre",
            "4 rue des Rosiers 76600 Le Havre",
        ),
        (
            "la maison d'habitation, parcelle AB 214, 18 rue des Champs, 76190 Yvetot",
            "maison d'habitation, parcelle AB 214, 18 rue des Champs, 76190 Yvetot",
            "18 rue des Champs, 76190 Yvetot",
            "18 rue des Champs, 76190 Yvetot",
        ),
        # a flat's door, an estate's name: its part
        (
            "chez nous porte 45 rue 720, Sogoniko",
            "porte 45 rue 720, Sogoniko",
            "45 rue 720, Sogoniko",
            "porte 45 rue 720, Sogoniko",
        ),
        (
            "Les Jardins de Font-Vert, bât. C, 13014 Marseille",
            "Les Jardins de Font-Vert, bât. C, 13014 Marseille",
            "bât. C, 13014 Marseille",
            "Les Jardins de Font-Vert, bât. C, 13014 Marseille",
        ),
    ],
)
def test_what_the_model_reads_before_a_rules_address(
    text: str, model_reads: str, rule_reads: str, expected: str
) -> None:
    assert _with_model(text, model_reads, rule_reads) == [expected]
