"""Files that become documents: JSON Lines corpora and single files with their metadata."""

from __future__ import annotations

import json
from datetime import date

import pytest

from collectivia.ai.documents import DocumentTooLarge, EmptyDocument, UnsupportedFormat
from collectivia.citizen_chat.knowledge.intake import (
    DocumentMetadata,
    document_from_markdown,
    document_id_from,
    read_upload,
)
from collectivia.platform.errors import InvalidInput
from collectivia.testkit.document_files import docx_with, pdf_with_image_only, pdf_with_text

LIMIT = 1_000_000


def _jsonl(*documents: dict[str, object]) -> bytes:
    return "\n".join(json.dumps(d, ensure_ascii=False) for d in documents).encode()


def test_a_json_lines_file_gives_every_document_with_its_metadata() -> None:
    content = _jsonl(
        {"id": "F1", "title": "Passeport", "text": "Le prix.", "communes": ["57463"]},
        {"id": "F2", "title": "Carte", "text": "Gratuite.", "published": "2026-01-05"},
    )
    read = read_upload(content, "corpus.jsonl", DocumentMetadata(), max_bytes=LIMIT)
    assert read.format == "jsonl"
    assert [d.id for d in read.documents] == ["F1", "F2"]
    assert read.documents[0].communes == ("57463",)
    assert read.documents[1].published == date(2026, 1, 5)


def test_a_bad_line_refuses_the_whole_file_and_names_the_line() -> None:
    content = _jsonl({"id": "F1", "title": "T", "text": "x"}, {"id": "F2", "title": "T"})
    with pytest.raises(InvalidInput) as error:
        read_upload(content, "corpus.jsonl", DocumentMetadata(), max_bytes=LIMIT)
    assert (
        error.value.detail
        == "corpus.jsonl, ligne 2 : le champ « text » manque ou n'est pas un texte"
    )
    assert error.value.errors[0].field == "file"


def test_metadata_fields_are_refused_with_a_json_lines_file() -> None:
    content = _jsonl({"id": "F1", "title": "T", "text": "x"})
    with pytest.raises(InvalidInput) as error:
        read_upload(content, "c.jsonl", DocumentMetadata(title="X", theme="Y"), max_bytes=LIMIT)
    assert "sur sa ligne" in error.value.detail
    assert [e.field for e in error.value.errors] == ["title", "theme"]


def test_a_json_lines_file_over_the_limit_or_empty_is_refused() -> None:
    content = _jsonl({"id": "F1", "title": "T", "text": "x" * 3000})
    with pytest.raises(DocumentTooLarge, match="2 Ko"):
        read_upload(content, "c.jsonl", DocumentMetadata(), max_bytes=2048)
    with pytest.raises(EmptyDocument):
        read_upload(b"\n\n", "c.jsonl", DocumentMetadata(), max_bytes=LIMIT)


def test_the_importers_fields_override_the_front_matter_which_overrides_the_file() -> None:
    markdown = "---\nid: piscine\ntheme: Sport\ncommunes: 57463\n---\n# La piscine\n\nOuverte.\n"
    metadata = DocumentMetadata.parse({"theme": "Loisirs", "published": "2026-02-01"})
    [document] = read_upload(markdown.encode(), "p.md", metadata, max_bytes=LIMIT).documents
    assert (document.id, document.title, document.theme) == ("piscine", "La piscine", "Loisirs")
    assert document.communes == ("57463",) and document.published == date(2026, 2, 1)
    assert document.text == "# La piscine\nOuverte."


def test_a_pdf_or_word_file_is_one_document_named_after_the_file() -> None:
    pdf = pdf_with_text([["Horaires de la médiathèque", "Ouverte le mardi."]])
    [document] = read_upload(
        pdf, "Médiathèque été 2026.pdf", DocumentMetadata(), max_bytes=LIMIT
    ).documents
    assert document.id == "mediatheque-ete-2026"
    assert document.title == "Horaires de la médiathèque"
    word = docx_with([("Heading 1", "Cantine"), ("", "Le menu change chaque semaine.")])
    metadata = DocumentMetadata(document_id="cantine", url="https://x.example/cantine")
    [document] = read_upload(word, "c.docx", metadata, max_bytes=LIMIT).documents
    assert (document.id, document.title, document.url) == ("cantine", "Cantine", metadata.url)


def test_reading_refusals_come_through_and_the_accepted_formats_include_json_lines() -> None:
    with pytest.raises(EmptyDocument, match="OCR"):
        read_upload(pdf_with_image_only(), "scan.pdf", DocumentMetadata(), max_bytes=LIMIT)
    with pytest.raises(UnsupportedFormat) as error:
        read_upload(b"x", "tableur.xlsx", DocumentMetadata(), max_bytes=LIMIT)
    assert "JSON Lines (.jsonl" in error.value.detail and "PDF (.pdf)" in error.value.detail


@pytest.mark.parametrize(
    ("raw", "field", "reason"),
    [
        ({"communes": "57463, Metz"}, "communes", "« Metz » n'est pas un code INSEE"),
        ({"published": "05/01/2026"}, "published", "AAAA-MM-JJ"),
    ],
)
def test_bad_metadata_fields_are_named(raw: dict[str, str | None], field: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as error:
        DocumentMetadata.parse(raw)
    assert [e.field for e in error.value.errors] == [field]
    assert reason in error.value.detail


def test_a_bad_front_matter_is_refused_naming_the_file() -> None:
    markdown = b"---\ncommunes: Metz\n---\n# T\n\nTexte.\n"
    with pytest.raises(InvalidInput, match=r"« p\.md », en-tête"):
        read_upload(markdown, "p.md", DocumentMetadata(), max_bytes=LIMIT)


def test_ids_from_file_names_are_plain() -> None:
    assert document_id_from("Règlement intérieur (v2).PDF") == "reglement-interieur-v2"
    assert document_id_from("###.md") == "document"


def test_markdown_text_of_the_lake_becomes_a_document() -> None:
    metadata = DocumentMetadata(document_id="lake-1", communes=("57480",))
    document = document_from_markdown("# Marché\n\nLe marché a lieu le **jeudi**.", metadata)
    assert (document.title, document.text) == ("Marché", "# Marché\nLe marché a lieu le jeudi.")
    with pytest.raises(InvalidInput, match="texte est vide"):
        document_from_markdown("   ", DocumentMetadata(document_id="x", title="T"))
