"""Names given away by their context, one class at a time (rules only, no model): civilities
in any case, first names that are words, relatives with any determiner, appositions, an
upper-case surname beside a first name; and the traps of each class."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy.evaluation import evaluate, load_cases
from collectivia.ai.privacy.french_words import is_french_word, is_inflected_form
from collectivia.ai.privacy.person_names import is_edge_word
from collectivia.ai.privacy.spans import Span
from collectivia.ai.privacy.surname_neighbours import with_surnames

RULES_ONLY = PrivacyGuard(persons=None)
CONTEXT = Path(__file__).parents[1] / "privacy_cases_context.jsonl"


def names(text: str) -> list[str]:
    return [span.text for span in RULES_ONLY.detect(text) if span.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JE SUIS MADAME ADJOA MENSAH ET J'ATTENDS", ["ADJOA MENSAH"]),
        ("BONSOIR MONSIEUR KABORÉ, MERCI", ["KABORÉ"]),
        ("Rendez-vous avec Mme LE GALL lundi", ["LE GALL"]),
        ("MR PHAM VAN DUC DEMANDE UN RENDEZ-VOUS", ["PHAM VAN DUC"]),
        ("madame rakotobe est venue hier", ["rakotobe"]),
        ("Mme Sylla du CCAS a rappelé", ["Sylla"]),
        ("Monsieur le Maire, merci", []),
        ("Madame la Présidente, bonjour", []),
        ("Le Père Noël arrive samedi.", []),
        ("MADAME DESOLEE DU RETARD", []),
        ("monsieur désolé pour le retard", []),
        ("MADAME ROSE DIALLO HABITE ICI", ["ROSE DIALLO"]),
    ],
)
def test_civility_in_any_case(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claire et moi voulons un rendez-vous", ["Claire"]),
        ("je passerai avec Rose demain", ["Rose"]),
        ("Pierre viendra récupérer le colis", ["Pierre"]),
        ("La rose et moi, on a gagné le concours", []),
        ("Le bleu marine des bancs est délavé.", []),
        ("Pour Noël, la patinoire ouvre.", []),
        ("Il faut une pierre de taille.", []),
    ],
)
def test_first_names_that_are_words(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leur fils Dragoș est en CM1.", ["Dragoș"]),
        ("La nounou Mariama garde ma fille.", ["Mariama"]),
        ("Votre collègue Anaïs m'a répondu.", ["Anaïs"]),
        ("Mon beau-frère Killian Le Goff vient.", ["Killian Le Goff"]),
        ("Mon collègue travaille à la mairie.", []),
        ("Ma fille est malade depuis lundi.", []),
    ],
)
def test_relatives_with_any_determiner(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chidi Okafor, étudiant, cherche un studio.", ["Chidi Okafor"]),
        ("Demande de Ayumi Kato, 29 ans.", ["Ayumi Kato"]),
        ("Mes enfants : Inès (7 ans) et Malo (4 ans).", ["Inès", "Malo"]),
        ("Saint-Brieuc, 12 km au nord.", []),
        ("Rue Jean Jaurès, 3 ans de travaux.", []),
    ],
)
def test_names_before_an_apposition(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bonjour ma voisine awa koné est tombée", ["awa koné"]),
        ("ma fille awa mange à la cantine", ["awa"]),
        ("salut c'est chidi okafor jai une question", ["chidi okafor"]),
        ("merci d'avance\nnour el hachimi", ["nour el hachimi"]),
        ("madame sow aminata attend", ["sow aminata"]),
        ("madame sow habite ici", ["sow"]),
        ("je suis vraiment desolee du retard", []),
        ("je suis tjs malade", []),
    ],
)
def test_lower_case_names_french_does_not_know(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_french_words_are_known_with_or_without_accents() -> None:
    assert is_french_word("mange") and is_french_word("TOMBÉE") and is_french_word("desolee")
    assert not is_french_word("okafor") and not is_french_word("Traoré")
    # Verbs and adjectives are inflected forms, common surnames are not (even "Martin").
    assert is_inflected_form("DESOLEE") and is_inflected_form("habite")
    assert not is_inflected_form("Martin") and not is_inflected_form("Camara")


def test_upper_case_surname_beside_a_first_name() -> None:
    text = "Dossier de SANOGO Awa et de la CAF"
    first = Span(PiiType.NAME, text.index("Awa"), text.index("Awa") + 3, "Awa")
    assert [s.text for s in with_surnames(text, [first])] == ["SANOGO Awa"]
    acronym = "Courrier pour Awa CAF"
    awa = Span(PiiType.NAME, 14, 17, "Awa")
    assert with_surnames(acronym, [awa]) == [awa]  # "CAF" is the administration's


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le courrier est signé J-P Kouassi.", ["J-P Kouassi"]),
        ("Vu avec M-C Dupuis hier", ["M-C Dupuis"]),
        ("Le Wi-Fi ne marche pas", []),
    ],
)
def test_initials_without_dots(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_relative_is_trimmed_like_a_title() -> None:
    # The model may tag "mère de ilyas benali": the relative and "de" are edges, not the name.
    assert is_edge_word("mère") and is_edge_word("de") and not is_edge_word("ilyas")


def test_works_and_folklore_are_not_people() -> None:
    assert names("Une conférence sur Jean Dupont aura lieu.") == []
    assert names("Jean Dupont viendra à la conférence.") == ["Jean Dupont"]


def test_context_set_reaches_its_targets_with_the_rules_only() -> None:
    name = evaluate(load_cases(CONTEXT), RULES_ONLY.detect).by_type[PiiType.NAME]
    assert name.precision >= 0.95
    assert name.recall >= 0.85
