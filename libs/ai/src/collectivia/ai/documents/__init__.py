"""Reading uploaded documents (PDF, DOCX, HTML, Markdown, plain text) into titled text whose
headings stay ``#`` lines: the citizen chat's knowledge imports and the agent assistant's
summaries both start here."""

from collectivia.ai.documents.models import (
    ACCEPTED_FORMATS,
    DocumentFormat,
    DocumentNotRead,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    ReadDocument,
    UnreadableDocument,
    UnsupportedFormat,
)
from collectivia.ai.documents.reader import document_format, read_document

__all__ = [
    "ACCEPTED_FORMATS",
    "DocumentFormat",
    "DocumentNotRead",
    "DocumentTooLarge",
    "EmptyDocument",
    "EncryptedDocument",
    "ReadDocument",
    "UnreadableDocument",
    "UnsupportedFormat",
    "document_format",
    "read_document",
]
