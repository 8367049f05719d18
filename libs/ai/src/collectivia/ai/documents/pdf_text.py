"""Text of a PDF (pypdf): its text layer, lines joined back into paragraphs.

A PDF has no structure to read headings from, only lines placed on pages: a line that ends
a sentence, a short line (a heading, the end of a paragraph) and a list item end a block;
other lines are joined with the next one. A PDF without a text layer (a scan) gives no text.
"""

from __future__ import annotations

import logging
import re
from io import BytesIO

from pypdf import PasswordType, PdfReader

from collectivia.ai.documents.blocks import normalise_lines
from collectivia.ai.documents.models import (
    EmptyDocument,
    EncryptedDocument,
    UnreadableDocument,
)

logger = logging.getLogger(__name__)

_BLOCK_END = (".", "!", "?", ":", ";", "»", "…")
_LIST_ITEM = re.compile(r"^\s*(?:[•◦▪‣●\-\u2013\u2014*]|\d{1,3}[.)]|[a-z][.)])\s+")
_NO_TEXT_HINT = (
    "c'est sans doute un document numérisé sans couche texte ; faites-en d'abord une "
    "reconnaissance de caractères (OCR), puis envoyez le PDF obtenu"
)
# A line shorter than this share of the page's longest lines ends its block.
_SHORT_LINE = 0.6
_FULL_LINE = 60


def _open(content: bytes, filename: str) -> PdfReader:
    if content.lstrip()[:5] != b"%PDF-":
        raise UnreadableDocument(filename, "ce n'est pas un fichier PDF")
    try:
        reader = PdfReader(BytesIO(content))
        encrypted = reader.is_encrypted
    except Exception as error:  # untrusted bytes: the parser may fail in any way
        logger.info("PDF %s not readable: %s", filename, error)
        raise UnreadableDocument(filename, "le PDF est endommagé ou incomplet") from error
    if encrypted:
        # Many PDFs are encrypted only to restrict printing or copying: no password opens them.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:  # an unknown or broken encryption: as good as a password
            opened = False
        if not opened:
            raise EncryptedDocument(filename)
    return reader


def _reflow(page_text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    widths = sorted(len(line) for line in lines if line)
    # A full line of an A4 page holds 60 characters or more; few lines tell little.
    wide = max(widths[int(len(widths) * 0.8)] if widths else 0, _FULL_LINE)
    blocks: list[str] = []
    current = ""
    for line in lines:
        if not line:
            blocks.append(current)
            current = ""
            continue
        if current and _LIST_ITEM.match(line):
            blocks.append(current)
            current = ""
        if current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
            current += line
        else:
            current = f"{current} {line}" if current else line
        if line.endswith(_BLOCK_END) or len(line) < _SHORT_LINE * wide:
            blocks.append(current)
            current = ""
    blocks.append(current)
    return [block for block in blocks if block]


def _title(reader: PdfReader, text: str) -> str:
    metadata = reader.metadata
    title = " ".join(str(metadata.title or "").split()) if metadata is not None else ""
    # Office suites often leave a file name or "Microsoft Word - x.docx" as the title.
    if title and not re.search(r"\.(docx?|odt|pdf|rtf)$|^Microsoft Word", title, re.I):
        return title
    first = text.split("\n", 1)[0]
    return first if len(first.split()) <= 15 else ""


def pdf_to_text(content: bytes, filename: str) -> tuple[str, str]:
    """(title, text) of a PDF: the document's title (or its first line) and its blocks."""
    reader = _open(content, filename)
    blocks: list[str] = []
    try:
        for page in reader.pages:
            blocks.extend(_reflow(page.extract_text() or ""))
    except Exception as error:  # untrusted bytes: the parser may fail in any way
        logger.info("PDF %s text not readable: %s", filename, error)
        raise UnreadableDocument(filename, "le texte du PDF ne peut pas être extrait") from error
    text = normalise_lines("\n".join(blocks))
    if not text:
        raise EmptyDocument(filename, _NO_TEXT_HINT)
    return _title(reader, text), text
