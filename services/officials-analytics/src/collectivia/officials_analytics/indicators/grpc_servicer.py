"""gRPC AnalyticsService: translation only. The same indicators, access rule and suppression
as the HTTP routes; the caller from the platform's interceptor (``current_principal``)."""

from __future__ import annotations

import grpc

from collectivia.analytics.v1 import analytics_pb2, analytics_pb2_grpc
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.declarations import Indicator
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.indicators.schemas import communes_cited, parsed_filters
from collectivia.platform.auth.grpc_interceptors import current_principal


class AnalyticsServicer(analytics_pb2_grpc.AnalyticsServiceServicer):
    def __init__(self, indicators: Indicators) -> None:
        self._indicators = indicators

    def ListKpis(  # noqa: N802 - the contract's method name
        self, request: analytics_pb2.ListKpisRequest, context: grpc.ServicerContext
    ) -> analytics_pb2.ListKpisResponse:
        viewer = Viewer.of(current_principal())
        return analytics_pb2.ListKpisResponse(
            kpis=[kpi_message(i) for i in self._indicators.declarations(viewer)]
        )

    def QueryKpi(  # noqa: N802 - the contract's method name
        self, request: analytics_pb2.QueryKpiRequest, context: grpc.ServicerContext
    ) -> analytics_pb2.QueryKpiResponse:
        viewer = Viewer.of(current_principal())
        result = self._indicators.query(
            viewer,
            request.kpi,
            group_by=list(request.group_by),
            communes=list(request.communes),
            first_month=request.from_month,
            last_month=request.to_month,
            filters=parsed_filters([f"{f.dimension}:{f.value}" for f in request.filters]),
        )
        return analytics_pb2.QueryKpiResponse(
            kpi=kpi_message(result.indicator),
            group_by=result.group_by,
            cells=[
                analytics_pb2.KpiCell(
                    dimensions=cell.dimensions,
                    value=cell.value if cell.value is not None else 0.0,
                    suppressed=cell.suppressed,
                )
                for cell in result.cells
            ],
            communes=result.communes,
            from_month=result.period.first,
            to_month=result.period.last,
            commune_names=self._indicators.commune_directory().names(communes_cited(result)),
        )


def kpi_message(indicator: Indicator) -> analytics_pb2.Kpi:
    return analytics_pb2.Kpi(
        name=indicator.name,
        label=indicator.label,
        definition=indicator.definition,
        unit=indicator.unit,
        dimensions=indicator.dimension_names,
        owner=indicator.owner,
        sources=indicator.sources,
        min_group_size=indicator.min_group_size,
    )
