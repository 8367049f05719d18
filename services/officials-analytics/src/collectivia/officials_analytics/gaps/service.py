"""The content gaps: what the chat could not answer (refused, or handed to an agent) over a
period, for the communes the caller may see, so that the collectivity writes the missing
pages.

Themes are ranked by the number of unanswered questions; a theme's figure follows the
indicators' suppression rule (``indicators/suppression.py``: distinct conversations under
the threshold, and complementary suppression, since the indicators give the total). The
questions are grouped by their normalised form (``normalise.py``); a group is listed only
when at least the threshold of distinct conversations asked it, shown by its most frequent
wording — already masked by the chat, masked again here before it is grouped — and never
otherwise.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
from pyiceberg.expressions import And, GreaterThanOrEqual, In, LessThanOrEqual

from collectivia.ai.privacy import redact
from collectivia.lakehouse.tables import UnknownTable
from collectivia.officials_analytics import messages
from collectivia.officials_analytics.gaps.normalise import normalised
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import HANDED_OVER, REFUSED
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.indicators.periods import Period
from collectivia.officials_analytics.indicators.suppression import Measured, suppressed
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.storage.area import Warehouse

TABLE = "chat_answers"
COLUMNS = ["conversation_id", "commune", "theme", "outcome", "question", "month"]
UNANSWERED = (REFUSED, HANDED_OVER)


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
        # The communes covered are in the key: one commune's gaps are never another's.
        key = (self._snapshot(), chosen, covered)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        rows = self._rows(chosen, covered).to_pylist()
        threshold = self._policy.min_conversations
        found = ContentGaps(
            communes=covered or (),
            period=chosen,
            min_conversations=threshold,
            themes=ranked_themes(rows, threshold),
            questions=question_groups(rows, self._policy),
        )
        if self._policy.cache_entries > 0:
            with self._lock:
                self._cache[key] = found
                while len(self._cache) > self._policy.cache_entries:
                    self._cache.popitem(last=False)
        return found

    def _snapshot(self) -> int | None:
        try:
            current = self._warehouse.analytics.table(dataset_id(TABLE)).current_snapshot()
        except UnknownTable:
            return None
        return current.snapshot_id if current is not None else None

    def _rows(self, chosen: Period, communes: tuple[str, ...] | None) -> pa.Table:
        row_filter = And(
            In(term="outcome", literals=UNANSWERED),
            And(
                GreaterThanOrEqual(term="month", value=chosen.first),
                LessThanOrEqual(term="month", value=chosen.last),
            ),
        )
        if communes is not None:
            row_filter = And(row_filter, In(term="commune", literals=communes))
        analytics = self._warehouse.analytics
        try:
            present = set(analytics.table(dataset_id(TABLE)).schema().column_names)
        except UnknownTable:
            return TABLES[TABLE].empty_table().select(COLUMNS)
        readable = [c for c in COLUMNS if c in present]
        rows = analytics.read(dataset_id(TABLE), columns=readable, row_filter=row_filter)
        for column in COLUMNS:
            if column not in present:
                kind = TABLES[TABLE].field(column).type
                rows = rows.append_column(column, pa.nulls(rows.num_rows, type=kind))
        return rows.select(COLUMNS)


def _theme(row: dict[str, object]) -> str:
    return str(row.get("theme") or "") or messages.GAPS_NO_THEME


def ranked_themes(rows: Sequence[dict[str, object]], threshold: int) -> tuple[ThemeGap, ...]:
    """Unanswered questions per theme, most first; suppressed themes last."""
    asked: Counter[str] = Counter()
    people: dict[str, set[object]] = defaultdict(set)
    for row in rows:
        theme = _theme(row)
        asked[theme] += 1
        people[theme].add(row.get("conversation_id"))
    measured = [Measured((t,), float(n), len(people[t])) for t, n in asked.items()]
    hidden = suppressed(measured, threshold)
    themes = [
        ThemeGap(m.dimensions[0], None if secret else int(m.value), secret)
        for m, secret in zip(measured, hidden, strict=True)
    ]
    # Suppressed themes in alphabetical order: their rank would tell their size.
    return tuple(sorted(themes, key=lambda g: (g.suppressed, -(g.unanswered or 0), g.theme)))


def question_groups(
    rows: Sequence[dict[str, object]], policy: GapsPolicy
) -> tuple[QuestionGap, ...]:
    masked: dict[str, str] = {}
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        question = " ".join(str(row.get("question") or "").split())
        if question not in masked:
            # Masked by the chat; masked again here, before anything is read of it.
            masked[question] = redact(question)
        key = normalised(masked[question])
        if key:
            groups[key].append({**row, "question": masked[question]})
    found: list[QuestionGap] = []
    for key, members in groups.items():
        conversations = {m.get("conversation_id") for m in members}
        if len(conversations) < policy.min_conversations:
            continue
        outcomes = Counter(str(m.get("outcome")) for m in members)
        themes = Counter(_theme(m) for m in members)
        found.append(
            QuestionGap(
                question=_wording(members),
                keywords=tuple(key.split()),
                asked=len(members),
                conversations=len(conversations),
                refused=outcomes[REFUSED],
                handed_over=outcomes[HANDED_OVER],
                themes=tuple(t for t, _n in themes.most_common(policy.themes_per_question)),
            )
        )
    found.sort(key=lambda g: (-g.asked, -g.conversations, g.keywords))
    return tuple(found[: policy.max_questions])


def _wording(members: Sequence[dict[str, object]]) -> str:
    """The group's most frequent (masked) wording, then the shortest, then the first in
    alphabetical order."""
    wordings = Counter(str(m.get("question") or "") for m in members)
    return min(wordings.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
