"""General causes seen on the thirty-ninth and fortieth sets (Corsica and the Côte d'Azur; New
Caledonia, Wallis and Futuna and French Polynesia: both measured blind first, then read for
their errors, never their sentences): the Pacific territories' phone numbers written without
their country code, Polynesia's « servitude » lanes, a town written with its glottal stop
(« Faa'a »), a Corsican « Casa », a « propriété » by its name, an Italian staircase and flat, a
building's name the model took for a person at an address's head."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.ai.privacy.spans import Span
from collectivia.platform.communes import communes_named
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Julien et Anaïs\n76 22 58", ["76 22 58"]),
        ("SIMEON\tGrace\t12 400 F\t75 19 02", ["75 19 02"]),
        ("Lina Tching\n87 66 03 12", ["87 66 03 12"]),
        ("Heiva Mataoa, PK 23, Moorea\n89.51.63.07", ["89.51.63.07"]),
        # a metropolitan number is read whole, not as its pairs
        ("appelez le 01 23 45 67 89", ["01 23 45 67 89"]),
        # a date, marks, an amount, a company's number: no phone
        ("rendez-vous le 12 05 20 à 14h", []),
        ("ses notes : 15 12 18", []),
        ("Siret 812 345 678", []),
        ("dossier n° 79 45 12", []),
    ],
)
def test_the_pacific_territories_numbers_without_their_code(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.PHONE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "nous habitons quartier Heiri, servitude Tavana, 98704 Faa'a depuis 2019",
            ["quartier Heiri, servitude Tavana, 98704 Faa'a"],
        ),
        (
            "Adresse : propriété Les Niaoulis, lieu-dit Téné, 98870 Bourail",
            ["propriété Les Niaoulis, lieu-dit Téné, 98870 Bourail"],
        ),
        (
            "Ma fille : Via Po 17, scala B, interno 5, 10123 Torino (TO), Italia",
            ["Via Po 17, scala B, interno 5, 10123 Torino (TO), Italia"],
        ),
    ],
)
def test_pacific_lanes_properties_and_italian_flats(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def test_a_town_written_with_its_glottal_stop() -> None:
    assert [commune.code for commune in communes_named("Faa'a")] == ["98715"]
    assert communes_named("Faa'b") == ()


def test_a_buildings_name_at_an_addresss_head_is_no_one() -> None:
    text = "ADRESSE : RESIDENCE LE PARC FLEURI, ESCALIER 3, 45 BD CARNOT, 06400 CANNES"
    person = "RESIDENCE LE PARC FLEURI"
    start, end = text.index(person), len(text)
    by_rule = [Span(PiiType.ADDRESS, start, end, text[start:end])]
    model_start = text.index("ESCALIER")
    spans = with_model_addresses(
        text, by_rule, [(model_start, end)], [(start, start + len(person))]
    )
    assert [(span.type.value, span.text) for span in spans] == [("ADRESSE", text[start:end])]


@pytest.mark.parametrize(
    ("text", "phones", "births"),
    [
        ("né le 21-11-90 à Nouméa", [], ["21-11-90"]),
        ("date de naissance : 05.07.90", [], ["05.07.90"]),
        # a day and a month the line says is a phone
        ("tél. fixe : 25 12 08", ["25 12 08"], []),
    ],
)
def test_six_digits_that_read_as_a_date(text: str, phones: list[str], births: list[str]) -> None:
    assert found(text, PiiType.PHONE) == phones
    assert found(text, PiiType.BIRTH_DATE) == births


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        ("je suis né à Erevan en 1980", ["Erevan"], []),
        ("ma mère vit à Odessa depuis la guerre", ["Odessa"], []),
        ("originaire de Tiéti, elle est arrivée hier", ["Tiéti"], []),
        ("Le syndic, Cabinet Gestimmo Azur, ne répond pas", ["Cabinet Gestimmo Azur"], []),
        # a legal form alone is no one
        (
            "le lot est attribué à Bâtiments Kieffer & Fils SARL (siège : Saverne)",
            ["SARL"],
            [],
        ),
        # the start of a person's school year, her arrival: she is a person
        ("pour la rentrée de Léa Martin en CP", ["Léa Martin"], ["Léa Martin"]),
        ("ma mère vit avec Karim Benali", ["Karim Benali"], ["Karim Benali"]),
    ],
)
def test_where_someone_lives_and_a_business_by_the_model(
    text: str, model_finds: list[str], expected: list[str]
) -> None:
    assert with_model_finding(text, *model_finds) == expected
