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
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import PurePath

from collectivia.ai.documents import (
    ACCEPTED_FORMATS,
    DocumentFormat,
    DocumentTooLarge,
    EmptyDocument,
    ReadDocument,
    UnsupportedFormat,
    document_format,
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
from collectivia.citizen_chat.knowledge.sanitizing import (
    LinkPolicy,
    Sanitized,
    clean_html,
    clean_text,
)
from collectivia.citizen_chat.knowledge.screening import internal_marking
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
    # Hidden content taken out of the file's documents, by kind (sanitizing.py).
    removed: Counter[str] = field(default_factory=Counter)


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


def document_from_markdown(
    markdown: str, metadata: DocumentMetadata, links: LinkPolicy | None = None
) -> Document:
    """A document whose text comes as Markdown or plain text, e.g. a publication of the data
    lake: its headings structure the chunks; the id is the metadata's. Hidden content is taken
    out first; a document marked internal is refused."""
    title, text = markdown_to_text(clean_text(markdown, links or LinkPolicy()).text)
    try:
        document = Document(
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
    refuse_internal(document, metadata.document_id)
    return document


def refuse_internal(document: Document, name: str) -> None:
    """An InvalidInput (French reason) for a document marked internal: never for citizens."""
    marking = internal_marking(document)
    if marking is not None:
        detail = messages.internal_document_refused(name, marking)
        raise InvalidInput(detail, [FieldError("file", detail)])


def cleaned(document: Document, links: LinkPolicy) -> tuple[Document, Sanitized]:
    """The document with its hidden content out (its text, and invisible characters of its
    title), and what was removed."""
    text = clean_text(document.text, links)
    title = clean_text(document.title, links)
    if text.text == document.text and title.text == document.title:
        return document, text
    version = document.version if document.version != document.content_hash else ""
    kept = replace(document, title=title.text.strip(), text=text.text.strip(), version=version)
    return kept, Sanitized(text.text, text.removed + title.removed)


def _cleaned_content(content: bytes, filename: str, links: LinkPolicy) -> tuple[bytes, Sanitized]:
    """HTML cleaned as a tree, Markdown and text of their inline HTML and link syntax, before
    the reader sees them; other formats as they are (their text is cleaned after reading)."""
    try:
        kind = document_format(filename, content)
    except UnsupportedFormat:
        return content, Sanitized("")
    if kind not in (DocumentFormat.HTML, DocumentFormat.MARKDOWN, DocumentFormat.TEXT):
        return content, Sanitized("")
    text = decode_text(content, filename)
    if kind is DocumentFormat.HTML:
        result = clean_html(text, links)
        return result.text.encode(), result
    # The front matter is the importer's metadata, read as such: not shown text.
    head, body = _front_matter_block(text) if kind is DocumentFormat.MARKDOWN else ("", text)
    result = clean_text(body, links)
    return (head + result.text).encode(), result


def _front_matter_block(markdown: str) -> tuple[str, str]:
    """(the leading ``---`` block with its lines, the rest); no block: ("", everything)."""
    lines = markdown.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return "", markdown
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return "", markdown
    return "".join(lines[: end + 1]), "".join(lines[end + 1 :])


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
    content: bytes,
    filename: str,
    metadata: DocumentMetadata,
    *,
    max_bytes: int,
    links: LinkPolicy | None = None,
) -> ReadFile:
    """The documents of an imported file, all valid, hidden content out (``sanitizing.py``),
    none marked internal, or an InvalidInput saying why not."""
    links = links or LinkPolicy()
    if len(content) > max_bytes:
        raise DocumentTooLarge(filename, len(content), max_bytes)
    removed: Counter[str] = Counter()
    if PurePath(filename).suffix.lower() in _JSON_LINES_SUFFIXES:
        kind, read_documents = JSON_LINES, _json_lines(content, filename, metadata)
    else:
        content, before = _cleaned_content(content, filename, links)
        removed.update(before.removed)
        try:
            read = read_document(content, filename, max_bytes=max(max_bytes, len(content)))
        except UnsupportedFormat:
            raise UnsupportedFormat(filename, ACCEPTED_IMPORTS) from None
        kind, read_documents = str(read.format), [document_from_read(read, filename, metadata)]
    documents = []
    for document in read_documents:
        try:
            kept, after = cleaned(document, links)
        except ValueError as error:  # nothing visible left
            raise _refused(filename, error) from error
        removed.update(after.removed)
        refuse_internal(kept, filename if kind != JSON_LINES else kept.id)
        documents.append(kept)
    return ReadFile(kind, documents, removed)
