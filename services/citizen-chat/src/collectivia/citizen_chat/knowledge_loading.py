"""Documents of a folder, ingested at start: every file the admin import accepts (JSON Lines
corpora, PDF, Word, HTML, Markdown, text), read the same way (``knowledge/intake.py``).

A Markdown file may start with a front matter block (``---`` lines) of ``key: value`` pairs:
id, title, url, licence, theme, version, published (ISO date), communes (comma-separated INSEE
codes).
"""

from __future__ import annotations

import logging
from pathlib import Path

from collectivia.ai.documents import document_format
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.intake import DocumentMetadata, read_upload
from collectivia.platform.errors import InvalidInput

logger = logging.getLogger(__name__)

# A file of the folder is trusted (the operator put it there): only a sanity bound.
FOLDER_FILE_MAX_BYTES = 200 * 1024 * 1024


def _importable(path: Path) -> bool:
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        return True
    try:
        document_format(path.name)
    except InvalidInput:
        return False
    return True


def documents_from_file(path: Path) -> list[Document]:
    """The documents of one file; an unreadable or invalid file raises ValueError naming it."""
    try:
        read = read_upload(
            path.read_bytes(), path.name, DocumentMetadata(), max_bytes=FOLDER_FILE_MAX_BYTES
        )
    except InvalidInput as error:
        raise ValueError(f"{path}: {error.detail}") from error
    return read.documents


def document_from_file(path: Path) -> Document:
    [document] = documents_from_file(path)
    return document


def documents_in(folder: Path) -> list[Document]:
    """Every document of ``folder`` (sorted by file name); a bad file raises ValueError."""
    documents: list[Document] = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and _importable(path):
            documents.extend(documents_from_file(path))
    logger.info("knowledge folder %s: %d documents", folder, len(documents))
    return documents
