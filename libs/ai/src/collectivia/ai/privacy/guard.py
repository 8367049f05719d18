"""Find personal data in a text, replace it by placeholders, and put it back."""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from collectivia.ai.privacy.address_extents import as_on_envelopes, trimmed_addresses
from collectivia.ai.privacy.address_owners import addresses_after_names, names_before_addresses
from collectivia.ai.privacy.addresses import find_addresses, joined_addresses
from collectivia.ai.privacy.animals import animal_names
from collectivia.ai.privacy.appositions import find_apposed_names
from collectivia.ai.privacy.civilities import find_civility_names
from collectivia.ai.privacy.coordination import (
    first_name_series,
    kinship_lists,
    listed_first_names,
)
from collectivia.ai.privacy.countries import COUNTRY
from collectivia.ai.privacy.cultural_context import cultural_names
from collectivia.ai.privacy.dates_beside_names import dates_beside_names
from collectivia.ai.privacy.email_owners import names_before_emails
from collectivia.ai.privacy.first_name_contexts import find_first_names_in_context
from collectivia.ai.privacy.first_name_lexicon import insee_tiers, is_first_name, listed_by_insee
from collectivia.ai.privacy.french_words import is_french_word, is_verb_form
from collectivia.ai.privacy.introductions import find_introduced_names
from collectivia.ai.privacy.lexicon import stop_words, word_set
from collectivia.ai.privacy.lone_first_names import find_lone_first_names
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.ai.privacy.names import find_names
from collectivia.ai.privacy.patterns import (
    find_birth_dates,
    find_emails,
    find_ibans,
    find_nirs,
    find_phones,
)
from collectivia.ai.privacy.person_model import PERSON_MODEL, PersonModel
from collectivia.ai.privacy.person_names import a_town, find_person_names, place_names, tidied
from collectivia.ai.privacy.place_addresses import a_places_address
from collectivia.ai.privacy.public_contacts import PublicContacts
from collectivia.ai.privacy.repeats import repeated_names
from collectivia.ai.privacy.scanned_digits import through_scans
from collectivia.ai.privacy.settings import PrivacySettings
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.ai.privacy.spoken_addresses import find_spoken_addresses
from collectivia.ai.privacy.surname_neighbours import with_surnames
from collectivia.ai.privacy.table_columns import read_tables

# Where two findings overlap, the kind ``_PRIORITY`` puts first wins (checksummed numbers are
# the surest).
_DETECTORS: tuple[Callable[[str], Iterator[Span]], ...] = (
    through_scans(find_nirs, find_phones, find_birth_dates),
    find_ibans,
    find_emails,
    find_addresses,
    find_spoken_addresses,
    find_names,
    find_introduced_names,
    find_civility_names,
    find_lone_first_names,
    find_apposed_names,
    find_first_names_in_context,
    kinship_lists,
    first_name_series,
)
_PRIORITY = {
    PiiType.NIR: 0,
    PiiType.IBAN: 0,
    PiiType.EMAIL: 1,
    PiiType.PHONE: 2,
    PiiType.BIRTH_DATE: 3,
    PiiType.ADDRESS: 4,
    PiiType.NAME: 5,
}
PLACEHOLDER = re.compile(r"\[(" + "|".join(t.value for t in PiiType) + r")_(\d+)\]")
_NOT_ALNUM = re.compile(r"\W+")
# A country is no one's name ("arrivés de Géorgie le mois dernier").
_A_COUNTRY = re.compile(COUNTRY)
# An English house by its name (« Rose Cottage »): a home, no one's name.
_A_HOUSE = re.compile(r"[ \t](?:Cottage|House|Farm|Lodge|Barns?|Manor)$")
_PARTICLES = frozenset({"le", "la", "les", "de", "du", "des", "l", "d"})
# A role alone is no one's name (« Présidente ;Aurélie Martin-Diallo ;06 … », a board's row).
_ROLES = word_set(
    "président présidente vice-président vice-présidente trésorier trésorière secrétaire"
    " référent référente responsable directeur directrice coordinateur coordinatrice"
)
_WORD = re.compile(r"[^\W\d_]+")
# A planning's days are no one (« Lundi : Loïc Teissier »), whichever reading took them.
_DAYS = word_set("lundi mardi mercredi jeudi vendredi samedi dimanche")


def _without_the_sentence_after(span: Span) -> Span:
    """A name in capitals less the verb or the function word of the sentence it runs on to
    (« LAURENCE PETIT ABOIE », « AHMED BELAÏD NE LE 3 … »)."""
    if span.type is not PiiType.NAME or not span.text.isupper():
        return span
    words = list(re.finditer(r"\S+", span.text))
    while len(words) > 2:
        last = words[-1].group().lower()
        if is_first_name(last.capitalize()) or not (
            is_verb_form(last) or (last in stop_words() and last not in _PARTICLES)
        ):
            break
        words.pop()
    end = span.start + words[-1].end()
    return (
        span if end == span.end else Span(span.type, span.start, end, span.text[: words[-1].end()])
    )


