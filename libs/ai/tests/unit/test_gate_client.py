"""RegisterGate, the caller side of the runtime gate: cache, TTL, invalidation, fail-closed.

A real gRPC server in the process, with a small scripted servicer; the integration test on
the real register is services/ethics-register/tests/integration/test_gate_client.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest

from collectivia.ai.use.decisions import DenialReason
from collectivia.ai.use.gate import RegisterGate
from collectivia.ai.use.own_entry import OwnRegisterEntry
from collectivia.events.v1.register_pb2 import SystemStatusChanged
from collectivia.register.v1 import register_pb2, register_pb2_grpc, types_pb2

ALLOWED = register_pb2.CheckUseResponse(
    decision=register_pb2.DECISION_ALLOWED,
    message="approved for this purpose",
    system_version=1,
    cache_ttl_seconds=5,
)


class ScriptedRegister(register_pb2_grpc.RegisterServiceServicer):
    """Answers ``response`` (or aborts with ``error``), counting calls per system."""

    def __init__(self) -> None:
        self.response = ALLOWED
        self.error: tuple[grpc.StatusCode, str] | None = None
        self.before_answer: Callable[[], None] = lambda: None
        self.calls: list[tuple[str, str]] = []
        self.tokens: list[str] = []

    def CheckUse(  # noqa: N802 - the contract's method name
        self, request: register_pb2.CheckUseRequest, context: grpc.ServicerContext
    ) -> register_pb2.CheckUseResponse:
        self.calls.append((request.system_id, request.purpose))
        self.before_answer()
        if self.error is not None:
            context.abort(*self.error)
        return self.response

    def GetSystem(  # noqa: N802 - the contract's method name
        self, request: register_pb2.GetSystemRequest, context: grpc.ServicerContext
    ) -> register_pb2.System:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "not scripted")

    def ListSystems(  # noqa: N802 - the contract's method name
        self, request: Any, context: grpc.ServicerContext
    ) -> Any:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "not scripted")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def register() -> Iterator[tuple[ScriptedRegister, str]]:
    servicer = ScriptedRegister()
    server = grpc.server(ThreadPoolExecutor(max_workers=4))
    register_pb2_grpc.add_RegisterServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield servicer, f"127.0.0.1:{port}"
    server.stop(grace=None)


@pytest.fixture
def scripted(register: tuple[ScriptedRegister, str]) -> ScriptedRegister:
    return register[0]


@pytest.fixture
def channel(register: tuple[ScriptedRegister, str]) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(register[1]) as channel:
        yield channel


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gate(channel: grpc.Channel, clock: Clock) -> RegisterGate:
    return RegisterGate(channel, clock=clock)


def test_allowed_answer_is_cached_for_the_ttl(
    gate: RegisterGate, scripted: ScriptedRegister, clock: Clock
) -> None:
    first = gate.check_use("s1", "citizen-information")
    assert first.allowed and first.reason is None and first.system_version == 1
    clock.now += 4.9
    assert gate.check_use("s1", "citizen-information") == first
    assert len(scripted.calls) == 1
    clock.now += 0.2
    assert gate.check_use("s1", "citizen-information").allowed
    assert len(scripted.calls) == 2


def test_answers_are_cached_per_system_and_purpose(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    for _ in range(3):
        gate.check_use("s1", "citizen-information")
        gate.check_use("s1", "benefit-eligibility")
        gate.check_use("s2", "citizen-information")
    assert sorted(scripted.calls) == [
        ("s1", "benefit-eligibility"),
        ("s1", "citizen-information"),
        ("s2", "citizen-information"),
    ]


def test_zero_ttl_is_never_cached(gate: RegisterGate, scripted: ScriptedRegister) -> None:
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_ALLOWED, system_version=1, cache_ttl_seconds=0
    )
    gate.check_use("s1", "citizen-information")
    gate.check_use("s1", "citizen-information")
    assert len(scripted.calls) == 2


def test_denial_carries_the_registers_reason(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_DENIED,
        reason=register_pb2.DENIAL_REASON_PURPOSE_MISMATCH,
        message="approved for 'citizen-information', not for 'benefit-eligibility'",
        system_version=3,
        cache_ttl_seconds=5,
    )
    decision = gate.check_use("s1", "benefit-eligibility")
    assert not decision.allowed
    assert decision.reason is DenialReason.PURPOSE_MISMATCH
    assert decision.system_version == 3
    assert "not for 'benefit-eligibility'" in decision.message


def test_special_categories_approval_is_passed_through_and_cached(
    gate: RegisterGate, scripted: ScriptedRegister, channel: grpc.Channel
) -> None:
    assert not gate.check_use("s1", "citizen-information").special_categories_approved
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_ALLOWED,
        system_version=2,
        cache_ttl_seconds=5,
        special_categories_approved=True,
    )
    assert gate.check_use("s2", "agent-drafting").special_categories_approved
    assert gate.check_use("s2", "agent-drafting").special_categories_approved
    assert scripted.calls.count(("s2", "agent-drafting")) == 1
    entry = OwnRegisterEntry(gate, channel, purpose="agent-drafting", system_id="s2")
    check = entry.check()
    assert check.allowed and check.special_categories_approved


def test_an_answer_never_grants_special_categories_its_announcement_withholds(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    # A replica that answers version 4 from an incomplete directory says "approved"; the
    # status change of version 4 said otherwise: the caller keeps to the announcement.
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_ALLOWED,
        system_version=4,
        cache_ttl_seconds=5,
        special_categories_approved=True,
    )
    gate.on_status_changed(
        SystemStatusChanged(
            system_id="s1",
            status=types_pb2.SYSTEM_STATUS_APPROVED,
            version=4,
            special_categories_approved=False,
        )
    )
    decision = gate.check_use("s1", "agent-drafting")
    assert decision.allowed and not decision.special_categories_approved
    assert not gate.check_use("s1", "agent-drafting").special_categories_approved  # cached
    # An announcement with the approval, or an older event without the field, takes nothing
    # away from the register's answer.
    gate.on_status_changed(
        SystemStatusChanged(
            system_id="s2",
            status=types_pb2.SYSTEM_STATUS_APPROVED,
            version=4,
            special_categories_approved=True,
        )
    )
    gate.on_status_changed(
        SystemStatusChanged(system_id="s3", status=types_pb2.SYSTEM_STATUS_APPROVED, version=4)
    )
    assert gate.check_use("s2", "agent-drafting").special_categories_approved
    assert gate.check_use("s3", "agent-drafting").special_categories_approved
    # A newer version's answer is not the announced one's.
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_ALLOWED,
        system_version=5,
        cache_ttl_seconds=5,
        special_categories_approved=True,
    )
    gate.invalidate("s1")
    assert gate.check_use("s1", "agent-drafting").special_categories_approved


def test_a_denial_never_approves_special_categories(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_DENIED,
        reason=register_pb2.DENIAL_REASON_NOT_APPROVED,
        system_version=2,
        cache_ttl_seconds=5,
        special_categories_approved=True,
    )
    decision = gate.check_use("s1", "agent-drafting")
    assert not decision.allowed and not decision.special_categories_approved


def test_unknown_decision_is_a_denial(gate: RegisterGate, scripted: ScriptedRegister) -> None:
    scripted.response = register_pb2.CheckUseResponse(system_version=1, cache_ttl_seconds=5)
    assert not gate.check_use("s1", "citizen-information").allowed


def test_invalidate_drops_only_that_systems_answers(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    gate.check_use("s1", "citizen-information")
    gate.check_use("s1", "benefit-eligibility")
    gate.check_use("s2", "citizen-information")
    gate.invalidate("s1")
    assert gate.cached_entries() == 1
    gate.check_use("s1", "citizen-information")
    gate.check_use("s2", "citizen-information")
    assert scripted.calls.count(("s1", "citizen-information")) == 2
    assert scripted.calls.count(("s2", "citizen-information")) == 1


def suspended(system_id: str, version: int) -> SystemStatusChanged:
    return SystemStatusChanged(
        system_id=system_id,
        previous_status=types_pb2.SYSTEM_STATUS_APPROVED,
        status=types_pb2.SYSTEM_STATUS_SUSPENDED,
        version=version,
    )


def test_status_change_makes_the_next_use_ask_again(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    assert gate.check_use("s1", "citizen-information").allowed
    gate.on_status_changed(suspended("s1", version=2))
    scripted.response = register_pb2.CheckUseResponse(
        decision=register_pb2.DECISION_DENIED,
        reason=register_pb2.DENIAL_REASON_NOT_APPROVED,
        message="the system is suspended, not approved",
        system_version=2,
        cache_ttl_seconds=5,
    )
    decision = gate.check_use("s1", "citizen-information")
    assert decision.reason is DenialReason.NOT_APPROVED
    assert len(scripted.calls) == 2


def test_answers_older_than_a_known_change_are_not_cached(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    gate.on_status_changed(suspended("s1", version=2))
    # A lagging replica still answers from version 1: used once, never cached.
    assert gate.check_use("s1", "citizen-information").system_version == 1
    gate.check_use("s1", "citizen-information")
    assert len(scripted.calls) == 2


def test_answer_in_flight_during_an_invalidation_is_not_cached(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    asked, release = threading.Event(), threading.Event()

    def block() -> None:
        asked.set()
        release.wait(5)

    scripted.before_answer = block
    caller = threading.Thread(target=gate.check_use, args=("s1", "citizen-information"))
    caller.start()
    assert asked.wait(5)
    gate.invalidate("s1")
    scripted.before_answer = lambda: None
    release.set()
    caller.join(5)
    gate.check_use("s1", "citizen-information")
    assert len(scripted.calls) == 2


def test_cache_is_bounded(channel: grpc.Channel, scripted: ScriptedRegister) -> None:
    gate = RegisterGate(channel, max_entries=3)
    for i in range(5):
        gate.check_use(f"s{i}", "citizen-information")
    assert gate.cached_entries() == 3
    gate.check_use("s4", "citizen-information")
    gate.check_use("s0", "citizen-information")
    assert scripted.calls.count(("s4", "citizen-information")) == 1
    assert scripted.calls.count(("s0", "citizen-information")) == 2


def test_concurrent_callers_share_the_cache(gate: RegisterGate, scripted: ScriptedRegister) -> None:
    gate.check_use("s1", "citizen-information")
    with ThreadPoolExecutor(max_workers=16) as pool:
        decisions = list(
            pool.map(lambda _: gate.check_use("s1", "citizen-information"), range(400))
        )
    assert all(d.allowed for d in decisions)
    assert len(scripted.calls) == 1


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (grpc.StatusCode.NOT_FOUND, DenialReason.NOT_REGISTERED),
        (grpc.StatusCode.INVALID_ARGUMENT, DenialReason.INVALID_REQUEST),
        (grpc.StatusCode.UNAUTHENTICATED, DenialReason.REGISTER_UNREACHABLE),
        (grpc.StatusCode.PERMISSION_DENIED, DenialReason.REGISTER_UNREACHABLE),
        (grpc.StatusCode.INTERNAL, DenialReason.REGISTER_UNREACHABLE),
        (grpc.StatusCode.UNAVAILABLE, DenialReason.REGISTER_UNREACHABLE),
    ],
)
def test_errors_are_denials_never_cached(
    gate: RegisterGate, scripted: ScriptedRegister, code: grpc.StatusCode, reason: DenialReason
) -> None:
    scripted.error = (code, "scripted failure")
    decision = gate.check_use("s1", "citizen-information")
    assert not decision.allowed
    assert decision.reason is reason
    scripted.error = None
    assert gate.check_use("s1", "citizen-information").allowed


def test_missing_fields_are_denied_without_asking(
    gate: RegisterGate, scripted: ScriptedRegister
) -> None:
    assert gate.check_use("", "citizen-information").reason is DenialReason.INVALID_REQUEST
    assert gate.check_use("s1", "").reason is DenialReason.INVALID_REQUEST
    assert scripted.calls == []


def test_unreachable_register_is_a_denial(clock: Clock) -> None:
    with grpc.insecure_channel("127.0.0.1:1") as channel:
        decision = RegisterGate(channel, clock=clock).check_use("s1", "citizen-information")
    assert not decision.allowed
    assert decision.reason is DenialReason.REGISTER_UNREACHABLE
    assert decision.message.startswith("register unreachable")


def test_valid_cached_answer_outlives_the_register_until_its_ttl(clock: Clock) -> None:
    servicer = ScriptedRegister()
    server = grpc.server(ThreadPoolExecutor(max_workers=2))
    register_pb2_grpc.add_RegisterServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        gate = RegisterGate(channel, clock=clock, deadline_seconds=0.5)
        assert gate.check_use("s1", "citizen-information").allowed
        server.stop(grace=None).wait()
        assert gate.check_use("s1", "citizen-information").allowed
        clock.now += 5
        assert gate.check_use("s1", "citizen-information").reason is (
            DenialReason.REGISTER_UNREACHABLE
        )


def test_slow_register_is_a_denial_after_the_deadline(
    channel: grpc.Channel, scripted: ScriptedRegister
) -> None:
    release = threading.Event()

    def stall() -> None:
        release.wait(5)

    scripted.before_answer = stall
    try:
        decision = RegisterGate(channel, deadline_seconds=0.2).check_use("s1", "purpose")
    finally:
        release.set()
    assert decision.reason is DenialReason.REGISTER_UNREACHABLE
    assert "DEADLINE_EXCEEDED" in decision.message


class FailingTokens(grpc.UnaryUnaryClientInterceptor):  # type: ignore[type-arg]
    """What a token provider does when Keycloak is down: raises before any RPC."""

    def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        raise RuntimeError("Keycloak did not issue a service token")


def test_a_failure_before_the_call_is_a_denial(
    channel: grpc.Channel, scripted: ScriptedRegister
) -> None:
    gate = RegisterGate(grpc.intercept_channel(channel, FailingTokens()))
    assert gate.check_use("s1", "citizen-information").reason is DenialReason.REGISTER_UNREACHABLE
    assert scripted.calls == []
