"""JSON files: an array of objects, one row per object (UTF-8, as RFC 8259 requires).

The columns are the objects' keys, in the order they first appear; an object without a key
has no cell there (``null``, read as a missing value). Values become strings: ``null`` no
cell, booleans ``true``/``false``, whole numbers without ``.0``, other numbers in Python's
shortest form, objects and arrays as JSON text. There is no header row: the first object is
row 1.
"""

from __future__ import annotations

import json

import pyarrow as pa

from collectivia.data_lake import messages
from collectivia.data_lake.validation.raw_tables import RawTable, ReadLimits
from collectivia.platform.errors import InvalidInput


def read_json(filename: str, content: bytes, limits: ReadLimits) -> RawTable:
    text = decode(filename, content)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            messages.JSON_UNREADABLE.format(
                filename=filename, line=error.lineno, column=error.colno
            )
        ) from error
    except (RecursionError, ValueError) as error:  # too deep, or a number too long
        raise InvalidInput(messages.JSON_TOO_COMPLEX.format(filename=filename)) from error
    if not isinstance(document, list):
        raise InvalidInput(
            messages.JSON_NOT_ARRAY.format(filename=filename, found=messages.json_kind(document))
        )
    if not document:
        raise InvalidInput(messages.JSON_EMPTY.format(filename=filename))
    if len(document) > limits.max_rows:
        raise InvalidInput(
            messages.TOO_MANY_ROWS.format(
                filename=filename, rows=len(document), limit=limits.max_rows
            )
        )
    keys: dict[str, None] = {}
    for index, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(
                messages.JSON_ITEM_NOT_OBJECT.format(
                    filename=filename, index=index, found=messages.json_kind(item)
                )
            )
        keys.update(dict.fromkeys(item))
    columns = tuple(
        pa.array([text_of(item.get(key)) for item in document], type=pa.string()) for key in keys
    )
    return RawTable(
        filename=filename, format="json", header=tuple(keys), columns=columns, header_row=0
    )


def decode(filename: str, content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(messages.JSON_NOT_UTF8.format(filename=filename)) from error


def text_of(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    return json.dumps(value, ensure_ascii=False)
