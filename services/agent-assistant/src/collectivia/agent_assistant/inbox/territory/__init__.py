"""French communes and departments by their INSEE code, from the official list shipped as
data (``communes.tsv.gz``, ``departements.tsv``: INSEE's Code officiel géographique 2026 as
Etalab's ``@etalab/decoupage-administratif`` 6.0.0 publishes it; written by
``infra/territory/communes_from_etalab.py``). Read once, at first use; nothing is fetched."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    department_code: str
    department_name: str

    @property
    def label(self) -> str:
        """ "Metz (Moselle)"."""
        return f"{self.name} ({self.department_name})" if self.department_name else self.name


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _departments() -> dict[str, str]:
    text = resources.files(__package__).joinpath("departements.tsv").read_text("utf-8")
    return {code: name for code, name in _rows(text)}


@cache
def _communes() -> dict[str, tuple[str, str]]:
    packed = resources.files(__package__).joinpath("communes.tsv.gz").read_bytes()
    return {code: (name, dep) for code, name, dep in _rows(gzip.decompress(packed).decode())}


def commune(code: str) -> Commune | None:
    """The commune of an INSEE code (``57463``, ``2A004``); None for an unknown code."""
    found = _communes().get(code.strip().upper())
    if found is None:
        return None
    name, department = found
    return Commune(code.strip().upper(), name, department, _departments().get(department, ""))


def commune_label(code: str) -> str:
    """ "Metz (Moselle)" for "57463"; an unknown code as it is; "" for none."""
    if not code.strip():
        return ""
    found = commune(code)
    return found.label if found is not None else code.strip()
