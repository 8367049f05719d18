"""First names found with INSEE's file in the contexts that give them away, and the traps of
each context: everyday nouns, towns, figures, places named after people."""

from __future__ import annotations

import sys

import pytest

from collectivia.ai.privacy import PiiType, PrivacyGuard
from collectivia.ai.privacy import first_name_lexicon as lexicon
from collectivia.ai.privacy.first_name_lexicon import insee_tiers, is_first_name, is_word_too
from collectivia.testkit.privacy_probes import with_model_finding

RULES_ONLY = PrivacyGuard(persons=None)
WITH_MODEL = PrivacyGuard()


def names(text: str, guard: PrivacyGuard = RULES_ONLY) -> list[str]:
    return [span.text for span in guard.detect(text) if span.type is PiiType.NAME]


def test_the_insee_names_come_from_the_package_without_importing_it() -> None:
    tiers = insee_tiers()
    assert len(tiers) > 10_000
    assert {"kylian", "mamadou", "elif", "bogdan", "nolwenn", "linh"} <= tiers.keys()
    assert "prenoms" not in sys.modules  # its import would load eleven megabytes of surnames


def test_without_the_package_the_hand_lists_remain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_tiers", None)
    monkeypatch.setattr(lexicon, "_data_folder", lambda: None)
    assert not is_first_name("Romuald")  # INSEE's only
    assert is_first_name("Karim")  # the hand-made list's


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Romuald", True),
        ("ROMUALD", True),
        ("yassine", True),  # lower case, a word French does not know
        ("Jean-Luc", True),
        ("Véro", True),  # a short form people sign with
        ("pierre", False),  # lower case, a word of French
        ("rose", False),
        ("Nancy", False),  # towns, regions, months, feasts before names here
        ("Lorraine", False),
        ("Mai", False),
        ("Noël", False),
        ("Le", False),
        ("Bonjour", False),
    ],
)
def test_is_first_name(word: str, expected: bool) -> None:
    assert is_first_name(word) is expected


def test_names_that_are_words_too() -> None:
    assert is_word_too("Prudence") and is_word_too("Harmonie")
    assert not is_word_too("Julie") and not is_word_too("Kylian")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salut Ophélie, tu peux me renvoyer le planning ?", ["Ophélie"]),
        ("bjr mehmet, ta carte de bus est arrivée", ["mehmet"]),
        ("Bonne fête Nicolas !", ["Nicolas"]),
        ("Pouvez-vous dire à Ilona que son badge est prêt ?", ["Ilona"]),
        ("Je viens de la part de Mamie Odette pour l'atelier", ["Odette"]),
        ("demandez à ibrahima s'il peut passer", ["ibrahima"]),
        ("joindre ma sœur (Samira) pour les clés", ["Samira"]),
        ("Est-ce que le petit Nolan peut rester ?", ["Nolan"]),
        ("si wassim est absent demain", ["wassim"]),
        ("la josiane est passée ce matin", ["josiane"]),
        ("Le bus est encore passé en avance. Merci. Sandrine", ["Sandrine"]),
        ("PAS D'EAU CHAUDE. FAITES QUELQUE CHOSE. ROSELYNE WEBER", ["ROSELYNE WEBER"]),
        ("Mme Hoffmann née Schneider demande une copie", ["Hoffmann", "Schneider"]),
        ("c Kenza, jai oublié mon code", ["Kenza"]),
        ("Inscription de SCHMITT Corentin au club de judo", ["SCHMITT Corentin"]),
        ("Salut Kévin Martin, ça va ?", ["Kévin Martin"]),
        ("Bonsoir Gwenaël Le Floch, votre demande est validée.", ["Gwenaël Le Floch"]),
        ("MON FILS LOUKA BERNARD N'EST PAS RENTRÉ", ["LOUKA BERNARD"]),
        ("je suis Mme Nolwenn Le Gall", ["Nolwenn Le Gall"]),
        ("si mamadou diallo est absent demain", ["mamadou diallo"]),
        ("PIERRE-YVES LE GOFF N'A TOUJOURS PAS RECU SA CARTE", ["PIERRE-YVES LE GOFF"]),
        ("joignez ma fille, elle s'appelle Anaïs", ["Anaïs"]),
        ("Dossier de Romuald DUPONT : pièce manquante", ["Romuald DUPONT"]),
        ("De : Julie Martin\nObjet : cantine", ["Julie Martin"]),
        ("j'accompagne les enfants, signé Vanessa", ["Vanessa"]),
    ],
)
def test_first_names_in_context(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On part à Nancy samedi pour le salon de l'habitat.",
        "Bonjour, Grâce à vous le problème est réglé.",
        "Bonjour, Prudence sur la route, il a neigé.",
        "La Marine nationale recrute.",
        "Le petit Prince sera joué au théâtre.",
        "Réunion (salle B) à 14h.",
        "Joyeux anniversaire à toutes les Sophie du service !",
        "le mur en pierre de taille s'effondre",
        "En mai, le ramassage est le deuxième mardi.",
        "Le portrait de Louis XIV est au musée.",
        "Je rentre de Florange, la route était coupée.",
        "l'hôpital de Mercy a déménagé",
        "Bonjour Monsieur le Maire, je vous écris au sujet des arbres.",
    ],
)
def test_the_traps_of_each_context(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, l'arrêt de bus Charles de Gaulle a été déplacé, où est le nouveau ?",
        "Prochaine conférence : « Victor Hugo et l'exil », jeudi 18h.",
        "Une lecture de poèmes d'Arthur Rimbaud aura lieu à la médiathèque.",
        "La zone Actipôle est inaccessible.",
        "Merci Metz Métropole pour les nouveaux bacs.",
        "Bonne fête à toutes les Catherine !",
        "Leroy Merlin a fermé plus tôt.",
        "Mr Bricolage est fermé le dimanche.",
        "rue jean jaures, les lampadaires sont éteints",
    ],
)
def test_figures_places_and_institutions_are_no_one(text: str) -> None:
    assert names(text, WITH_MODEL) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, I'm Sarah McAllister, I just moved to town from Dublin", ["Sarah McAllister"]),
        (
            "je suis Esperanza Jiménez Ruiz, nacida el 12/12/1968, on m'a dit de venir",
            ["Esperanza Jiménez Ruiz"],
        ),
        ("je viens de la part de Tonton Moussa pour le jardin", ["Moussa"]),
        ("Cher Anatole, la réunion est reportée.", ["Anatole"]),
    ],
)
def test_what_the_model_tags_around_a_name_is_left_out(text: str, expected: list[str]) -> None:
    assert names(text, WITH_MODEL) == expected


def test_an_adverb_the_model_tags_after_a_lower_case_first_name_is_left_out() -> None:
    # as the stock model tagged it (the names model trained on the labelled sets does not)
    assert with_model_finding("j'ai croisé gaston hier au marché", "gaston hier") == ["gaston"]
