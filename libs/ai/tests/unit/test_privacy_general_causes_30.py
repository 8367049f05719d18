"""General causes of the sixty-fourth to sixty-sixth sets (the Nord's mining basin and Picardy,
written by elderly people, landlords and police; Normandy's elected officials; Auvergne and the
Centre's deaths, graves and successions; measured blind first, then read for their errors):
identifiers as people write them (a mobile between slashes, without its first 0 or its country
code before « (0) », a public service's mailbox at any public body), birth dates as records
and translations give them (a correction, a second one in English or after a quotation,
Polish's « ur. », a year of four words), addresses as the Nord and dictations write them
(« CITE », « coron », a postcode in brackets, the town after « à »), a Vietnamese street
without its word, a firm by its trade, public figures, a chat's sender and their service."""

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
            "j'habite quarante deux rue du faubourg boutonnet à montpellier depuis mars",
            "quarante deux rue du faubourg boutonnet à montpellier",
        ),
        (
            "c'est au trente trois bis chemin de moulares a montpellier appartement douze merci",
            "trente trois bis chemin de moulares a montpellier appartement douze",
        ),
        ("je suis au onze rue d'Alsace à Lyon voila", "onze rue d'Alsace à Lyon"),
    ],
)
def test_a_dictated_address_ends_at_its_town_after_a(text: str, expected: str) -> None:
    assert found(text, PiiType.ADDRESS) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "il y a deux rue fermées cette semaine à lyon",
        "un cours de yoga le mercredi soir à la salle des fêtes",
        "trois chemins de randonnée à Annecy",
    ],
)
def test_words_that_only_look_dictated_are_not_an_address(text: str) -> None:
    assert found(text, PiiType.ADDRESS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SIGNER ODETTE BOCQUET 11 CITE DES FLEURS 59590 RAISMES TEL 0327364105",
            "11 CITE DES FLEURS 59590 RAISMES",
        ),
        (
            "Nous habitons au 12, coron des Italiens, 62160 Bully-les-Mines.",
            "12, coron des Italiens, 62160 Bully-les-Mines",
        ),
        (
            "Elle habite 14 cité des Provinces à Lens (62300). Vous pouvez me joindre",
            "14 cité des Provinces à Lens (62300)",
        ),
        (
            "Adresse : 45/12 Nguyễn Trãi, Phường 2, Quận 5, TP. Hồ Chí Minh, Việt Nam. Merci",
            "45/12 Nguyễn Trãi, Phường 2, Quận 5, TP. Hồ Chí Minh, Việt Nam",
        ),
        (
            "số 12 ngõ 45 phố Hào Nam, phường Ô Chợ Dừa, quận Đống Đa, Hà Nội, Việt Nam",
            "số 12 ngõ 45 phố Hào Nam, phường Ô Chợ Dừa, quận Đống Đa, Hà Nội, Việt Nam",
        ),
    ],
)
def test_addresses_as_the_nord_and_abroad_write_them(text: str, expected: str) -> None:
    assert found(text, PiiType.ADDRESS) == [expected]


def test_a_model_s_address_ends_with_its_paragraph() -> None:
    text = (
        "Monsieur et Madame KACZMAREK\n12, coron des Italiens\nFosse 2\n62160 Bully-les-Mines"
        "\n\nBully, le 8 janvier 2025\n\nÀ Monsieur le Maire"
    )
    read = "12, coron des Italiens\nFosse 2\n62160 Bully-les-Mines\n\nBully"
    guard = PrivacyGuard(persons=cast(PersonModel, FixedPersonModel(addresses=(read,))))
    assert found(text, PiiType.ADDRESS, guard) == [
        "12, coron des Italiens\nFosse 2\n62160 Bully-les-Mines"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- fille, Martine : 06/58/77/12/09\n", "06/58/77/12/09"),
        ("Nom : sarah\nTéléphone : 6 12 48 90 33\nMessage : bjr", "6 12 48 90 33"),
        ("si pas de réponse appeler notre fille au (0)6 31 40 57 92", "(0)6 31 40 57 92"),
    ],
)
def test_phones_as_people_type_them(text: str, expected: str) -> None:
    assert found(text, PiiType.PHONE) == [expected]


