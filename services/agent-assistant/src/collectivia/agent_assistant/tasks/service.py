"""The agents' tasks, each prepared as a gateway task (its source, its prompt, its offline
fallback), then run whole or streamed; the outputs meant for publication are marked
(Art. 50(4)) until an agent records an editorial review."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import (
    Delta,
    Finished,
    Offline,
    Started,
    TaskKind,
    TaskResult,
    TaskSpec,
)
from collectivia.agent_assistant.gateway.service import ModelGateway
from collectivia.agent_assistant.tasks import extractive_summary, model_prompts, plain_language
from collectivia.agent_assistant.tasks.classification import Classification, RequestClassifier
from collectivia.agent_assistant.tasks.extractive_summary import Citation, ExtractiveSummary
from collectivia.agent_assistant.tasks.plain_language import PlainLanguageRewrite
from collectivia.agent_assistant.tasks.ports import TemplateRenderer
from collectivia.agent_assistant.tasks.publication import MARKING, EditorialReviews, marked
from collectivia.agent_assistant.tasks.records import (
    ClassifyRequest,
    Completed,
    DraftDetails,
    DraftRequest,
    PlainLanguageRequest,
    Produced,
    SummaryRequest,
    TemplateChoice,
)
from collectivia.agent_assistant.tasks.sentences import fold, paragraphs, split_sentences
from collectivia.ai.documents import read_document
from collectivia.platform.errors import FieldError, InvalidInput

T = TypeVar("T")

TEMPLATE_FILLING = "template-filling/1"
DRAFT_NOTICE = (
    "Brouillon sans IA générative : le modèle de la bibliothèque rempli avec vos "
    "informations, tel quel ; rien n'est rédigé ni ajouté. Si le modèle contient des "
    "consignes de rédaction, rédigez le courrier à partir d'elles. Relisez avant l'envoi."
)
INSTRUCTIONS_IGNORED = (
    " Les consignes du modèle « {title} » ne s'appliquent qu'avec un modèle génératif."
)
# INSEE code: five digits, or 2A/2B and three digits (Corsica).
_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_CITED_PARAGRAPH = re.compile(r"§\s*(\d{1,5})")


@dataclass(frozen=True)
class TasksPolicy:
    summary_words: int = 120
    max_summary_words: int = 1000
    max_upload_bytes: int = 10 * 1024 * 1024
    # Pasted texts and documents' extracted text.
    max_text_chars: int = 200_000
    # An incoming request to classify.
    max_request_chars: int = 5_000


@dataclass(frozen=True)
class PreparedTask(Generic[T]):
    spec: TaskSpec[T]
    # The details of a text a model produced (the fallback gives its own).
    interpret: Callable[[str], T]
    for_publication: bool


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, [FieldError(field, message)])


class AssistantTasks:
    def __init__(
        self,
        gateway: ModelGateway,
        templates: TemplateRenderer,
        classifier: RequestClassifier,
        reviews: EditorialReviews,
        policy: TasksPolicy,
    ) -> None:
        self.gateway = gateway
        self.templates = templates
        self.classifier = classifier
        self.reviews = reviews
        self.policy = policy

    # -- running ---------------------------------------------------------------------------

    def run(self, task: PreparedTask[T], agent: Agent) -> Produced[T]:
        return self._produced(task, self.gateway.run(task.spec, agent), agent)

    def stream(
        self, task: PreparedTask[T], agent: Agent
    ) -> Iterator[Started | Delta | Completed[T]]:
        """Refusals are raised before the first event (see ``ModelGateway.stream``)."""
        events = self.gateway.stream(task.spec, agent)

        def completed() -> Iterator[Started | Delta | Completed[T]]:
            for event in events:
                if isinstance(event, Finished):
                    produced = self._produced(task, event.result, agent)
                    if produced.marked:
                        yield Delta(f"\n\n{MARKING}")
                    yield Completed(produced)
                else:
                    yield event

        return completed()

    def _produced(self, task: PreparedTask[T], result: TaskResult[T], agent: Agent) -> Produced[T]:
        details = result.details if result.details is not None else task.interpret(result.text)
        production = result.production
        to_mark = task.for_publication and production.generative
        if to_mark:
            self.reviews.record(production.use_id, task.spec.kind.value, agent, production.model)
        return Produced(
            text=marked(result.text) if to_mark else result.text,
            production=production,
            details=details,
            latency_ms=result.latency_ms,
            for_publication=task.for_publication,
            marked=to_mark,
        )

    # -- summary ---------------------------------------------------------------------------

    def summary(self, request: SummaryRequest) -> PreparedTask[ExtractiveSummary]:
        parts, source = self._summary_source(request)
        max_words = request.max_words or self.policy.summary_words
        if not 20 <= max_words <= self.policy.max_summary_words:
            raise _invalid("max_words", messages.summary_length(20, self.policy.max_summary_words))
        instructions, template_id, note = self._instructions(
            request.template, {"summarize", "free"}
        )
        numbered = "\n\n".join(f"[§{n}] {part}" for n, part in enumerate(parts, start=1))

        def offline() -> Offline[ExtractiveSummary]:
            summary = extractive_summary.summarize(parts, max_words)
            return Offline(
                summary.text, extractive_summary.METHOD, extractive_summary.NOTICE + note, summary
            )

        spec = TaskSpec(
            kind=TaskKind.SUMMARIZE,
            source=numbered,
            prompt=lambda masked, orders: model_prompts.summary_prompt(masked, max_words, orders),
            offline=offline,
            contribution=(
                "Résumé d'un document fourni par l'agent, avec renvoi aux paragraphes ; "
                "l'agent le relit avant tout usage."
            ),
            instructions=instructions,
            template_id=template_id,
            parameters={
                "max_words": str(max_words),
                "source": source,
                "paragraphs": str(len(parts)),
            },
        )
        return PreparedTask(spec, lambda text: _cited(text, parts), request.for_publication)

    def _summary_source(self, request: SummaryRequest) -> tuple[list[str], str]:
        if request.content or request.filename:
            if request.text.strip():
                raise _invalid("text", messages.DOCUMENT_OR_TEXT)
            document = read_document(
                request.content, request.filename, max_bytes=self.policy.max_upload_bytes
            )
            text, source = document.text, f"file:{document.format.value}"
            what = messages.the_document(request.filename)
        else:
            text, source, what = request.text, "text", messages.TEXT
            if not text.strip():
                raise _invalid("text", messages.SUMMARY_TEXT_EMPTY)
        if len(text) > self.policy.max_text_chars:
            raise _invalid(
                "file" if source != "text" else "text",
                messages.source_too_long(what, len(text), self.policy.max_text_chars),
            )
        parts = [part.lstrip("#").strip() for part in paragraphs(text)]
        parts = [part for part in parts if part]
        if not any(split_sentences(part) for part in parts):
            raise _invalid("text", messages.no_sentence(what))
        return parts, source

    # -- plain language --------------------------------------------------------------------

    def plain_language(self, request: PlainLanguageRequest) -> PreparedTask[PlainLanguageRewrite]:
        text = self._text(request.text, messages.REWRITE_TEXT_EMPTY, self.policy.max_text_chars)
        instructions, template_id, note = self._instructions(
            request.template, {"plain-language", "free"}
        )

        def offline() -> Offline[PlainLanguageRewrite]:
            rewritten = plain_language.rewrite(text)
            return Offline(
                rewritten.text, plain_language.METHOD, plain_language.NOTICE + note, rewritten
            )

        spec = TaskSpec(
            kind=TaskKind.PLAIN_LANGUAGE,
            source=text,
            prompt=model_prompts.plain_language_prompt,
            offline=offline,
            contribution=(
                "Réécriture en langage clair (règles FALC) d'un texte fourni par l'agent ; "
                "l'agent la relit avant tout usage."
            ),
            instructions=instructions,
            template_id=template_id,
            parameters={"characters": str(len(text))},
        )
        return PreparedTask(spec, plain_language.check, request.for_publication)

    # -- draft -----------------------------------------------------------------------------

    def draft(self, request: DraftRequest) -> PreparedTask[DraftDetails]:
        """The template filled with the facts; unfilled variables are refused here, before
        anything is sent anywhere."""
        if not request.template.template_id.strip():
            raise _invalid("template_id", messages.CHOOSE_A_TEMPLATE)
        rendered = self.templates.render(request.template.template_id, request.template.variables)
        if rendered.kind not in {"draft", "free"}:
            raise _invalid(
                "template_id", messages.not_a_draft_template(rendered.title, rendered.kind)
            )
        details = DraftDetails(rendered.template_id, rendered.version, rendered.title)
        filled, title = rendered.text, rendered.title
        spec = TaskSpec(
            kind=TaskKind.DRAFT,
            source=filled,
            prompt=lambda masked, _: model_prompts.draft_prompt(masked, title),
            offline=lambda: Offline(filled, TEMPLATE_FILLING, DRAFT_NOTICE, details),
            contribution=(
                "Brouillon de courrier à partir d'un modèle de la bibliothèque et des faits "
                "donnés par l'agent ; l'agent le relit et le complète avant l'envoi."
            ),
            template_id=rendered.template_id,
            parameters={"template_version": str(rendered.version)},
        )
        return PreparedTask(spec, lambda _: details, request.for_publication)

    # -- classification --------------------------------------------------------------------

    def classification(self, request: ClassifyRequest) -> PreparedTask[Classification]:
        text = self._text(request.text, messages.CLASSIFY_TEXT_EMPTY, self.policy.max_request_chars)
        commune = request.commune.strip()
        if commune and not _COMMUNE.match(commune):
            raise _invalid("commune", messages.COMMUNE_CODE)

        def offline() -> Offline[Classification]:
            found = self.classifier.classify(text, commune)
            return Offline(found.theme or "Aucun thème reconnu", found.method, found.notice, found)

        spec = TaskSpec(
            kind=TaskKind.CLASSIFY,
            source=text,
            prompt=lambda masked, _: model_prompts.classification_prompt(
                masked, self.classifier.themes
            ),
            offline=offline,
            contribution=(
                "Proposition de thème et de service pour une demande entrante ; l'agent "
                "décide de son orientation."
            ),
            parameters={"commune": commune},
        )
        return PreparedTask(spec, lambda answer: self._theme_of(answer, text, commune), False)

    def _theme_of(self, answer: str, text: str, commune: str) -> Classification:
        """The theme a model answered, checked against the list."""
        said = answer.strip().strip(".«»\"' ").splitlines()[0] if answer.strip() else ""
        if fold(said).startswith("aucun"):
            return Classification(
                "",
                "",
                0.0,
                (),
                (),
                (),
                "generative",
                "Le modèle n'a reconnu aucun thème : orientez la demande vous-même.",
            )
        chosen = self.classifier.classify_as(said, text, commune)
        if chosen is not None:
            return chosen
        fallback = self.classifier.classify(text, commune)
        return replace(
            fallback,
            notice="Le modèle a répondu hors de la liste des thèmes : classement par "
            "mots-clés. " + fallback.notice,
        )

    # -- shared ----------------------------------------------------------------------------

    @staticmethod
    def _text(text: str, empty: str, limit: int) -> str:
        if not text.strip():
            raise _invalid("text", empty)
        if len(text) > limit:
            raise _invalid("text", messages.text_too_long(len(text), limit))
        return text

    def _instructions(
        self, choice: TemplateChoice | None, kinds: Collection[str]
    ) -> tuple[str, str, str]:
        """A template used as instructions: its rendered text, its id, and the note the
        fallback adds (instructions need a model)."""
        if choice is None or not choice.template_id.strip():
            return "", "", ""
        rendered = self.templates.render(choice.template_id, choice.variables)
        if rendered.kind not in kinds:
            raise _invalid(
                "template_id", messages.template_not_for_task(rendered.title, rendered.kind)
            )
        return (
            rendered.text,
            rendered.template_id,
            INSTRUCTIONS_IGNORED.format(title=rendered.title),
        )


def _cited(text: str, parts: list[str]) -> ExtractiveSummary:
    """The paragraphs a generated summary cites ([§n]), those that exist."""
    numbers = sorted({int(n) for n in _CITED_PARAGRAPH.findall(text) if 1 <= int(n) <= len(parts)})
    citations = tuple(Citation(n, extractive_summary.excerpt(parts[n - 1])) for n in numbers)
    return ExtractiveSummary((), citations, len(parts))
