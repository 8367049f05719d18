"""The citizen's contact, asked from the citizen chat (gRPC HandoverContactService, on a
channel carrying this service's own token): translation only."""

from __future__ import annotations

import logging

import grpc

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.delivery.ports import CitizenContact, ContactSource
from collectivia.chat.v1 import handover_pb2, handover_pb2_grpc
from collectivia.platform.errors import Conflict, DependencyUnavailable

logger = logging.getLogger(__name__)

_GONE = frozenset({grpc.StatusCode.NOT_FOUND, grpc.StatusCode.FAILED_PRECONDITION})


class ChatContacts(ContactSource):
    def __init__(self, channel: grpc.Channel, *, timeout_seconds: float) -> None:
        self._stub = handover_pb2_grpc.HandoverContactServiceStub(channel)
        self._timeout = timeout_seconds

    def contact(
        self, *, handoff_id: str, agent: str, department: str, purpose: str
    ) -> CitizenContact:
        request = handover_pb2.RevealContactRequest(
            handoff_id=handoff_id, agent=agent, department=department, purpose=purpose
        )
        try:
            response = self._stub.RevealContact(request, timeout=self._timeout)
        except grpc.RpcError as error:
            code = error.code() if isinstance(error, grpc.Call) else None
            if code in _GONE:
                # Erased (or no contact left): the chat no longer has it to give.
                raise Conflict(messages.CONTACT_GONE) from None
            logger.warning("the chat's contact service failed: %s", code)
            raise DependencyUnavailable(messages.CONTACT_UNREACHABLE) from None
        return CitizenContact(response.channel, response.contact)
