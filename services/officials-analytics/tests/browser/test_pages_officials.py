"""The officials' page in a real Chromium, signed in through the real Keycloak login page
(authorisation code + PKCE, public client officials-analytics-web): claire.elue sees the
dashboard of 57480 from rows the test writes into the analytics tables, changes the period,
opens an indicator's drill-down (its chart, its summary, its table without the suppressed
months, then by theme), downloads the CSV the link points to, reads the unanswered questions,
the month's briefing and the forecasts' screen, downloads the council's report; axe-core
finds no WCAG 2.1 A/AA violation on any screen, and each screen is photographed in the
test's folder."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from playwright.sync_api import Page, expect

from collectivia.officials_analytics.pages.charts import MONTHS
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit import pages
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.browser import axe_violations, console_errors

pytestmark = [pytest.mark.integration, pytest.mark.browser]

COMMUNE, METZ = "57480", "57463"


def month(back: int) -> str:
    """The month ``back`` months before the current one (Europe/Paris), "YYYY-MM"."""
    today = datetime.now(ZoneInfo("Europe/Paris"))
    index = today.year * 12 + today.month - 1 - back
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def in_words(value: str) -> str:
    year, number = value.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


# The four months the period is set to, the oldest first, and one month before them.
M0, M1, M2, M3 = month(3), month(2), month(1), month(0)
EARLIER = month(6)


def _event(table: str, when: str, **fields: Any) -> dict[str, Any]:
    year, number = when.split("-")
    row = {
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime(int(year), int(number), 2, 9, tzinfo=UTC),
        "month": when,
        **fields,
    }
    return {name: row.get(name) for name in TABLES[table].names}


def answers() -> list[dict[str, Any]]:
    """Questions asked in 57480 (one conversation each): 5 long before the period, then 12,
    3 (too few: suppressed, with the 9 of the next month), 9, and 16 (6 unanswered)."""
    asked = [(EARLIER, 5, "Déchets", "answered"), (M0, 12, "Déchets", "answered")]
    asked += [(M1, 3, "Déchets", "answered"), (M2, 9, "Déchets", "answered")]
    asked += [(M3, 10, "État civil", "answered"), (M3, 6, "Voirie", "refused")]
    rows = [
        _event(
            "chat_answers",
            when,
            answer_id=str(uuid.uuid4()),
            conversation_id=str(uuid.uuid4()),
            commune=COMMUNE,
            theme=theme,
            outcome=outcome,
            sources_cited=1 if outcome == "answered" else 0,
            question="Où déposer les gravats ?" if outcome == "refused" else "Horaires ?",
        )
        for when, count, theme, outcome in asked
        for _ in range(count)
    ]
    # Another commune's questions, which claire.elue never sees.
    rows += [
        _event(
            "chat_answers",
            M0,
            answer_id=str(uuid.uuid4()),
            conversation_id=str(uuid.uuid4()),
            commune=METZ,
            theme="Voirie",
            outcome="refused",
            question="Stationnement résidentiel ?",
        )
        for _ in range(20)
    ]
    return rows


def write(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    tables = analytics.service.get(Warehouse).analytics
    chat = answers()
    answered_last = [r for r in chat if r["month"] == M3 and r["commune"] == COMMUNE][:6]
    rows: dict[str, list[dict[str, Any]]] = {
        "chat_answers": chat,
        "chat_handoffs": [
            _event(
                "chat_handoffs",
                M3,
                handoff_id=str(uuid.uuid4()),
                commune=COMMUNE,
                theme="Voirie",
                channel="email",
            )
            for _ in range(6)
        ],
        "chat_feedback": [
            _event("chat_feedback", M3, answer_id=answer["answer_id"], useful=index < 5)
            for index, answer in enumerate(answered_last)
        ],
        "ai_uses": [
            _event(
                "ai_uses",
                M3,
                use_id=str(uuid.uuid4()),
                purpose="handover-reply",
                service="agent-assistant",
                outcome="completed",
                human_review=review,
                # Each use's estimated energy and its CO2 (52 g per kWh).
                energy_wh=1.5,
                co2_g=0.078,
            )
            for review in ["accepted"] * 6 + ["edited"] * 3 + ["overridden"]
        ],
        "lake_telemetry": [
            _event(
                "lake_telemetry",
                M3,
                dataset_id="eau-telereleve",
                period="day",
                sensor_id=f"compteur-{n}",
                measure="consommation",
                unit="m3",
                commune=COMMUNE,
                count=24,
                total=100.0,
                mean=100.0 / 24,
            )
            for n in range(6)
        ],
    }
    for table, written in rows.items():
        tables.write(
            table.replace("_", "-"),
            pa.Table.from_pylist(written, schema=TABLES[table]),
            load_id="test",
            operation="test",
            replace=False,
        )


@pytest.fixture(scope="module", autouse=True)
def facts(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    write(analytics)


def violations_on(page: Page, screen: str) -> list[str]:
    return [f"{screen}: {violation}" for violation in axe_violations(page)]


def photographed(page: Page, folder: Path, screen: str) -> None:
    path = folder / f"{screen}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0


def card(page: Page, label: str) -> Any:
    return page.get_by_role("article", name=label)


def test_signed_out_the_page_and_its_statement_pass_axe(
    page: Page, officials_page_server: RunningApp[OfficialsAnalyticsSettings], tmp_path: Path
) -> None:
    errors = console_errors(page)
    found: list[str] = []
    page.goto(officials_page_server.base_url + "/")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    found += violations_on(page, "connexion")
    photographed(page, tmp_path, "connexion")
    page.goto(officials_page_server.base_url + "/accessibilite")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    found += violations_on(page, "accessibilite")
    photographed(page, tmp_path, "accessibilite")
    assert not found, "\n".join(found)
    assert errors == []


def test_an_official_follows_her_commune_from_the_dashboard_to_the_council_report(
    official_page: Page, tmp_path: Path
) -> None:
    page = official_page
    errors = console_errors(page)
    found: list[str] = []

    # The dashboard of 57480, the last twelve months: her commune is the only one offered.
    expect(page.locator("#tableau-commune")).to_have_value(COMMUNE)
    expect(page.locator("#tableau-commune option")).to_have_text(["Commune 57480"])
    expect(page.locator("#tableau-etat")).to_contain_text("8 indicateurs — commune 57480")
    asked = card(page, "Questions posées")
    expect(asked.locator(".valeur")).to_have_text("45\u00a0questions")
    expect(card(page, "Taux de réponse").locator(".valeur")).to_have_text("86,7\u00a0%")
    expect(card(page, "Demandes transmises à un agent").locator(".valeur")).to_have_text(
        "6\u00a0demandes"
    )
    expect(card(page, "Réponses jugées utiles").locator(".valeur")).to_have_text("83,3\u00a0%")
    ai = card(page, "Propositions de l'IA acceptées")
    expect(ai.locator(".valeur")).to_have_text("60\u00a0%")
    expect(ai).to_contain_text("Toute la collectivité")
    expect(card(page, "Propositions de l'IA modifiées").locator(".valeur")).to_have_text(
        "30\u00a0%"
    )
    expect(card(page, "Propositions de l'IA écartées").locator(".valeur")).to_have_text("10\u00a0%")
    expect(card(page, "Consommation d'eau relevée").locator(".valeur")).to_have_text("600\u00a0m³")
    # The energy card: the chart of the AI uses' energy by month, its summary, the table of
    # the three energy indicators (the whole collectivity's).
    energy = page.get_by_role("region", name="Énergie et climat : l'IA de la collectivité")
    expect(
        energy.get_by_role("img", name=re.compile(r"^Graphique : Énergie consommée par l'IA"))
    ).to_be_visible()
    # At least the uses written here (the collectivity's: the sink may receive others).
    at_least = r"1[5-9](,\d+)?\u00a0"
    expect(energy.locator("figcaption")).to_contain_text(
        re.compile(at_least + f"Wh en {in_words(M3)}")
    )
    by_month = energy.get_by_role("table", name=re.compile(r"^Énergie et émissions de l'IA"))
    expect(by_month.locator("thead th")).to_have_text(
        [
            "Mois",
            "Énergie consommée par l'IA (estimation)",
            "Émissions de CO2 de l'IA (estimation)",
            "Énergie par usage de l'IA (estimation)",
        ]
    )
    expect(by_month.locator("tbody th")).to_have_text([in_words(M3)])
    expect(by_month.locator("tbody td")).to_have_text(
        [
            re.compile(f"^{at_least}Wh$"),
            re.compile(r"^\d+(,\d+)?\u00a0g CO2e$"),
            re.compile(r"^\d+(,\d+)?\u00a0Wh par usage$"),
        ]
    )
    expect(
        energy.get_by_role("link", name="Détail de « Énergie consommée par l'IA (estimation) »")
    ).to_be_visible()
    found += violations_on(page, "tableau")
    photographed(page, tmp_path, "tableau")

    # Another period: the four last months (the earliest questions leave the count).
    page.locator("#tableau-du").fill(M0)
    page.locator("#tableau-au").fill(M3)
    page.get_by_role("button", name="Afficher").click()
    expect(asked.locator(".valeur")).to_have_text("40\u00a0questions")
    expect(page).to_have_url(re.compile(rf"#tableau\?commune={COMMUNE}&du={M0}&au={M3}$"))
    expect(page.locator("#tableau-etat")).to_contain_text(COMMUNE)
    found += violations_on(page, "tableau (période)")
    photographed(page, tmp_path, "tableau-periode")

    # The drill-down, by month: the chart (an image described by its summary) and its table,
    # without the two suppressed months.
    asked.get_by_role("link", name="Détail de « Questions posées »").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Questions posées")
    expect(heading).to_be_focused()
    expect(page.locator("#indicateur-du")).to_have_value(M0)
    chart = page.get_by_role("img", name=re.compile(r"^Graphique en barres : Questions posées"))
    expect(chart).to_be_visible()
    summary = page.locator("#indicateur-resume")
    expect(summary).to_contain_text("28\u00a0questions au total")
    expect(summary).to_contain_text("2 groupes trop petits (moins de 5) ne sont pas montrés")
    values = page.get_by_role("table", name=re.compile(r"^Questions posées par mois — commune"))
    expect(values.locator("tbody tr")).to_have_count(2)
    expect(values.locator("tbody th")).to_have_text([in_words(M0), in_words(M3)])
    expect(values.locator("tbody td")).to_have_text(["12\u00a0questions", "16\u00a0questions"])
    found += violations_on(page, "indicateur (par mois)")
    photographed(page, tmp_path, "indicateur-mois")

    # By theme, with the keyboard: the focus stays on the choice.
    page.get_by_role("radio", name="Par thème").focus()
    page.keyboard.press("Space")
    by_theme = page.get_by_role("table", name=re.compile(r"^Questions posées par thème"))
    expect(by_theme.locator("tbody th")).to_have_text(["Déchets", "État civil", "Voirie"])
    expect(by_theme.locator("tbody td")).to_have_text(
        ["24\u00a0questions", "10\u00a0questions", "6\u00a0questions"]
    )
    expect(page.get_by_role("radio", name="Par thème")).to_be_focused()
    expect(summary).to_contain_text("« Déchets » vient en tête")
    found += violations_on(page, "indicateur (par thème)")
    photographed(page, tmp_path, "indicateur-theme")

    # The CSV the link points to: the same values, the same suppression.
    link = page.get_by_role("link", name="Télécharger les données (CSV)")
    assert (link.get_attribute("href") or "").startswith("/v1/kpis/questions-posees.csv?")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"questions-posees_{M0}_{M3}.csv"
    exported = Path(download.value.path()).read_text("utf-8")
    lines = list(csv.reader(io.StringIO(exported)))
    assert lines[0] == ["theme", "valeur", "secret_statistique"]
    assert sorted(lines[1:]) == [
        ["Déchets", "24", "non"],
        ["Voirie", "6", "non"],
        ["État civil", "10", "non"],
    ]
    expect(page.locator("#indicateur-telechargement")).to_contain_text("lancé")

    # The questions without an answer (Alt + Shift + Q), ranked.
    page.keyboard.press("Alt+Shift+KeyQ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions sans réponse")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    themes = page.get_by_role("table", name=re.compile(r"^Questions sans réponse par thème"))
    expect(themes.locator("tbody tr")).to_have_text([re.compile(r"1\s*Voirie\s*6")])
    questions = page.get_by_role("table", name=re.compile(r"^Questions restées sans réponse"))
    expect(questions.locator("tbody tr").first).to_contain_text("Où déposer les gravats ?")
    expect(page.get_by_text("Stationnement résidentiel")).to_have_count(0)
    found += violations_on(page, "lacunes")
    photographed(page, tmp_path, "lacunes")

    # The month's briefing (Alt + Shift + S) for the last month: its sentences from the
    # computed figures, each linked to them, marked as produced from the indicators.
    page.keyboard.press("Alt+Shift+KeyS")
    expect(page.get_by_role("heading", level=1)).to_have_text("Synthèse du mois")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.locator("#synthese-mois").fill(M3)
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(rf"#synthese\?commune={COMMUNE}&mois={M3}$"))
    sentences = page.locator(".synthese-phrases > li > p:first-child")
    # The largest change first: 37,5 points of 100, then 7 questions of 9 (counted as 20,
    # the least base a count is weighed against).
    expect(sentences.nth(0)).to_have_text(
        f"Taux de réponse : 62,5\u00a0% en {in_words(M3)}, soit 37,5\u00a0points de moins "
        f"qu'en {in_words(M2)} (100,0\u00a0%)."
    )
    expect(sentences.nth(1)).to_have_text(
        f"Questions posées : 16 en {in_words(M3)}, soit 78\u00a0% de plus qu'en {in_words(M2)} (9)."
    )
    expect(page.locator("#synthese-contenu .mention-ia")).to_have_text(
        "Synthèse produite automatiquement à partir des indicateurs calculés"
    )
    expect(
        page.get_by_role("link", name=f"Questions posées : 16\u00a0questions ({in_words(M3)})")
    ).to_have_attribute("href", f"#indicateur/questions-posees?commune={COMMUNE}&du={M3}&au={M3}")
    expect(page.get_by_text("Stationnement résidentiel")).to_have_count(0)
    found += violations_on(page, "synthese")
    photographed(page, tmp_path, "synthese")

    # The forecasts: each series says whether it is forecast, and why not, with the
    # algorithm's entry in the register.
    page.get_by_role("link", name="Prévisions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prévisions")
    expect(page.locator(".mention-ia").first).to_have_text("Prévision produite par un algorithme")
    expect(page.locator("#previsions-liste h2")).to_have_count(3)
    expect(
        page.get_by_role("link", name="Fiche de l'algorithme au registre public des algorithmes")
    ).to_have_count(3)
    expect(page.locator("#previsions-etat")).not_to_be_empty()
    found += violations_on(page, "previsions")
    photographed(page, tmp_path, "previsions")

    # Back to the dashboard (the period kept), and the council's report.
    page.keyboard.press("Alt+Shift+KeyT")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.locator("#tableau-du")).to_have_value(M0)
    expect(asked.locator(".valeur")).to_have_text("40\u00a0questions")
    with page.expect_download() as report:
        page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    assert report.value.suggested_filename == f"rapport-{COMMUNE}-{M0}-{M3}.pdf"
    assert Path(report.value.path()).read_bytes().startswith(b"%PDF-")

    assert not found, "\n".join(found)
    assert errors == []


def test_the_intercommunality_chooses_among_every_commune(
    page: Page, officials_page_server: RunningApp[OfficialsAnalyticsSettings], tmp_path: Path
) -> None:
    errors = console_errors(page)
    pages.sign_in(page, officials_page_server.base_url, "marc.admin", "marc.admin-demo")
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
    communes = page.locator("#tableau-commune option")
    expect(communes).to_have_text(["Toutes les communes", "Commune 57463", "Commune 57480"])
    # Every commune at once: 45 questions in 57480 and 20 in 57463; no report without a
    # commune.
    expect(card(page, "Questions posées").locator(".valeur")).to_have_text("65\u00a0questions")
    expect(page.get_by_role("link", name="Télécharger le rapport (PDF)")).to_be_hidden()
    expect(page.locator("#rapport-commune")).to_be_visible()
    page.locator("#tableau-commune").select_option(METZ)
    page.get_by_role("button", name="Afficher").click()
    expect(card(page, "Questions posées").locator(".valeur")).to_have_text("20\u00a0questions")
    expect(page.get_by_role("link", name="Télécharger le rapport (PDF)")).to_be_visible()
    found = violations_on(page, "tableau (intercommunalité)")
    photographed(page, tmp_path, "tableau-intercommunalite")
    assert not found, "\n".join(found)
    assert errors == []


def test_the_api_docs_render_from_the_service_itself(
    page: Page, officials_page_server: RunningApp[OfficialsAnalyticsSettings]
) -> None:
    """/docs without a CDN: Swagger UI's files come from the service, under the pages' CSP
    (no console error, so no CSP refusal), and it lists the service's operations."""
    base = officials_page_server.base_url
    errors = console_errors(page)
    fetched: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("response", lambda answer: failed.append(answer.url) if answer.status >= 400 else None)
    page.goto(base + "/docs")
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text=re.compile(r"^/v1/kpis$"))).to_have_count(1)
    expect(page.locator(".opblock-tag", has_text="indicators").first).to_be_visible()
    assert operations.count() > 10
    assert fetched and all(url.startswith((base, "data:")) for url in fetched), fetched
    assert failed == []
    assert errors == []
