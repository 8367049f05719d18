"""A table pasted from a spreadsheet or an export (semicolons, tabs, commas, Markdown's pipes):
its header says what each column holds ("nom;prenom;date_naissance;adresse"), so every cell
under « Nom », « Prénom », « Adresse » or « Date de naissance » is that piece of personal data,
whatever its form ("LE GALL", "Kerlaudy 29670 Taulé", "1936-11-08"): the prose rules cannot
tell a surname alone in a cell from any word. Without a header, three rows or more are read by
their columns' content: names first, then birth dates or phone numbers.

The cells are split by hand, not by :mod:`csv`: the detector needs each cell's offsets in the
text, which :mod:`csv` does not give.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from collectivia.ai.privacy.civilities import CIVILITY
from collectivia.ai.privacy.lexicon import LOWER, UPPER, folded, stop_words, word_set
from collectivia.ai.privacy.patterns import DATE, EMAIL_ADDRESS
from collectivia.ai.privacy.spans import PiiType, Span

_DELIMITERS = ("\t", ";", "|", ",")
# A header's label: a few words, no digits ("N° parcelle" aside).
_LABEL = re.compile(r"[^\W\d_][\w'\u2019 ./()°-]{0,40}")
_SEPARATOR_ROW = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")  # Markdown's "|---|---|"
# Words of a column that holds people's names ("nom", "prenom_enfant", "Bénéficiaire").
_NAME_WORDS = word_set(
    """
    nom noms prenom prenoms name names firstname lastname surname forename famille enfant
    enfants beneficiaire beneficiaires demandeur demandeuse responsable parent parents
    representant titulaire locataire proprietaire eleve eleves participant participants
    habitant habitante usager usagere benevole benevoles adherent adherente patient resident
    residente conjoint conjointe signataire redacteur declarant declarante defunt
    president presidente tresorier tresoriere secretaire referent referente contact
    """
)
# ... unless the column names something else ("nom de l'association", "nom_commune").
_NOT_PEOPLE_WORDS = word_set(
    """
    association commune communes ville site rue voie structure entreprise societe
    etablissement ecole service equipement lieu projet produit fichier document dossier
    organisme club salle
    """
)
_ADDRESS_WORDS = word_set("adresse adresses address domicile")
_NOT_ADDRESS_WORDS = word_set("mail email courriel electronique web site ip")
# The columns that end an address's cell: its postcode and town ("adresse;cp;ville").
_ADDRESS_TAIL_LABELS = frozenset(
    {"cp", "code postal", "code_postal", "codepostal", "ville", "commune", "localite", "pays"}
)
_BIRTH_LABELS = frozenset(
    {
        "date de naissance",
        "date naissance",
        "date nais",
        "date naiss",
        "date de naiss",
        "ddn",
        "ne le",
        "nee le",
        "ne e le",
        "naissance",
        "annee de naissance",
        "annee naissance",
        "annee de naiss",
        "year of birth",
        "date of birth",
        "dob",
        "birth date",
        "birthdate",
    }
)
# A cell under « Nom » that is no one: a body or a business.
_ORGANISATION = re.compile(
    r"(?i:\b(?:association|asso|soci[ée]t[ée]|sarl|sas|sasu|eurl|sci|mairie|commune|ccas|club"
    r"|comit[ée]|syndic|entreprise|ets|collectif|amicale)\b)"
)
# A cell's words that may belong to a name or an address ("DA SILVA", "19 r. de la Corderie");
# any other function word makes it prose ("le juge prend acte").
_NAME_PARTICLES = word_set(
    "de du des la le les d l van von der den da do dos das di del ben bin ibn ould ait el al e y"
    " ter ten op af zu mac"
)
# (« dit » of « Lieu-dit Lasserre »)
_ADDRESS_PARTICLES = _NAME_PARTICLES | word_set("a à au aux en sur sous dit")
_DATE = re.compile(DATE)
# Under a birth's header, a year alone ("1934" under « Année naissance » or « Né(e) le »).
_YEAR_OF_BIRTH = re.compile(r"(?:18|19|20)\d{2}")
_WORDS = re.compile(r"[^\W\d_]+")
# Several people in one cell ("Nolan, Maïwenn", "Inès et Rafael").
_PEOPLE_SEPARATOR = re.compile(r"\s*(?:,|/|&|\+|\bet\b|\band\b)\s*")
# "DELMAS, Henri": one person written surname first, not two
_SURNAME_COMMA_FIRST = re.compile(
    rf"[{UPPER}][{UPPER}'\u2019 -]+,[ \t]*[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
)
_CIVILITY = re.compile(rf"{CIVILITY}\s+")


def _cells(line: str, start: int, delimiter: str) -> list[tuple[int, int]]:
    """Each cell's (start, end) in the text, its spaces and quotes left out; a quoted cell may
    hold the delimiter ("12, rue de l'Eglise, 29620 Lanmeur")."""
    cells = []
    position = 0
    while position <= len(line):
        if line[position : position + 1] == '"':
            closing = line.find('"', position + 1)
            while closing >= 0 and line[closing + 1 : closing + 2] == '"':
                closing = line.find('"', closing + 2)
            if closing >= 0:
                cells.append((position + 1, closing))
                following = line.find(delimiter, closing)
                position = len(line) + 1 if following < 0 else following + 1
                continue
        following = line.find(delimiter, position)
        end = len(line) if following < 0 else following
        cells.append((position, end))
        position = end + 1
    trimmed = []
    for cell_start, cell_end in cells:
        value = line[cell_start:cell_end]
        left = len(value) - len(value.lstrip())
        right = len(value.rstrip())
        trimmed.append((start + cell_start + left, start + cell_start + max(left, right)))
    return trimmed


def _column_type(label: str) -> PiiType | None:
    """What a column holds, by its label's first word ("Nom du demandeur", "adresse_postale"):
    a line of prose split at its commas ("le ou les parents") names no column."""
    key = re.sub(r"\W+", " ", folded(label).replace("(s)", "s").replace("_", " ")).strip()
    words = key.split()
    if not words or len(words) > 4:
        return None
    if key in _BIRTH_LABELS or key.startswith("date de naissance"):
        return PiiType.BIRTH_DATE
    if words[0] in _ADDRESS_WORDS and not set(words) & _NOT_ADDRESS_WORDS:
        return PiiType.ADDRESS
    if words[0] in _NAME_WORDS and not set(words) & _NOT_PEOPLE_WORDS and "naissance" not in words:
        return PiiType.NAME
    return None


def _header(line: str, delimiter: str) -> list[str] | None:
    """The labels of a header line, or None when it is not one."""
    body = line.strip()
    if delimiter == "|":
        body = body.strip("|")
    labels = [label.strip() for label in body.split(delimiter)]
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) or not label for label in labels):
        return None
    if not any(_column_type(label) for label in labels):
        return None
    return labels


def _lines(text: str) -> list[tuple[int, str]]:
    lines = []
    position = 0
    for line in text.split("\n"):
        # A letter's lines indented with tabs (its address block on the right) are no table's
        # rows: their tabs are left out where no other tab follows them.
        body = line.lstrip(" \t")
        indented = body != line and "\t" not in body
        lines.append((position + len(line) - len(body), body) if indented else (position, line))
        position += len(line) + 1
    return lines


@dataclass(frozen=True, slots=True)
class Tables:
    """What the tables of a text hold: their typed cells, and their headers' lines (« Enfant(s) »
    is a column, no one's name)."""

    cells: list[Span] = field(default_factory=list)
    headers: list[tuple[int, int]] = field(default_factory=list)


def read_tables(text: str) -> Tables:
    """The cells of every table in ``text`` whose column's header names a person, an address
    or a birth date, typed as that column says."""
    tables = Tables()
    if not any(delimiter in text for delimiter in _DELIMITERS):
        return tables
    lines = _lines(text)
    index = 0
    while index < len(lines):
        start, first_line = lines[index]
        found = _table_at(text, lines, index)
        if found is not None:
            tables.headers.append((start, start + len(first_line)))
        else:
            found = _headerless_table_at(text, lines, index)
        if found is None:
            index += 1
            continue
        spans, index = found
        tables.cells.extend(spans)
    return tables


def _table_at(text: str, lines: list[tuple[int, str]], index: int) -> tuple[list[Span], int] | None:
    """The typed cells of the table whose header is line ``index``, and the line after it."""
    _, header_line = lines[index]
    for delimiter in _DELIMITERS:
        if delimiter not in header_line:
            continue
        labels = _header(header_line, delimiter)
        if labels is None:
            continue
        types = [_column_type(label) for label in labels]
        tails = _address_tails(labels, types)
        spans: list[Span] = []
        row = index + 1
        while row < len(lines):
            start, line = lines[row]
            if delimiter == "|" and _SEPARATOR_ROW.match(line):
                row += 1
                continue
            body_start, body = start, line
            if delimiter == "|":  # Markdown's row: "| Morin | 45,60 € |"
                body_start += len(line) - len(line.lstrip())
                body = line.strip()
                if body.startswith("|"):
                    body_start, body = body_start + 1, body[1:]
                body = body.removesuffix("|")
            cells = _cells(body, body_start, delimiter) if delimiter in body else []
            if len(cells) != len(labels):
                break
            for column, ((cell_start, cell_end), kind) in enumerate(zip(cells, types, strict=True)):
                if kind is not None and cell_end > cell_start:
                    typed = list(_typed(text, cell_start, cell_end, kind))
                    if kind is PiiType.ADDRESS and typed and tails[column]:
                        end = max(cells[column + tails[column]][1], cell_end)
                        typed = [Span(kind, cell_start, end, text[cell_start:end])]
                    spans.extend(typed)
            row += 1
        if row > index + 1:
            return spans, row
    return None


def _address_tails(labels: list[str], types: list[PiiType | None]) -> list[int]:
    """For each address column, how many columns after it hold its postcode and town."""
    tails = [0] * len(labels)
    for column, kind in enumerate(types):
        if kind is not PiiType.ADDRESS:
            continue
        following = column + 1
        while following < len(labels) and folded(labels[following]).strip() in _ADDRESS_TAIL_LABELS:
            following += 1
        tails[column] = following - column - 1
    return tails


def _prose(value: str, particles: frozenset[str], most: int) -> bool:
    words = [folded(word) for word in _WORDS.findall(value)]
    return len(words) > most or any(w in stop_words() and w not in particles for w in words)


def _not_a_name(part: str) -> bool:
    """A phrase, not a name: too long, a function word, or capitals and common words mixed
    ("La rémunération du notaire"); a name is typed all in one way ("DA SILVA João", "yann")."""
    words = _WORDS.findall(part)
    lower = [w for w in words if w.islower() and folded(w) not in _NAME_PARTICLES]
    return _prose(part, _NAME_PARTICLES, 5) or (bool(lower) and len(lower) < len(words))


_POSTCODE = re.compile(r"(?<![\d+])\d{5}(?![\d/])")
_PHONE_CELL = re.compile(r"\+?[\d (). -]{8,22}")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _headerless_table_at(
    text: str, lines: list[tuple[int, str]], index: int
) -> tuple[list[Span], int] | None:
    """A table pasted without its header ("Duarte,Ricardo,12/01/1995,+351 936 …"): three rows
    or more of as many cells, its first columns people's names, a column of birth dates or
    contacts (phone numbers, e-mails) beside them. Its name columns and birth dates are typed
    by their content."""
    for delimiter in ("\t", ";", ","):
        rows: list[list[tuple[int, int]]] = []
        row = index
        while row < len(lines) and delimiter in lines[row][1]:
            start, line = lines[row]
            cells = _cells(line, start, delimiter)
            if (rows and len(cells) != len(rows[0])) or len(cells) < 3:
                break
            rows.append(cells)
            row += 1
        if len(rows) < 3:
            continue
        columns = list(zip(*rows, strict=True))
        values = [[text[a:b] for a, b in column if b > a] for column in columns]
        dates = [bool(v) and all(_a_birth_date(cell) for cell in v) for v in values]
        # a contact column: a phone or an e-mail on each row ("Diop;Fatou;CM1;07 68 42 19 55")
        phones = [
            bool(v)
            and all(_PHONE_CELL.fullmatch(cell) or EMAIL_ADDRESS.fullmatch(cell) for cell in v)
            for v in values
        ]
        names = [
            bool(v)
            and all(cell[:1].isupper() and not _not_a_name(cell) for cell in v)
            and not any(char.isdigit() for cell in v for char in cell)
            for v in values[:3]
        ]
        if not any(names[:2]) or not (any(dates) or any(phones)):
            continue
        spans: list[Span] = []
        for cells in rows:
            for column, (start, end) in enumerate(cells):
                if end <= start:
                    continue
                if column < len(names) and names[column]:
                    spans.append(Span(PiiType.NAME, start, end, text[start:end]))
                elif dates[column]:
                    spans.append(Span(PiiType.BIRTH_DATE, start, end, text[start:end]))
        return spans, row
    return None


def _a_birth_date(cell: str) -> bool:
    # a date of this year or the last is an event's, not a birth
    year = _YEAR.search(cell)
    latest = datetime.date.today().year - 2
    return _DATE.fullmatch(cell) is not None and year is not None and int(year.group()) <= latest


def _typed(text: str, start: int, end: int, kind: PiiType) -> Iterator[Span]:
    value = text[start:end]
    if kind is PiiType.NAME:
        if _ORGANISATION.search(value) or any(char.isdigit() for char in value):
            return
        if _prose(value, _NAME_PARTICLES, 12):
            return
        if _SURNAME_COMMA_FIRST.fullmatch(value):
            yield Span(kind, start, end, value)
            return
        position = start
        for part in _PEOPLE_SEPARATOR.split(value):
            offset = text.find(part, position, end) if part else -1
            if offset < 0:
                continue
            position = offset + len(part)
            civility = _CIVILITY.match(part)
            if civility is not None:
                offset += civility.end()
                part = part[civility.end() :]
            if len(part.strip(".")) >= 2 and not _not_a_name(part):
                yield Span(kind, offset, offset + len(part), part)
    elif kind is PiiType.BIRTH_DATE:
        if _DATE.fullmatch(value) or _YEAR_OF_BIRTH.fullmatch(value):
            yield Span(kind, start, end, value)
    elif _POSTCODE.search(value) is not None and len(_WORDS.findall(value)) <= 25:
        # its postcode makes it an address, in any case and with any words in it (« rue de la
        # Convalescence, Majicavo Lamir, 97600 Koungou », « Kawéni, près du stade, 97600 … »)
        yield Span(kind, start, end, value)
    elif (value[:1].isupper() or value[:1].isdigit()) and not _prose(value, _ADDRESS_PARTICLES, 14):
        yield Span(kind, start, end, value)
