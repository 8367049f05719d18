"""Documents of a folder, ingested at start: Markdown and HTML pages, JSON Lines corpora.

A Markdown file may start with a front matter block (``---`` lines) of ``key: value`` pairs:
id, url, licence, theme, published (ISO date), communes (comma-separated INSEE codes).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from collectivia.citizen_chat.knowledge.documents import Document, load_jsonl
from collectivia.citizen_chat.knowledge.extract import html_to_text, markdown_to_text

logger = logging.getLogger(__name__)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, text
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, text
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        if key.strip():
            meta[key.strip().lower()] = value.strip()
    return meta, "\n".join(lines[end + 1 :])


def document_from_file(path: Path) -> Document:
    meta, body = _front_matter(path.read_text(encoding="utf-8"))
    title, text = html_to_text(body) if path.suffix in {".html", ".htm"} else markdown_to_text(body)
    communes = tuple(c.strip() for c in meta.get("communes", "").split(",") if c.strip())
    published = meta.get("published")
    return Document(
        id=meta.get("id") or path.stem,
        title=meta.get("title") or title or path.stem,
        text=text,
        url=meta.get("url", ""),
        licence=meta.get("licence", ""),
        theme=meta.get("theme", ""),
        published=date.fromisoformat(published) if published else None,
        communes=communes,
    )


def documents_in(folder: Path) -> list[Document]:
    """Every document of ``folder`` (sorted by file name); a bad file raises ValueError."""
    documents: list[Document] = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".jsonl":
            documents.extend(load_jsonl(path))
        elif path.suffix in {".md", ".markdown", ".html", ".htm"}:
            try:
                documents.append(document_from_file(path))
            except ValueError as error:
                raise ValueError(f"{path}: {error}") from error
    return documents
