"""French questions as a declared indicator and its filters: the periods, the communes by
name (with or without accents) or code, the themes from the data, the grouping; a question
that names no indicator, or an unknown commune, refused with what is close."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pytest

from collectivia.officials_analytics.indicators.catalogue import INDICATORS
from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.questions.matching import IndicatorMatcher
from collectivia.officials_analytics.questions.periods import spoken_period
from collectivia.officials_analytics.questions.synonyms import SYNONYMS
from collectivia.officials_analytics.questions.understanding import Understanding, understand
from collectivia.officials_analytics.storage.communes import Commune, CommuneDirectory
from collectivia.platform.errors import InvalidInput
from collectivia.testkit.french import assert_french

TODAY = date(2026, 5, 14)
DIRECTORY = CommuneDirectory(
    [
        Commune("57463", "Metz"),
        Commune("57480", "Montigny-lès-Metz"),
        Commune("57606", "Saint-Julien-lès-Metz"),
        Commune("57751", "Woippy"),
    ]
)
THEMES = (
    "Papiers - Citoyenneté > État civil",
    "État civil > Actes",
    "Déchets > Collecte",
    "Eau > Factures",
)
MATCHER = IndicatorMatcher(INDICATORS, SYNONYMS)


def values(indicator: Indicator) -> Mapping[str, Sequence[str]]:
    return {"theme": THEMES} if "theme" in indicator.dimension_names else {}


def asked(question: str, directory: CommuneDirectory = DIRECTORY) -> Understanding:
    return understand(question, matcher=MATCHER, directory=directory, values=values, today=TODAY)


def refused(question: str, directory: CommuneDirectory = DIRECTORY) -> str:
    with pytest.raises(InvalidInput) as raised:
        asked(question, directory)
    assert_french(raised.value.detail)
    return raised.value.detail


def test_every_declared_indicator_has_its_synonyms() -> None:
    assert set(SYNONYMS) == {i.name for i in INDICATORS}
    assert all(SYNONYMS[name] for name in SYNONYMS)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("en mars", "2026-03", "2026-03"),
        ("en mars 2025", "2025-03", "2025-03"),
        ("en septembre", "2025-09", "2025-09"),  # not begun this year: last year's
        ("depuis janvier", "2026-01", "2026-05"),
        ("depuis octobre", "2025-10", "2026-05"),
        ("cette année", "2026-01", "2026-05"),
        ("l'an dernier", "2025-01", "2025-12"),
        ("l\u2019année dernière", "2025-01", "2025-12"),  # a typographic apostrophe
        ("en 2024", "2024-01", "2024-12"),
        ("au premier trimestre", "2026-01", "2026-03"),
        ("au 3e trimestre 2025", "2025-07", "2025-09"),
        ("au troisième trimestre", "2025-07", "2025-09"),
        ("sur les 6 derniers mois", "2025-12", "2026-05"),
        ("les trois derniers mois", "2026-03", "2026-05"),
        ("de janvier à mars", "2026-01", "2026-03"),
        ("de novembre à février", "2025-11", "2026-02"),
        ("le mois dernier", "2026-04", "2026-04"),
        ("ce mois-ci", "2026-05", "2026-05"),
    ],
)
def test_the_periods_people_say(words: str, first: str, last: str) -> None:
    period = spoken_period(f"combien de questions {words} ?", today=TODAY)
    assert period is not None and (period.first, period.last) == (first, last)


def test_no_period_said_is_none() -> None:
    assert spoken_period("combien de questions à Metz ?", today=TODAY) is None
    assert asked("combien de questions à Metz ?").period is None


def test_the_example_of_the_issue() -> None:
    understood = asked("combien de demandes d'état civil à Woippy en mars ?")
    assert understood.indicator.name == "questions-posees"
    assert understood.communes == ("57751",)
    assert understood.period is not None and understood.period.first == "2026-03"
    # Both themes that name « état civil », from the data.
    assert understood.filters == (
        ("theme", ("Papiers - Citoyenneté > État civil", "État civil > Actes")),
    )
    assert understood.group_by == ()


@pytest.mark.parametrize(
    "written",
    ["Montigny-lès-Metz", "montigny les metz", "MONTIGNY-LES-METZ", "Montigny", "57480"],
)
def test_a_commune_by_its_name_with_or_without_accents_or_by_its_code(written: str) -> None:
    assert asked(f"taux de réponse à {written} en avril").communes == ("57480",)


def test_saint_written_st_and_several_communes() -> None:
    understood = asked("questions posées à St-Julien-lès-Metz et à Metz cette année")
    assert understood.communes == ("57606", "57463")


def test_an_unknown_commune_is_refused_with_the_known_ones() -> None:
    detail = refused("combien de demandes d'état civil à Wailly en mars ?")
    assert "« Wailly »" in detail and "Montigny-lès-Metz" in detail and "Woippy" in detail


def test_without_the_communes_dataset_a_name_is_refused_and_a_code_works() -> None:
    empty = CommuneDirectory()
    assert "code INSEE" in refused("questions posées à Metz", empty)
    assert asked("questions posées pour 57463", empty).communes == ("57463",)


def test_themes_from_the_data() -> None:
    understood = asked("questions sur les déchets depuis janvier")
    assert understood.filters == (("theme", ("Déchets > Collecte",)),)
    assert asked("questions posées sur l'eau").filters == (("theme", ("Eau > Factures",)),)
    # An indicator without themes takes none.
    assert asked("consommation d'eau à Metz").filters == ()


@pytest.mark.parametrize(
    ("question", "grouping"),
    [
        ("questions posées par commune en mars", ("commune",)),
        ("questions posées mois par mois cette année", ("month",)),
        ("questions posées par thème et par mois", ("theme", "month")),
        ("délai de réponse par canal", ("channel",)),
    ],
)
def test_the_grouping(question: str, grouping: tuple[str, ...]) -> None:
    assert asked(question).group_by == grouping


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("combien de questions sans réponse ?", "questions-refusees"),
        ("Combien de demandes transmises à un agent ?", "demandes-agent"),
        ("quel est le taux de réponse ?", "taux-de-reponse"),
        ("délai médian de réponse des agents", "delai-reponse-agent"),
        ("consommation d'eau l'an dernier", "consommation-eau"),
        ("débit du réseau d'eau", "debit-eau"),
        ("propositions de l'IA acceptées", "propositions-ia-acceptees"),
        ("incidents signalés sur les IA", "incidents-ia"),
        ("QUESTIONS POSEES", "questions-posees"),
    ],
)
def test_the_indicator_by_its_label_or_synonyms(question: str, name: str) -> None:
    assert asked(question).indicator.name == name


def test_no_indicator_is_a_422_listing_close_ones_never_a_guess() -> None:
    detail = refused("quel temps fait-il à Metz ?")
    assert detail.startswith("Je n'ai pas reconnu d'indicateur")
    assert "(taches-assistant)" in detail or "(minutes-gagnees)" in detail
    close = refused("et les réponses ?")
    assert "« Réponses avec sources » (reponses-sourcees)" in close


def test_an_empty_or_overlong_question_is_refused() -> None:
    assert refused("   ").startswith("Posez une question")
    assert "500 caractères" in refused("questions " * 60)
