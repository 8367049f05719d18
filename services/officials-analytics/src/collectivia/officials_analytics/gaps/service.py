"""The content gaps: what the chat could not answer (refused, or handed to an agent) over a
period, for the communes the caller may see, so that the collectivity writes the missing
pages.

Themes are ranked by the number of unanswered questions; a theme's figure follows the
indicators' suppression rule (``indicators/suppression.py``: distinct conversations under
the threshold, and complementary suppression, since the indicators give the total). The
questions are grouped by their normalised form (``normalise.py``); a group is listed only
when at least the threshold of distinct conversations asked it, shown by its most frequent
wording — already masked by the chat, masked again here before it is grouped — and never
otherwise. The counting is the indicators' engine's (``queries.py``: DuckDB embedded or
Trino, the same SQL).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from collectivia.ai.privacy import redact
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.gaps.normalise import normalised
from collectivia.officials_analytics.gaps.queries import pushed_filter, unanswered
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import HANDED_OVER, REFUSED
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.indicators.periods import Period
from collectivia.officials_analytics.indicators.suppression import Measured, suppressed
from collectivia.officials_analytics.storage.area import Warehouse
from collectivia.officials_analytics.storage.table_reads import analytics_table

TABLE = "chat_answers"
COLUMNS = ["conversation_id", "commune", "theme", "outcome", "question", "month"]


@dataclass(frozen=True)
class GapsPolicy:
    # A theme's figure or a question group is shown from this many distinct conversations.
    min_conversations: int = 5
    # The most question groups listed.
    max_questions: int = 50
    # The themes listed beside each question group.
    themes_per_question: int = 3
    # Results kept, each for the table's snapshot it was computed on (a write makes a new
    # entry) and the communes it covers.
    cache_entries: int = 64
    # Wordings kept with their masked form (the privacy guard's model is the costly part of
    # a request, and the same questions come back at every request).
    masked_entries: int = 20_000


@dataclass(frozen=True)
class ThemeGap:
    theme: str
    # None when suppressed.
    unanswered: int | None
    suppressed: bool


@dataclass(frozen=True)
class QuestionGap:
    question: str
    keywords: tuple[str, ...]
    asked: int
    conversations: int
    refused: int
    handed_over: int
    themes: tuple[str, ...]


@dataclass(frozen=True)
class ContentGaps:
    communes: tuple[str, ...]
    period: Period
    min_conversations: int
    themes: tuple[ThemeGap, ...]
    questions: tuple[QuestionGap, ...]


class Gaps:
    def __init__(
        self, warehouse: Warehouse, indicators: Indicators, policy: GapsPolicy | None = None
    ) -> None:
        self._warehouse = warehouse
        self._indicators = indicators
        self._policy = policy or GapsPolicy()
        self._cache: OrderedDict[tuple[object, ...], ContentGaps] = OrderedDict()
        self._lock = threading.Lock()
        self._masked: OrderedDict[str, str] = OrderedDict()

    def gaps(
        self,
        viewer: Viewer,
        *,
        communes: Sequence[str] = (),
        first_month: str = "",
        last_month: str = "",
    ) -> ContentGaps:
        viewer.check()
        chosen = self._indicators.period(first_month, last_month)
        covered = viewer.scope(communes)
        source = analytics_table(
            self._warehouse.analytics, TABLE, COLUMNS, row_filter=pushed_filter(chosen, covered)
        )
        # The communes covered are in the key: one commune's gaps are never another's.
        key = (source.snapshot_id, chosen, covered)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        threshold = self._policy.min_conversations
        themes, questions = unanswered(self._indicators.engine, source, chosen, covered)
        found = ContentGaps(
            communes=covered or (),
            period=chosen,
            min_conversations=threshold,
            themes=ranked_theme_counts(themes, threshold),
            questions=question_groups(questions, self._policy, mask=self._mask),
        )
        if self._policy.cache_entries > 0:
            with self._lock:
                self._cache[key] = found
                while len(self._cache) > self._policy.cache_entries:
                    self._cache.popitem(last=False)
        return found

    def _mask(self, question: str) -> str:
        """The masked wording, kept for the next requests (most recently used kept)."""
        with self._lock:
            kept = self._masked.get(question)
            if kept is not None:
                self._masked.move_to_end(question)
                return kept
        masked = redact(question)
        with self._lock:
            self._masked[question] = masked
            while len(self._masked) > self._policy.masked_entries:
                self._masked.popitem(last=False)
        return masked


def _theme(row: dict[str, object]) -> str:
    return str(row.get("theme") or "") or messages.GAPS_NO_THEME


def ranked_theme_counts(rows: Sequence[dict[str, object]], threshold: int) -> tuple[ThemeGap, ...]:
    """Unanswered questions per theme (rows: theme, asked, conversations), most first;
    suppressed themes last."""
    measured = [
        Measured((_theme(row),), float(_count(row, "asked")), _count(row, "conversations"))
        for row in rows
    ]
    hidden = suppressed(measured, threshold)
    themes = [
        ThemeGap(m.dimensions[0], None if secret else int(m.value), secret)
        for m, secret in zip(measured, hidden, strict=True)
    ]
    # Suppressed themes in alphabetical order: their rank would tell their size.
    return tuple(sorted(themes, key=lambda g: (g.suppressed, -(g.unanswered or 0), g.theme)))


def _count(row: dict[str, object], column: str) -> int:
    value = row.get(column)
    return int(value) if isinstance(value, int | float) else 0


def question_groups(
    rows: Sequence[dict[str, object]],
    policy: GapsPolicy,
    *,
    mask: Callable[[str], str] = redact,
) -> tuple[QuestionGap, ...]:
    """The groups of questions asked by enough distinct conversations (rows: question,
    conversation_id, outcome, theme and how many times, ``asked``), most asked first."""
    masked: dict[str, str] = {}
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        question = " ".join(str(row.get("question") or "").split())
        if question not in masked:
            # Masked by the chat; masked again here, before anything is read of it.
            masked[question] = mask(question)
        key = normalised(masked[question])
        if key:
            groups[key].append({**row, "question": masked[question]})
    found: list[QuestionGap] = []
    for key, members in groups.items():
        conversations = {m.get("conversation_id") for m in members}
        if len(conversations) < policy.min_conversations:
            continue
        outcomes: Counter[str] = Counter()
        themes: Counter[str] = Counter()
        for member in members:
            outcomes[str(member.get("outcome"))] += _count(member, "asked")
            themes[_theme(member)] += _count(member, "asked")
        # Ties in alphabetical order: the same list whatever order the engine gave.
        common = sorted(themes.items(), key=lambda item: (-item[1], item[0]))
        found.append(
            QuestionGap(
                question=_wording(members),
                keywords=tuple(key.split()),
                asked=sum(outcomes.values()),
                conversations=len(conversations),
                refused=outcomes[REFUSED],
                handed_over=outcomes[HANDED_OVER],
                themes=tuple(t for t, _n in common[: policy.themes_per_question]),
            )
        )
    found.sort(key=lambda g: (-g.asked, -g.conversations, g.keywords))
    return tuple(found[: policy.max_questions])


def _wording(members: Sequence[dict[str, object]]) -> str:
    """The group's most frequent (masked) wording, then the shortest, then the first in
    alphabetical order."""
    wordings: Counter[str] = Counter()
    for member in members:
        wordings[str(member.get("question") or "")] += _count(member, "asked")
    return min(wordings.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
