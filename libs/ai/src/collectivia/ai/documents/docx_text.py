"""Text of a Word document (.docx, python-docx): paragraphs and tables in reading order,
"Heading n" / "Titre n" paragraphs as ``#``... lines, the "Title" paragraph as title."""

from __future__ import annotations

import logging
import re
import zipfile
from io import BytesIO

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from collectivia.ai.documents.blocks import heading, normalise_lines
from collectivia.ai.documents.models import (
    EncryptedDocument,
    UnreadableDocument,
)

logger = logging.getLogger(__name__)

_HEADING_STYLE = re.compile(r"^(?:heading|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titre"})
# Password-protected Office files are OLE compound files, not ZIP archives.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return str(style.name or "").strip().lower() if style is not None else ""


def _paragraph_line(paragraph: Paragraph) -> tuple[str, bool]:
    """(line, is the document's title)."""
    text = " ".join(paragraph.text.split())
    style = _style_name(paragraph)
    if not text:
        return "", False
    if style in _TITLE_STYLES:
        return heading(1, text), True
    match = _HEADING_STYLE.match(style)
    if match:
        return heading(int(match.group(1)), text), False
    return text, False


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def docx_to_text(content: bytes, filename: str) -> tuple[str, str]:
    """(title, text) of a .docx: its title (properties, "Title" paragraph or first heading)."""
    if content.startswith(_OLE_MAGIC):
        raise EncryptedDocument(filename)
    if not zipfile.is_zipfile(BytesIO(content)):
        raise UnreadableDocument(filename, "ce n'est pas un document Word .docx")
    try:
        document = docx.Document(BytesIO(content))
        lines: list[str] = []
        title = " ".join((document.core_properties.title or "").split())
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                line, is_title = _paragraph_line(block)
                title = title or (line.lstrip("# ") if is_title else "")
                lines.append(line)
            else:
                lines.extend(_table_lines(block))
    except Exception as error:  # untrusted bytes: the parser may fail in any way
        logger.info("DOCX %s not readable: %s", filename, error)
        raise UnreadableDocument(filename, "le document Word est endommagé") from error
    text = normalise_lines("\n".join(lines))
    if not title:
        title = next((ln.lstrip("#").strip() for ln in text.splitlines() if ln[0] == "#"), "")
    return title, text
