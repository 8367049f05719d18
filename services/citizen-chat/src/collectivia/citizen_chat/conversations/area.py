"""The conversations area: a citizen's conversations (anonymous, or theirs once signed in),
questions asked and answered through the AI-use pathway, the per-client limit, the hourly
retention purge; for integrators and the agents' assistant, gRPC ``CitizenChatService``
(Ask, and Search of the knowledge base's passages)."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.ai.use.pathway import AiUsePathway
from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.citizen_chat.answering.area import Answering
from collectivia.citizen_chat.conversations import views
from collectivia.citizen_chat.conversations.erasure import ErasureAnnouncer
from collectivia.citizen_chat.conversations.forgetting import (
    ForgettingWorker,
    ForgottenQuestionRow,
    QuestionForgetting,
)
from collectivia.citizen_chat.conversations.grpc_servicer import CitizenChatServicer
from collectivia.citizen_chat.conversations.limits import QuestionCountRow, RateLimiter
from collectivia.citizen_chat.conversations.models import ConversationRow, TurnRow, add_interrupted
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.retention import RetentionPurge
from collectivia.citizen_chat.conversations.search import PassageSearch
from collectivia.citizen_chat.conversations.service import Conversations, utc_now
from collectivia.citizen_chat.conversations.settings import ConversationSettings
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.worker_processes import WorkerRole
from collectivia.platform.areas import Area, GrpcEndpoint, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import ANSWER_PRODUCED, CONVERSATION_ERASED
from collectivia.platform.events.outbox.writer import Outbox


@dataclass(frozen=True)
class Chat:
    conversations: Conversations
    questions: Questions
    search: PassageSearch
    pseudonym_salt: str
    purge_in_process: bool = True
    erasure_follow_seconds: float = 1.0


class NotPurging:
    """The retention purge when a scheduler runs it instead (or the erasures' following
    with one worker): nothing to stop."""

    def stop(self) -> None:
        return None


def build(context: AreaContext) -> Chat:
    settings = context.get(ChatSettings)
    section = context.section(ConversationSettings)
    answering = context.get(Answering)
    salt = settings.pseudonym_salt.get_secret_value()
    add_interrupted(context.sessions.kw["bind"])
    # Erasure and the retention purge also empty the query cache of what was asked: every
    # worker's, when several serve.
    knowledge = context.get(KnowledgeBase)
    role = context.supplied(WorkerRole) or WorkerRole()
    forgetting = (
        QuestionForgetting(
            context.sessions, knowledge.forget_queries_where, salt=salt, clock=utc_now
        )
        if role.shared
        else None
    )
    conversations = Conversations(
        context.sessions,
        section.retention_days,
        copies=(knowledge,),
        erasures=ErasureAnnouncer(context.get(Outbox)),
        forgetting=forgetting,
    )
    questions = Questions(
        conversations,
        answering.answerer,
        context.get(AiUsePathway),
        context.get(Outbox),
        QuestionPolicy(
            max_question_chars=settings.max_question_chars,
            model=f"extractive/{context.get(KnowledgeBase).embedder.model_id}",
            pseudonym_salt=salt,
        ),
        answering.generator,
    )
    context.provide(conversations)
    context.provide(questions)
    # Counted in the database: shared by every worker process and replica.
    context.provide(RateLimiter(section.rate_limit_per_minute, context.sessions, salt=salt))
    search = PassageSearch(answering.answerer, settings.max_question_chars)
    return Chat(
        conversations,
        questions,
        search,
        salt,
        section.retention_purge_in_process,
        section.erasure_follow_seconds,
    )


def start_purging(chat: Chat) -> RetentionPurge | NotPurging:
    if not chat.purge_in_process:
        return NotPurging()
    return RetentionPurge.started(chat.conversations)


def start_forgetting(chat: Chat) -> ForgettingWorker | NotPurging:
    """Several workers: the erasures another worker made, forgotten here too."""
    forgetting = chat.conversations.forgetting
    if forgetting is None:
        return NotPurging()
    worker = ForgettingWorker(forgetting, chat.erasure_follow_seconds)
    worker.start()
    return worker


def servicer(chat: Chat) -> CitizenChatServicer:
    return CitizenChatServicer(chat.questions, chat.conversations, chat.pseudonym_salt, chat.search)


AREA = Area(
    name="conversations",
    summary="Citizens' conversations: questions answered through the AI-use pathway (gate, "
    "one-way masking, evidence), a per-client limit, deletion after the retention period; "
    "Ask and Search over gRPC for integrators and the agents' assistant.",
    build=build,
    routers=(views.router,),
    tables=(ConversationRow, TurnRow, QuestionCountRow, ForgottenQuestionRow),
    publishes=(ANSWER_PRODUCED, CONVERSATION_ERASED),
    grpc=(
        GrpcEndpoint(
            service=chat_pb2.DESCRIPTOR.services_by_name["CitizenChatService"],
            add_to_server=chat_pb2_grpc.add_CitizenChatServiceServicer_to_server,
            servicer=servicer,
        ),
    ),
    workers=(
        Worker("retention-purge", start=start_purging),
        Worker("erasure-following", start=start_forgetting),
    ),
    settings=ConversationSettings,
)
