"""The briefing names a commune from the lake's reference, and falls back to its code when
the collectivity has not loaded one."""

from __future__ import annotations

from typing import cast

from collectivia.officials_analytics.briefings.area import _commune_label
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.storage.communes import Commune, CommuneDirectory


class _Indicators:
    def __init__(self, directory: CommuneDirectory) -> None:
        self.directory = directory

    def commune_directory(self) -> CommuneDirectory:
        return self.directory


def test_a_listed_commune_is_named() -> None:
    directory = CommuneDirectory([Commune("57463", "Metz", 118_000)])
    label = _commune_label(cast(Indicators, _Indicators(directory)))
    assert label("57463") == "Metz"


def test_a_commune_the_reference_does_not_list_is_unknown() -> None:
    directory = CommuneDirectory([Commune("57463", "Metz", 118_000)])
    label = _commune_label(cast(Indicators, _Indicators(directory)))
    assert label("62863") is None


def test_without_a_reference_the_code_stands_for_the_name() -> None:
    label = _commune_label(cast(Indicators, _Indicators(CommuneDirectory())))
    assert label("57463") == "57463"
