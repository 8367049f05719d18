"""The collectivity's member communes, from the lake's reference dataset (code INSEE, name,
population): names for the pages and answers, and the communes a question names.

The dataset is read through the warehouse and kept for its table's snapshot (a new load is
read again); while it is absent the directory is empty and every commune shows its code."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from collectivia.lakehouse.tables import Lakehouse, UnknownTable
from collectivia.officials_analytics.french_words import folded, folded_words

log = logging.getLogger(__name__)

CODE, NAME, POPULATION = "code_insee", "nom", "population"


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    population: int | None = None


class CommuneDirectory:
    """Code → name and name → code; an unknown code is shown as itself."""

    def __init__(self, communes: Iterable[Commune] = ()) -> None:
        self.communes = tuple(communes)
        self._by_code = {c.code: c for c in self.communes}
        self._by_name = {folded(c.name): c for c in self.communes}

    def name(self, code: str) -> str:
        """The commune's name, or its code when the directory does not know it."""
        found = self._by_code.get(code)
        return found.name if found is not None else code

    def names(self, codes: Iterable[str]) -> dict[str, str]:
        return {code: self.name(code) for code in codes}

    def known(self, code: str) -> bool:
        return code in self._by_code

    def find(self, name: str) -> Commune | None:
        """The commune called ``name`` (case, accents, hyphens and « Saint/St » aside)."""
        return self._by_name.get(folded(name))

    def visible(self, *, every: bool, own: Iterable[str]) -> list[Commune]:
        """The communes a person may choose: every member commune (``every``, the
        intercommunality's roles; their own too, should the directory lack one), else their
        own, named when the directory knows them."""
        codes = dict.fromkeys(own)
        if every:
            codes.update(dict.fromkeys(c.code for c in self.communes))
        chosen = [self._by_code.get(code) or Commune(code, code) for code in codes]
        return sorted(chosen, key=lambda c: (folded(c.name), c.code))

    def named_in(self, text: str) -> list[tuple[Commune, int, int]]:
        """The communes whose names ``text`` contains, as (commune, first word, end word) of
        its folded words; the longest name wins (« Montigny-lès-Metz », not « Metz »)."""
        words = folded_words(text)
        taken = [False] * len(words)
        found: list[tuple[Commune, int, int]] = []
        for commune in sorted(self.communes, key=lambda c: -len(folded_words(c.name))):
            name = folded_words(commune.name)
            for start in range(len(words) - len(name) + 1):
                end = start + len(name)
                if words[start:end] == name and not any(taken[start:end]):
                    taken[start:end] = [True] * len(name)
                    found.append((commune, start, end))
        return sorted(found, key=lambda item: item[1])


class Communes:
    """The directory of the lake's dataset ``dataset`` (in the lake's namespace of the
    warehouse), read again when it changes."""

    def __init__(self, lake: Lakehouse, *, dataset: str) -> None:
        self._lake = lake
        self._dataset = dataset
        self._lock = threading.Lock()
        self._cached: tuple[int | None, CommuneDirectory] | None = None

    def directory(self) -> CommuneDirectory:
        lake = self._lake
        try:
            snapshot = lake.table(self._dataset).current_snapshot()
        except UnknownTable:
            return CommuneDirectory()
        snapshot_id = snapshot.snapshot_id if snapshot is not None else None
        with self._lock:
            if self._cached is not None and self._cached[0] == snapshot_id:
                return self._cached[1]
        directory = self._read(snapshot_id)
        with self._lock:
            self._cached = (snapshot_id, directory)
        return directory

    def _read(self, snapshot_id: int | None) -> CommuneDirectory:
        if snapshot_id is None:
            return CommuneDirectory()
        lake = self._lake
        present = set(lake.table(self._dataset).schema().column_names)
        if not {CODE, NAME} <= present:
            log.warning("dataset %s lacks the columns %s, %s", self._dataset, CODE, NAME)
            return CommuneDirectory()
        columns = [CODE, NAME] + ([POPULATION] if POPULATION in present else [])
        rows = lake.read(self._dataset, columns=columns).to_pylist()
        communes = tuple(
            Commune(
                code=str(row[CODE]).strip(),
                name=str(row[NAME]).strip(),
                population=_population(row.get(POPULATION)),
            )
            for row in rows
            if row.get(CODE) and row.get(NAME)
        )
        return CommuneDirectory(tuple(sorted(communes, key=lambda c: folded(c.name))))


def _population(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None
