"""General causes of error seen on a set written apart (never its sentences): verbs opening a
sentence, acronyms, feasts, towns, letters, words glued to a name's end, venues named after
people and regional greetings taken for names; children listed after a kinship word and
surnames with an elided part missed; an address cut at its residence or its floor, a cité
without a number, and a birth date after the birthplace."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


# The model's find, then what the guard keeps of it.
@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        # A. A verb opening a sentence or a line, capitalised as any first word is.
        ("Rédigez un courrier pour la mairie.", "Rédigez", []),
        ("Merci.\nVérifie les horaires de la piscine.", "Vérifie", []),
        ("À faire :\n- Rédige une réponse\n- Envoie-la", "Rédige", []),
        ("Appelez-moi avant midi.", "Appelez-moi", []),
        ("Prévenez Sylvain Caron du retard.", "Prévenez Sylvain Caron", ["Sylvain Caron"]),
        # A first name that is a verb's form too stays a name.
        ("Désiré Kouassi est passé.", "Désiré Kouassi", ["Désiré Kouassi"]),
        ("Matisse est malade, il ne viendra pas.", "Matisse", ["Matisse"]),
        # B. Acronyms and technical words in capitals.
        ("Joindre le RIB et la notification CAF.", "RIB", []),
        ("Le rendez-vous PMI est à 10 h.", "PMI", []),
        ("Mon dossier APL est bloqué.", "APL", []),
        # D. A town after "de", "à", "sur", "près de".
        ("Le refuge de Forbach est complet.", "Forbach", []),
        ("Je travaille près de Hagondange.", "Hagondange", []),
        ("La fille de Marie viendra.", "Marie", ["Marie"]),  # a first name before a town
        ("Je suis de Maizières.", "Maizières", []),
        ("Le tournoi à Yutz est complet.", "Yutz", []),
        ("Mme de Metz a appelé.", "de Metz", ["de Metz"]),  # a civility: a surname
        # E. A letter labelling a building, a staircase, an answer.
        ("Ascenseur en panne au bât F escalier B depuis lundi.", "F escalier B", []),
        ("Cochez la case B puis signez.", "B", []),
        ("Ma réponse : B", "B", []),
        ("Sonnez bât K Gomez au deuxième.", "K Gomez", ["Gomez"]),
        ("Écrire à T. Moreau pour la salle.", "T. Moreau", ["T. Moreau"]),
        ("voir avec R. Da Silva demain", "R. Da Silva", ["R. Da Silva"]),
        # F. A lower-case adverb or an SMS verb glued to the name's end.
        ("bonsoir cest Rayane Haddad vraiment urgent", "Rayane Haddad vraiment", ["Rayane Haddad"]),
        ("slt c'est Maëva Girard jhabite au 3", "Maëva Girard jhabite", ["Maëva Girard"]),
        ("moi cest Tom jsuis devant", "Tom jsuis", ["Tom"]),
        ("salut c medhi jai besoin daide", "medhi jai besoin", ["medhi"]),
        ("ici Léna Roux également pour la réunion", "Léna Roux également", ["Léna Roux"]),
        # G. Venues named after people.
        ("La ludothèque Colette Besson rouvre mardi.", "Colette Besson", []),
        ("Rejoignez les Amis de Pierre Loti ce samedi.", "Pierre Loti", []),
        ("Réunion à l'amicale Roger Salengro.", "Roger Salengro", []),
        ("Inscription à la halte-garderie Louise Weiss.", "Louise Weiss", []),
        ("Soirée jeux à la MJC Boris Vian.", "Boris Vian", []),
        # H. Greetings of regional languages opening a message.
        ("Demat, je voudrais une place en crèche.", "Demat", []),
        ("Adiu, quand ouvre la mairie ?", "Adiu", []),
        ("Bonghjornu, u me figliolu hè malatu.", "Bonghjornu", []),
        ("Kaixo Mikel, merci pour ton message.", "Kaixo Mikel", ["Mikel"]),
    ],
)
def test_the_models_finds_that_are_no_one(text: str, model_find: str, expected: list[str]) -> None:
    assert with_model_finding(text, model_find) == expected


@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        # C. Feasts, seasons and the Republic after an article, a preposition or a wish.
        ("On part pendant les vacances de la Toussaint.", "Toussaint", []),
        ("les sapins de noel arrivent lundi", "noel", []),
        ("Joyeux Noël à toute l'équipe !", "Joyeux Noël", []),
        ("Le marché est fermé le lundi de la Pentecôte.", "Pentecôte", []),
        ("Fermé le jeudi de l'Ascension.", "Ascension", []),
        ("Le feu de la Saint-Jean est annulé.", "Saint-Jean", []),
        ("Les valeurs de la République sont affichées.", "République", []),
        # Toussaint and Noël are surnames and first names too.
        ("Mme Toussaint a rappelé.", "Toussaint", ["Toussaint"]),
        ("Bernadette Toussaint a rappelé.", "Bernadette Toussaint", ["Bernadette Toussaint"]),
        ("La fille de Noël Lambert est inscrite.", "Noël Lambert", ["Noël Lambert"]),
        ("Mme Claire de Saint-Jean sera là.", "Claire de Saint-Jean", ["Claire de Saint-Jean"]),
    ],
)
def test_feasts_are_no_one(text: str, model_find: str, expected: list[str]) -> None:
    assert with_model_finding(text, model_find) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # I. The children listed after a plural kinship word, a number allowed, any case.
        ("J'inscris mes deux enfants Yanis et Chloé au centre aéré.", ["Yanis", "Chloé"]),
        ("mes enfants lucas et ines mangent à la cantine", ["lucas", "ines"]),
        ("nos trois filles : Manon, Camille et Zoé", ["Manon", "Camille", "Zoé"]),
        ("mes 2 fils yassine et adam sont malades", ["yassine", "adam"]),
        ("mes trois filles sara nour et jade", ["sara", "nour", "jade"]),
        ("jai 2 enfants noah et jade", ["noah", "jade"]),
        ("mes enfants dorment et mangent bien", []),
        # Traps: no list of names after the kinship word.
        ("mes enfants mangent à la cantine", []),
        ("mes deux enfants et moi viendrons", []),
        # J. A surname in capitals with an elided part, before the first name.
        ("Dossier de BEN-M'BAREK Sofia reçu hier.", ["BEN-M'BAREK Sofia"]),
        ("Inscrire AIT-N'GUESSAN Marc au club.", ["AIT-N'GUESSAN Marc"]),
    ],
)
def test_names_missed(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # K. A residence and complements between the street and the postcode: one address.
        (
            "Nouvelle adresse : 9 rue Victor Hugo, résidence Le Clos Fleuri, apt 12, 57070 Metz.",
            ["9 rue Victor Hugo, résidence Le Clos Fleuri, apt 12, 57070 Metz"],
        ),
        (
            "Livrer au 22 avenue de Nancy, cité du Stade, bât. A, 57000 Metz svp",
            ["22 avenue de Nancy, cité du Stade, bât. A, 57000 Metz"],
        ),
        # L. The ground floor, a floor, a door's side, a letter box.
        (
            "J'habite 4 rue Mazelle, rez-de-chaussée, 57000 Metz.",
            ["4 rue Mazelle, rez-de-chaussée, 57000 Metz"],
        ),
        ("Colis pour 17 rue Haute, RDC, 57100 Thionville", ["17 rue Haute, RDC, 57100 Thionville"]),
        (
            "C'est au 6 rue des Jardins, 2e étage porte droite, 54000 Nancy.",
            ["6 rue des Jardins, 2e étage porte droite, 54000 Nancy"],
        ),
        # M. A cité or a residence without a number, with a complement and its postcode.
        (
            "Je vis Cité des Acacias, bâtiment 4, 69200 Vénissieux depuis 2019.",
            ["Cité des Acacias, bâtiment 4, 69200 Vénissieux"],
        ),
        (
            "Adresse : Résidence Les Peupliers, esc. 2, 57050 Metz",
            ["Résidence Les Peupliers, esc. 2, 57050 Metz"],
        ),
        (
            "jhabite cité des lilas, bâtiment 2, 13015 marseille",
            ["cité des lilas, bâtiment 2, 13015 marseille"],
        ),
        (
            "mon adresse 8 rue pasteur, résidence les tilleuls, apt 7, 57100 thionville",
            ["8 rue pasteur, résidence les tilleuls, apt 7, 57100 thionville"],
        ),
        ("Cité Bellevue, bloc 4, 57100 Thionville", ["Cité Bellevue, bloc 4, 57100 Thionville"]),
        # Traps: a cité or a floor without a postcode is no one's address.
        ("12 rue Pasteur, résidence principale depuis 2010.", ["12 rue Pasteur"]),
        ("La cité des sciences est fermée.", []),
        ("Le bureau est au 1er étage de la mairie.", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # N. The birthplace between "né" and "le".
        ("Mon fils est né au Portugal le 14 juillet 2012.", ["14 juillet 2012"]),
        ("Née en Côte d'Ivoire le 02/09/1981, je demande un acte.", ["02/09/1981"]),
        ("Il est né aux Comores le 5 mai 1999.", ["5 mai 1999"]),
        ("né à Sarrebruck le 30/01/1975", ["30/01/1975"]),
        ("nee en algerie le 12/04/1979", ["12/04/1979"]),
        ("Je suis née au Mali, à Kayes, le 4 avril 1990.", ["4 avril 1990"]),
        # Traps: a date that is not a birth.
        ("Le dossier est en Algérie le 12/04/2024.", []),
        ("Le projet né en 2015 a été voté le 3 mars 2020.", []),
    ],
)
def test_birth_dates_after_the_birthplace(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


def test_lone_letters_and_acronyms_stay_unmasked_with_the_model() -> None:
    text = "Le RIB et l'IBAN sont au bât D, escalier C."
    assert with_model_finding(text, "RIB", "IBAN", "D", "C") == []
