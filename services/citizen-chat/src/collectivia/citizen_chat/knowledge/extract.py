"""Plain text from HTML and Markdown files, one line per block (heading, paragraph, item).

PDF and DOCX are not handled yet.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "title",
}
_SKIPPED_TAGS = {"script", "style", "nav", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._first_heading = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        self._in_title = self._in_title or tag == "title"
        self._in_h1 = self._in_h1 or tag == "h1"
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
            return
        if self._in_h1 and not self._first_heading:
            self._first_heading = data.strip()
        self.parts.append(data)

    @property
    def heading(self) -> str:
        return self._first_heading


def _normalise_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title, text) of an HTML page: <title> (or the first <h1>) and its blocks."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    title = " ".join(collector.title.split()) or collector.heading
    return title, _normalise_lines("".join(collector.parts))


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"(\*\*|__|\*|_|`+|~~)")
_MD_PREFIX = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)")


def markdown_to_text(markdown: str) -> tuple[str, str]:
    """Return (title, text) of a Markdown file: its first heading and its blocks, unmarked."""
    title = ""
    lines: list[str] = []
    for raw in markdown.splitlines():
        heading = _MD_HEADING.match(raw)
        line = heading.group(1) if heading else _MD_PREFIX.sub("", raw)
        line = _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", line)).strip()
        if set(line) <= set("-=|: "):
            continue
        if heading and not title:
            title = line
        lines.append(line)
    return title, _normalise_lines("\n".join(lines))
