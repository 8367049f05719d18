"""``nomenclature-actes-value``: a deliberation's matter (``DELIB_MATIERE_NOM``) named from
the ACTES nomenclature (the State's classification of the acts sent to the prefecture).

The nomenclature's first level has nine matters, numbered 1 to 9 (the codes ``1.1`` to
``9.4`` of ``DELIB_MATIERE_CODE``). The deliberations schema (2.1.5) says a matter's name
"may come from the ACTES nomenclature or from the collectivity's own list": when it comes
from ACTES, it is the level-1 title, a slash, then the level-2 title, and the code must be
one of that matter; from the collectivity's own list, it is free text. So, unlike validata
(which refuses any name not starting with an ACTES matter), a free name is accepted; a name
starting with an ACTES matter (case and accents aside, as validata compares) must:

- have its slash and a sub-matter (``Finances locales/Subventions``);
- have no space before or after the slash;
- agree with ``DELIB_MATIERE_CODE`` (or the column the ``code-column`` parameter names) when
  the table has it: ``Finances locales/...`` goes with a code ``7.x``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from collectivia.data_lake.validation.checking import CheckContext, skipped_rows
from collectivia.data_lake.validation.findings import Finding

MATTERS = (
    "Commande publique",
    "Urbanisme",
    "Domaine et patrimoine",
    "Fonction publique",
    "Institutions et vie politique",
    "Libertés publiques et pouvoirs de police",
    "Finances locales",
    "Domaines de compétences par thèmes",
    "Autres domaines de compétences",
)
DEFAULT_CODE_COLUMN = "DELIB_MATIERE_CODE"


def folded(text: str) -> str:
    """Lower case, without accents (validata's comparison)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


NUMBERS = {folded(matter): number for number, matter in enumerate(MATTERS, start=1)}


def matter_number(name: str) -> int | None:
    """The number of the ACTES matter ``name`` starts with (before its slash), if any."""
    head = name.split("/", 1)[0]
    return NUMBERS.get(folded(head.strip()))


def problem(name: str) -> str | None:
    """What is wrong with a name starting with an ACTES matter (None: nothing)."""
    if "/" not in name:
        return "slash"
    head, tail = name.split("/", 1)
    if head != head.rstrip() or tail != tail.lstrip():
        return "spaces"
    if not tail.strip():
        return "slash"
    return None


def check(params: Mapping[str, Any], context: CheckContext) -> list[Finding]:
    column = str(params["column"])
    if not context.is_present(column):
        return []
    code_column = str(params.get("code-column", DEFAULT_CODE_COLUMN))
    checked = pc.invert(skipped_rows(context, [column]))
    names = context.text(column)
    encoded = pc.dictionary_encode(names)
    distinct: list[str | None] = encoded.dictionary.to_pylist()
    numbers = pa.array([matter_number(n) if n else None for n in distinct], type=pa.int64())
    problems = pa.array([problem(n) if n and matter_number(n) else None for n in distinct])
    row_numbers = numbers.take(encoded.indices)
    row_problems = problems.take(encoded.indices)
    findings: list[Finding] = []
    raws = context.columns[column].raw
    for index in pc.indices_nonzero(pc.and_(checked, pc.is_valid(row_problems))).to_pylist():
        findings.append(
            Finding(
                "nomenclature-actes-value",
                row=index,
                column=column,
                value=raws[index].as_py(),
                details={"variant": row_problems[index].as_py()},
            )
        )
    if context.is_present(code_column):
        codes = context.text(code_column)
        code_matter = pc.cast(
            pc.utf8_slice_codeunits(
                pc.if_else(
                    pc.match_substring_regex(codes, r"^[0-9]\.").fill_null(False),
                    codes,
                    pa.scalar(None, pa.string()),
                ),
                0,
                1,
            ),
            pa.int64(),
        )
        disagree = pc.and_(checked, pc.not_equal(row_numbers, code_matter).fill_null(False))
        for index in pc.indices_nonzero(disagree).to_pylist():
            findings.append(
                Finding(
                    "nomenclature-actes-value",
                    row=index,
                    column=column,
                    value=raws[index].as_py(),
                    details={
                        "variant": "code",
                        "other": code_column,
                        "other_value": codes[index].as_py(),
                        "matter": row_numbers[index].as_py(),
                    },
                )
            )
    return findings
