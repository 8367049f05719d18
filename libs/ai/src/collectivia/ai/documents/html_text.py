"""Text of an HTML page: its <title> (or first <h1>) and one line per block, headings as
``#``... lines; scripts, styles and navigation left out."""

from __future__ import annotations

from html.parser import HTMLParser

from collectivia.ai.documents.blocks import normalise_lines

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "figcaption",
        "title",
    }
)
_CELL_TAGS = frozenset({"td", "th"})
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
_SKIPPED_TAGS = frozenset({"script", "style", "nav", "noscript", "template", "svg"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.first_h1 = ""
        self._skip = 0
        self._in_title = False
        self._in_h1 = False
        self._h1_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIPPED_TAGS:
            self._skip += 1
        if tag in _HEADING_TAGS:
            self._in_h1 = self._in_h1 or tag == "h1"
            self.parts.append("\n" + "#" * _HEADING_TAGS[tag] + " ")
        elif tag in _CELL_TAGS:
            self.parts.append(" | ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self._h1_seen = bool(self.first_h1.strip())
        if tag in _HEADING_TAGS or tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if self._in_h1 and not self._h1_seen:
            self.first_h1 += data
        self.parts.append(data)


def _tidy_cells(line: str) -> str:
    return " | ".join(cell.strip() for cell in line.strip().strip("|").split(" | ") if cell.strip())


def html_to_text(html: str) -> tuple[str, str]:
    """(title, text) of an HTML page: <title>, else the first <h1>; blocks one per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    title = " ".join(collector.title.split()) or " ".join(collector.first_h1.split())
    lines = [
        _tidy_cells(line) if " | " in line else line
        for line in "".join(collector.parts).splitlines()
    ]
    return title, normalise_lines("\n".join(lines))
