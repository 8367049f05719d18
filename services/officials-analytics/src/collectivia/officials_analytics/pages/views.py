"""HTTP routes of the officials' page: the pages' shared routes
(``collectivia.platform.pages.responses``) on the officials' frame — screens, statement,
assets — and what the page shows beside the indicators' JSON: an indicator's chart as SVG
and the council's report as PDF, both from the indicators' domain object, with the same
filters, the same access rule and the same suppression. Translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.service import Briefings
from collectivia.officials_analytics.forecasts.series import SeriesKey, SeriesKind
from collectivia.officials_analytics.forecasts.service import Forecasts
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.pages import forecast_charts, report, screens
from collectivia.officials_analytics.pages.charts import svg
from collectivia.officials_analytics.pages.council import council_report
from collectivia.officials_analytics.pages.figures import chart_of
from collectivia.officials_analytics.pages.layout import Frame, page
from collectivia.officials_analytics.pages.statement import accessibility_page
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal
from collectivia.platform.pages.responses import STYLE, SVG, StaticAssets, page_routes, scripts

# The page's own assets (static/); the shared ones are served under /static/shared/.
ASSETS = StaticAssets(
    "collectivia.officials_analytics.pages",
    {
        "elus.css": STYLE,
        "icon.svg": SVG,
        **scripts(
            "main",
            "tables",
            "selection",
            "charts",
            "downloads",
            "dashboard",
            "energy",
            "questions",
            "indicator",
            "gaps",
            "briefing",
            "forecasts",
        ),
    },
)
SVG_TYPE = "image/svg+xml"
PDF_TYPE = "application/pdf"
# A chart opened on its own is a document: nothing in it may run or load anything.
CHART_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def application(frame: Frame) -> str:
    return page(frame, "Accueil", screens.application(frame), application=True)


pages = page_routes(
    Frame,
    tags=["page des élus"],
    application=application,
    statement=accessibility_page,
    assets=ASSETS,
    not_found=messages.PAGES_STATIC_NOT_FOUND,
)

router = APIRouter(tags=["page des élus"])
router.include_router(pages)

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 422)}

Caller = Annotated[Principal, Depends(verify_bearer_token)]
IndicatorsService = Annotated[Indicators, Depends(provided(Indicators))]
GroupBy = Annotated[
    list[str],
    Query(description="Au plus une dimension (month, theme...) ; aucune : toute la période."),
]
Communes = Annotated[
    list[str], Query(alias="commune", description="Codes INSEE ; aucun : vos communes.")
]
From = Annotated[str, Query(alias="from", description="Premier mois, AAAA-MM.")]
To = Annotated[str, Query(alias="to", description="Dernier mois, AAAA-MM.")]


def _private(media_type: str, filename: str, *, attachment: bool) -> dict[str, str]:
    disposition = "attachment" if attachment else "inline"
    return {
        "Content-Disposition": f'{disposition}; filename="{filename}"',
        # One person's figures: never kept by a shared cache.
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }


@router.get(
    "/v1/charts/{name}.svg",
    summary="Le graphique d'un indicateur (SVG), avec les filtres et le secret statistique "
    "de ses valeurs",
    responses={**ERRORS, 200: {"content": {SVG_TYPE: {}}}},
    response_class=Response,
)
def indicator_chart(
    name: str,
    indicators: IndicatorsService,
    caller: Caller,
    group_by: GroupBy = [],  # noqa: B006 - FastAPI copies query defaults
    communes: Communes = [],  # noqa: B006
    first: From = "",
    last: To = "",
) -> Response:
    result = indicators.query(
        Viewer.of(caller),
        name,
        group_by=group_by,
        communes=communes,
        first_month=first,
        last_month=last,
    )
    headers = _private(SVG_TYPE, f"{result.indicator.name}.svg", attachment=False)
    headers["Content-Security-Policy"] = CHART_POLICY
    chart = chart_of(result, indicators.commune_directory())
    return Response(svg(chart), media_type=SVG_TYPE, headers=headers)


@router.get(
    "/v1/charts/forecasts/{series}.svg",
    summary="Le graphique d'une prévision (SVG) : historique, prévision et intervalles, avec "
    "« Prévision produite par un algorithme » (affichée seulement si le registre l'autorise)",
    responses={**ERRORS, 200: {"content": {SVG_TYPE: {}}}},
    response_class=Response,
)
def forecast_chart(
    series: SeriesKind,
    forecasts: Annotated[Forecasts, Depends(provided(Forecasts))],
    caller: Caller,
    theme: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    commune: Annotated[
        str | None, Query(pattern=r"^(\d{5}|2[AB]\d{3})$", description="Code INSEE")
    ] = None,
) -> Response:
    shown = forecasts.view(caller, SeriesKey(series, theme, commune))
    headers = _private(SVG_TYPE, f"prevision-{series.value}.svg", attachment=False)
    headers["Content-Security-Policy"] = CHART_POLICY
    return Response(forecast_charts.svg(shown), media_type=SVG_TYPE, headers=headers)


@router.get(
    "/v1/reports/{commune}.pdf",
    summary="Le rapport imprimable d'une commune pour le conseil municipal (PDF)",
    responses={**ERRORS, 200: {"content": {PDF_TYPE: {}}}},
    response_class=Response,
)
def council_pdf(
    commune: str,
    indicators: IndicatorsService,
    gaps: Annotated[Gaps, Depends(provided(Gaps))],
    forecasts: Annotated[Forecasts, Depends(provided(Forecasts))],
    briefings: Annotated[Briefings, Depends(provided(Briefings))],
    frame: Annotated[Frame, Depends(provided(Frame))],
    caller: Caller,
    first: From = "",
    last: To = "",
) -> Response:
    gathered = council_report(
        indicators=indicators,
        gaps=gaps,
        forecasts=forecasts,
        briefings=briefings,
        principal=caller,
        commune=commune,
        first_month=first,
        last_month=last,
        collectivity=frame.collectivity,
    )
    chosen = indicators.period(first, last)
    filename = f"rapport-{commune}-{chosen.first}-{chosen.last}.pdf"
    return Response(
        report.pdf(gathered),
        media_type=PDF_TYPE,
        headers=_private(PDF_TYPE, filename, attachment=True),
    )
