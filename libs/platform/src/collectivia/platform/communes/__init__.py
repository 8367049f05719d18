"""French communes and departments by their INSEE code, and communes by name, from the
official list shipped as package data (``communes.tsv.gz``, ``departements.tsv``: INSEE's
Code officiel géographique 2026 as Etalab's ``@etalab/decoupage-administratif`` 6.0.0
publishes it; written by ``infra/territory/communes_from_etalab.py``). Read once, at first
use; nothing is fetched. The one list of the suite: the citizen chat and the agents'
assistant name communes with it (the analytics read the collectivity's own member list, a
dataset of the lake)."""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
# Ligatures NFKD keeps: "Œuilly" is looked up as "oeuilly".
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# La Poste's abbreviations, as addresses are typed ("93200 ST DENIS", "ste marie")
_SAINT = re.compile(r"\b(st|ste)\b")


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


def commune(code: str) -> Commune | None:
    """The commune of an INSEE code (``57463``, ``2a004``); None for an unknown code."""
    wanted = code.strip().upper()
    found = _communes().get(wanted)
    if found is None:
        return None
    name, department = found
    return Commune(wanted, name, department, _departments().get(department, ""))


def commune_name(code: str) -> str:
    """ "Metz" for "57463"; an unknown code as it is; "" for none."""
    found = commune(code)
    return found.name if found is not None else code.strip()


def commune_label(code: str) -> str:
    """ "Metz (Moselle)" for "57463"; an unknown code as it is; "" for none."""
    found = commune(code)
    return found.label if found is not None else code.strip()


def communes_named(name: str) -> tuple[Commune, ...]:
    """Every commune of that name, whatever its accents, case, hyphens and apostrophes
    ("montigny les metz", "MARLY": the one of the Moselle and the one of the Nord), by code;
    none for an unknown name."""
    by_name = _codes_by_name()
    # a glottal stop written as an apostrophe: « Faa'a » is INSEE's « Faaa »
    codes = by_name.get(folded_name(name), ()) or by_name.get(
        folded_name(name.replace("'", "").replace("\u2019", "")), ()
    )
    return tuple(found for code in codes if (found := commune(code)) is not None)


def folded_name(name: str) -> str:
    """The form names are compared in: "Montigny-lès-Metz" -> "montigny les metz", "St-Denis"
    -> "saint denis"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    spaced = _NOT_ALPHANUMERIC.sub(" ", plain).strip()
    return _SAINT.sub(lambda match: "saint" if match.group(1) == "st" else "sainte", spaced)


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


@cache
def _codes_by_name() -> dict[str, tuple[str, ...]]:
    # Built at the first look-up by name only: naming a code never pays for it.
    codes: defaultdict[str, list[str]] = defaultdict(list)
    for code, (name, _department) in _communes().items():
        codes[folded_name(name)].append(code)
    return {name: tuple(sorted(found)) for name, found in codes.items()}
