"""gRPC RegisterService: translation only."""

from __future__ import annotations

import grpc

from collectivia.ai.use.decisions import DenialReason
from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.contracts import STATUS_FROM_PROTO, system_message
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.auth.grpc_interceptors import current_principal
from collectivia.register.v1 import register_pb2, register_pb2_grpc

CHECK_USE_METHOD = "/collectivia.register.v1.RegisterService/CheckUse"

_REASONS = {
    None: register_pb2.DENIAL_REASON_UNSPECIFIED,
    DenialReason.NOT_APPROVED: register_pb2.DENIAL_REASON_NOT_APPROVED,
    DenialReason.PURPOSE_MISMATCH: register_pb2.DENIAL_REASON_PURPOSE_MISMATCH,
    DenialReason.PROHIBITED_PRACTICE: register_pb2.DENIAL_REASON_PROHIBITED_PRACTICE,
}


class RegisterServicer(register_pb2_grpc.RegisterServiceServicer):
    def __init__(
        self, registry: SystemRegistry, directory: SystemDirectory, cache_ttl_seconds: int
    ) -> None:
        self._registry = registry
        self._directory = directory
        self._cache_ttl = cache_ttl_seconds

    def CheckUse(  # noqa: N802 - the contract's method name
        self, request: register_pb2.CheckUseRequest, context: grpc.ServicerContext
    ) -> register_pb2.CheckUseResponse:
        if not request.system_id or not request.purpose:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, messages.CHECK_USE_FIELDS_REQUIRED)
        decision = self._directory.check_use(request.system_id, request.purpose)
        return register_pb2.CheckUseResponse(
            decision=register_pb2.DECISION_ALLOWED
            if decision.allowed
            else register_pb2.DECISION_DENIED,
            reason=_REASONS[decision.reason],
            message=decision.message,
            system_version=decision.system_version,
            cache_ttl_seconds=self._cache_ttl,
            special_categories_approved=decision.special_categories_approved,
        )

    def GetSystem(  # noqa: N802 - the contract's method name
        self, request: register_pb2.GetSystemRequest, context: grpc.ServicerContext
    ) -> register_pb2.System:
        return system_message(self._registry.get(request.system_id, current_principal()))

    def ListSystems(  # noqa: N802 - the contract's method name
        self, request: register_pb2.ListSystemsRequest, context: grpc.ServicerContext
    ) -> register_pb2.ListSystemsResponse:
        reader = current_principal()
        status = STATUS_FROM_PROTO.get(request.status)
        return register_pb2.ListSystemsResponse(
            systems=[
                system_message(self._registry.get(summary.id, reader))
                for summary in self._registry.list_systems(reader, status)
            ]
        )
