"""Lines of text as every reader leaves them: one block per line, spaces collapsed."""

from __future__ import annotations

import re

_HEADING_ONLY = re.compile(r"^#+$")


def normalise_lines(text: str) -> str:
    """Collapse spaces inside lines, drop empty lines and headings without text."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and not _HEADING_ONLY.match(line))


def heading(level: int, text: str) -> str:
    """A Markdown heading line (levels beyond 6 are written as 6)."""
    return "#" * max(1, min(level, 6)) + " " + " ".join(text.split())