@pytest.mark.parametrize(
    "text",
    ["Rendez-vous le 06/12/2024 à 10 h.", "Il a 6 12 48 90 33 points ?"],
)
def test_a_date_or_numbers_without_a_label_are_no_phone(text: str) -> None:
    assert found(text, PiiType.PHONE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sa date de naissance est indiquée 01.01.1980 au lieu de 13.04.1980. Merci",
            ["01.01.1980", "13.04.1980"],
        ),
        (
            "David was born on 4th July 1961 in Leeds and Patricia on 22 Nov 1963 in York.",
            ["4th July 1961", "22 Nov 1963"],
        ),
        (
            "Elle est « nascida a 12 de agosto de 1975 », lui le 03/05/1972. Adresse :",
            ["12 de agosto de 1975", "03/05/1972"],
        ),
        ("mon fils Szymon (ur. 14.02.2017 — né le 14/02/2017)", ["14.02.2017", "14/02/2017"]),
        (
            "je suis ne le vingt trois juillet quatre vingt dix sept a lens",
            ["vingt trois juillet quatre vingt dix sept"],
        ),
    ],
)
def test_birth_dates_as_records_and_translations_give_them(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Né le 3 mars 1958 à Vichy et décédé le 4 avril 2020 à Clermont-Ferrand.",
        "Il ne le deux fois pas.",
        "Le dossier est indiqué 01.01.2025 au lieu de 13.04.2025 sur le site.",
    ],
)
def test_other_dates_beside_them_stay(text: str) -> None:
    assert found(text, PiiType.BIRTH_DATE) in ([], ["3 mars 1958"])


@pytest.mark.parametrize(
    "email",
    [
        "cimetieres@ville-clermont-ferrand.fr",
        "etat-civil@orleans-metropole.fr",
        "vie.associative@orleans-metropole.fr",
        "voirie@limoges.fr",
        "ccas@ville-exemple.fr",
    ],
)
def test_a_public_service_s_mailbox_is_no_one_s(email: str) -> None:
    assert found(f"Écrivez au service : {email} ou passez.", PiiType.EMAIL) == []


@pytest.mark.parametrize(
    "email",
    [
        "c.vidal@mairie-bourges.fr",
        "sophie@ville-orleans.fr",
        "jclavaud23@limoges.fr",
        "soleil@orange.fr",
        "contact@dorvil-plomberie.fr",
        "urbanisme@gmail.com",
    ],
)
def test_a_person_s_mailbox_stays_personal(email: str) -> None:
    assert found(f"Mon adresse : {email} merci", PiiType.EMAIL) == [email]


@pytest.mark.parametrize(
    ("text", "model_finds", "kept"),
    [
        (
            "Devis de la société YILDIZ Construction pour M. Osman YILDIZ.",
            "YILDIZ Construction",
            "Osman YILDIZ",
        ),
        (
            "Sté AYDIN BATIMENT, gérant Mehmet Ayd\u0131n.",
            "Sté AYDIN BATIMENT",
            "Mehmet Ayd\u0131n",
        ),
        ("Le président Emmanuel Macron a parlé ; Paul Martin aussi.", "Emmanuel Macron", ""),
        ("Au lycée, on étudie Blaise Pascal avec Paul Martin.", "Blaise Pascal", ""),
    ],
)
def test_firms_and_public_figures_are_no_one(text: str, model_finds: str, kept: str) -> None:
    names = with_model_finding(text, model_finds, kept or "Paul Martin")
    assert model_finds not in names
    assert (kept or "Paul Martin") in names


def test_a_name_before_paint_in_lower_case_stays() -> None:
    assert with_model_finding("mme dubois peinture la grille", "dubois") == ["dubois"]


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        ("[12:05] Rudy PM: oui on est passés", "Rudy PM", ["Rudy"]),
        ("MON VOISIN DU 9 FAIT DU BRUIT", "DU", []),
        ("2\tM. FONTAINE Steve\tCDI, seul", "CDI", ["FONTAINE Steve"]),
        ("BEN SALAH\tYoussef\tCM1\t06 23 41 78 90", "CM", ["BEN SALAH", "Youssef"]),
    ],
)
def test_a_service_a_contract_or_a_particle_is_no_one(
    text: str, model_finds: str, expected: list[str]
) -> None:
    assert with_model_finding(text, model_finds) == expected