def _words_of_a_sentence(name: str) -> bool:
    """Words of a sentence typed in capitals or in lower case (« JE SUIS INSCRITE DEPUIS »,
    « faut-il refaire »), not a name: every word one of French, none a first name, and a
    function word among them that no surname holds (not « ROSE PETIT », « LE BLANC »)."""
    if not (name.isupper() or name.islower()):
        return False
    words = _WORD.findall(name)
    if len(words) < 2 or any(is_first_name(word.capitalize()) for word in words):
        return False
    lowered = [word.lower() for word in words]
    if not any(word in stop_words() and word not in _PARTICLES for word in lowered):
        return False
    return all(is_french_word(word) or word in stop_words() for word in lowered)


def _a_decision_in_capitals(name: str) -> bool:
    """A file's status or a decision in capitals (« ACCORDÉ », « REFUSÉE », « DÉCÉDÉ »): one
    word, a past participle with its accent, no first name."""
    return (
        name.isupper()
        and " " not in name
        and name.endswith(("É", "ÉE", "ÉS", "ÉES"))
        and is_verb_form(name)
        and not is_first_name(name.capitalize())
    )


@dataclass(frozen=True, slots=True)
class MaskedText:
    """A text with its personal data replaced by ``[TYPE_n]`` placeholders.

    ``mapping`` (placeholder -> original value) must stay in memory: never log or publish it.
    """

    text: str
    mapping: Mapping[str, str] = field(repr=False)
    spans: tuple[Span, ...] = field(repr=False)


def _resolve(candidates: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order: higher priority, then longer, wins."""
    ordered = sorted(candidates, key=lambda s: (_PRIORITY[s.type], s.start - s.end, s.start))
    starts: list[int] = []  # of the kept spans, sorted; kept spans never overlap
    kept: list[Span] = []
    for span in ordered:
        i = bisect.bisect_left(starts, span.start)
        if i > 0 and kept[i - 1].end > span.start:
            continue
        if i < len(kept) and kept[i].start < span.end:
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return kept


def _people_only(spans: Iterable[Span], not_people: list[tuple[int, int]]) -> list[Span]:
    """The spans, less the names that overlap a region that is no one's name (in n log n: a
    long document has thousands of both)."""
    regions = sorted(not_people)
    starts = [start for start, _ in regions]
    furthest: list[int] = []  # the furthest end among the regions up to each one
    for _, end in regions:
        furthest.append(max(end, furthest[-1]) if furthest else end)
    kept = []
    for span in spans:
        before = bisect.bisect_left(starts, span.end)  # the regions that start before its end
        if span.type is PiiType.NAME and before and furthest[before - 1] > span.start:
            continue
        kept.append(span)
    return kept


_CELL_SEPARATOR = re.compile(r"[\t;]")
_CELLS_OR_LINES = re.compile(r"[\n\t;]")


def _on_one_line(spans: Iterable[Span]) -> list[Span]:
    """Names cut at their first line break: a form's « Prénom : Yanis » is followed by its next
    field's label on the next line, never by more of the name; and split at tabs and semicolons,
    a table's cells ("Rodrigues\tMaria do Céu" is a surname and a first name); a cell read
    across its neighbours' ("Façades;Amina Ouali;rue") keeps the cells that may be names."""
    cut = []
    for span in spans:
        if span.type is not PiiType.NAME or not _CELLS_OR_LINES.search(span.text.rstrip(";")):
            cut.append(span)
            continue
        kept = span.text.split("\n", 1)[0].rstrip()
        if len(kept) > 2 and kept[-1] in ".,;:" and kept[-2].islower():
            kept = kept[:-1]  # the sentence's end, not an initial's dot ("G.")
        offset = span.start
        cells = _CELL_SEPARATOR.split(kept)
        for cell in cells:
            if cell.strip() and (";" not in kept or not _words_only(cell)):
                start = offset + len(cell) - len(cell.lstrip())
                cut.append(Span(span.type, start, start + len(cell.strip()), cell.strip()))
            offset += len(cell) + 1
    return cut


def _words_only(cell: str) -> bool:
    """Whether a cell holds only words of French that no one is named ("Façades", "rue")."""
    words = re.findall(r"[^\W\d_]+", cell)
    return all(is_french_word(word) and not listed_by_insee(word) for word in words)


