"""The charts (SVG) and the council's report (PDF) over HTTP with the running service, on the
real Keycloak: rows written into its analytics tables, then drawn for the official of
57480 (claire.elue) with the indicators' filters, access rule and suppression — a suppressed
month is neither drawn, nor in the chart's description, nor in the report's tables; another
commune is refused in French."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pyarrow as pa
import pypdf
import pytest

from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import french_problem
from collectivia.testkit.tokens import DemoTokens, bearer

pytestmark = pytest.mark.integration

AUDIENCE = "officials-analytics"
METZ, MONTIGNY = "57463", "57480"  # claire.elue is an official of 57480
PERIOD = {"from": "2026-01", "to": "2026-04"}
# Questions asked in 57480 (one conversation each), by month: February is too small (3),
# and March (9, the next smallest) is suppressed with it, or January + April + March minus
# the total would give February away.
ASKED = {"2026-01": 12, "2026-02": 3, "2026-03": 9, "2026-04": 10}
# In April, five more questions went unanswered (a content gap).
UNANSWERED = 5


def answer(commune: str, month: str, outcome: str = "answered", **fields: Any) -> dict[str, Any]:
    year, number = month.split("-")
    return {
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime(int(year), int(number), 10, 9, tzinfo=UTC),
        "month": month,
        "answer_id": str(uuid.uuid4()),
        "conversation_id": str(uuid.uuid4()),
        "commune": commune,
        "theme": "Déchets",
        "outcome": outcome,
        "sources_cited": 1,
        "question": "Quand passe la collecte ?",
        **fields,
    }


def rows() -> pa.Table:
    written = [answer(MONTIGNY, month) for month, count in ASKED.items() for _ in range(count)]
    written += [
        answer(MONTIGNY, "2026-04", "refused", theme="Voirie", question="Où déposer les gravats ?")
        for _ in range(UNANSWERED)
    ]
    written += [answer(METZ, "2026-01") for _ in range(8)]
    return pa.Table.from_pylist(written, schema=TABLES["chat_answers"])


@pytest.fixture(scope="module", autouse=True)
def answers(analytics: RunningApp[OfficialsAnalyticsSettings]) -> None:
    analytics.service.get(Warehouse).analytics.write(
        "chat-answers", rows(), load_id="test", operation="test", replace=False
    )


@pytest.fixture(scope="module")
def official(demo_tokens: DemoTokens) -> dict[str, str]:
    return bearer(demo_tokens.for_role("official", audience=AUDIENCE))


def texts(svg: str, size: str) -> list[str]:
    """The texts the chart draws at a font size (9px: the values on the bars, 11px: the
    axes' labels)."""
    return re.findall(rf'<text style="font-size: {size}[^"]*"[^>]*>([^<]*)</text>', svg)


def test_a_chart_is_an_accessible_svg_without_its_suppressed_months(
    http: httpx.Client, official: dict[str, str]
) -> None:
    drawn = http.get(
        "/v1/charts/questions-posees.svg",
        headers=official,
        params={"group_by": "month", **PERIOD},
    )
    assert drawn.status_code == 200, drawn.text
    assert drawn.headers["content-type"] == "image/svg+xml"
    assert drawn.headers["cache-control"] == "private, no-store"
    assert "sandbox" in drawn.headers["content-security-policy"]
    svg = drawn.text
    assert re.search(
        r'<svg [^>]*role="img" aria-labelledby="graphique-titre graphique-description" '
        r'xml:lang="fr"',
        svg,
    )
    title = "Questions posées par mois — commune 57480, de janvier à avril 2026"
    assert f'<title id="graphique-titre">{title}</title>' in svg
    description = re.findall(r'<desc id="graphique-description">([^<]*)</desc>', svg)
    assert description == [
        "Questions posées — commune 57480, de janvier à avril 2026 : 27\u00a0"
        "questions au total ; le plus haut en avril 2026 (15\u00a0questions), le plus bas "
        "en janvier 2026 (12\u00a0questions) ; en hausse entre janvier 2026 "
        "(12\u00a0questions) et avril 2026 (15\u00a0questions). 2 groupes trop petits "
        "(moins de 5) ne sont pas montrés, pour que personne ne puisse être reconnu."
    ]
    # Drawn: January and April, their values on their bars; February and March nowhere.
    assert texts(svg, "9px") == ["12", "15"]
    assert [t for t in texts(svg, "11px") if "2026" in t] == ["janv. 2026", "avr. 2026"]
    assert "févr" not in svg and "mars" not in svg
    # The colour-blind-safe blue of the Okabe-Ito palette.
    assert "#0072b2" in svg.lower()


def test_a_chart_has_the_same_filters_as_the_indicator(
    http: httpx.Client, official: dict[str, str]
) -> None:
    drawn = http.get(
        "/v1/charts/questions-posees.svg",
        headers=official,
        params={"group_by": "outcome", "commune": MONTIGNY, "from": "2026-04", "to": "2026-04"},
    )
    assert drawn.status_code == 200, drawn.text
    assert "Questions posées par issue — commune 57480, en avril 2026" in drawn.text
    assert texts(drawn.text, "9px") == ["5", "10"]
    assert "Répondue par l&#x27;assistant" in drawn.text or "Répondue par l'assistant" in drawn.text
    one = http.get("/v1/charts/questions-posees.svg", headers=official, params=PERIOD)
    assert "Questions posées — commune 57480, de janvier à avril 2026 : 39\u00a0questions." in (
        one.text
    )


def test_a_chart_of_another_commune_is_refused_in_french(
    http: httpx.Client, official: dict[str, str]
) -> None:
    refused = http.get(
        "/v1/charts/questions-posees.svg",
        headers=official,
        params={"commune": METZ, "group_by": "month", **PERIOD},
    )
    assert french_problem(refused, 403)["detail"] == (
        "Vous ne pouvez pas consulter les chiffres de la commune 57463 : seulement ceux de "
        "votre commune (57480)."
    )
    assert http.get("/v1/charts/questions-posees.svg").status_code == 401
    french_problem(
        http.get(
            "/v1/charts/questions-posees.svg",
            headers=official,
            params={"group_by": ["month", "theme"]},
        ),
        422,
    )
    french_problem(http.get("/v1/charts/inconnu.svg", headers=official), 404)


def test_a_forecast_chart_says_why_there_is_no_forecast(
    http: httpx.Client, official: dict[str, str]
) -> None:
    # No register approves the forecasts here: the history only, and why.
    drawn = http.get(
        "/v1/charts/forecasts/demand.svg", headers=official, params={"commune": MONTIGNY}
    )
    assert drawn.status_code == 200, drawn.text
    assert drawn.headers["content-type"] == "image/svg+xml"
    label = "Demandes au service citoyen — commune 57480"
    assert f'<title id="prevision-titre">{label} : historique et prévision</title>' in drawn.text
    description = re.findall(r'<desc id="prevision-description">([^<]*)</desc>', drawn.text)
    assert len(description) == 1
    assert description[0].startswith(f"{label} : ")
    assert "aucune prévision montrée. Prévision non affichée" in description[0]
    refused = http.get(
        "/v1/charts/forecasts/demand.svg", headers=official, params={"commune": METZ}
    )
    assert "vos communes" in french_problem(refused, 403)["detail"]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_council_report_is_a_pdf_with_charts_tables_summaries_and_the_ai_mention(
    http: httpx.Client, official: dict[str, str]
) -> None:
    made = http.get(f"/v1/reports/{MONTIGNY}.pdf", headers=official, params=PERIOD)
    assert made.status_code == 200, made.text
    assert made.headers["content-type"] == "application/pdf"
    assert made.headers["content-disposition"] == (
        'attachment; filename="rapport-57480-2026-01-2026-04.pdf"'
    )
    assert made.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(made.content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Rapport au conseil municipal — commune 57480"
    assert reader.metadata.author == "Metz Métropole"
    # Words only (the PDF's text gives its non-breaking spaces as spaces).
    text = " ".join(pdf_text(made.content).split())
    assert "Rapport au conseil municipal — commune 57480" in text
    assert "Indicateurs clés, de janvier à avril 2026" in text
    # The questions' page: the summary, the table of the months shown, and only those.
    assert "27 questions au total" in text
    assert "Mois Valeur janvier 2026 12 questions avril 2026 15 questions" in text
    assert "février 2026" not in text and "mars 2026" not in text
    # The content gaps and the forecasts, which declare themselves.
    assert "Où déposer les gravats ?" in text
    assert "Prévision produite par un algorithme" in text
    assert "registre public des algorithmes" in text


def test_the_report_of_another_commune_is_refused_in_french(
    http: httpx.Client, official: dict[str, str]
) -> None:
    refused = http.get(f"/v1/reports/{METZ}.pdf", headers=official, params=PERIOD)
    assert french_problem(refused, 403)["detail"] == (
        "Vous ne pouvez pas consulter les chiffres de la commune 57463 : seulement ceux de "
        "votre commune (57480)."
    )
    assert http.get(f"/v1/reports/{MONTIGNY}.pdf").status_code == 401
    french_problem(http.get("/v1/reports/metz.pdf", headers=official), 422)
