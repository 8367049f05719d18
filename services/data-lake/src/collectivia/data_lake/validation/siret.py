"""``french-siret-value``: a SIRET number, as ``python-stdnum`` (used by validata) checks it.

Spaces and dots are ignored (``210 600 045 00392``); then 14 digits, whose Luhn checksum
holds, and whose first nine (the SIREN) have a valid Luhn checksum too. La Poste's
establishments (SIREN 356 000 000) are numbered otherwise: their 14 digits must add up to a
multiple of 5, except the head office, ``35600000000048``, which follows Luhn. Computed on
all cells at once with numpy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake.validation.checking import CheckContext, skipped_rows
from collectivia.data_lake.validation.findings import Finding

LA_POSTE = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"


def luhn_valid(digits: np.ndarray[Any, np.dtype[np.int64]]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """For each row of ``digits`` (one number per row), whether its Luhn checksum holds."""
    doubled = digits.copy()
    width = digits.shape[1]
    positions = np.arange(width - 2, -1, -2)
    twice = doubled[:, positions] * 2
    doubled[:, positions] = np.where(twice > 9, twice - 9, twice)
    result: np.ndarray[Any, np.dtype[np.bool_]] = doubled.sum(axis=1) % 10 == 0
    return result


def digit_matrix(numbers: pa.Array, width: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The digits of ``numbers`` (strings of ``width`` ASCII digits, no null), one row each."""
    if not len(numbers):
        return np.zeros((0, width), dtype=np.int64)
    text = "".join(numbers.to_pylist()).encode("ascii")
    return (np.frombuffer(text, dtype=np.uint8).reshape(-1, width) - 48).astype(np.int64)


def valid_sirets(numbers: pa.Array) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which of ``numbers`` (compact 14-digit strings, no null) are valid SIRETs."""
    digits = digit_matrix(numbers, 14)
    la_poste = np.asarray(
        pc.and_(
            pc.starts_with(numbers, LA_POSTE), pc.not_equal(numbers, LA_POSTE_HEAD_OFFICE)
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    luhn = luhn_valid(digits) & luhn_valid(digits[:, :9])
    by_five: np.ndarray[Any, np.dtype[np.bool_]] = digits.sum(axis=1) % 5 == 0
    result: np.ndarray[Any, np.dtype[np.bool_]] = np.where(la_poste, by_five, luhn)
    return result


def is_valid_siret(value: str) -> bool:
    compact = compacted(pa.array([value], type=pa.string()))
    if not pc.match_substring_regex(compact, r"^[0-9]{14}$")[0].as_py():
        return False
    return bool(valid_sirets(compact)[0])


def compacted(values: pa.Array) -> pa.Array:
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(values, r"[ .]", ""))


def check(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    column = str(params["column"])
    if not context.is_present(column):
        return []
    checked = pc.invert(skipped_rows(context, [column]))
    indices = pc.indices_nonzero(checked)
    values = compacted(context.text(column).take(indices))
    shaped = pc.match_substring_regex(values, r"^[0-9]{14}$").fill_null(False)
    valid = np.zeros(len(values), dtype=bool)
    shaped_at = pc.indices_nonzero(shaped)
    valid[shaped_at.to_numpy()] = valid_sirets(values.take(shaped_at))
    raws = context.columns[column].raw
    return [
        Finding("french-siret-value", row=index, column=column, value=raws[index].as_py())
        for index in np.asarray(indices.to_numpy())[~valid].tolist()
    ]
