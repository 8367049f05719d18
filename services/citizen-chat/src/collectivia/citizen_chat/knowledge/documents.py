"""Documents of the knowledge base and the JSON Lines corpus loader.

The JSON Lines format is the one of ``../shared/eval/corpus/``: one object per line with ``id``,
``title``, ``text`` and optionally ``url``, ``licence``, ``theme``, ``published`` (ISO date),
``version`` and ``communes`` (INSEE codes; empty or absent: shared by every commune).
A file is parsed whole before anything is returned, so a bad line ingests nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from collectivia.citizen_chat import messages

_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
MAX_ID_LENGTH = 200


def is_insee_code(code: str) -> bool:
    """Five digits, or 2A/2B and three digits (Corsica)."""
    return bool(_INSEE_CODE.match(code))


class CorpusFormatError(ValueError):
    """A corpus file has a line that is not a valid document; the message (in French, it is
    shown to whoever imports the file) names the line."""


@dataclass(frozen=True)
class Document:
    """One published document of the collectivity."""

    id: str
    title: str
    text: str
    url: str = ""
    licence: str = ""
    theme: str = ""
    published: date | None = None
    communes: tuple[str, ...] = ()
    version: str = field(default="")

    def __post_init__(self) -> None:
        # Messages from the catalogue: they reach whoever imports or publishes the document.
        if not self.id.strip() or len(self.id) > MAX_ID_LENGTH or not self.id.isprintable():
            raise ValueError(messages.document_id_invalid(MAX_ID_LENGTH))
        if not self.title.strip():
            raise ValueError(messages.title_empty(self.id))
        if not self.text.strip():
            raise ValueError(messages.text_empty(self.id))
        for code in self.communes:
            if not is_insee_code(code):
                raise ValueError(messages.document_commune_invalid(self.id, code))
        if not self.version:
            object.__setattr__(self, "version", self.content_hash)

    @property
    def content_hash(self) -> str:
        """SHA-256 of what retrieval sees: the title and the text."""
        return hashlib.sha256(f"{self.title}\n{self.text}".encode()).hexdigest()

    @property
    def shared(self) -> bool:
        """True when every commune sees this document."""
        return not self.communes

    def visible_from(self, commune: str | None) -> bool:
        """A commune sees its own documents and the shared ones, never another commune's."""
        return self.shared or (commune is not None and commune in self.communes)


def document_from_mapping(raw: dict[str, Any]) -> Document:
    """Build a document from one decoded JSON object; raises ValueError when it is invalid."""
    for key in ("id", "title", "text"):
        if not isinstance(raw.get(key), str):
            raise ValueError(messages.field_not_text(key))
    communes = raw.get("communes") or []
    if not isinstance(communes, list) or not all(isinstance(c, str) for c in communes):
        raise ValueError(messages.COMMUNES_NOT_A_LIST)
    return Document(
        id=raw["id"],
        title=raw["title"],
        text=raw["text"],
        url=str(raw.get("url") or ""),
        licence=str(raw.get("licence") or ""),
        theme=str(raw.get("theme") or ""),
        published=publication_date(raw.get("published")),
        communes=tuple(communes),
        version=str(raw.get("version") or ""),
    )


def publication_date(raw: object) -> date | None:
    """An ISO date (YYYY-MM-DD, or the date of an ISO date-time) or nothing; anything else
    raises ValueError (in French)."""
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw.partition("T")[0] if isinstance(raw, str) else "")
    except ValueError:
        raise ValueError(messages.date_invalid(raw)) from None


def parse_jsonl(lines: Iterable[str], source: str = "<corpus>") -> list[Document]:
    """Parse every line; the first bad line raises CorpusFormatError naming it."""
    documents: list[Document] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ValueError(messages.LINE_NOT_AN_OBJECT)
            document = document_from_mapping(raw)
        except ValueError as exc:
            reason = messages.LINE_NOT_JSON if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise CorpusFormatError(messages.corpus_line(source, number, reason)) from exc
        if document.id in seen:
            raise CorpusFormatError(
                messages.corpus_line(source, number, messages.duplicate_id(document.id))
            )
        seen.add(document.id)
        documents.append(document)
    return documents


def load_jsonl(path: Path) -> list[Document]:
    """Load a JSON Lines corpus file, all or nothing."""
    with path.open(encoding="utf-8") as handle:
        return parse_jsonl(handle, source=str(path))
