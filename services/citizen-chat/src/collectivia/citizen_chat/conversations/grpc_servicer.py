"""gRPC CitizenChatService, for integrators (a commune's own app) and, for Search, the agents'
assistant: translation only.

The caller is the verified principal set by ``BearerTokenServerInterceptor``; domain errors
(``NotFound``, ``InvalidInput``...) become gRPC codes in the server's interceptor.
"""

from __future__ import annotations

import logging
import re
from contextlib import closing

import grpc

from collectivia.ai.use.evidence import pseudonym
from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.conversations.questions import (
    AnswerFinished,
    AskedAnswer,
    Questions,
)
from collectivia.citizen_chat.conversations.search import (
    INTEGRATOR_ROLE,
    PassageSearch,
    SearchResult,
)
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.platform.auth.grpc_interceptors import current_principal
from collectivia.platform.errors import InvalidInput, PermissionDenied

logger = logging.getLogger(__name__)

ASK_METHOD = "/collectivia.chat.v1.CitizenChatService/Ask"
# INSEE code: five digits, or 2A/2B and three digits (Corsica); as in the HTTP API.
_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")

_OUTCOMES = {
    Outcome.ANSWERED: chat_pb2.OUTCOME_ANSWERED,
    Outcome.REFUSED: chat_pb2.OUTCOME_REFUSED,
    Outcome.HANDED_OVER: chat_pb2.OUTCOME_HANDED_OVER,
    Outcome.UNAVAILABLE: chat_pb2.OUTCOME_UNAVAILABLE,
}


def answer_message(asked: AskedAnswer) -> chat_pb2.AskResponse:
    answer = asked.answer
    return chat_pb2.AskResponse(
        conversation_id=asked.conversation_id,
        answer_id=asked.answer_id,
        outcome=_OUTCOMES[answer.outcome],
        text=answer.text,
        citations=[
            chat_pb2.Citation(number=c.number, document_id=c.document_id, title=c.title, url=c.url)
            for c in answer.citations
        ],
        confidence=answer.confidence,
        disclosure=answer.disclosure,
        register_url=answer.register_url,
        offer_handoff=answer.offer_handoff,
    )


def search_message(result: SearchResult) -> chat_pb2.SearchResponse:
    return chat_pb2.SearchResponse(
        passages=[
            chat_pb2.Passage(
                document_id=p.document.id,
                title=p.document.title,
                url=p.document.url,
                text=p.text,
                score=p.score,
                theme=p.document.theme,
                communes=p.document.communes,
                version=p.document.version,
            )
            for p in result.passages
        ],
        confidence=result.confidence,
    )


class CitizenChatServicer(chat_pb2_grpc.CitizenChatServiceServicer):
    def __init__(
        self,
        questions: Questions,
        conversations: Conversations,
        pseudonym_salt: str,
        search: PassageSearch,
    ) -> None:
        self._questions = questions
        self._conversations = conversations
        self._salt = pseudonym_salt
        self._search = search

    def Ask(  # noqa: N802 - the contract's method name
        self, request: chat_pb2.AskRequest, context: grpc.ServicerContext
    ) -> chat_pb2.AskResponse:
        principal = current_principal()
        if not principal.has_any_role({INTEGRATOR_ROLE}):
            refusal = messages.role_required(messages.ASK_OVER_GRPC, {INTEGRATOR_ROLE})
            raise PermissionDenied(refusal)
        # Request shape, checked before a conversation is started (the ask use case checks
        # the question again, normalised).
        if not request.question.strip():
            raise InvalidInput(messages.QUESTION_EMPTY)
        limit = self._questions.policy.max_question_chars
        if len(request.question) > limit:
            raise InvalidInput(messages.question_too_long(limit))
        if request.commune and not _COMMUNE.match(request.commune):
            raise InvalidInput(messages.commune_not_an_insee_code(request.commune))
        # Conversations of an integrator belong to its (pseudonymous) token subject.
        owner = pseudonym(self._salt, principal.subject)
        conversation_id = request.conversation_id
        if not conversation_id:
            conversation_id = self._conversations.start(request.commune or None, owner).id
        stream = self._questions.ask_streamed(conversation_id, request.question, owner)
        with closing(stream):  # closed early, the answer so far is kept, interrupted
            for event in stream:
                if isinstance(event, AnswerFinished):
                    return answer_message(event.asked)
                if not context.is_active():  # cancelled by the caller: the model stops now
                    logger.info("Ask cancelled by its caller mid-answer")
                    return chat_pb2.AskResponse()
        raise RuntimeError("the answer stream ended without its answer")

    def Search(  # noqa: N802 - the contract's method name
        self, request: chat_pb2.SearchRequest, context: grpc.ServicerContext
    ) -> chat_pb2.SearchResponse:
        result = self._search.search(
            current_principal(), request.query, request.commune or None, request.limit
        )
        return search_message(result)
