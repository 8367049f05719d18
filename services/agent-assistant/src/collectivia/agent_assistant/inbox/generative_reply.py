"""The suggested reply through the model gateway: written by the model from the knowledge
base's sources (grounded, [n] citations checked) when one is configured, else, or when the
model fails or writes nothing usable, the extractive reply, which says so. The use's
evidence is deferred: the inbox records it once, with the agent's review."""

from __future__ import annotations

from dataclasses import replace

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import Offline, TaskKind, TaskSpec
from collectivia.agent_assistant.gateway.service import ModelGateway
from collectivia.agent_assistant.inbox import reply_prompt
from collectivia.agent_assistant.inbox.citations import CitationCheck, cited_numbers
from collectivia.agent_assistant.inbox.ports import (
    Citation,
    ReplyRequest,
    SuggestedReply,
    WrittenReply,
)
from collectivia.agent_assistant.inbox.reply_prompt import Source
from collectivia.agent_assistant.inbox.suggestion import ExtractiveReplyWriter

GENERATIVE_CONTRIBUTION = (
    "Réponse suggérée à un agent pour un habitant, rédigée par un modèle génératif à partir "
    "des sources de la base de connaissances qu'elle cite ; l'agent la relit avant l'envoi."
)
EXTRACTIVE_CONTRIBUTION = (
    "Réponse suggérée à un agent pour un habitant, faite de phrases citées mot pour mot de "
    "la base de connaissances ; l'agent la relit avant l'envoi."
)
DROPPED_NOTICE = " {count} phrase(s) du modèle citant une source qui n'existe pas ont été retirées."


def sources_block(citations: list[Citation]) -> str:
    return "Sources :\n" + "\n".join(
        f"[{c.number}] {c.title}" + (f" — {c.url}" if c.url else "") for c in citations
    )


class GatewayReplyWriter:
    def __init__(self, gateway: ModelGateway) -> None:
        self.gateway = gateway
        self.extractive = ExtractiveReplyWriter()

    def write(self, request: ReplyRequest, agent: Agent) -> WrittenReply:
        sources = reply_prompt.sources_of(request.passages)
        check = CitationCheck(len(sources))

        def offline() -> Offline[SuggestedReply]:
            reply = self.extractive.write(request)
            return Offline(reply.text, reply.model, reply.notice, reply)

        spec = TaskSpec(
            kind=TaskKind.HANDOFF_REPLY,
            source=reply_prompt.user_message(sources, request.question.splitlines()),
            prompt=lambda masked, _: reply_prompt.reply_prompt(masked),
            offline=offline,
            contribution=EXTRACTIVE_CONTRIBUTION,
            parameters={"sources": str(len(sources))},
            # No sources: nothing to ground a model's reply in.
            check_output=check if sources else lambda _: "",
            personal_text=request.question,
            special_categories_fallback=True,
        )
        result = self.gateway.run(spec, agent, defer_evidence=True)
        assert result.evidence is not None
        production = result.production
        if result.details is not None:  # the extractive fallback
            suggestion = replace(
                result.details,
                model=production.model,
                notice=production.notice,
                use_id=production.use_id,
            )
            return WrittenReply(
                suggestion,
                result.evidence.with_evidence(data_sources=tuple(suggestion.data_sources)),
            )
        citations = _citations(sources, cited_numbers(result.text))
        notice = production.notice
        if check.dropped:
            notice += DROPPED_NOTICE.format(count=check.dropped)
        suggestion = SuggestedReply(
            text=f"{result.text}\n\n{sources_block(citations)}",
            citations=citations,
            generative=True,
            model=production.model,
            notice=notice,
            data_sources=[c.document_id for c in citations],
            use_id=production.use_id,
        )
        evidence = result.evidence.with_evidence(
            contribution=GENERATIVE_CONTRIBUTION,
            data_sources=tuple(suggestion.data_sources),
            parameters={**result.evidence.parameters, "dropped_sentences": str(check.dropped)},
        )
        return WrittenReply(suggestion, evidence)


def _citations(sources: list[Source], numbers: list[int]) -> list[Citation]:
    by_number = {source.number: source.passage for source in sources}
    return [
        Citation(n, by_number[n].document_id, by_number[n].title, by_number[n].url)
        for n in sorted(numbers)
        if n in by_number
    ]
