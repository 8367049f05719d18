from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType, detect
from collectivia.ai.privacy.checksums import iban_is_valid, nir_is_valid


def found(text: str) -> list[tuple[str, str]]:
    return [(span.type.value, span.text) for span in detect(text)]


def test_spans_point_into_the_text() -> None:
    text = "Mme Durand, 06 12 34 56 78, durand@example.fr"
    for span in detect(text):
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("nir", "valid"),
    [
        ("185057800608491", True),
        ("185057800608492", False),  # wrong key
        ("185052A12345633", True),  # Corsica: 2A counts as 19
        ("291122B05012026", True),  # Corsica: 2B counts as 18
        ("185152A12345633", False),  # month 15 does not exist
        ("585057800608491", False),  # no such first digit
    ],
)
def test_nir_key(nir: str, valid: bool) -> None:
    assert nir_is_valid(nir) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("FR7630006000011234567890189", True),
        ("FR7630006000011234567890188", False),
        ("DE89370400440532013000", True),
        ("BE68539007547034", True),
        ("FR763000600001123456789018", False),  # one character short for France
        ("fr7630006000011234567890189", True),
    ],
)
def test_iban_checksum(iban: str, valid: bool) -> None:
    assert iban_is_valid(iban) is valid


@pytest.mark.parametrize(
    "phone",
    ["06 12 34 56 78", "06.12.34.56.78", "0612345678", "+33 6 12 34 56 78", "0033 1 42 76 40 40"],
)
def test_french_phone_formats(phone: str) -> None:
    assert found(f"Appelez le {phone} demain.") == [("TELEPHONE", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Le numéro vert 0 800 123 456 est gratuit.",
        "Un total de 1 234,56 € TTC.",
        "Le 06 12 34 56, il manque un chiffre.",
        "Dossier 2025-004512.",
        "Le 14 juillet à 23h.",
        "Ma carte expire en 06/2025.",
        "La rue de la Mairie est fermée.",
        "Il reste 3 places de parking.",
        "Monsieur le Maire, madame la Directrice,",
        "L'école Jules Ferry et le gymnase Pierre de Coubertin.",
        "Villeurbanne, Vénissieux et Saint-Priest.",
    ],
)
def test_nothing_personal(text: str) -> None:
    assert found(text) == []


def test_a_date_is_a_birth_date_only_near_a_birth() -> None:
    assert found("Né le 3 avril 2012, inscrit le 4 mai 2024.") == [
        ("DATE_NAISSANCE", "3 avril 2012")
    ]


def test_address_takes_the_postcode_and_town() -> None:
    assert found("Au 3 bis avenue du Général de Gaulle 33000 Bordeaux.") == [
        ("ADRESSE", "3 bis avenue du Général de Gaulle 33000 Bordeaux")
    ]


def test_a_name_inside_an_address_stays_part_of_the_address() -> None:
    spans = detect("Domicilié 9 rue Victor Hugo 59000 Lille.")
    assert [span.type for span in spans] == [PiiType.ADDRESS]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Madame Durand a appelé.", "Durand"),
        ("M. Karim Benali est venu.", "Karim Benali"),
        ("Je m'appelle Sophie Lambert.", "Sophie Lambert"),
        ("Nom : DUPONT", "DUPONT"),
        ("Cordialement, Isabelle Fontaine", "Isabelle Fontaine"),
        ("MARTIN Philippe a signé.", "MARTIN Philippe"),
        ("Mon fils Lucas est malade.", "Lucas"),
        ("Madame de Villiers a appelé.", "de Villiers"),
    ],
)
def test_names(text: str, name: str) -> None:
    assert found(text) == [("NOM", name)]
