"""General causes of error seen on a fifth set written apart (never its sentences): words of
courtesy of other languages ("Kenavo", "Misaotra betsaka"), a word of French exclaimed alone
and an English "and" taken for names; a surname that is a town, a birth name after "Aït", a
signature after a closing word or with its employer in brackets, a lower-case writer's
signature and a first name repeated in lower case missed; birth dates written in words, with
spaces, after a form's short label, without "le", or for a second child; addresses in the
street signs of France's regional languages and addresses abroad. And from the fourth set,
tuned on since: a birth told in another language, a caller's name before "ici", an
introduction in Turkish, Italian or German, a town after "à" ending an address."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


# The model's find, then what the guard keeps of it.
@pytest.mark.parametrize(
    ("text", "model_find", "expected"),
    [
        # Thanks, greetings and wishes of other languages, alone or opening a sentence.
        ("Le dossier est complet. Trugarez vras !", "Trugarez vras", []),
        ("Rappelez-moi au 06 12 00 00 00. Dziękuję bardzo.", "Dziękuję bardzo", []),
        ("Le dossier est parti hier. Spasibo.", "Spasibo", []),
        ("Mashallah tout s'est bien passé au mariage.", "Mashallah", []),
        # ...a phrase of courtesy whose first word is a first name too ("Xin").
        ("Xin chào, je voudrais une attestation.", "Xin chào", []),
        # ...but a first name that is such a word too stays a name ("Sana").
        ("Ma fille Sana entre au CP.", "Sana", ["Sana"]),
        # A word of French exclaimed alone is no one.
        ("Le feu d'artifice était réussi. Superbe ! Merci à vous.", "Superbe", []),
        ("Le dossier est complet. Génial !", "Génial", []),
        # ...a first name called out stays ("Rose" is a first name).
        ("Le chat est revenu. Rose !", "Rose", ["Rose"]),
        # A lone letter cut off the find leaves no English "and" at its end.
        (
            "Hi, my French is not very good. My name is Oliver Grant and I just moved here.",
            "Oliver Grant and I just moved",
            ["Oliver Grant"],
        ),
        # A town abroad where someone was born, lived or died, or after a date.
        ("Mon oncle est décédé hier à Bamako.", "Bamako", []),
        ("Nato il 02/02/1961 a Catania, vorrei un certificato.", "Catania", []),
        # ...not someone a file is passed on to.
        ("Dossier transmis à Traoré pour suite.", "Traoré", ["Traoré"]),
        # A work's author is a public figure; a shop is a place.
        ("La fresque peinte par Keith Haring est-elle classée ?", "Keith Haring", []),
        ("Les sacs jaunes sont-ils chez Carrefour ou à la mairie ?", "Carrefour", []),
        # ...a repair's maker is anyone.
        ("Les travaux réalisés par Karim Benali sont finis.", "Karim Benali", ["Karim Benali"]),
        # A surname that is a town, after the first name.
        ("Je suis Hugo Paris, votre voisin du 3e.", "Hugo Paris", ["Hugo Paris"]),
        # A Kabyle birth name with its particle ("Ait" is a French verb too).
        (
            "Mme Dalila Haddad née Ait Ouali demande un acte.",
            "Ait Ouali",
            ["Dalila Haddad", "Ait Ouali"],
        ),
    ],
)
def test_what_the_guard_keeps_of_the_model_s_find(
    text: str, model_find: str, expected: list[str]
) -> None:
    assert with_model_finding(text, model_find) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A signature after a closing word, with its writer's employer or role in brackets.
        ("Le portail est bloqué depuis hier. Merci, Gwendoline (Emmaüs)", ["Gwendoline"]),
        # A writer who types in lower case signs in lower case.
        ("c pour le dossier de mon fils, merci de me le renvoyer. aurelie", ["aurelie"]),
        # ...not a writer who capitalises: the last word is a word, not a signature.
        ("Bonjour, le planning svp. Merci. rose", []),
    ],
)
def test_names_the_rules_find(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A caller's name before "ici" or "à l'appareil".
        ("Bonsoir, Gülsen Arslan ici, je vous appelle pour la cantine.", ["Gülsen Arslan"]),
        ("Oui bonjour. Ngozi Adeyemi à l'appareil.", ["Ngozi Adeyemi"]),
        # ...not a service's.
        ("Bonjour, Accueil ici, je transmets votre demande.", []),
        # Introductions in Turkish, Italian, German.
        ("Merhaba, benim ad\u0131m Kemal Öztürk, bir sorum var.", ["Kemal Öztürk"]),
        ("Buongiorno, mi chiamo Chiara Rinaldi e vorrei", ["Chiara Rinaldi"]),
        ("Guten Tag, ich heiße Jonas Becker und", ["Jonas Becker"]),
    ],
)
def test_names_in_their_context(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


def test_a_first_name_repeated_in_lower_case() -> None:
    text = "c la maman de Yanis et Inès, yanis né le 03/02/2014."
    assert with_model_finding(text, "Yanis", "Inès") == ["Yanis", "Inès", "yanis"]
    # ...but a surname written capitalised does not count in lower case ("un petit souci").
    text = "Mme Petit a un petit souci."
    assert with_model_finding(text, "Petit") == ["Petit"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # In words, as a certificate writes it.
        (
            "né le trois mars mille neuf cent cinquante-six à Oran",
            ["trois mars mille neuf cent cinquante-six"],
        ),
        ("née le premier juin deux mille deux", ["premier juin deux mille deux"]),
        # With spaces, after a form's label.
        ("Né(e) le : 04 11 1979 à Tunis", ["04 11 1979"]),
        # A form's label cut short, and the ISO form.
        ("DATE NAISS : 2001-05-30\nTEL : 06 00 00 00 00", ["2001-05-30"]),
        ("Date de naiss. : 12/12/1999", ["12/12/1999"]),
        # "le" left out in a hurry.
        ("Moi Ali, né 05/06/1990 Herat.", ["05/06/1990"]),
        # A birth announced, and a second child's date after the first.
        ("Suite à la naissance de mon fils Adam le 02/02/2025, je demande", ["02/02/2025"]),
        ("Lou née le 01/09/2015 et Tom le 14/03/2018.", ["01/09/2015", "14/03/2018"]),
        ("lou née le 01/09/2015 et inès le 14/03/2018", ["01/09/2015", "14/03/2018"]),
        # ...not any date after "et": a meeting is no birth.
        ("né le 3 mars 1990, et rendez-vous le 4 avril", ["3 mars 1990"]),
        # ...nor a count.
        ("Il est né 3 fois", []),
        # Told in the languages newcomers write in, a birthplace between or not.
        ("Mi hijo nació el 02/05/2015 en Lima.", ["02/05/2015"]),
        ("Sono nata a Palermo il 14/07/1988.", ["14/07/1988"]),
        ("My son was born on 03/03/2019.", ["03/03/2019"]),
    ],
)
def test_birth_dates(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The street signs of France's regional languages.
        ("J'habite 7 karrika Handia, 64500 Ciboure.", ["7 karrika Handia, 64500 Ciboure"]),
        ("Adresse : 12 straed ar Vro, 29000 Quimper", ["12 straed ar Vro, 29000 Quimper"]),
        # Abroad: the number after the street's name, the postcode and the country.
        (
            "Mon ancienne adresse : Via Garibaldi 8, 10122 Torino, Italia.",
            ["Via Garibaldi 8, 10122 Torino, Italia"],
        ),
        ("Envoyez à Calle Mayor 3, 28013 Madrid.", ["Calle Mayor 3, 28013 Madrid"]),
        ("chez ma sœur, Bahnhofstraße 14, 79539 Lörrach", ["Bahnhofstraße 14, 79539 Lörrach"]),
        ("Rua das Flores 45, 4050-262 Porto", ["Rua das Flores 45, 4050-262 Porto"]),
        # A town after "à", in lower case when the official list holds it.
        ("le 5 rue des Prés a vénissieux, svp", ["5 rue des Prés a vénissieux"]),
        ("au 9 allée Verte à Exempleville il pleut", ["9 allée Verte à Exempleville"]),
        ("au 9 allée Verte a pied", ["9 allée Verte"]),
        # ...not a square named in a sentence, nor "via" meaning "through".
        ("On a visité la Piazza Navona 2 fois.", []),
        ("Inscription via Internet 3 jours avant.", []),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected
