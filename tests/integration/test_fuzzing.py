"""Every service fuzzed, against the service started through its entry point (one start per
service for both kinds of fuzzing):

- its HTTP API from its own OpenAPI document (schemathesis), by each demo role and
  anonymously: no 5xx, every answer as its operation declares it, no error that echoes a
  token or personal data;
- every method of its gRPC contract (``proto/``) with malformed and extreme messages and bad
  metadata: never UNKNOWN or INTERNAL, a French message with every refusal.

Bounded here (a fixed number of requests per operation, a fixed seed); ``make fuzz`` runs
the same with ``COLLECTIVIA_FUZZ_EXAMPLES`` raised.
"""

from __future__ import annotations

import pytest
from google.protobuf.descriptor import ServiceDescriptor

from collectivia.analytics.v1 import analytics_pb2
from collectivia.assistant.v1 import assistant_pb2
from collectivia.chat.v1 import chat_pb2, handover_pb2
from collectivia.lake.v1 import lake_pb2
from collectivia.register.v1 import register_pb2
from collectivia.testkit.grpc_fuzzing import fuzz_grpc_service
from collectivia.testkit.http_fuzzing import FuzzBudget, fuzz_http_api
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.tokens import DemoTokens

pytestmark = pytest.mark.integration

BUDGET = FuzzBudget.from_environment(examples=6)


def http_identities(demo_tokens: DemoTokens, audience: str) -> dict[str, str | None]:
    """Each demo role's token for ``audience``, and no token at all."""
    found: dict[str, str | None] = {"anonymous": None}
    for role in sorted(demo_tokens.users):
        found[role] = demo_tokens.for_role(role, audience=audience)
    return found


def grpc_identities(demo_tokens: DemoTokens, audience: str, role: str) -> dict[str, str]:
    """Who calls the service's methods: another service, an integrator, a person of the
    service's own role (each reaches the methods it may, and is refused the others)."""
    caller = "ethics-register" if audience != "ethics-register" else "citizen-chat"
    return {
        f"service {caller}": demo_tokens.for_service(caller),
        "integrator-demo": demo_tokens.for_service("integrator-demo"),
        role: demo_tokens.for_role(role, audience=audience),
    }


def fuzz(
    service: ServiceProcess, descriptor: ServiceDescriptor, demo_tokens: DemoTokens, role: str
) -> None:
    findings = [
        *map(
            str, fuzz_http_api(service.base_url, http_identities(demo_tokens, service.name), BUDGET)
        ),
        *map(
            str,
            fuzz_grpc_service(
                service.grpc_target,
                descriptor,
                grpc_identities(demo_tokens, service.name, role),
                thorough=BUDGET.thorough,
            ),
        ),
    ]
    assert not findings, "\n\n".join(findings) + "\n\n" + service.log_tail(3000)


def test_the_register_withstands_fuzzing(
    running_ethics_register: ServiceProcess, demo_tokens: DemoTokens
) -> None:
    service = register_pb2.DESCRIPTOR.services_by_name["RegisterService"]
    fuzz(running_ethics_register, service, demo_tokens, "ethics-officer")


def test_the_citizen_chat_withstands_fuzzing(
    running_citizen_chat: ServiceProcess, demo_tokens: DemoTokens
) -> None:
    service = chat_pb2.DESCRIPTOR.services_by_name["CitizenChatService"]
    fuzz(running_citizen_chat, service, demo_tokens, "citizen")
    # The handovers' contacts: the agents' assistant's own token gets in, nobody else.
    contacts = handover_pb2.DESCRIPTOR.services_by_name["HandoverContactService"]
    identities = {
        "service agent-assistant": demo_tokens.for_service("agent-assistant"),
        **grpc_identities(demo_tokens, running_citizen_chat.name, "citizen"),
    }
    findings = fuzz_grpc_service(
        running_citizen_chat.grpc_target, contacts, identities, thorough=BUDGET.thorough
    )
    assert not findings, "\n\n".join(map(str, findings))


def test_the_agent_assistant_withstands_fuzzing(
    running_agent_assistant: ServiceProcess, demo_tokens: DemoTokens
) -> None:
    service = assistant_pb2.DESCRIPTOR.services_by_name["AgentAssistantService"]
    fuzz(running_agent_assistant, service, demo_tokens, "agent")


def test_the_data_lake_withstands_fuzzing(
    running_data_lake: ServiceProcess, demo_tokens: DemoTokens
) -> None:
    service = lake_pb2.DESCRIPTOR.services_by_name["DataLakeService"]
    fuzz(running_data_lake, service, demo_tokens, "data-steward")


def test_the_officials_analytics_withstand_fuzzing(
    running_officials_analytics: ServiceProcess, demo_tokens: DemoTokens
) -> None:
    service = analytics_pb2.DESCRIPTOR.services_by_name["AnalyticsService"]
    fuzz(running_officials_analytics, service, demo_tokens, "official")
