"""The question form of the officials' page in a real browser (Chromium, Playwright): the
member communes named from the lake's dataset, a question in French answered with what was
understood, the indicator and its values; a question that names no indicator answered in
French with the close ones; axe-core finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from playwright.sync_api import Page, expect

from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.browser import axe_violations, console_errors

pytestmark = [pytest.mark.integration, pytest.mark.browser]

COMMUNE = "57480"  # claire.elue's
THEME = "État civil > Actes"


def this_month() -> str:
    today = datetime.now(ZoneInfo("Europe/Paris"))
    return f"{today.year:04d}-{today.month:02d}"


def answers(month: str) -> pa.Table:
    year, number = month.split("-")
    rows: list[dict[str, Any]] = [
        {
            "event_id": str(uuid.uuid4()),
            "occurred_at": datetime(int(year), int(number), 1, 9, tzinfo=UTC),
            "month": month,
            "answer_id": str(uuid.uuid4()),
            "conversation_id": str(uuid.uuid4()),
            "commune": COMMUNE,
            "theme": theme,
            "outcome": "answered",
            "sources_cited": 1,
            "question": "Comment obtenir un acte de naissance ?",
        }
        for theme, count in ((THEME, 7), ("Déchets > Collecte", 9))
        for _ in range(count)
    ]
    return pa.Table.from_pylist(rows, schema=TABLES["chat_answers"])


@pytest.fixture(scope="module", autouse=True)
def facts(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    warehouse = analytics.service.get(Warehouse)
    warehouse.analytics.write(
        "chat-answers", answers(this_month()), load_id="test", operation="test", replace=False
    )
    communes = pa.table({"code_insee": ["57463", COMMUNE], "nom": ["Metz", "Montigny-lès-Metz"]})
    warehouse.lake.write(
        "communes-membres", communes, load_id="test", operation="test", replace=True
    )


def test_an_official_asks_a_question_and_checks_what_was_understood(official_page: Page) -> None:
    page = official_page
    errors = console_errors(page)
    # Her commune by its name, from the lake's reference.
    expect(page.locator("#tableau-commune option")).to_have_text(["Montigny-lès-Metz (57480)"])
    expect(page.locator("#tableau-etat")).to_contain_text("commune Montigny-lès-Metz")

    page.get_by_label("Votre question").fill(
        "Combien de demandes d'état civil à Montigny-lès-Metz ce mois-ci ?"
    )
    page.get_by_role("button", name="Demander").click()
    understood = page.locator("#question-compris")
    expect(understood).to_have_text(
        re.compile(
            r"^J'ai compris : « Questions posées », thème : « État civil > Actes » — commune "
            r"Montigny-lès-Metz \(57480\), en [^ ]+ \d{4}\."
        )
    )
    expect(page.locator("#question-indicateur")).to_contain_text("questions-posees")
    values = page.get_by_role("table", name=re.compile(r"^Questions posées, en "))
    expect(values.locator("tbody td")).to_have_text(["7\u00a0questions"])
    assert axe_violations(page) == []

    # Nothing recognisable: the service's French answer, no figure shown.
    page.get_by_label("Votre question").fill("Quel temps fera-t-il demain ?")
    page.get_by_role("button", name="Demander").click()
    expect(page.locator("#question-erreur")).to_contain_text("Je n'ai pas reconnu d'indicateur")
    expect(page.locator("#question-reponse")).to_be_hidden()

    # An empty question: said under the field, which keeps the focus.
    page.get_by_label("Votre question").fill("")
    page.get_by_role("button", name="Demander").click()
    expect(page.locator("#question-texte-erreur")).to_contain_text("Écrivez votre question")
    expect(page.get_by_label("Votre question")).to_be_focused()
    assert axe_violations(page) == []
    # The browser logs the refused question's 422; nothing else went wrong.
    assert [e for e in errors if "status of 422" not in e] == []
    assert len(errors) == 1
