"""General causes seen on the thirty-fifth and thirty-sixth sets (Occitanie; the Hauts-de-France
and the mining basin; both measured blind first, then read for their errors, never their
sentences): a clause's verb or relative pronoun read into a name, a question's inverted verb
or an English sentence after a transcript's « Agent : », a surname alone before the e-mail
that spells it; a town in lower case right after its street, a shelter by its kind and
name, a mining estate between the street and the postcode; a footballer by his fans, a
singer by what is sung, a poet by his text."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.testkit.privacy_probes import found

# The guard with its model (the names model where make built it): stars are the model's finds.
GUARD = PrivacyGuard()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BRUIT DU VOISIN M. FERRERO QUI HABITE AU 3E, TOUTES LES NUITS", ["FERRERO"]),
        ("moi c'est garcia qui a appelé hier", ["garcia"]),
        (
            "MON MARI MAMADOU DIALLO TRAVAILLE DE NUIT ET LES ENFANTS DORMENT AU SALON.",
            ["MAMADOU DIALLO"],
        ),
        ("Agent : Avez-vous prévenu votre bailleur ?", []),
        ("Agent : Pouvez-vous rappeler demain ?", []),
        ("Agent: Thank you. Your address in France?", []),
        # a name after the label still is one
        ("Agent : Lucie Marchal, service logement", ["Lucie Marchal"]),
    ],
)
def test_what_follows_a_subject_or_a_speakers_label_is_no_name(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("souci de voiture ventouse devant chez moi\nCazals jcazals@free.fr", ["Cazals"]),
        ("ok merci. moi c paulo martins paulo.martins31@gmail.com", ["paulo martins"]),
        # the first name the address gives by its initial only is left to the other rules
        ("Réponse : Nadège Szczepaniak <n.szczepaniak@orange.fr>", ["Szczepaniak"]),
        # a service's address spells a word of French, no one's name
        ("écrire au service urbanisme urbanisme@exemple.fr merci", []),
        # the words before the address must be in it
        ("Bonne journée jcazals@free.fr", []),
    ],
)
def test_a_name_before_the_e_mail_that_spells_it(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "pour le bus, la nouvelle adresse c 7 rue Jacquard appt 2 tourcoing merci",
            ["7 rue Jacquard appt 2 tourcoing"],
        ),
        # a word of French after the street is no town
        ("j'habite 12 rue de la gare et merci", ["12 rue de la gare"]),
        # a floor « du » its street is the writer's sentence, as four sets of five have it
        (
            "le voisin du dessus au 3e étage du 12 rue Pierre Legrand, 59000 Lille",
            ["12 rue Pierre Legrand, 59000 Lille"],
        ),
        (
            "Adresse : Centre d'hébergement Les Acacias, chambre 9, 3 rue de l'Abbé Lemire, "
            "59190 Hazebrouck",
            [
                "Centre d'hébergement Les Acacias, chambre 9, 3 rue de l'Abbé Lemire, "
                "59190 Hazebrouck"
            ],
        ),
        (
            "hébergé au foyer de travailleurs migrants, ch. 33, 21 rue de l'Alma, 59100 Roubaix",
            ["foyer de travailleurs migrants, ch. 33, 21 rue de l'Alma, 59100 Roubaix"],
        ),
        (
            "Il habitait 12 rue des Glaïeuls, cité du 4, 62110 Hénin-Beaumont, où vit sa femme",
            ["12 rue des Glaïeuls, cité du 4, 62110 Hénin-Beaumont"],
        ),
    ],
)
def test_towns_floors_shelters_and_mining_estates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon fils est fan d'Antoine Dupont, il voudrait voir le match.", []),
        ("La chorale voudrait chanter du Charles Trenet et du Brassens au repas des aînés.", []),
        ("lecture d'un texte de Guillaume Apollinaire par les élèves de CM2", []),
        # a fan is a person too
        ("Mon voisin Jean Dupont est fan de pétanque.", ["Jean Dupont"]),
    ],
)
def test_a_star_by_those_who_follow_or_sing_them_is_no_one_who_writes(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.NAME, GUARD) == expected
