"""AnalyticsService over gRPC with the running service: the same declarations, access rule
and suppression as over HTTP; NOT_FOUND, INVALID_ARGUMENT and PERMISSION_DENIED with French
details."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import grpc
import pyarrow as pa
import pytest

from collectivia.analytics.v1 import analytics_pb2, analytics_pb2_grpc
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink.tables import TABLES
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.testkit.apps import RunningApp
from collectivia.testkit.french import assert_french
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration

AUDIENCE = "officials-analytics"
METZ, WOIPPY = "57463", "57480"
Metadata = tuple[tuple[str, str], ...]


def metadata(token: str) -> Metadata:
    return (("authorization", f"Bearer {token}"),)


def handoffs() -> pa.Table:
    rows: list[dict[str, Any]] = []
    for commune, theme, count in (
        (WOIPPY, "Eau", 9),
        (WOIPPY, "Voirie", 2),
        (WOIPPY, "Déchets", 6),
        (METZ, "Eau", 5),
    ):
        rows += [
            {
                "event_id": str(uuid.uuid4()),
                "occurred_at": datetime(2026, 4, 2, 9, tzinfo=UTC),
                "month": "2026-04",
                "handoff_id": str(uuid.uuid4()),
                "commune": commune,
                "theme": theme,
                "channel": "email",
            }
            for _ in range(count)
        ]
    return pa.Table.from_pylist(rows, schema=TABLES["chat_handoffs"])


@pytest.fixture(scope="module")
def stub(
    analytics: RunningApp[OfficialsAnalyticsSettings],
) -> Iterator[analytics_pb2_grpc.AnalyticsServiceStub]:
    analytics.service.get(Warehouse).analytics.write(
        "chat-handoffs", handoffs(), load_id="test", operation="test", replace=False
    )
    # The member communes' reference names Metz only: the other keeps its code.
    analytics.service.get(Warehouse).lake.write(
        "communes-membres",
        pa.table({"code_insee": [METZ], "nom": ["Metz"]}),
        load_id="test",
        operation="test",
        replace=True,
    )
    with grpc.insecure_channel(analytics.grpc_target) as channel:
        yield analytics_pb2_grpc.AnalyticsServiceStub(channel)


@pytest.fixture(scope="module")
def official(demo_tokens: DemoTokens) -> Metadata:
    return metadata(demo_tokens.for_role("official", audience=AUDIENCE))


def refused(call: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


def test_list_kpis(stub: analytics_pb2_grpc.AnalyticsServiceStub, official: Metadata) -> None:
    listed = stub.ListKpis(analytics_pb2.ListKpisRequest(), metadata=official)
    by_name = {k.name: k for k in listed.kpis}
    handed = by_name["demandes-agent"]
    assert handed.label == "Demandes transmises à un agent" and handed.unit == "demandes"
    assert list(handed.dimensions) == ["month", "commune", "theme", "channel"]
    assert handed.min_group_size == 5 and list(handed.sources) == ["chat.handoff-requested"]
    assert handed.owner == "Direction de la relation citoyenne"


def test_query_kpi_for_an_official(
    stub: analytics_pb2_grpc.AnalyticsServiceStub, official: Metadata
) -> None:
    answer = stub.QueryKpi(
        analytics_pb2.QueryKpiRequest(
            kpi="demandes-agent", group_by=["theme"], from_month="2026-04", to_month="2026-04"
        ),
        metadata=official,
    )
    assert list(answer.communes) == [WOIPPY] and list(answer.group_by) == ["theme"]
    assert dict(answer.commune_names) == {WOIPPY: WOIPPY}
    assert (answer.from_month, answer.to_month) == ("2026-04", "2026-04")
    assert answer.kpi.name == "demandes-agent"
    # Voirie (2) suppressed, and Déchets (6) with it, so that the total cannot give it away.
    assert [(list(c.dimensions), c.value, c.suppressed) for c in answer.cells] == [
        (["Déchets"], 0.0, True),
        (["Eau"], 9.0, False),
        (["Voirie"], 0.0, True),
    ]


def test_query_kpi_filtered_by_a_dimension(
    stub: analytics_pb2_grpc.AnalyticsServiceStub, demo_tokens: DemoTokens
) -> None:
    steward = metadata(demo_tokens.for_role("data-steward", audience=AUDIENCE))
    answer = stub.QueryKpi(
        analytics_pb2.QueryKpiRequest(
            kpi="demandes-agent",
            group_by=["commune"],
            from_month="2026-04",
            to_month="2026-04",
            filters=[analytics_pb2.DimensionFilter(dimension="theme", value="Eau")],
        ),
        metadata=steward,
    )
    # Eau only: 9 in Woippy (of 17), 5 in Metz.
    assert [(list(c.dimensions), c.value) for c in answer.cells] == [
        ([METZ], 5.0),
        ([WOIPPY], 9.0),
    ]
    error = refused(
        lambda: stub.QueryKpi(
            analytics_pb2.QueryKpiRequest(
                kpi="demandes-agent",
                filters=[analytics_pb2.DimensionFilter(dimension="humeur", value="x")],
            ),
            metadata=steward,
        )
    )
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert_french(error.details() or "")


def test_query_kpi_for_the_intercommunality(
    stub: analytics_pb2_grpc.AnalyticsServiceStub, demo_tokens: DemoTokens
) -> None:
    steward = metadata(demo_tokens.for_role("data-steward", audience=AUDIENCE))
    answer = stub.QueryKpi(
        analytics_pb2.QueryKpiRequest(
            kpi="demandes-agent", group_by=["commune"], from_month="2026-04", to_month="2026-04"
        ),
        metadata=steward,
    )
    assert list(answer.communes) == []
    assert [(list(c.dimensions), c.value) for c in answer.cells] == [
        ([METZ], 5.0),
        ([WOIPPY], 17.0),
    ]
    assert dict(answer.commune_names) == {METZ: "Metz", WOIPPY: WOIPPY}


def test_refusals_have_their_codes_and_french_details(
    stub: analytics_pb2_grpc.AnalyticsServiceStub, official: Metadata, demo_tokens: DemoTokens
) -> None:
    cases = [
        (analytics_pb2.QueryKpiRequest(kpi="pas-un-indicateur"), grpc.StatusCode.NOT_FOUND),
        (
            analytics_pb2.QueryKpiRequest(kpi="demandes-agent", group_by=["humeur"]),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            analytics_pb2.QueryKpiRequest(kpi="demandes-agent", from_month="2026-4"),
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            analytics_pb2.QueryKpiRequest(kpi="demandes-agent", communes=[METZ]),
            grpc.StatusCode.PERMISSION_DENIED,
        ),
    ]
    for request, code in cases:
        error = refused(lambda request=request: stub.QueryKpi(request, metadata=official))
        assert error.code() == code, request
        assert_french(error.details() or "")
    citizen = metadata(demo_tokens.for_role("citizen", audience=AUDIENCE))
    error = refused(
        lambda: stub.QueryKpi(analytics_pb2.QueryKpiRequest(kpi="demandes-agent"), metadata=citizen)
    )
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == (
        "Les indicateurs sont réservés aux élus (rôle « official ») et à l'intercommunalité "
        "(rôles « admin » ou « data-steward »)."
    )
    unsigned = refused(lambda: stub.ListKpis(analytics_pb2.ListKpisRequest()))
    assert unsigned.code() == grpc.StatusCode.UNAUTHENTICATED
