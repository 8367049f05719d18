"""The knowledge base, through citizen-chat's ``CitizenChatService.Search`` (the shared
caller-side ``KnowledgeSearchClient``, on a channel carrying this service's own token: the
inbox area builds it): the same retrieval as the citizen chat."""

from __future__ import annotations

import logging

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.ai.knowledge_search import (
    KnowledgeSearchClient,
    KnowledgeSearchError,
    KnowledgeSearchUnavailable,
)
from collectivia.platform.errors import DependencyUnavailable

logger = logging.getLogger(__name__)


class ChatKnowledgeSearch(KnowledgeSearch):
    def __init__(self, client: KnowledgeSearchClient) -> None:
        self._client = client

    def search(self, query: str, commune: str, limit: int) -> list[Passage]:
        try:
            result = self._client.search(query, commune or None, limit)
        except KnowledgeSearchUnavailable as error:
            logger.warning("knowledge search unavailable: %s", error)
            raise DependencyUnavailable(messages.KNOWLEDGE_UNREACHABLE) from error
        except KnowledgeSearchError as error:
            # A refusal (permission, argument) is a configuration problem: said loudly here,
            # the agent only learns that no suggestion could be made.
            logger.error("knowledge search refused: %s", error)
            raise DependencyUnavailable(messages.KNOWLEDGE_UNREACHABLE) from error
        return [
            Passage(
                document_id=p.document_id,
                title=p.title,
                url=p.url,
                text=p.text,
                score=p.score,
                theme=p.theme,
                communes=p.communes,
            )
            for p in result.passages
        ]