# Where a lower-case name needs no first name INSEE lists: right after an introduction or a
# married name's word ("awa camara epouse diop").
_INTRODUCED = re.compile(
    r"(?i:app?el+e?|c['\u2019]?\s?est|suis|nom\s+est|name\s+is|llamo|chiamo|chamo|[ée]pouse"
    r"|n[ée]e|veuve)[ \t]*$"
)


def _beside_capitalised(text: str, found: list[Span], by_model: Iterable[Span]) -> list[Span]:
    """The model's names, less its lower-case ones without a first name INSEE lists, and all
    its lower-case ones where a capitalised name is found too: a writer who capitalises one
    person's name capitalises the others, and the model's lower-case finds beside it are words
    of another language ("merci bzaf", "uma autorização")."""
    # Alone, a lower-case find needs a first name INSEE lists in it ("moussa diakite", not
    # "izena eman nahi", "ngir lekk"): a writer who types no capitals types such words too.
    by_model = [
        span
        for span in by_model
        if not span.text.islower()
        or any(listed_by_insee(word) for word in span.text.split())
        or _INTRODUCED.search(text[max(0, span.start - 20) : span.start])
    ]
    # A heading in capitals, its words (two or more: a surname alone may be one, « SALLES »)
    # all French and none a first name ("ALERTE CYCLONIQUE"): no one's name.
    by_model = [
        span
        for span in by_model
        if not span.text.isupper()
        or len(words := re.findall(r"[^\W\d_]+", span.text)) < 2
        or not all(is_french_word(word) and not listed_by_insee(word) for word in words)
    ]
    if not any(
        span.type is PiiType.NAME and span.text[:1].isupper() and not span.text.isupper()
        for span in found + by_model
    ):
        return by_model
    return [span for span in by_model if not span.text.islower()]


_CELL_TYPES = (PiiType.NAME, PiiType.ADDRESS, PiiType.BIRTH_DATE)


# « DUPONT ODETTE NÉE » before a maiden name: the word says whose name follows, it is no name.
_MARRIAGE_WORD_AT_END = re.compile(r"[ \t]+(?i:n[ée]e|[ée]pouse|veuve|vve)\.?$")


def _without_marriage_word(span: Span) -> Span:
    if span.type is not PiiType.NAME or (end := _MARRIAGE_WORD_AT_END.search(span.text)) is None:
        return span
    return Span(PiiType.NAME, span.start, span.start + end.start(), span.text[: end.start()])


def _with_table_cells(text: str, found: list[Span]) -> list[Span]:
    """A table's header says what its cells are: they replace what the prose rules read across
    them ("QUÉMÉNER\tMarie-Thérèse\tKerhuel" as one name); the header is no one's name."""
    tables = read_tables(text)
    if not tables.cells and not tables.headers:
        return found
    cells = tables.cells
    starts = [cell.start for cell in cells]

    def in_a_cell(span: Span) -> bool:
        i = bisect.bisect_left(starts, span.end)  # the cells that start before its end
        return span.type in _CELL_TYPES and i > 0 and cells[i - 1].end > span.start

    kept = _people_only([span for span in found if not in_a_cell(span)], tables.headers)
    return _resolve(kept + cells)


