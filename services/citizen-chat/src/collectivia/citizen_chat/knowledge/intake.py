"""Files that become documents of the knowledge base, and what their importer says of them.

A JSON Lines file (the corpus format of ``../shared/eval/corpus/``, see ``documents.py``) holds
many documents, each with its metadata on its line. Any other file (PDF, Word, HTML, Markdown,
text) is one document, read by :mod:`collectivia.ai.documents`; its metadata come from the
importer's fields, else from a Markdown front matter, else from the file itself (title) and
its name (id). Every refusal is an :class:`InvalidInput` with a French reason, raised before
anything is kept: a file is taken whole or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import PurePath

from collectivia.ai.documents import (
    ACCEPTED_FORMATS,
    DocumentTooLarge,
    EmptyDocument,
    ReadDocument,
    UnsupportedFormat,
    read_document,
)
from collectivia.ai.documents.markdown_text import markdown_to_text
from collectivia.ai.documents.reader import decode_text
from collectivia.citizen_chat import messages
from collectivia.citizen_chat.knowledge.documents import (
    CorpusFormatError,
    Document,
    is_insee_code,
    parse_jsonl,
    publication_date,
)
from collectivia.platform.errors import FieldError, InvalidInput

JSON_LINES = "jsonl"
_JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ACCEPTED_IMPORTS = (*ACCEPTED_FORMATS, messages.JSON_LINES_FORMAT)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class DocumentMetadata:
    """What the importer of a file says about it; empty fields are left to the file."""

    document_id: str = ""
    title: str = ""
    url: str = ""
    licence: str = ""
    theme: str = ""
    communes: tuple[str, ...] = ()
    version: str = ""
    published: date | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, str | None]) -> DocumentMetadata:
        """From text fields (``communes`` comma-separated INSEE codes, ``published``
        YYYY-MM-DD, the id as ``id`` or ``document_id``); unknown keys are ignored."""
        values = {key: (value or "").strip() for key, value in raw.items()}
        errors: list[FieldError] = []
        communes = tuple(c.strip() for c in values.get("communes", "").split(",") if c.strip())
        errors += [
            FieldError("communes", messages.not_an_insee_code(code))
            for code in communes
            if not is_insee_code(code)
        ]
        published: date | None = None
        try:
            published = publication_date(values.get("published"))
        except ValueError as error:
            errors.append(FieldError("published", str(error)))
        if errors:
            raise InvalidInput(messages.invalid_fields(e.message for e in errors), errors)
        return cls(
            document_id=values.get("document_id") or values.get("id", ""),
            title=values.get("title", ""),
            url=values.get("url", ""),
            licence=values.get("licence", ""),
            theme=values.get("theme", ""),
            communes=communes,
            version=values.get("version", ""),
            published=published,
        )

    def given(self) -> list[str]:
        """Names of the fields that were filled in."""
        return [f.name for f in fields(self) if getattr(self, f.name)]

    def over(self, fallback: DocumentMetadata) -> DocumentMetadata:
        """These fields where filled in, ``fallback``'s elsewhere."""
        return replace(fallback, **{name: getattr(self, name) for name in self.given()})


@dataclass(frozen=True)
class ReadFile:
    """The documents of one file, and its format (``jsonl`` or a document format)."""

    format: str
    documents: list[Document]


def document_id_from(filename: str) -> str:
    """An id from a file name: "Règlement intérieur.pdf" -> "reglement-interieur"."""
    ascii_name = unicodedata.normalize("NFKD", PurePath(filename).stem)
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    return _NOT_SLUG.sub("-", ascii_name).strip("-")[:200] or "document"


def _refused(filename: str, error: ValueError) -> InvalidInput:
    detail = messages.file_refused(filename, error)
    return InvalidInput(detail, [FieldError("file", detail)])


def document_from_read(read: ReadDocument, filename: str, metadata: DocumentMetadata) -> Document:
    """The document of a read file: the importer's fields over the front matter's."""
    try:
        meta = metadata.over(DocumentMetadata.parse(read.metadata))
    except InvalidInput as error:
        detail = messages.file_header_refused(filename, error.detail)
        raise InvalidInput(detail, error.errors) from error
    try:
        return Document(
            id=meta.document_id or document_id_from(filename),
            title=meta.title or read.title or PurePath(filename).stem,
            text=read.text,
            url=meta.url,
            licence=meta.licence,
            theme=meta.theme,
            published=meta.published,
            communes=meta.communes,
            version=meta.version,
        )
    except ValueError as error:
        raise _refused(filename, error) from error


def document_from_markdown(markdown: str, metadata: DocumentMetadata) -> Document:
    """A document whose text comes as Markdown or plain text, e.g. a publication of the data
    lake: its headings structure the chunks; the id is the metadata's."""
    title, text = markdown_to_text(markdown)
    try:
        return Document(
            id=metadata.document_id,
            title=metadata.title or title,
            text=text,
            url=metadata.url,
            licence=metadata.licence,
            theme=metadata.theme,
            published=metadata.published,
            communes=metadata.communes,
            version=metadata.version,
        )
    except ValueError as error:
        raise InvalidInput(str(error)) from error


def _json_lines(content: bytes, filename: str, metadata: DocumentMetadata) -> list[Document]:
    given = metadata.given()
    if given:
        detail = messages.json_lines_fields(given)
        raise InvalidInput(detail, [FieldError(name, detail) for name in given])
    try:
        documents = parse_jsonl(decode_text(content, filename).splitlines(), source=filename)
    except CorpusFormatError as error:
        raise InvalidInput(str(error), [FieldError("file", str(error))]) from error
    if not documents:
        raise EmptyDocument(filename)
    return documents


def read_upload(
    content: bytes, filename: str, metadata: DocumentMetadata, *, max_bytes: int
) -> ReadFile:
    """The documents of an imported file, all valid, or an InvalidInput saying why not."""
    if PurePath(filename).suffix.lower() in _JSON_LINES_SUFFIXES:
        if len(content) > max_bytes:
            raise DocumentTooLarge(filename, len(content), max_bytes)
        return ReadFile(JSON_LINES, _json_lines(content, filename, metadata))
    try:
        read = read_document(content, filename, max_bytes=max_bytes)
    except UnsupportedFormat:
        raise UnsupportedFormat(filename, ACCEPTED_IMPORTS) from None
    return ReadFile(str(read.format), [document_from_read(read, filename, metadata)])
