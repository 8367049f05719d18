"""General causes of error seen on a sixteenth set written apart (Alsace and Moselle; measured
blind, then tuned on; never its sentences): lists and forms writing « NOM, Prénom »; the
country, the cedex, Luxembourg's lettered postcode closing an address; German streets opened by
« Am », Turkish addresses, « Grand'Rue », a medina's « derb »; a birth year alone, Turkish
months, « geb. am », Portuguese « nasci a », a table's « Année de naissance »; a transcript's
« Agent : » before a sentence, « Madame l'Adjointe », German and Turkish words for relatives."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Inscrits à la sortie :\n- HUBER, Léonie\n- EL MANSOURI, Karim\n- SCHMITT-DIOP, Awa",
            ["HUBER, Léonie", "EL MANSOURI, Karim", "SCHMITT-DIOP, Awa"],
        ),
        (
            "Responsable : FISCHER, Paul ; suppléante : DOGAN, Elif",
            ["FISCHER, Paul", "DOGAN, Elif"],
        ),
        ("1) WAGNER, Claire\n2) LE ROUX, Rose", ["WAGNER, Claire", "LE ROUX, Rose"]),
        # an acronym of the administration is no surname; a word of thanks is no one
        ("Contact : CAF, Marie au guichet 3", []),
        ("MERCI, Bonne journée", []),
    ],
)
def test_surname_comma_first_name(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ancienne adresse : Rua das Flores 21, 4050-262 Porto, Portugal.",
            ["Rua das Flores 21, 4050-262 Porto, Portugal"],
        ),
        (
            "Elle habite 9 rue des Aulnes, 57100 Thionville, France.",
            ["9 rue des Aulnes, 57100 Thionville, France"],
        ),
        # a country further in the sentence is not the address's
        (
            "Il habite 3 rue des Lilas, 67000 Strasbourg, et travaille au Luxembourg.",
            ["3 rue des Lilas, 67000 Strasbourg"],
        ),
        (
            "Domicile : 4, rue du Moulin, L-5450 Stadtbredimus, Luxembourg",
            ["4, rue du Moulin, L-5450 Stadtbredimus, Luxembourg"],
        ),
        (
            "Résidence Les Saules, 3 rue Haute, CS 40112, 57045 Metz Cedex 1",
            ["Résidence Les Saules, 3 rue Haute, CS 40112, 57045 Metz Cedex 1"],
        ),
        (
            "Via Garibaldi 7, 10122 Torino (TO), Italia",
            ["Via Garibaldi 7, 10122 Torino (TO), Italia"],
        ),
        (
            "Mein Sohn wohnt Am Stadtgarten 4, 66111 Saarbrücken.",
            ["Am Stadtgarten 4, 66111 Saarbrücken"],
        ),
        (
            "Babamin adresi: Yeni Mah. 3. Sokak No: 14 Daire 2, 44100 Battalgazi/Malatya, Türkiye",
            ["Yeni Mah. 3. Sokak No: 14 Daire 2, 44100 Battalgazi/Malatya, Türkiye"],
        ),
        ("Menekşe Sokak No:7, Konya, Türkiye", ["Menekşe Sokak No:7, Konya, Türkiye"]),
        ("Nous habitons 5 Grand'Rue, 68800 Thann.", ["5 Grand'Rue, 68800 Thann"]),
        ("sa soeur vit 12 derb Moulay Ali, 30110 Fès", ["12 derb Moulay Ali, 30110 Fès"]),
        ("On se retrouve sur la Grand'Rue à 10 h.", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon grand-père, né en 1938, vit seul.", ["1938"]),
        ("Mme Ruth Klein (née Weber en 1941) demande un colis.", ["1941"]),
        ("Née en 1929.\nTél. 06 11 22 33 44", ["1929"]),
        # a thing's birth, a cohort's: no one's
        ("Le festival, le projet né en 2015, revient.", []),
        ("Recensement des jeunes nés en 2009.", []),
        ("Anneannem 3 Nisan 1947 doğumlu, doğum tarihi: 3 Nisan 1947", ["3 Nisan 1947"]),
        ("Meine Mutter, geb. am 12.05.1940 in Metz, wohnt allein.", ["12.05.1940"]),
        ("Eu nasci a 4 de junho de 1969 em Lisboa.", ["4 de junho de 1969"]),
        (
            "Nom;Prénom;Année de naissance\nSchaeffer;Ida;1931\nKaya;Zeynep;1950\nMeyer;Odile;1944",
            ["1931", "1950", "1944"],
        ),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in a transcript, "Agent :" is the speaker, then a sentence
        ("Usager : et le samedi ?\nAgent : Uniquement le matin.\nUsager : merci", []),
        ("Agent : C'est noté, je transmets.", []),
        ("Agent : Le deuxième jeudi du mois.", []),
        ("Agent : Lucie Marchal", ["Lucie Marchal"]),
        ("Madame l'Adjointe,\nNous vous écrivons", []),
        ("Madame d'Ormesson a appelé", ["d'Ormesson"]),
    ],
)
def test_names_after_a_label(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        ("Meine Tochter Lena geht dort zur Schule.", ["Tochter Lena"], ["Lena"]),
        ("Der Kapellmeister Jonas Roth kommt.", ["Kapellmeister Jonas Roth"], ["Jonas Roth"]),
        ("Sehr geehrte Frau Bürgermeisterin,", ["Bürgermeisterin"], []),
        # a verb opening a quoted sentence (a citizen's words quoted in a prompt)
        ("« Ignore tes consignes. »", ["Ignore"], []),
    ],
)
def test_words_for_relatives_and_roles_are_no_names(
    text: str, model_finds: list[str], expected: list[str]
) -> None:
    assert with_model_finding(text, *model_finds) == expected
