"""The monthly briefing of a commune, for its officials.

By default (no model configured) the template's sentences (``wording.py``): only computed
facts, labelled as produced automatically. With a model, the same facts go through the
AI-use pathway of the briefing's own register entry — the gate (fail-closed: refused or
unreachable, the template is shown instead, saying why), the privacy guard, the model, then
every figure of every sentence checked against the computed values (``figures.py``: a
sentence whose figure matches none is dropped, and the official is told how many), and the
evidence (``ai.used``). A model's briefing is kept in memory for the facts it was written
from (same facts, no new call), and shown only while the register allows the entry.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from collectivia.ai.privacy import restore
from collectivia.ai.use.evidence import UseOutcome
from collectivia.ai.use.pathway import (
    Admission,
    AiUsePathway,
    Masking,
    RegisterUnreachable,
    SpecialCategories,
    UseRefused,
)
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.briefings.facts import (
    KEY_INDICATORS,
    MonthFacts,
    Sentence,
    month_facts,
    month_index,
    month_of,
)
from collectivia.officials_analytics.briefings.figures import allowed_figures, check
from collectivia.officials_analytics.briefings.wording import (
    code_as_label,
    month_label,
    template_sentences,
)
from collectivia.officials_analytics.briefings.writer import BriefingWriter
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.platform import messages as platform_messages
from collectivia.platform.errors import DomainError, FieldError, InvalidInput, NotFound

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

# Maps an INSEE code to what the briefing calls the commune; None: not in the directory.
CommuneLabel = Callable[[str], str | None]


class Method(StrEnum):
    TEMPLATE = "template"
    MODEL = "model"


@dataclass(frozen=True)
class Briefing:
    commune: str
    commune_label: str
    month: str
    title: str
    method: Method
    # « Rédigé avec l'aide de l'IA… » or « Synthèse produite automatiquement… ».
    mention: str
    # How it was produced, in French.
    method_text: str
    sentences: tuple[Sentence, ...]
    # The model's sentences dropped for an unverified figure, and the line that says so.
    dropped: int = 0
    dropped_text: str = ""
    # Why the template is shown although a model is configured, or that nothing is known.
    note: str = ""
    # The model's name, the entry's public page in the register and the use's id, quoted to
    # whoever asks the register about it (model only).
    model: str = ""
    register_url: str = ""
    use_id: str = ""


@dataclass(frozen=True)
class BriefingPolicy:
    key_indicators: tuple[str, ...] = KEY_INDICATORS
    # The most frequent unanswered themes and questions stated.
    gap_themes: int = 3
    gap_questions: int = 1
    # Model briefings kept in memory, each for the facts it was written from.
    cache_entries: int = 64


def _today() -> date:
    return datetime.now(PARIS).date()


def dropped_text(count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return messages.BRIEFING_DROPPED_ONE
    return messages.BRIEFING_DROPPED_MANY.format(count=count)


class Briefings:
    def __init__(
        self,
        indicators: Indicators,
        gaps: Gaps,
        pathway: AiUsePathway,
        writer: BriefingWriter | None,
        *,
        actor: str,
        policy: BriefingPolicy | None = None,
        commune_label: CommuneLabel = code_as_label,
        today: Callable[[], date] = _today,
    ) -> None:
        """``pathway``: the briefing entry's (its own purpose); ``writer``: None when no model
        is configured (the template only); ``actor``: whom the uses are recorded for."""
        self._indicators = indicators
        self._gaps = gaps
        self._pathway = pathway
        self._writer = writer
        self._actor = actor
        self._policy = policy or BriefingPolicy()
        self._commune_label = commune_label
        self._today = today
        self._cache: OrderedDict[tuple[object, ...], Briefing] = OrderedDict()
        self._lock = threading.Lock()

    def briefing(self, viewer: Viewer, *, commune: str, month: str = "") -> Briefing:
        """The briefing of ``commune`` for ``month`` ("YYYY-MM"; empty: the last complete
        month), for a caller who may see that commune."""
        viewer.scope((commune,))
        label = self._commune_label(commune)
        if label is None:
            raise NotFound(messages.BRIEFING_COMMUNE_UNKNOWN.format(commune=commune))
        chosen = self.month(month)
        facts = month_facts(
            indicators=self._indicators,
            gaps=self._gaps,
            viewer=viewer,
            commune=commune,
            month=chosen,
            key_indicators=self._policy.key_indicators,
            gap_themes=self._policy.gap_themes,
            gap_questions=self._policy.gap_questions,
        )
        template = self._template(facts, label)
        if self._writer is None or not template.sentences:
            return template
        return self._written(facts, template, self._writer)

    def month(self, month: str) -> str:
        """``month`` checked (format, not in the future), or the last complete month."""
        today = self._today()
        current = today.year * 12 + today.month - 1
        if not month:
            return month_of(current - 1)
        if not _MONTH.match(month):
            detail = messages.MONTH_INVALID.format(
                field="month", value=platform_messages.shown_identifier(month)
            )
            raise InvalidInput(detail, [FieldError("month", detail)])
        if month_index(month) > current:
            detail = messages.BRIEFING_MONTH_FUTURE.format(month=month)
            raise InvalidInput(detail, [FieldError("month", detail)])
        return month

    # -- inside ----------------------------------------------------------------------------

    def _template(self, facts: MonthFacts, label: str) -> Briefing:
        sentences = template_sentences(facts)
        month = month_label(facts.month)
        return Briefing(
            commune=facts.commune,
            commune_label=label,
            month=facts.month,
            title=messages.BRIEFING_TITLE.format(month=month, commune=label),
            method=Method.TEMPLATE,
            mention=messages.BRIEFING_MENTION_TEMPLATE,
            method_text=messages.BRIEFING_METHOD_TEMPLATE,
            sentences=sentences,
            note="" if sentences else messages.BRIEFING_NOTHING.format(commune=label, month=month),
        )

    def _written(self, facts: MonthFacts, template: Briefing, writer: BriefingWriter) -> Briefing:
        key = (facts.commune, facts.month, tuple(s.text for s in template.sentences))
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            # Shown only while the register allows the entry.
            if self._pathway.check().allowed:
                return cached
            return replace(template, note=messages.BRIEFING_REGISTER_DENIED)
        source = "\n".join(s.text for s in template.sentences)
        try:
            # Figures of a commune, themes and masked questions asked by enough people:
            # nothing links them to a person; the guard still masks what it finds.
            admission = self._pathway.admit(
                source,
                instructions=messages.BRIEFING_PROMPT,
                masking=Masking.REVERSIBLE,
                special_categories=SpecialCategories.NOT_LINKED_TO_A_PERSON,
            )
        except (UseRefused, RegisterUnreachable):
            return replace(template, note=messages.BRIEFING_REGISTER_DENIED)
        masked = admission.masked
        try:
            completion = writer.write(masked.instructions, masked.source)
            admission.meter.model_called(completion.call)
            text = restore(completion.text, masked.mapping)
        except DomainError as failure:
            logger.warning("briefing model call failed: %s", type(failure).__name__)
            self._record(admission, UseOutcome.FAILED, writer.model, facts, 0, 0)
            return replace(template, note=messages.BRIEFING_MODEL_FAILED)
        quoted = (template.commune_label, *facts.quoted)
        with admission.meter.measure():
            checked = check(text, allowed_figures(facts), quoted)
        dropped = len(checked.dropped)
        if not checked.kept:
            self._record(admission, UseOutcome.FAILED, writer.model, facts, 0, dropped)
            return replace(template, note=messages.BRIEFING_MODEL_FAILED)
        # The evidence first: a briefing whose use could not be recorded is not shown.
        self._record(
            admission, UseOutcome.COMPLETED, writer.model, facts, len(checked.kept), dropped
        )
        logger.info(
            "briefing written by the model: %d kept, %d dropped", len(checked.kept), dropped
        )
        written = replace(
            template,
            method=Method.MODEL,
            mention=messages.BRIEFING_MENTION_MODEL,
            method_text=messages.BRIEFING_METHOD_MODEL.format(model=writer.model),
            sentences=checked.kept,
            dropped=dropped,
            dropped_text=dropped_text(dropped),
            model=writer.model,
            register_url=admission.permission.register_url,
            use_id=admission.use_id,
        )
        with self._lock:
            self._cache[key] = written
            while len(self._cache) > self._policy.cache_entries:
                self._cache.popitem(last=False)
        return written

    def _record(
        self,
        admission: Admission,
        outcome: UseOutcome,
        model: str,
        facts: MonthFacts,
        kept: int,
        dropped: int,
    ) -> None:
        sources = tuple(dict.fromkeys(c.current.indicator for c in facts.changes))
        self._pathway.record(
            self._pathway.evidence(
                admission,
                actor=self._actor,
                outcome=outcome,
                model=model,
                contribution=messages.BRIEFING_CONTRIBUTION,
                data_sources=sources,
                parameters={
                    # How the register words the entry: what runs is a generative model.
                    "mode": "generative",
                    "commune": facts.commune,
                    "month": facts.month,
                    "sentences_kept": str(kept),
                    "sentences_dropped": str(dropped),
                },
            ),
            wait=True,
        )
