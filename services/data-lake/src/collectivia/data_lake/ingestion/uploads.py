"""An uploaded file read from a ``multipart/form-data`` body as it arrives, stopping at the
limit: whatever is sent, no more than the limit (plus a little form overhead) is ever read,
and only the file's own bytes are kept in memory. The web framework's form parser would
first spool the whole body to disk."""

from __future__ import annotations

import posixpath
from collections.abc import AsyncIterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from collectivia.data_lake import messages
from collectivia.platform.errors import DomainError, InvalidInput, TooManyRequests

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FILE_FIELD = "file"
# Room for the form's boundaries, part headers and a few small fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
MAX_FILENAME_CHARS = 300
DEFAULT_FILENAME = "fichier"


class UploadTooLarge(DomainError):
    """The upload is larger than the service accepts (HTTP 413); it was not read."""

    title = messages.UPLOAD_TOO_LARGE_TITLE
    http_status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    grpc_code = TooManyRequests.grpc_code  # RESOURCE_EXHAUSTED, without importing gRPC here
    type_slug = "too-large"

    def __init__(self, limit: int) -> None:
        super().__init__(messages.UPLOAD_TOO_LARGE.format(limit=messages.load_size(limit)))
        self.limit = limit


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


async def read_upload(
    chunks: AsyncIterator[bytes],
    *,
    content_type: str,
    limit: int,
    declared_length: int | None = None,
) -> Upload:
    """The one file of the form's ``file`` field. Raises :class:`UploadTooLarge` as soon as
    the body (declared or received) or the file passes ``limit``, :class:`InvalidInput` for
    anything but one file in a well-formed form."""
    if declared_length is not None and declared_length > limit + FORM_OVERHEAD_BYTES:
        raise UploadTooLarge(limit)
    media_type, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        raise InvalidInput(messages.UPLOAD_NOT_MULTIPART)
    collector = _FileCollector(limit)
    parser = MultipartParser(boundary, collector.callbacks())
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > limit + FORM_OVERHEAD_BYTES:
                raise UploadTooLarge(limit)
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise InvalidInput(messages.UPLOAD_MALFORMED) from None
    if not collector.complete:  # cut short: no closing boundary
        raise InvalidInput(messages.UPLOAD_MALFORMED)
    return collector.upload()


class _FileCollector:
    """The parser's callbacks: keeps the ``file`` part's bytes, skips the other parts."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._in_file = False
        self._files = 0
        self._filename = ""
        self._content = bytearray()
        self.complete = False

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value_part,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_end": self._end,
        }

    def upload(self) -> Upload:
        if self._files != 1:
            raise InvalidInput(messages.UPLOAD_ONE_FILE)
        return Upload(filename=self._filename, content=bytes(self._content))

    def _end(self) -> None:
        self.complete = True

    def _part_begin(self) -> None:
        self._disposition = b""
        self._in_file = False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_part(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if options.get(b"name") != FILE_FIELD.encode():
            return  # another field: its bytes are skipped
        self._files += 1
        if self._files > 1 or b"filename" not in options:
            raise InvalidInput(messages.UPLOAD_ONE_FILE)
        self._filename = _clean_filename(options[b"filename"])
        self._in_file = True

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if not self._in_file:
            return
        if len(self._content) + (end - start) > self._limit:
            raise UploadTooLarge(self._limit)
        self._content += data[start:end]


def _clean_filename(raw: bytes) -> str:
    """The file's own name: no folder (some browsers send the whole path), no control
    characters, at most 300 characters."""
    name = raw.decode("utf-8", errors="replace").replace("\\", "/")
    name = posixpath.basename(name)
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:MAX_FILENAME_CHARS] or DEFAULT_FILENAME
