"""General causes of the fifty-first to fifty-fourth sets (French Guiana and Saint-Martin; the
Centre-Val de Loire and the Berry; Lyon, Saint-Étienne and Grenoble; Paris; measured blind
first, then read for their errors): homes by what they are (a family's plot, a house in the
rock, a squat, a boat by its name in quotes, a maid's room, a caretaker's lodge, a floor alone),
a postcode with no town after it, a town the model cut short, addresses abroad written their
country's way (Chinese, Brazilian, Dominican, Laotian, Romanian, Philippine, American), names
that are no one's (an animal's, a king's, a quotation's author, words of a sentence typed in
capitals, a boat's or a village's inside its address), a first name French reads as a
participle, a birth date corrected, or written in Chinese."""

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
            "on est au terrain familial, 4 chemin des Noues, 45200 Amilly depuis mars",
            ["terrain familial, 4 chemin des Noues, 45200 Amilly"],
        ),
        (
            "adresse : cave demeurante, 12 coteau de Vaugondy, 37210 Rochecorbon",
            ["cave demeurante, 12 coteau de Vaugondy, 37210 Rochecorbon"],
        ),
        ("je dors dans un squat rue Barrat, 97351 Matoury", ["squat rue Barrat, 97351 Matoury"]),
        (
            "On vit sur le fleuve, bateau « Mama Bobi », dégrad de Papaïchton, 97370 Maripasoula.",
            ["bateau « Mama Bobi », dégrad de Papaïchton, 97370 Maripasoula"],
        ),
        (
            "J'habite la chambre de bonne au 7e, porte 12, 23 rue de Lévis, 75017 Paris",
            ["chambre de bonne au 7e, porte 12, 23 rue de Lévis, 75017 Paris"],
        ),
        (
            "la gardienne, loge au rez-de-chaussée, 48 rue de Turenne, 75003 Paris",
            ["loge au rez-de-chaussée, 48 rue de Turenne, 75003 Paris"],
        ),
        # « loge » the verb is no part of the home
        (
            "il loge résidence universitaire Les Gazelles, chambre B214, 13013 Marseille",
            ["résidence universitaire Les Gazelles, chambre B214, 13013 Marseille"],
        ),
        (
            "Adresse : 4e étage, porte face, 9 rue Polonceau, 75018 Paris",
            ["4e étage, porte face, 9 rue Polonceau, 75018 Paris"],
        ),
        (
            "j'habite au 5e, 14 rue Sainte-Catherine, 69001 Lyon",
            ["5e, 14 rue Sainte-Catherine, 69001 Lyon"],
        ),
        (
            "CONTACT : FATIMA M'BAREK, 130 GALERIE DE L'ARLEQUIN, 9E ETAGE, 38100 GRENOBLE",
            ["130 GALERIE DE L'ARLEQUIN, 9E ETAGE, 38100 GRENOBLE"],
        ),
        # after a postcode with no town, the sentence goes on
        ("j'ai déménagé au 7 cité Aubry 75020 en décembre", ["7 cité Aubry 75020"]),
        (
            "j'habite au centre d'hebergement Le Phare, 32 rue de Flandre 75019 avec ma fille",
            ["centre d'hebergement Le Phare, 32 rue de Flandre 75019"],
        ),
    ],
)
def test_homes_by_what_they_are(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mon oncle : 广东省广州市越秀区中山四路88号3栋502房, 510030. Merci",
            ["广东省广州市越秀区中山四路88号3栋502房, 510030"],
        ),
        # a sentence in Chinese runs into the address; another holds none
        (
            "我母亲的地址是中国浙江省温州市鹿城区五马街88号1502室",
            ["中国浙江省温州市鹿城区五马街88号1502室"],
        ),
        ("请问13区的图书馆星期天开门吗", []),
        (
            "son fils à Macapá : Rua Leopoldo Machado, 2310, apto 12, Trem, Macapá - AP, "
            "68901-130, marcos@gmail.com",
            ["Rua Leopoldo Machado, 2310, apto 12, Trem, Macapá - AP, 68901-130"],
        ),
        (
            "Dirección actual: Calle El Conde No. 112, Zona Colonial, Santo Domingo 10210, "
            "República Dominicana\nCorreo: y@hotmail.es",
            ["Calle El Conde No. 112, Zona Colonial, Santo Domingo 10210, República Dominicana"],
        ),
        (
            "ma famille : Ban Phonxay, maison n° 123, unité 08, district de Saysettha, "
            "Vientiane, Laos",
            ["Ban Phonxay, maison n° 123, unité 08, district de Saysettha, Vientiane, Laos"],
        ),
        (
            "ma mère (avenue Kabinda n° 23, quartier Matonge, commune de Kalamu, Kinshasa, "
            "RD Congo), elle",
            ["avenue Kabinda n° 23, quartier Matonge, commune de Kalamu, Kinshasa, RD Congo"],
        ),
        (
            "Adresse déclarée : Str. Mihai Eminescu nr. 7, bl. A2, sc. 1, ap. 14, Cluj-Napoca.",
            ["Str. Mihai Eminescu nr. 7, bl. A2, sc. 1, ap. 14, Cluj-Napoca"],
        ),
        (
            "Sat Rădeni, com. Ion Neculce, jud. Iași, România",
            ["Sat Rădeni, com. Ion Neculce, jud. Iași, România"],
        ),
        (
            "Ma soeur : Purok 3, Brgy. Poblacion, Tanauan City, Batangas 4232, Philippines",
            ["Purok 3, Brgy. Poblacion, Tanauan City, Batangas 4232, Philippines"],
        ),
        (
            "my sister: 1420 N Maple St, Apt 3B, Chicago, IL 60610, USA. Thanks",
            ["1420 N Maple St, Apt 3B, Chicago, IL 60610, USA"],
        ),
        (
            "mon frère : 15 Mostafa El-Nahhas St., Nasr City, Le Caire, Égypte",
            ["15 Mostafa El-Nahhas St., Nasr City, Le Caire, Égypte"],
        ),
        (
            "Merci\nSelin Arslan\nBağdat Cad. No:214 Daire:7, 34728 "
            "Kad\u0131k\u00f6y/\u0130stanbul, Türkiye",
            ["Bağdat Cad. No:214 Daire:7, 34728 Kad\u0131k\u00f6y/\u0130stanbul, Türkiye"],
        ),
        (
            "chez mes parents, Số 45, đường Lê Lợi, phường Bến Nghé, Quận 1, TP. Hồ Chí Minh, "
            "Việt Nam",
            ["Số 45, đường Lê Lợi, phường Bến Nghé, Quận 1, TP. Hồ Chí Minh, Việt Nam"],
        ),
    ],
)
def test_addresses_abroad(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("notre chienne Lola s'est échappée hier, appelez Mélanie", ["Mélanie"]),
        ("le chat Pépito de Laurence Merlet a disparu", ["Laurence Merlet"]),
        ("Ane Irigoyen a perdu son chien Rex", ["Ane Irigoyen"]),
        ("la mairie a-t-elle des archives sur François Ier et Louis XIV ?", []),
        ("Jean-Paul II est venu ici ; Mme Marie V. habite au 3e", ["Marie V"]),
        ("« Le vert paradis des amours enfantines », écrivait Baudelaire : ne nous", []),
        ("Comme chantait Piaf, « non, rien de rien ».", []),
        ("un hommage au chanteur Idir, avec M. Lounès Aït-Kaci", ["Lounès Aït-Kaci"]),
        ("je voudrais visiter le palais Jacques Cœur et la cathédrale", []),
        (
            "le livre sur l'histoire de Jeanne d'Arc et Charles Péguy vendu à l'office",
            [],
        ),
        # words of a sentence typed in capitals, not a surname and its particle
        ("JE SUIS INSCRITE DEPUIS 2010. MERCI\nS. ARAKELIAN", ["S. ARAKELIAN"]),
        ("Réclamation de Mme ROSE PETIT et de M. LE BLANC", ["ROSE PETIT", "LE BLANC"]),
    ],
)
def test_names_that_are_no_ones(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


def test_a_first_name_french_reads_as_a_participle() -> None:
    """The model reads « Chue Moua »; an order opening a sentence is still no name's part."""
    text = "Responsable légal : Chue Moua\nTéléphone : 0694 70 12 64"
    assert with_model_finding(text, "Chue Moua") == ["Chue Moua"]
    assert with_model_finding("Contactez Diallo demain.", "Contactez Diallo") == ["Diallo"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La famille signale une erreur dans la date de naissance : il faut lire 8 octobre "
            "1932 (erreur de saisie).",
            ["8 octobre 1932"],
        ),
        ("Elle est née le 1950年5月18日 et habite ici", ["1950年5月18日"]),
        ("le rendez-vous est le 2026年5月18日", []),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


def test_a_name_inside_an_address_the_model_widened_is_the_places() -> None:
    """The model's reading of an address widens the rules' back to the boat it is on, whose
    name the rules took for a person's: the boat's name is then the address's, no one's."""
    text = "adresse : péniche « Lazy Heron », bassin de la Villette, quai de la Loire, 75019 Paris"
    model = FixedPersonModel(
        "Lazy Heron", addresses=("bassin de la Villette, quai de la Loire, 75019 Paris",)
    )
    guard = PrivacyGuard(persons=cast(PersonModel, model))
    assert found(text, PiiType.NAME, guard) == []
    assert found(text, PiiType.ADDRESS, guard) == [
        "péniche « Lazy Heron », bassin de la Villette, quai de la Loire, 75019 Paris"
    ]


def test_a_town_the_model_cut_short_is_read_whole() -> None:
    text = "moi c kevin, appt 92 tour 18 mas du taureau 69120 vaulx en velin\ncontactez moi"
    model = FixedPersonModel(addresses=("appt 92 tour 18 mas du taureau 69120 vaulx",))
    guard = PrivacyGuard(persons=cast(PersonModel, model))
    assert found(text, PiiType.ADDRESS, guard) == [
        "appt 92 tour 18 mas du taureau 69120 vaulx en velin"
    ]
