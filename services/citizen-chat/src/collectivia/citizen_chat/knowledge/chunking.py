"""Chunking that respects paragraphs and sentences, with a little overlap.

The texts have one line per block (heading, paragraph, list item, table cell). Blocks are
packed into chunks of about ``target_words``; a block longer than ``max_words`` is cut at
sentence ends. A heading (a ``#`` line, or a short line that does not end like a sentence)
starts a new chunk once the current one is long enough.
The last block of a chunk is repeated at the start of the next one when it is short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"(])")


@dataclass(frozen=True)
class ChunkingPolicy:
    min_words: int = 120
    target_words: int = 180
    max_words: int = 250
    overlap_max_words: int = 40


def _words(text: str) -> int:
    return len(text.split())


def _looks_like_heading(line: str) -> bool:
    """A Markdown heading (``#``... lines, as imported files keep them), or a short line
    that does not end like a sentence."""
    if line.startswith("#"):
        return True
    return _words(line) <= 12 and not line.rstrip().endswith((".", ";", ",", ":"))


def _split_long(block: str, max_words: int) -> list[str]:
    """Cut a block at sentence ends; a sentence longer than max_words is cut by words."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(block):
        words = sentence.split()
        for start in range(0, len(words), max_words):
            pieces.append(" ".join(words[start : start + max_words]))
    return [piece for piece in pieces if piece]


def _blocks(text: str, policy: ChunkingPolicy) -> list[str]:
    blocks: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if _words(line) > policy.target_words:
            blocks.extend(_split_long(line, policy.target_words // 2))
        else:
            blocks.append(line)
    return blocks


def chunk_text(text: str, policy: ChunkingPolicy | None = None) -> list[str]:
    """Split a text into chunks of about policy.target_words words (never more than max)."""
    policy = policy or ChunkingPolicy()
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for block in _blocks(text, policy):
        n = _words(block)
        full = size + n > policy.max_words or size >= policy.target_words
        new_section = _looks_like_heading(block) and size >= policy.min_words
        if current and (full or new_section):
            chunks.append(current)
            tail = current[-1]
            carry = (
                not _looks_like_heading(tail)
                and _words(tail) <= policy.overlap_max_words
                and _words(tail) + n <= policy.max_words
            )
            current, size = ([tail], _words(tail)) if carry and not new_section else ([], 0)
        current.append(block)
        size += n
    if current:
        last_size = sum(_words(b) for b in current)
        if chunks and last_size < policy.min_words // 2:
            merged = chunks[-1] + [b for b in current if b not in chunks[-1][-1:]]
            if sum(_words(b) for b in merged) <= policy.max_words + policy.min_words // 2:
                chunks[-1] = merged
                current = []
        if current:
            chunks.append(current)
    return ["\n".join(chunk) for chunk in chunks]
