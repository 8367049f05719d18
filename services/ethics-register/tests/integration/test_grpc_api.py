"""RegisterService over gRPC with real Keycloak tokens."""

from __future__ import annotations

import uuid

import grpc
import httpx
import pytest

from collectivia.register.v1 import register_pb2, register_pb2_grpc, types_pb2
from collectivia.testkit.register_records import approved_system, system_body
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration


def auth(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


@pytest.fixture
def stub(channel: grpc.Channel) -> register_pb2_grpc.RegisterServiceStub:
    return register_pb2_grpc.RegisterServiceStub(channel)


@pytest.fixture
def approved_id(http: httpx.Client, demo_tokens: DemoTokens) -> str:
    return str(approved_system(http, demo_tokens)["id"])


def test_check_use_with_a_service_token(
    stub: register_pb2_grpc.RegisterServiceStub, demo_tokens: DemoTokens, approved_id: str
) -> None:
    token = demo_tokens.for_service("citizen-chat")
    allowed = stub.CheckUse(
        register_pb2.CheckUseRequest(system_id=approved_id, purpose="citizen-information"),
        metadata=auth(token),
        timeout=10,
    )
    assert allowed.decision == register_pb2.DECISION_ALLOWED
    assert allowed.system_version == 4  # created, triaged, submitted, approved
    assert allowed.cache_ttl_seconds > 0
    denied = stub.CheckUse(
        register_pb2.CheckUseRequest(system_id=approved_id, purpose="benefit-eligibility"),
        metadata=auth(token),
        timeout=10,
    )
    assert denied.decision == register_pb2.DECISION_DENIED
    assert denied.reason == register_pb2.DENIAL_REASON_PURPOSE_MISMATCH


def test_check_use_without_token_is_unauthenticated(
    stub: register_pb2_grpc.RegisterServiceStub, approved_id: str
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.CheckUse(
            register_pb2.CheckUseRequest(system_id=approved_id, purpose="citizen-information"),
            timeout=10,
        )
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_check_use_is_for_services_not_people(
    stub: register_pb2_grpc.RegisterServiceStub, demo_tokens: DemoTokens, approved_id: str
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.CheckUse(
            register_pb2.CheckUseRequest(system_id=approved_id, purpose="citizen-information"),
            metadata=auth(demo_tokens.for_role("admin")),
            timeout=10,
        )
    assert caught.value.code() is grpc.StatusCode.PERMISSION_DENIED


def test_unknown_id_is_not_found(
    stub: register_pb2_grpc.RegisterServiceStub, demo_tokens: DemoTokens
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.CheckUse(
            register_pb2.CheckUseRequest(
                system_id=str(uuid.uuid4()), purpose="citizen-information"
            ),
            metadata=auth(demo_tokens.for_service("citizen-chat")),
            timeout=10,
        )
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND


def test_missing_fields_are_invalid_argument(
    stub: register_pb2_grpc.RegisterServiceStub, demo_tokens: DemoTokens
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        stub.CheckUse(
            register_pb2.CheckUseRequest(system_id=""),
            metadata=auth(demo_tokens.for_service("citizen-chat")),
            timeout=10,
        )
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_integrators_read_entries(
    stub: register_pb2_grpc.RegisterServiceStub, demo_tokens: DemoTokens, approved_id: str
) -> None:
    system = stub.GetSystem(
        register_pb2.GetSystemRequest(system_id=approved_id),
        metadata=auth(demo_tokens.for_service("integrator-demo")),
        timeout=10,
    )
    assert system.id == approved_id
    assert system.status == types_pb2.SYSTEM_STATUS_APPROVED


def test_integrators_list_published_entries_only(
    stub: register_pb2_grpc.RegisterServiceStub,
    demo_tokens: DemoTokens,
    approved_id: str,
    http: httpx.Client,
) -> None:
    officer = {"Authorization": f"Bearer {demo_tokens.for_role('ethics-officer')}"}
    draft = http.post("/v1/systems", json=system_body(), headers=officer).json()
    listed = stub.ListSystems(
        register_pb2.ListSystemsRequest(),
        metadata=auth(demo_tokens.for_service("integrator-demo")),
        timeout=10,
    )
    ids = {system.id for system in listed.systems}
    assert approved_id in ids
    assert draft["id"] not in ids
    with pytest.raises(grpc.RpcError) as caught:
        stub.GetSystem(
            register_pb2.GetSystemRequest(system_id=draft["id"]),
            metadata=auth(demo_tokens.for_service("integrator-demo")),
            timeout=10,
        )
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND
