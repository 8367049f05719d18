"""Uploads read as they arrive: the file of the form's ``file`` field, never more than the
limit read, the form's mistakes named in French."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest

from collectivia.data_lake.ingestion.uploads import (
    FORM_OVERHEAD_BYTES,
    Upload,
    UploadTooLarge,
    read_upload,
)
from collectivia.platform.errors import InvalidInput
from collectivia.testkit.french import assert_french


def form(
    files: dict[str, tuple[str, bytes]], data: dict[str, str] | None = None
) -> tuple[str, bytes]:
    """(content type, body) of a multipart form, as httpx sends it."""
    request = httpx.Request("POST", "http://lake/", files=files, data=data)
    return request.headers["content-type"], request.read()


async def chunked(body: bytes, size: int, seen: list[int]) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        seen.append(start + size)
        yield body[start : start + size]


T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """The coroutine on a loop of its own thread: a browser test's Playwright may be running
    an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def read(
    content_type: str,
    body: bytes,
    *,
    limit: int = 10_000,
    chunk: int = 7,
    declared: int | None = None,
    seen: list[int] | None = None,
) -> Upload:
    return run(
        read_upload(
            chunked(body, chunk, seen if seen is not None else []),
            content_type=content_type,
            limit=limit,
            declared_length=declared,
        )
    )


def test_the_file_field_is_read_whole_whatever_the_chunks() -> None:
    content = b"nom,montant\nChorale,500\n" * 20
    content_type, body = form({"file": ("C:\\Users\\thomas\\subventions.csv", content)})
    for chunk in (1, 7, 4096):
        upload = read(content_type, body, chunk=chunk)
        assert upload.content == content
        assert upload.filename == "subventions.csv"  # the browser's folder is dropped


def test_other_fields_are_skipped() -> None:
    content_type, body = form({"file": ("a.csv", b"x\n1\n")}, data={"note": "bonjour"})
    assert read(content_type, body).content == b"x\n1\n"


def test_a_file_over_the_limit_stops_the_reading_at_the_limit() -> None:
    content_type, body = form({"file": ("big.csv", b"x" * 50_000)})
    seen: list[int] = []
    with pytest.raises(UploadTooLarge) as refused:
        read(content_type, body, limit=1_000, chunk=100, seen=seen)
    assert refused.value.http_status == 413
    assert_french(refused.value.detail)
    assert "1 Ko" in refused.value.detail
    assert max(seen) < 2_000  # stopped soon after the limit, not at the end of the body


def test_a_body_declared_too_large_is_refused_before_reading() -> None:
    seen: list[int] = []
    content_type, body = form({"file": ("a.csv", b"x")})
    with pytest.raises(UploadTooLarge):
        read(content_type, body, limit=10, declared=10 + FORM_OVERHEAD_BYTES + 1, seen=seen)
    assert seen == []


def test_a_body_too_large_around_a_small_file_is_refused() -> None:
    content_type, body = form(
        {"file": ("a.csv", b"x")}, data={"pad": "p" * (FORM_OVERHEAD_BYTES + 100)}
    )
    with pytest.raises(UploadTooLarge):
        run(
            read_upload(
                chunked(body, 512, []),
                content_type=content_type,
                limit=10,
                declared_length=None,
            )
        )


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b'{"file": "x"}'),
        ("multipart/form-data", b"--x\r\n"),  # no boundary
    ],
)
def test_not_a_form_is_refused_in_french(content_type: str, body: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        read(content_type, body)
    assert_french(refused.value.detail)


def no_file_forms() -> Iterable[tuple[str, bytes]]:
    yield form({"other": ("a.csv", b"x")})
    yield form({}, data={"file": "pas un fichier"})
    two = httpx.Request(
        "POST", "http://lake/", files=[("file", ("a.csv", b"1")), ("file", ("b.csv", b"2"))]
    )
    yield two.headers["content-type"], two.read()


@pytest.mark.parametrize(("content_type", "body"), list(no_file_forms()))
def test_exactly_one_file_is_required(content_type: str, body: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        read(content_type, body)
    assert "file" in refused.value.detail
    assert_french(refused.value.detail)


def test_a_malformed_form_is_refused() -> None:
    content_type = "multipart/form-data; boundary=abc"
    body = b'--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx'
    for cut_short in (body, body + b"\r\n--zzz garbage"):
        with pytest.raises(InvalidInput) as refused:
            read(content_type, cut_short)
        assert_french(refused.value.detail)
