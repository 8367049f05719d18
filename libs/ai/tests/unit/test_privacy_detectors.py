from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType, detect
from collectivia.ai.privacy.checksums import iban_is_valid, nir_body_is_valid, nir_is_valid


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
    ("body", "valid"),
    [
        ("2790899114088", True),  # born abroad: department 99
        ("185052A123456", True),
        ("2791399114088", False),  # month 13 does not exist
        ("2790896114088", False),  # no department 96
        ("5790899114088", False),  # no such first digit
    ],
)
def test_nir_body_shape(body: str, valid: bool) -> None:
    assert nir_body_is_valid(body) is valid


@pytest.mark.parametrize(
    ("text", "nir"),
    [
        # The key after a slash or « clé », as forms print it.
        ("N° sécurité sociale : 1 85 03 49 020 123 / 92\n", "1 85 03 49 020 123 / 92"),
        ("NIR : 1 85 03 49 020 123 clé 92.", "1 85 03 49 020 123 clé 92"),
        # Without its key, after its label.
        ("Née le 14 août 1979\nNIR : 2790899114088\nAdresse :", "2790899114088"),
        ("n° de sécu 2 79 08 99 114 088, merci", "2 79 08 99 114 088"),
        # A key mistyped after the label: still the person's number.
        ("NIR : 1 85 03 49 020 123 / 93", "1 85 03 49 020 123 / 93"),
        ("N° de sécurité sociale : 2051051108321 20 ?", "2051051108321 20"),
        ("c'est sur ma carte vitale : 2 05 10 51 108 321 20)", "2 05 10 51 108 321 20"),
    ],
)
def test_nirs_as_forms_write_them(text: str, nir: str) -> None:
    assert ("NIR", nir) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Commande n° 2790899114088 livrée.",  # 13 digits without a NIR's label
        "NIR : 2791399114088",  # no thirteenth month
    ],
)
def test_thirteen_digits_that_are_no_nir(text: str) -> None:
    assert not [kind for kind, _ in found(text) if kind == "NIR"]


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
    "phone",
    ["+352 621 123 456", "+49 681 123456", "00351 912 345 678", "+44 7700 900123", "+32470123456"],
)
def test_other_countries_phone_numbers(phone: str) -> None:
    assert found(f"Mon numéro : {phone}, merci.") == [("TELEPHONE", phone)]


@pytest.mark.parametrize(
    "text",
    ["Référence n° 0042 1234 5678 du dossier.", "Code 00123 456 789.", "+7 999 et plus."],
)
def test_no_country_code_no_phone_number(text: str) -> None:
    assert [kind for kind, _ in found(text)] == []


def test_birth_date_in_a_form_field() -> None:
    assert ("DATE_NAISSANCE", "09/09/2012") in found("Élève : Lucas\nNé le : 09/09/2012\n")


def test_a_name_stops_at_the_line_break() -> None:
    names = [text for kind, text in found("Nom : BENALI\nPrénom : Yanis\nDate de naissance : X\n")]
    assert all("\n" not in name for name in names)
    assert "Yanis" in names


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


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Adresse : 3 allée des Tilleuls, appt 12, 57140 Woippy",
            "3 allée des Tilleuls, appt 12, 57140 Woippy",
        ),
        (
            "Bâtiment C, appt 4, 12 rue Théodore de Gargan, 57050 Metz",
            "Bâtiment C, appt 4, 12 rue Théodore de Gargan, 57050 Metz",
        ),
        ("J'habite au 12 rue de Verdun, Marly.", "12 rue de Verdun, Marly"),
        ("au 2 rue des Jardins à Lessy depuis mai", "2 rue des Jardins à Lessy"),
        (
            "41 rue de Pont-à-Mousson, Montigny-lès-Metz",
            "41 rue de Pont-à-Mousson, Montigny-lès-Metz",
        ),
        (
            "résidence Les Peupliers, bât B, 57950 Montigny-lès-Metz",
            "résidence Les Peupliers, bât B, 57950 Montigny-lès-Metz",
        ),
        # A word after the street that is no commune's name stays out.
        ("au 12 rue de Verdun, Jean est passé", "12 rue de Verdun"),
    ],
)
def test_an_address_with_its_flat_and_its_town(text: str, address: str) -> None:
    assert [t for kind, t in found(text) if kind == "ADRESSE"] == [address]


def test_a_residence_without_its_postcode_is_no_address() -> None:
    assert [kind for kind, _ in found("La résidence Les Peupliers est fermée.")] == []
