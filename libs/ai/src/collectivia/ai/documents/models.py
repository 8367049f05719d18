"""What reading an uploaded document gives, and why a file cannot be read.

Every error is an :class:`InvalidInput` (HTTP 422, gRPC INVALID_ARGUMENT) whose French
message tells the person who sent the file what to do; its field is ``file``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from collectivia.platform.errors import FieldError, InvalidInput


class DocumentFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


# Extension -> format, and how the formats are named to people.
EXTENSIONS: Mapping[str, DocumentFormat] = {
    ".pdf": DocumentFormat.PDF,
    ".docx": DocumentFormat.DOCX,
    ".html": DocumentFormat.HTML,
    ".htm": DocumentFormat.HTML,
    ".md": DocumentFormat.MARKDOWN,
    ".markdown": DocumentFormat.MARKDOWN,
    ".txt": DocumentFormat.TEXT,
}
ACCEPTED_FORMATS: tuple[str, ...] = (
    "PDF (.pdf)",
    "Word (.docx)",
    "HTML (.html, .htm)",
    "Markdown (.md)",
    "texte brut (.txt)",
)


@dataclass(frozen=True)
class ReadDocument:
    """The text of a file: one line per block (heading, paragraph, list item, table row),
    headings written ``#``/``##``... where the format marks them (HTML, Markdown, DOCX).

    ``title`` is empty when the file names none. ``metadata`` holds a Markdown file's
    front matter (``key: value`` lines between two ``---`` lines), keys in lower case.
    """

    title: str
    text: str
    format: DocumentFormat
    metadata: Mapping[str, str] = field(default_factory=dict)


def french_size(size: int) -> str:
    """A byte count as people read it: "512 octets", "300 Ko", "2,5 Mo"."""
    if size < 1024:
        return f"{size} octets"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} Ko"
    megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")
    return f"{megabytes} Mo"


class DocumentNotRead(InvalidInput):
    """Base of the reasons a file cannot become a document."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, [FieldError("file", detail)])


class UnsupportedFormat(DocumentNotRead):
    def __init__(self, filename: str, accepted: Sequence[str] = ACCEPTED_FORMATS) -> None:
        super().__init__(
            f"Le format du fichier « {filename} » n'est pas pris en charge. "
            f"Formats acceptés : {', '.join(accepted)}."
        )


class DocumentTooLarge(DocumentNotRead):
    def __init__(self, filename: str, size: int, limit: int) -> None:
        super().__init__(
            f"Le fichier « {filename} » est trop volumineux ({french_size(size)}) : "
            f"la taille maximale est de {french_size(limit)}."
        )


class UnreadableDocument(DocumentNotRead):
    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"Le fichier « {filename} » est illisible : {reason}.")


class EncryptedDocument(DocumentNotRead):
    def __init__(self, filename: str) -> None:
        super().__init__(
            f"Le fichier « {filename} » est protégé par un mot de passe : enregistrez-en une "
            "copie sans protection, puis envoyez cette copie."
        )


class EmptyDocument(DocumentNotRead):
    def __init__(self, filename: str, hint: str = "") -> None:
        super().__init__(
            f"Le fichier « {filename} » ne contient aucun texte" + (f" : {hint}." if hint else ".")
        )
