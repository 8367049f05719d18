"""gRPC HandoverContactService: a handover's contact for the agents' assistant's own token
only; translation only (domain errors become gRPC codes in the server's interceptor)."""

from __future__ import annotations

from collections.abc import Collection

import grpc

from collectivia.chat.v1 import handover_pb2, handover_pb2_grpc
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.handover.service import Handovers
from collectivia.platform.auth.grpc_interceptors import current_principal
from collectivia.platform.errors import PermissionDenied


class HandoverContactServicer(handover_pb2_grpc.HandoverContactServiceServicer):
    def __init__(self, handovers: Handovers, readers: Collection[str]) -> None:
        self._handovers = handovers
        self._readers = frozenset(readers)

    def RevealContact(  # noqa: N802 - the contract's method name
        self, request: handover_pb2.RevealContactRequest, context: grpc.ServicerContext
    ) -> handover_pb2.RevealContactResponse:
        caller = current_principal()
        # A person signed in through the assistant is not the assistant: its own token only.
        if not (caller.is_service_account and caller.client_id in self._readers):
            raise PermissionDenied(messages.contact_reader_required(self._readers))
        revealed = self._handovers.reveal(
            handoff_id=request.handoff_id,
            agent=request.agent[:64],
            department=request.department[:100],
            purpose=request.purpose,
        )
        return handover_pb2.RevealContactResponse(
            channel=revealed.channel, contact=revealed.contact
        )
