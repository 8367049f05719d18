"""Text of a Markdown file: its front matter, its first heading as title, and one line per
block with the inline markup removed; headings stay ``#``... lines (setext ones too)."""

from __future__ import annotations

import re

from collectivia.ai.documents.blocks import heading, normalise_lines

_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(\*\*|__|\*|`+|~~|(?<!\w)_|_(?!\w))")
_PREFIX = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE_OR_TABLE_LINE = re.compile(r"^[\s\-=|:*_]*$")


def front_matter(markdown: str) -> tuple[dict[str, str], str]:
    """(``key: value`` pairs between two leading ``---`` lines, the rest of the file)."""
    lines = markdown.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, markdown
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return {}, markdown
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        if key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, "\n".join(lines[end + 1 :])


def _unmark(line: str) -> str:
    return _MARKUP.sub("", _LINK.sub(r"\1", line)).strip()


def markdown_to_text(markdown: str) -> tuple[str, str]:
    """(title, text): the first heading, and the blocks with ``#`` headings kept."""
    lines: list[str] = []
    previous_was_text = False
    for raw in markdown.splitlines():
        if _FENCE.match(raw):
            previous_was_text = False
            continue
        underline = _SETEXT_UNDERLINE.match(raw)
        if underline and previous_was_text and lines:
            lines[-1] = heading(1 if underline.group(1)[0] == "=" else 2, lines[-1])
            previous_was_text = False
            continue
        atx = _ATX_HEADING.match(raw)
        if atx:
            lines.append(heading(len(atx.group(1)), _unmark(atx.group(2))))
            previous_was_text = False
            continue
        if _RULE_OR_TABLE_LINE.match(raw):
            previous_was_text = False
            lines.append("")
            continue
        lines.append(_unmark(_PREFIX.sub("", raw)))
        previous_was_text = bool(lines[-1])
    text = normalise_lines("\n".join(lines))
    title = next((line.lstrip("#").strip() for line in text.splitlines() if line[0] == "#"), "")
    return title, text
