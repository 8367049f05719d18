"""One list of the words that name an organisation (``organisations.py``), for every rule that
needs them: a farm's company on the line above a post box, a funeral director's address, a shop
named after its owner; an association's address may still be its president's home. And the
general causes of the forty-seventh and forty-eighth sets (Brittany and the Pays de la Loire;
the Rhône valley and Burgundy; measured blind first, then read for their errors): a boat one
lives on and its berth, Brittany's « cale », a farm known by its name alone before its postcode,
a street in capitals whose name is a word of French (« DES PRÉS »), a building's word inside a
first name (« Thomas » holds no « mas »), an hour after a street, an estate after a list's
bullet, a public house's address, a travellers' site by its whole name, a Vietnamese address, a
country that closes an address abroad, a form's « Naissance : », a labelled IBAN at a length its
country does not use."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a farm's company, by its legal form on the line above
        ("Paul Delmas\nGAEC des Trois Sources\nBP 14, 15300 Murat", []),
        ("Paul Delmas\nBP 14, 15300 Murat", ["BP 14, 15300 Murat"]),
        # a funeral director's address, right after its name
        ("les Pompes Funèbres Roc, 4 rue du Lac, 15000 Aurillac, ont appelé", []),
        # an association's, after its president's name: her home as well
        (
            "Association Ti Kaz - présidente Marie Hoarau, 9 rue des Goyaves, 97440 Saint-André",
            ["9 rue des Goyaves, 97440 Saint-André"],
        ),
    ],
)
def test_an_organisations_address(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le salon Coiffure Awa ouvre-t-il le dimanche ?", []),
        ("l'épicerie Mamadou Frères a fermé", []),
        ("Awa Diallo tient un salon de coiffure", ["Awa Diallo"]),
    ],
)
def test_a_shop_named_after_its_owner(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "je peux déclarer : voilier Avel Vor, ponton C, place 18, port de Lorient, 56100 "
            "Lorient ?",
            ["voilier Avel Vor, ponton C, place 18, port de Lorient, 56100 Lorient"],
        ),
        (
            "Je vis sur la péniche L'Hirondelle, quai Rambaud, 69002 Lyon et je n'ai pas de place",
            ["péniche L'Hirondelle, quai Rambaud, 69002 Lyon"],
        ),
        (
            "Adresse : cale de Kernével, maison n° 3, 56260 Larmor-Plage",
            ["cale de Kernével, maison n° 3, 56260 Larmor-Plage"],
        ),
        (
            "Marcel Foucher\nla Chesnaie, 49490 Noyant\ntél 02 41 89 00 63",
            ["la Chesnaie, 49490 Noyant"],
        ),
        (
            "Mme Merlet 06 24 90 57 63 La Gendronnière, 85150 Saint-Mathurin",
            ["La Gendronnière, 85150 Saint-Mathurin"],
        ),
        (
            "Franck : oui, Mireille Raoul, la Petite Lande, 44130 Blain",
            ["la Petite Lande, 44130 Blain"],
        ),
        # the end of a longer address, a shop's name: no farm of their own
        # (« tour Tokyo » is not read yet; its end is no farm « Tokyo, 75013 Paris » of its own)
        ("20 rue du Javelot, tour Tokyo, 75013 Paris", ["20 rue du Javelot"]),
        ("Rendez-vous au Super U, 44130 Blain", []),
        (
            "JE VIS SEULE AU 3 CHEMIN DES PRÉS, LES VERNES, 71550 ANOST. MERCI",
            ["3 CHEMIN DES PRÉS, LES VERNES, 71550 ANOST"],
        ),
        (
            "Visiteur : Thomas Ferrero 6 passage Thiaffait, 69001 Lyon",
            ["6 passage Thiaffait, 69001 Lyon"],
        ),
        ("le camion devant le 14 rue Gambetta de 8h à 13h.", ["14 rue Gambetta"]),
        (
            "- Jean-Claude Mbuyi\n- Les Minguettes, tour 14, appt 803, 69200 Vénissieux",
            ["Les Minguettes, tour 14, appt 803, 69200 Vénissieux"],
        ),
        ("Siège : Maison des associations, 28 rue Denfert-Rochereau, 69004 Lyon", []),
        (
            "on est a l aire d'accueil des gens du voyage, emplacement 7, chemin du Rafour, 69140 "
            "Rillieux-la-Pape depuis janvier",
            [
                "aire d'accueil des gens du voyage, emplacement 7, chemin du Rafour, 69140 "
                "Rillieux-la-Pape"
            ],
        ),
        (
            "chez ma sœur, Số 18 ngõ 45 phố Huế, quận Hai Bà Trưng, Hà Nội, Việt Nam. Il était",
            ["Số 18 ngõ 45 phố Huế, quận Hai Bà Trưng, Hà Nội, Việt Nam"],
        ),
        (
            "ma mère vit au 25 đường Lê Lợi, phường Bến Nghé, Quận 1, TP. Hồ Chí Minh, Vietnam",
            ["25 đường Lê Lợi, phường Bến Nghé, Quận 1, TP. Hồ Chí Minh, Vietnam"],
        ),
    ],
)
def test_homes_of_the_forty_seventh_and_forty_eighth_sets(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Nom : Valenzuela\nNaissance : 02-08-1985", PiiType.BIRTH_DATE, ["02-08-1985"]),
        ("Naiss. : 3 mars 1990", PiiType.BIRTH_DATE, ["3 mars 1990"]),
        ("Lieu de naissance : Lyon, le 3 mars 2020 j'ai déménagé", PiiType.BIRTH_DATE, []),
        # a group typed twice: 26 characters, not Portugal's 25, and mod 97 holds
        (
            "mon IBAN portugais : PT50 0033 0000 4567 8912 3456 14.",
            PiiType.IBAN,
            ["PT50 0033 0000 4567 8912 3456 14"],
        ),
        # a wrong checksum is no IBAN
        ("IBAN : FR76 3000 6000 0112 3456 7890 188 (je ne suis pas sûr)", PiiType.IBAN, []),
    ],
)
def test_a_forms_birth_and_a_labelled_iban(text: str, kind: PiiType, expected: list[str]) -> None:
    assert found(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a performer by the whole name on the bill; a child's show is a child's
        ("le concert de Nolwenn Leroy sur le cours Dajot, trop fort", []),
        ("On fait des reprises de Jean-Jacques Goldman à la fête", []),
        ("le spectacle de Léa Martin à l'école", ["Léa Martin"]),
        # a country is no one's name
        ("Nous sommes arrivés de Géorgie le mois dernier avec Nino Beridze", ["Nino Beridze"]),
        # places named after people
        ("la passerelle Jean-Pierre Calloc'h sera fermée", []),
        ("le fort Sarah Bernhardt se visite-t-il ?", []),
    ],
)
def test_public_figures_places_and_countries(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected
