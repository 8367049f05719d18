"""General causes of the sixty-seventh to sixty-ninth sets (Bordeaux and the Gironde through web
forms and SMS; the Var and the Alpes-Maritimes as agents write among themselves; Grenoble and
the Savoies in phone transcripts and reports; measured blind first, then read for their
errors): a birth date written again another way, digits said after a dictated e-mail's name,
an « @ » between spaces, a Bulgarian flat in Cyrillic, « res » for a residence, a floor in
words, a home for disabled adults, a hesitation inside or before a name, a civility alone, a
widow's title, police and navy ranks, the prime ministers of the Fifth Republic, a public
service's mailbox whose words are glued or short."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elle est née le 15 mai 1948 en Turquie. Sur sa carte de séjour c'est le 15/05/1948.",
            ["15 mai 1948", "15/05/1948"],
        ),
        ("Né le 15/1/76 à Oran. Je vous rappelle sa date : 15/1/76.", ["15/1/76", "15/1/76"]),
        ("NÉE LE 1ER MARS 1950, SOIT LE 01.03.50 SUR L'ACTE", ["1ER MARS 1950", "01.03.50"]),
    ],
)
def test_a_birth_date_written_again_another_way(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected


def test_another_date_of_the_same_message_stays() -> None:
    text = "Né le 3 mars 1958 ; rendez-vous le 3 mars 2025 et le 15/05/2025."
    assert found(text, PiiType.BIRTH_DATE) == ["3 mars 1958"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "mon mail c jean point savoie soixante-treize arobase gmail point com merci",
            "jean point savoie soixante-treize arobase gmail point com",
        ),
        ("mail : nathalie.dupuy33 @ gmail.com", "nathalie.dupuy33 @ gmail.com"),
    ],
)
def test_e_mails_as_phones_type_and_people_dictate_them(text: str, expected: str) -> None:
    assert found(text, PiiType.EMAIL) == [expected]


def test_an_at_sign_in_a_sentence_is_no_e_mail() -> None:
    assert found("Rendez-vous @ 10 h à la mairie.", PiiType.EMAIL) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Адрес: ул. Шипка 7, ет. 3, ап. 9, 9000 Варна", "ул. Шипка 7, ет. 3, ап. 9, 9000 Варна"),
        ("j'habite 8 res les erables apt 31 depuis mars", "8 res les erables apt 31"),
        (
            "Elle vit au foyer de vie Les Érables, 22 avenue de Vizille, 38000 Grenoble.",
            "foyer de vie Les Érables, 22 avenue de Vizille, 38000 Grenoble",
        ),
        (
            "Adresse : 12 rue des Lilas, troisième étage, 38000 Grenoble.",
            "12 rue des Lilas, troisième étage, 38000 Grenoble",
        ),
        (
            "Adresse : Résidence Les Pins, premier étage, 12 rue des Lilas, 38000 Grenoble",
            "Résidence Les Pins, premier étage, 12 rue des Lilas, 38000 Grenoble",
        ),
    ],
)
def test_homes_as_they_are_written(text: str, expected: str) -> None:
    assert found(text, PiiType.ADDRESS) == [expected]


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        (
            "Usager : c'est Marcel euh Marcel Chabert qui appelle",
            "Marcel euh Marcel Chabert",
            ["Marcel", "Marcel Chabert"],
        ),
        (
            "Appel 10h05 : M. euh... Sánchez, prénom Joaquín.",
            "Sánchez",
            ["Sánchez"],
        ),
        ("Défunt : Veuve Arnaud, concession 12.", "Veuve Arnaud", ["Arnaud"]),
        ("Patrouille : BP Nicolas Fayolle et ASVP Lina Roux.", "BP Nicolas Fayolle", None),
        ("JE SUIS VEUVE DEPUIS 2011 ET J'AI 84 ANS", "VEUVE DEPUIS", []),
        ("Présents : LV Thomas Kerhervé, Anaïs Queré.", "LV Thomas Kerhervé", None),
        ("Visite chez Mme Germaine Bœuf ce matin.", "Mme", ["Germaine Bœuf"]),
        ("Sur la place Jacques Chaban-Delmas, Alain Juppé a parlé.", "Alain Juppé", []),
    ],
)
def test_names_around_hesitations_titles_and_ranks(
    text: str, model_finds: str, expected: list[str] | None
) -> None:
    names = with_model_finding(text, model_finds)
    if expected is None:  # the rank left out
        assert model_finds not in names and model_finds.split(" ", 1)[1] in names
    else:
        assert names == expected


@pytest.mark.parametrize(
    "email",
    [
        "etatcivil@ville-grasse.fr",
        "pref-naturalisations@var.gouv.fr",
        "support.dsi@limoges-metropole.fr",
    ],
)
def test_a_public_service_s_mailbox_glued_or_short(email: str) -> None:
    assert found(f"Écrire à {email} pour la suite.", PiiType.EMAIL) == []


@pytest.mark.parametrize("email", ["jeanlouis@ville-grasse.fr", "pierrerose@var.gouv.fr"])
def test_first_names_glued_stay_personal(email: str) -> None:
    assert found(f"Écrire à {email} pour la suite.", PiiType.EMAIL) == [email]
