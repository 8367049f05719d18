"""Reading uploaded documents: real small files of every format, and every way to fail."""

from __future__ import annotations

import codecs

import pytest

from collectivia.ai.documents import (
    DocumentFormat,
    DocumentNotRead,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    UnreadableDocument,
    UnsupportedFormat,
    read_document,
)
from collectivia.platform.errors import InvalidInput
from collectivia.testkit.document_files import (
    docx_with,
    encrypted_pdf,
    pdf_with_image_only,
    pdf_with_text,
)

LIMIT = 1_000_000
PDF_PAGES = [
    [
        "Horaires de la médiathèque",
        "La médiathèque est ouverte du mardi au samedi de 10 h à 18 h, et le",
        "dimanche de 14 h à 17 h.",
        "Tarifs",
        "L'inscription est gratuite pour les moins de 18 ans (et les « étudiants »).",
    ],
    ["Pièces à fournir :", "• un justificatif de domicile ;", "• une pièce d'identité."],
]


def test_a_pdf_gives_its_title_and_paragraphs_joined_across_lines() -> None:
    read = read_document(pdf_with_text(PDF_PAGES, title="La médiathèque"), "m.pdf", max_bytes=LIMIT)
    assert read.format is DocumentFormat.PDF
    assert read.title == "La médiathèque"
    assert read.text.splitlines() == [
        "Horaires de la médiathèque",
        "La médiathèque est ouverte du mardi au samedi de 10 h à 18 h, et le dimanche de "
        "14 h à 17 h.",
        "Tarifs",
        "L'inscription est gratuite pour les moins de 18 ans (et les « étudiants »).",
        "Pièces à fournir :",
        "• un justificatif de domicile ;",
        "• une pièce d'identité.",
    ]


def test_a_pdf_without_title_is_named_by_its_first_line() -> None:
    assert read_document(pdf_with_text(PDF_PAGES), "m.pdf", max_bytes=LIMIT).title == (
        "Horaires de la médiathèque"
    )


def test_a_scanned_pdf_without_text_layer_says_so() -> None:
    with pytest.raises(EmptyDocument) as error:
        read_document(pdf_with_image_only(), "scan.pdf", max_bytes=LIMIT)
    assert "numérisé" in error.value.detail and "OCR" in error.value.detail


def test_a_password_protected_pdf_is_refused_as_such() -> None:
    with pytest.raises(EncryptedDocument, match="protégé par un mot de passe"):
        read_document(encrypted_pdf(pdf_with_text(PDF_PAGES)), "secret.pdf", max_bytes=LIMIT)


