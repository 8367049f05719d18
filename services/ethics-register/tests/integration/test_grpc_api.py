"""RegisterService over gRPC with real Keycloak tokens."""

from __future__ import annotations

import uuid

import grpc
import httpx
import pytest

from collectivia.core.testing.tokens import DemoTokens
from collectivia.ethics_register.testing import SystemBody
from collectivia.register.v1 import register_pb2, register_pb2_grpc, types_pb2

pytestmark = pytest.mark.integration


def auth(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


@pytest.fixture
def stub(channel: grpc.Channel) -> register_pb2_grpc.RegisterServiceStub:
    return register_pb2_grpc.RegisterServiceStub(channel)


@pytest.fixture
def approved_id(http: httpx.Client, demo_tokens: DemoTokens, system_body: SystemBody) -> str:
    response = http.post(
        "/v1/systems",
        json=system_body(),
        headers={"Authorization": f"Bearer {demo_tokens.for_role('ethics-officer')}"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


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
    assert allowed.system_version == 1
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
