"""Small real files for tests of document reading: PDFs written by hand (a text layer in
Helvetica, or only an image), Word documents written by python-docx, PDFs encrypted by pypdf."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

import docx
from pypdf import PdfReader, PdfWriter


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def _pdf(objects: Sequence[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; 1 is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(content)}{extra} >>\nstream\n".encode() + content + b"\nendstream"


def pdf_with_text(pages: Sequence[Sequence[str]], title: str = "") -> bytes:
    """A PDF whose pages show these lines (Helvetica 11 pt, WinAnsi: French accents work)."""
    page_count = len(pages)
    first_page = 4  # 1 catalog, 2 pages, 3 font, then (page, content) pairs, then info
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(page_count))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        content = b"BT /F1 11 Tf 14 TL 56 780 Td\n"
        content += b"".join(_pdf_string(line) + b" '\n" for line in lines) + b"ET"
        contents = first_page + 2 * index + 1
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {contents} 0 R >>"
            ).encode()
        )
        objects.append(_stream(content))
    data = _pdf(objects)
    if not title:
        return data
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.add_metadata({"/Title": title})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_image_only() -> bytes:
    """A one-page PDF that only paints an image: a scan without a text layer."""
    pixels = bytes(range(0, 256, 16)) * 16  # 16 x 16 grey levels
    image = _stream(
        pixels,
        " /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray"
        " /BitsPerComponent 8",
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
            image,
            _stream(b"q 400 0 0 400 96 300 cm /Im1 Do Q"),
        ]
    )


def encrypted_pdf(pdf: bytes, password: str = "secret") -> bytes:  # noqa: S107
    """``pdf`` encrypted (AES-256) with a user password."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with(
    blocks: Sequence[tuple[str, str]], table: Sequence[Sequence[str]] = (), title: str = ""
) -> bytes:
    """A .docx of (style, text) paragraphs: style "Title", "Heading 1", "Heading 2",
    "List Bullet" or "" (normal), then an optional table; ``title`` in its properties."""
    document = docx.Document()
    for style, text in blocks:
        document.add_paragraph(text, style=style or None)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    if title:
        document.core_properties.title = title
    out = BytesIO()
    document.save(out)
    return out.getvalue()