def test_a_pdf_encrypted_without_user_password_is_read() -> None:
    protected = encrypted_pdf(pdf_with_text(PDF_PAGES), password="")
    assert "médiathèque" in read_document(protected, "m.pdf", max_bytes=LIMIT).text


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (pdf_with_text(PDF_PAGES)[:300], "cut.pdf", "endommagé"),
        (b"<html>not a pdf</html>", "fake.pdf", "pas un fichier PDF"),
        (b"PK\x03\x04 not really a zip", "fake.docx", "pas un document Word"),
        (b"\x00\x01\x02\x03", "binary.txt", "pas un fichier texte"),
    ],
)
def test_a_damaged_or_disguised_file_is_unreadable(content: bytes, name: str, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as error:
        read_document(content, name, max_bytes=LIMIT)
    assert name in error.value.detail and reason in error.value.detail


def test_an_encrypted_word_file_is_refused_as_protected() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(EncryptedDocument):
        read_document(ole, "protege.docx", max_bytes=LIMIT)


def test_a_word_document_keeps_its_headings_lists_and_tables() -> None:
    content = docx_with(
        [
            ("Title", "Guide du stationnement"),
            ("Heading 1", "Le macaron résidentiel"),
            ("", "Le macaron se demande   au service du stationnement."),
            ("List Bullet", "la carte grise"),
            ("", ""),
            ("Heading 2", "Tarifs"),
        ],
        table=[["Zone", "Prix par an"], ["Centre", "30 €"]],
    )
    read = read_document(content, "guide.docx", max_bytes=LIMIT)
    assert read.format is DocumentFormat.DOCX
    assert read.title == "Guide du stationnement"
    assert read.text.splitlines() == [
        "# Guide du stationnement",
        "# Le macaron résidentiel",
        "Le macaron se demande au service du stationnement.",
        "la carte grise",
        "## Tarifs",
        "Zone | Prix par an",
        "Centre | 30 €",
    ]


def test_a_word_documents_properties_title_comes_first() -> None:
    content = docx_with([("Heading 1", "Chapitre")], title="Règlement intérieur")
    assert read_document(content, "r.docx", max_bytes=LIMIT).title == "Règlement intérieur"


def test_html_keeps_blocks_and_headings_and_drops_scripts_and_navigation() -> None:
    page = (
        "<html><head><title>Carte d'identité</title><script>var x=1;</script></head><body>"
        "<nav><a href='/'>Accueil</a></nav><h1>Carte</h1><p>Elle est <b>gratuite</b>.</p>"
        "<h2>Pièces</h2><ul><li>Photo</li></ul>"
        "<table><tr><th>Âge</th><th>Prix</th></tr><tr><td>Adulte</td><td>0 €</td></tr></table>"
        "</body></html>"
    )
    read = read_document(page.encode(), "carte.html", max_bytes=LIMIT)
    assert read.title == "Carte d'identité"
    assert read.text.splitlines() == [
        "# Carte",
        "Elle est gratuite.",
        "## Pièces",
        "Photo",
        "Âge | Prix",
        "Adulte | 0 €",
    ]


def test_html_without_title_is_named_by_its_first_h1() -> None:
    read = read_document(
        b"<h1>Piscine <em>municipale</em></h1><p>Ouverte.</p>", "p.htm", max_bytes=LIMIT
    )
    assert read.title == "Piscine municipale"


def test_markdown_keeps_headings_and_front_matter_and_unmarks_the_rest() -> None:
    markdown = (
        "---\nid: passeport\ncommunes: 57463, 57480\n---\n"
        "Passeport\n=========\n\nLe **prix** dépend de l'[âge](https://x).\n\n"
        "Pièces\n------\n- 86 € pour un adulte\n\n### Délais #\n"
    )
    read = read_document(markdown.encode(), "passeport.md", max_bytes=LIMIT)
    assert read.metadata == {"id": "passeport", "communes": "57463, 57480"}
    assert read.title == "Passeport"
    assert read.text.splitlines() == [
        "# Passeport",
        "Le prix dépend de l'âge.",
        "## Pièces",
        "86 € pour un adulte",
        "### Délais",
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        "Déchèterie\nOuverte à 9 h.".encode(),
        codecs.BOM_UTF8 + "Déchèterie\nOuverte à 9 h.".encode(),
        "Déchèterie\r\nOuverte à 9 h.".encode("cp1252"),
        "Déchèterie\nOuverte à 9 h.".encode("utf-16"),
    ],
)
def test_plain_text_in_utf8_utf16_or_windows_1252(encoded: bytes) -> None:
    read = read_document(encoded, "note.txt", max_bytes=LIMIT)
    assert (read.title, read.text) == ("Déchèterie", "Déchèterie\nOuverte à 9 h.")


def test_an_unsupported_format_names_the_accepted_ones() -> None:
    with pytest.raises(UnsupportedFormat) as error:
        read_document(b"PK\x03\x04...", "tableau.odt", max_bytes=LIMIT)
    for accepted in ("PDF", ".docx", "HTML", "Markdown", ".txt"):
        assert accepted in error.value.detail


def test_a_file_without_extension_is_recognised_by_its_content() -> None:
    assert read_document(pdf_with_text(PDF_PAGES), "scan", max_bytes=LIMIT).format == "pdf"
    with pytest.raises(UnsupportedFormat):
        read_document(b"hello", "README", max_bytes=LIMIT)


def test_a_file_over_the_limit_says_the_limit() -> None:
    with pytest.raises(DocumentTooLarge) as error:
        read_document(b"x" * 3_000_000, "gros.txt", max_bytes=2 * 1024 * 1024)
    assert "2 Mo" in error.value.detail and "2,9 Mo" in error.value.detail


@pytest.mark.parametrize(
    "content", [b"", b"  \n\n ", b"<html><body><script>x</script></body></html>"]
)
def test_an_empty_document_is_refused(content: bytes) -> None:
    with pytest.raises(EmptyDocument, match="ne contient aucun texte"):
        read_document(content, "vide.html", max_bytes=LIMIT)


def test_every_refusal_is_an_invalid_input_on_the_file_field() -> None:
    with pytest.raises(DocumentNotRead) as error:
        read_document(b"", "vide.md", max_bytes=LIMIT)
    assert isinstance(error.value, InvalidInput)
    assert int(error.value.http_status) == 422
    assert [(e.field, e.message) for e in error.value.errors] == [("file", error.value.detail)]