class PrivacyGuard:
    """The rules, the French model for people's names (unless ``persons`` is None), and the
    collectivity's public contacts, which are left as they are."""

    def __init__(
        self,
        *,
        persons: PersonModel | None = PERSON_MODEL,
        public_contacts: PublicContacts | None = None,
    ) -> None:
        self._persons = persons
        self._public = public_contacts or PublicContacts()

    @classmethod
    def from_settings(cls, settings: PrivacySettings) -> PrivacyGuard:
        return cls(
            persons=PERSON_MODEL if settings.person_model else None,
            public_contacts=PublicContacts(settings.public_contacts),
        )

    def detect(self, text: str) -> list[Span]:
        """Every piece of personal data found in ``text``, in order, without overlaps."""
        candidates = [span for detector in _DETECTORS for span in detector(text)]
        candidates.extend(names_before_addresses(text, candidates))
        candidates.extend(names_before_emails(text, candidates))
        if self._persons is not None and text.strip():
            candidates.extend(
                _beside_capitalised(text, candidates, find_person_names(text, self._persons))
            )
        # A place's namesake ("école Marie Curie") and a placeholder already there ("[NOM_1]",
        # masked upstream) are no one's name.
        not_people = (
            place_names(text)
            + cultural_names(text)
            + animal_names(text)
            + [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
        )
        found = _resolve(
            tidied(text, _on_one_line(with_surnames(text, _people_only(candidates, not_people))))
        )
        listed = _people_only(_on_one_line(listed_first_names(text, found)), not_people)
        if listed:
            found = _resolve(found + listed)
        repeated = _people_only(repeated_names(text, found), not_people)
        if repeated:
            found = _resolve(found + repeated)
            # a name repeated earlier may head a list of its own ("Mélanie → Stéphane")
            listed = _people_only(_on_one_line(listed_first_names(text, repeated)), not_people)
            if listed:
                found = _resolve(found + listed)
        beside = [*dates_beside_names(text, found), *addresses_after_names(text, found)]
        if beside:
            found = _resolve(found + beside)
        # "je suis de Maizières", "près de Hayange": a town, whichever rule took it for a name,
        # and a country ("arrivés de Géorgie"); a letter alone ("bât D", "la case B") is no one's
        # name, an initial needs a surname.
        found = [
            span
            for span in found
            if span.type is not PiiType.NAME
            or not (
                a_town(text, span.start, span.end)
                or _A_COUNTRY.fullmatch(span.text)
                or _A_HOUSE.search(span.text)
                or _words_of_a_sentence(span.text)
                or _a_decision_in_capitals(span.text)
                or span.text.casefold() in _ROLES
                or span.text.casefold() in _DAYS
                or len(span.text.rstrip(".")) < 2
            )
        ]
        found = trimmed_addresses(
            _with_table_cells(
                text, [_without_the_sentence_after(_without_marriage_word(s)) for s in found]
            )
        )
        if self._persons is not None and text.strip():
            found = with_model_addresses(
                text, found, self._persons.addresses(text), self._persons.persons(text)
            )
        found = as_on_envelopes(text, joined_addresses(text, found))
        found = [
            span
            for span in found
            if span.type is not PiiType.ADDRESS or not a_places_address(text, span.start)
        ]
        # An address widened after the names were resolved may now hold one (« péniche « Lazy
        # Heron », quai … »): the boat's, the village's or the street's name, no one's.
        addresses = [span for span in found if span.type is PiiType.ADDRESS]
        found = [
            span
            for span in found
            if span.type is not PiiType.NAME
            or not any(a.start <= span.start and span.end <= a.end for a in addresses)
        ]
        # After resolving: a public address hides the street's namesake found inside it too.
        return [span for span in found if not self._public.is_public(span)]

    def mask(self, text: str) -> MaskedText:
        return _masked(text, self.detect(text))

    def warm_up(self) -> None:
        """Load the model and the word lists now (at a service's start) rather than at the
        first message."""
        if self._persons is not None:
            self._persons.warm_up()
            is_french_word("")  # and the French forms some context rules look words up in
        insee_tiers()  # and INSEE's first names (a few tens of milliseconds)

    def redact(self, text: str) -> str:
        return self.mask(text).text


_default: PrivacyGuard | None = None
_default_lock = threading.Lock()


def default_guard() -> PrivacyGuard:
    """The process's guard, from ``COLLECTIVIA_PRIVACY_*`` (read at the first message)."""
    global _default
    guard = _default
    if guard is None:
        with _default_lock:
            guard = _default
            if guard is None:
                guard = _default = PrivacyGuard.from_settings(PrivacySettings())
    return guard


def detect(text: str) -> list[Span]:
    """Every piece of personal data found in ``text``, in order, without overlaps."""
    return default_guard().detect(text)


def _identity(span: Span) -> tuple[PiiType, str]:
    """What makes two findings the same value ("06 12 34 56 78" is "06.12.34.56.78")."""
    return span.type, _NOT_ALNUM.sub("", span.text).casefold()


def mask(text: str) -> MaskedText:
    """Replace each piece of personal data by a typed placeholder; the same value, the same one."""
    return _masked(text, detect(text))


def _masked(text: str, spans: list[Span]) -> MaskedText:
    placeholders: dict[tuple[PiiType, str], str] = {}
    counts: dict[PiiType, int] = {}
    mapping: dict[str, str] = {}
    parts: list[str] = []
    position = 0
    for span in spans:
        key = _identity(span)
        placeholder = placeholders.get(key)
        if placeholder is None:
            counts[span.type] = counts.get(span.type, 0) + 1
            placeholder = f"[{span.type.value}_{counts[span.type]}]"
            placeholders[key] = placeholder
            mapping[placeholder] = span.text
        parts.append(text[position : span.start])
        parts.append(placeholder)
        position = span.end
    parts.append(text[position:])
    return MaskedText("".join(parts), mapping, tuple(spans))


def restore(text: str, mapping: Mapping[str, str]) -> str:
    """Put the original values back in place of the placeholders (for the agent's view only).

    Placeholders absent from ``mapping`` (a model may invent ``[NOM_9]``) are left as they are.
    """
    return PLACEHOLDER.sub(lambda m: mapping.get(m.group(), m.group()), text)


def redact(text: str) -> str:
    """One-way masking for logs and events: placeholders, no mapping kept anywhere."""
    return mask(text).text
