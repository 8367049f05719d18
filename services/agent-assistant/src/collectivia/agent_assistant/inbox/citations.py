"""The [n] citations of a model-written reply: which sources it cites, and the post-check
that drops every sentence citing a number that is not one of the sources given."""

from __future__ import annotations

import re

# "[2]", "[1, 3]", "[1; 2]" (never a placeholder such as "[NOM_1]").
CITATION = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
# The end of a sentence, with the citations that follow its full stop ("… 12 h. [1]").
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s*\[[\d\s,;]+\])*(?=\s|$)")
_BLANK_LINES = re.compile(r"\n{3,}")


def cited_numbers(text: str) -> list[int]:
    """The numbers cited in ``text``, each once, in the order they first appear."""
    seen: list[int] = []
    for found in CITATION.finditer(text):
        for number in re.split(r"[,;]", found.group(1)):
            if int(number) not in seen:
                seen.append(int(number))
    return seen


def _sentences(line: str) -> list[str]:
    pieces, start = [], 0
    for end in _SENTENCE_END.finditer(line):
        pieces.append(line[start : end.end()])
        start = end.end()
    pieces.append(line[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


class CitationCheck:
    """Called on a model's output: the sentences citing only sources 1..``sources`` (or
    nothing) are kept, in their lines; "" when no kept sentence cites a source (a reply
    that rests on nothing is not a suggestion). ``dropped`` counts what was removed."""

    def __init__(self, sources: int) -> None:
        self.valid = set(range(1, sources + 1))
        self.dropped = 0

    def __call__(self, text: str) -> str:
        lines = []
        for line in text.splitlines():
            sentences = _sentences(line)
            kept = [s for s in sentences if set(cited_numbers(s)) <= self.valid]
            self.dropped += len(sentences) - len(kept)
            if kept or not sentences:
                lines.append(" ".join(kept))
        checked = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
        return checked if cited_numbers(checked) else ""
