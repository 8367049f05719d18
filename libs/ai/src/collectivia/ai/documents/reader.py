"""``read_document``: the text of an uploaded file, whatever its format, or a clear reason."""

from __future__ import annotations

import codecs
import logging
from pathlib import PurePath

from collectivia.ai.documents.docx_text import docx_to_text
from collectivia.ai.documents.html_text import html_to_text
from collectivia.ai.documents.markdown_text import front_matter, markdown_to_text
from collectivia.ai.documents.models import (
    EXTENSIONS,
    DocumentFormat,
    DocumentTooLarge,
    EmptyDocument,
    ReadDocument,
    UnreadableDocument,
    UnsupportedFormat,
)
from collectivia.ai.documents.pdf_text import pdf_to_text

logger = logging.getLogger(__name__)

_ZIP_MAGIC = b"PK\x03\x04"


def document_format(filename: str, content: bytes = b"") -> DocumentFormat:
    """The format a file name says, else the one its first bytes show (PDF, Word)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if not suffix:
        if content.lstrip()[:5] == b"%PDF-":
            return DocumentFormat.PDF
        if content.startswith(_ZIP_MAGIC) and b"word/" in content[:4096]:
            return DocumentFormat.DOCX
    raise UnsupportedFormat(filename)


def decode_text(content: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (old Windows
    files); bytes that are not text at all are refused."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise UnreadableDocument(filename, "ce n'est pas un fichier texte")


def read_document(content: bytes, filename: str, *, max_bytes: int) -> ReadDocument:
    """The title and text of ``content`` (a PDF, DOCX, HTML, Markdown or text file named
    ``filename``), headings as ``#`` lines where the format has them.

    Raises a :class:`~collectivia.ai.documents.models.DocumentNotRead` (an InvalidInput with
    a French message): unsupported format, over ``max_bytes``, unreadable or damaged file,
    password-protected file, no text at all (e.g. a scanned PDF).
    """
    kind = document_format(filename, content)
    if len(content) > max_bytes:
        raise DocumentTooLarge(filename, len(content), max_bytes)
    metadata: dict[str, str] = {}
    if kind is DocumentFormat.PDF:
        title, text = pdf_to_text(content, filename)
    elif kind is DocumentFormat.DOCX:
        title, text = docx_to_text(content, filename)
    elif kind is DocumentFormat.HTML:
        title, text = html_to_text(decode_text(content, filename))
    elif kind is DocumentFormat.MARKDOWN:
        metadata, body = front_matter(decode_text(content, filename))
        title, text = markdown_to_text(body)
    else:
        text = "\n".join(
            " ".join(line.split()) for line in decode_text(content, filename).splitlines()
        ).strip()
        first = text.split("\n", 1)[0]
        title = first if len(first.split()) <= 15 else ""
    text = text.strip()
    if not text:
        raise EmptyDocument(filename)
    logger.debug("read %s (%s): %d characters", filename, kind, len(text))
    return ReadDocument(title=title, text=text, format=kind, metadata=metadata)
