"""Which department answers a handover: theme first, then commune, then the default."""

from __future__ import annotations

import pytest

from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.settings import DEFAULT_THEME_DEPARTMENTS

ROUTING = DepartmentRouting(DEFAULT_THEME_DEPARTMENTS, {"57480": "urbanisme"}, "etat-civil")


@pytest.mark.parametrize(
    ("theme", "commune", "department"),
    [
        ("Déchets > Déchèteries", "57463", "dechets"),
        ("DÉCHETS", "", "dechets"),
        ("État civil > Actes", "57480", "etat-civil"),
        ("Déplacements > Stationnement", "57463", "mobilites"),
        ("Culture > Musées", "57480", "urbanisme"),
        ("", "57463", "etat-civil"),
    ],
)
def test_routing(theme: str, commune: str, department: str) -> None:
    assert ROUTING.department_for(theme, commune) == department


def test_a_full_theme_wins_over_its_first_part() -> None:
    routing = DepartmentRouting(
        {"mairie": "etat-civil", "mairie > urbanisme": "urbanisme"}, {}, "etat-civil"
    )
    assert routing.department_for("Mairie > Urbanisme", "") == "urbanisme"
    assert routing.department_for("Mairie > Horaires", "") == "etat-civil"
