"""General causes of error seen on a second set written apart (never its sentences):
greetings and function words of other languages, a form's field labels taken for names;
a signature followed by its writer's contacts or service, a request "transmise par" someone,
a signature above its writer's address, a declaration ("je soussigné"), a list item before
its birth date, and first names listed with a note between them missed; a birth date after
a birth name;
an address cut before its floor's side or its room, a town whose name has an elided part,
and a residence named with an adjective first."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import RULES_ONLY, found, with_model_finding


def names(text: str) -> list[str]:
    return found(text, PiiType.NAME)


# The model's find, then what the guard keeps of it.
@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        # A greeting opening a line, in any language: one word, or words in lower case after
        # the first, none of them a first name.
        ("Dobry wieczór, chciałbym zapisać syna.", "Dobry wieczór", []),
        ("Merhaba, je voudrais un rendez-vous.", "Merhaba", []),
        ("Objet : voirie\nDobrý den! Le trottoir est cassé.", "Dobrý den", []),
        # ...not a full name opening the line, nor a first name addressed.
        ("Nguyen Van Thanh, 12 rue des Lilas", "Nguyen Van Thanh", ["Nguyen Van Thanh"]),
        ("Karim, peux-tu rappeler la dame ?", "Karim", ["Karim"]),
        # A function word of another language opening the find.
        ("Mi nombre es Lucía Ortega.", "es Lucía Ortega", ["Lucía Ortega"]),
        ("Myself Priya Raman, from Lyon.", "Myself Priya Raman", ["Priya Raman"]),
        # ...at the end, a surname stays, and a clause stays a clause (dropped whole).
        ("Merci à Theresa May pour son aide.", "Theresa May", ["Theresa May"]),
        ("Please answer in English. Thank you very much", "Thank you very much", []),
        # A text message's "je m'" without its apostrophe.
        ("slt jm appel enzo martin", "jm", []),
        # Punctuation and verbs of other languages at a find's edge.
        ("Gracias. ¡Muchas gracias!", "¡Muchas", []),
        ("Hola, me llamo Inés Romero Vidal.", "llamo Inés Romero Vidal", ["Inés Romero Vidal"]),
        # A form's field opening a line, before a colon.
        ("Objet : panne\nMotif : fuite d'eau sous l'évier", "Motif", []),
        (
            "Demandeur : Léon Petit\nTitulaire : Léon Petit",
            "Titulaire",
            ["Léon Petit", "Léon Petit"],
        ),
        ("Martin : je passe demain matin.", "Martin", ["Martin"]),
    ],
)
def test_what_the_guard_keeps_of_the_model_s_find(
    text: str, model_find: str, expected: list[str]
) -> None:
    assert with_model_finding(text, model_find) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A signature followed by its writer's contacts: on the same line, even in lower case.
        ("Le bac est cassé depuis lundi. nadège 06 41 22 87 90", ["nadège"]),
        ("Merci de votre aide.\nOlivia Marchetti\nolivia.m@free.fr", ["Olivia Marchetti"]),
        ("Merci.\nOlivia Marchetti\nTél : 06 41 22 87 90", ["Olivia Marchetti"]),
        # An agent's signature and service.
        ("Le logiciel ne marche plus. Corinne, service état civil", ["Corinne"]),
        # A request passed on by someone.
        ("Message transmis par Gaëlle, accueil : rappeler la dame.", ["Gaëlle"]),
        # A signature above its writer's postal address.
        ("Merci d'avance.\n\nWiltord Saint-Fleur\n4 rue des Écoles, 93", ["Wiltord Saint-Fleur"]),
        # A declaration, in capitals too.
        ("JE SOUSSIGNÉ LUDOVIC ARNAUD, DEMEURANT À DIJON, ATTESTE…", ["LUDOVIC ARNAUD"]),
        ("Je soussignée Aminata Koné atteste sur l'honneur…", ["Aminata Koné"]),
        # A list item before its birth (not a word of French: "Enfant").
        ("Foyer :\n- Kavya, née le 02/03/2011\n- Enfant, né le 01/01/2020", ["Kavya"]),
    ],
)
def test_names_the_rules_find(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_first_names_listed_with_a_note_between_them() -> None:
    text = "Inscription de Noé (CM1) et Lila (CP) à la garderie."
    assert with_model_finding(text, "Noé") == ["Noé", "Lila"]
    text = "Les enfants : Maëlys 9 ans, Timéo 11 ans et Lou."
    assert with_model_finding(text, "Maëlys") == ["Maëlys", "Timéo", "Lou"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Je loge au 8 rue Victor Hugo, 1er droite, 59000 Lille.",
            "8 rue Victor Hugo, 1er droite, 59000 Lille",
        ),
        (
            "Mon adresse : 3 impasse des Saules, 38080 L'Isle-d'Abeau, merci.",
            "3 impasse des Saules, 38080 L'Isle-d'Abeau",
        ),
        (
            "Courrier à : résidence sociale Les Lilas, chambre 12, 57000 Metz",
            "résidence sociale Les Lilas, chambre 12, 57000 Metz",
        ),
    ],
)
def test_an_address_s_whole_extent(text: str, expected: str) -> None:
    assert [s.text for s in RULES_ONLY.detect(text) if s.type is PiiType.ADDRESS] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # After its postcode, a town the official list does not hold is the address's too.
        (
            "Logement : 4 rue des Pins, bât B, 69000 Exempleville. Merci.",
            "4 rue des Pins, bât B, 69000 Exempleville",
        ),
        # A street's name holds a date; a period or a day after it is not the address's.
        ("Stand au 12 rue Carnot du 4 au 8 juin.", "12 rue Carnot"),
        ("Je déménage au 3 allée des Cèdres le 2 mai.", "3 allée des Cèdres"),
        ("5 rue du 8 Mai 1945, 69100 Villeurbanne", "5 rue du 8 Mai 1945, 69100 Villeurbanne"),
    ],
)
def test_an_address_s_end(text: str, expected: str) -> None:
    assert [s.text for s in RULES_ONLY.detect(text) if s.type is PiiType.ADDRESS] == [expected]


def test_a_birth_date_after_the_birth_name() -> None:
    text = "Ma mère, Mme Odile Ferrand, née Chapelier le 12/04/1939 à Mâcon."
    dates = [s.text for s in RULES_ONLY.detect(text) if s.type is PiiType.BIRTH_DATE]
    assert dates == ["12/04/1939"]
    # ...not any word: "née quelque part le" says no birth name
    assert not [
        s for s in RULES_ONLY.detect("née quelque part le 3 mars") if s.type is PiiType.BIRTH_DATE
    ]
