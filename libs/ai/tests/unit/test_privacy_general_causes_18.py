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
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.testkit.privacy_probes import found, with_model_finding

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Adresse : Lotissement Pitons, 23 rampe de la Plaine, 97431 La Plaine-des-Palmistes.",
            ["Lotissement Pitons, 23 rampe de la Plaine, 97431 La Plaine-des-Palmistes"],
        ),
        # a skate park's ramp is no street
        ("La rampe de skate du parc est cassée.", []),
        ("Adresse : section Dubelloy, 97170 Petit-Bourg", ["section Dubelloy, 97170 Petit-Bourg"]),
        (
            "Nouvelle adresse : Les Hauts de Lucé, bât. Hortensias, appt 58, 28110 Lucé.",
            ["Les Hauts de Lucé, bât. Hortensias, appt 58, 28110 Lucé"],
        ),
        (
            "Mon frère : 4521, rue Saint-Denis, app. 3, Montréal (Québec) H2J 2L1, Canada.",
            ["4521, rue Saint-Denis, app. 3, Montréal (Québec) H2J 2L1, Canada"],
        ),
        ("Il vit à Montréal (Québec) depuis 2010.", []),
    ],
)
def test_overseas_hamlets_and_slopes_named_buildings_and_canada(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Date : mar. 12 mars\nObjet : inhumation", "mar. 12 mars"),
        ("ne plus démarrer le scooter avant 8 h.", "8 h."),
        # a place of its own holds a word that is no day's or month's
        ("c'est au 12 rue de Mars, voilà", "12 rue de Mars"),
    ],
)
def test_a_date_or_an_hour_the_model_reads_as_an_address_is_none(text: str, read: str) -> None:
    # the model's address alone, where no rule read anything
    start = text.index(read)
    spans = with_model_addresses(text, [], [(start, start + len(read))])
    assert [span.text for span in spans] == ([read] if "rue" in read else [])


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        # a heading in capitals, its words all French and none a first name
        ("ALERTE CYCLONIQUE \u2013 VIGILANCE ORANGE\nÉcoles fermées.", ["ALERTE CYCLONIQUE"], []),
        ("MAIRIE DE ROUBAIX : MARIE DUPONT", ["MARIE DUPONT"], ["MARIE DUPONT"]),
        # a surname alone may be a word of French
        ("Signé : SALLES", ["SALLES"], ["SALLES"]),
    ],
)
def test_a_heading_in_capitals_is_no_name(
    text: str, model_finds: list[str], expected: list[str]
) -> None:
    assert with_model_finding(text, *model_finds) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agent : Parfait, je vous envoie le dossier.", []),
        ("Agent : Lucie, service logement", ["Lucie"]),
        (
            "Contact : Francisca Souza, piste Paul Isnard PK 3, 97320 Saint-Laurent-du-Maroni",
            ["Francisca Souza"],
        ),
    ],
)
def test_an_agents_answer_and_a_tracks_namesake_are_no_names(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.NAME) == expected
