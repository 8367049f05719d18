"""Checksums that tell a real NIR or IBAN from a number that merely looks like one."""

from __future__ import annotations

import re

_NIR_SHAPE = re.compile(r"[12378]\d{4}(?:\d{2}|2[AB])\d{8}")
_NIR_BODY_SHAPE = re.compile(r"[12378]\d{2}(?P<month>\d{2})(?P<department>\d{2}|2[AB])\d{6}")

# Lengths of the IBANs most often met in French administration (ISO 13616 registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MA": 28, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TN": 24,
}  # fmt: skip


def nir_is_valid(compact: str) -> bool:
    """A 15-character NIR without separators: shape, month, and key = 97 - (number mod 97).

    Corsica's departments 2A and 2B count as 19 and 18 in the number the key is computed on.
    """
    nir = compact.upper()
    if not _NIR_SHAPE.fullmatch(nir) or not _month_is_valid(nir[3:5]):
        return False
    department = {"2A": "19", "2B": "18"}.get(nir[5:7], nir[5:7])
    body = nir[:5] + department + nir[7:13]
    return 97 - int(body) % 97 == int(nir[13:])


def nir_body_is_valid(compact: str) -> bool:
    """The 13 characters of a NIR written without its key (« NIR : 2790899114088 »): sex,
    year, a month and a department that exist (99: born abroad). No key to check: only a
    label before it makes such a number a NIR."""
    body = _NIR_BODY_SHAPE.fullmatch(compact.upper())
    if body is None or not _month_is_valid(body.group("month")):
        return False
    department = body.group("department")
    return department in ("2A", "2B") or (1 <= int(department) <= 99 and department != "96")


def _month_is_valid(month: str) -> bool:
    # 01-12; 20-42 and 50-99 are used for people whose month of birth is unknown.
    number = int(month)
    return 1 <= number <= 12 or 20 <= number <= 42 or number >= 50


def iban_is_valid(compact: str, *, any_length: bool = False) -> bool:
    """An IBAN without separators: the country's length where known (unless ``any_length``),
    and mod 97 == 1."""
    iban = compact.upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected and not any_length:
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1
