"""Find personal data in a text, replace it by placeholders, and put it back."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from collectivia.ai.privacy.names import find_names
from collectivia.ai.privacy.patterns import (
    find_addresses,
    find_birth_dates,
    find_emails,
    find_ibans,
    find_nirs,
    find_phones,
)
from collectivia.ai.privacy.spans import PiiType, Span

# Where two findings overlap, the first kind here wins (checksummed numbers are the surest).
_DETECTORS: tuple[Callable[[str], Iterator[Span]], ...] = (
    find_nirs,
    find_ibans,
    find_emails,
    find_phones,
    find_birth_dates,
    find_addresses,
    find_names,
)
_PRIORITY = {
    PiiType.NIR: 0,
    PiiType.IBAN: 0,
    PiiType.EMAIL: 1,
    PiiType.PHONE: 2,
    PiiType.BIRTH_DATE: 3,
    PiiType.ADDRESS: 4,
    PiiType.NAME: 5,
}
PLACEHOLDER = re.compile(r"\[(" + "|".join(t.value for t in PiiType) + r")_(\d+)\]")
_NOT_ALNUM = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class MaskedText:
    """A text with its personal data replaced by ``[TYPE_n]`` placeholders.

    ``mapping`` (placeholder -> original value) must stay in memory: never log or publish it.
    """

    text: str
    mapping: Mapping[str, str] = field(repr=False)
    spans: tuple[Span, ...] = field(repr=False)


def _resolve(candidates: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order: higher priority, then longer, wins."""
    ordered = sorted(candidates, key=lambda s: (_PRIORITY[s.type], s.start - s.end, s.start))
    starts: list[int] = []  # of the kept spans, sorted; kept spans never overlap
    kept: list[Span] = []
    for span in ordered:
        i = bisect.bisect_left(starts, span.start)
        if i > 0 and kept[i - 1].end > span.start:
            continue
        if i < len(kept) and kept[i].start < span.end:
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return kept


def detect(text: str) -> list[Span]:
    """Every piece of personal data found in ``text``, in order, without overlaps."""
    return _resolve(span for detector in _DETECTORS for span in detector(text))


def _identity(span: Span) -> tuple[PiiType, str]:
    """What makes two findings the same value ("06 12 34 56 78" is "06.12.34.56.78")."""
    return span.type, _NOT_ALNUM.sub("", span.text).casefold()


def mask(text: str) -> MaskedText:
    """Replace each piece of personal data by a typed placeholder; the same value, the same one."""
    spans = detect(text)
    placeholders: dict[tuple[PiiType, str], str] = {}
    counts: dict[PiiType, int] = {}
    mapping: dict[str, str] = {}
    parts: list[str] = []
    position = 0
    for span in spans:
        key = _identity(span)
        placeholder = placeholders.get(key)
        if placeholder is None:
            counts[span.type] = counts.get(span.type, 0) + 1
            placeholder = f"[{span.type.value}_{counts[span.type]}]"
            placeholders[key] = placeholder
            mapping[placeholder] = span.text
        parts.append(text[position : span.start])
        parts.append(placeholder)
        position = span.end
    parts.append(text[position:])
    return MaskedText("".join(parts), mapping, tuple(spans))


def restore(text: str, mapping: Mapping[str, str]) -> str:
    """Put the original values back in place of the placeholders (for the agent's view only).

    Placeholders absent from ``mapping`` (a model may invent ``[NOM_9]``) are left as they are.
    """
    return PLACEHOLDER.sub(lambda m: mapping.get(m.group(), m.group()), text)


def redact(text: str) -> str:
    """One-way masking for logs and events: placeholders, no mapping kept anywhere."""
    return mask(text).text
