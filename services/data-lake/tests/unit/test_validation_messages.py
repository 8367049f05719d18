"""The validation's words are French and come from the catalogue's validation section; its
code writes no message in place."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from collectivia.data_lake import messages
from collectivia.data_lake.validation import readers
from collectivia.testkit.catalogues import messages_written_in_place
from collectivia.testkit.french import assert_french

SOURCES = Path(readers.__file__).parent
SECTION = "# --- validation"


def section_names() -> list[str]:
    """The names the catalogue's validation section assigns or defines."""
    source = inspect.getsource(messages)
    start = source.index(SECTION)
    end = source.index("\n# --- ", start + 1)
    tree = ast.parse(source[start:end])
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.FunctionDef):
            names.append(node.name)
    return names


def section_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in section_names():
        value = getattr(messages, name)
        if name.isupper() and isinstance(value, str):
            texts[name] = value
        elif name.isupper() and isinstance(value, dict) and name not in WORD_TABLES:
            texts.update({f"{name}[{k}]": v for k, v in value.items()})
    return texts


# Tables of words and formats, not sentences (« un objet », « AAAA-MM-JJ »).
WORD_TABLES = {
    "JSON_KINDS",
    "OPERATOR_WORDS",
    "DEFAULT_TIME_FORMATS",
    "GEOPOINT_FORMATS",
    "STRFTIME_WORDS",
}


def test_the_section_has_the_validation_words() -> None:
    names = section_names()
    assert {"ISSUES", "TYPE_EXPECTED", "FILE_EMPTY", "formula_refused", "where"} <= set(names)
    assert len(names) > 60


@pytest.mark.parametrize("name", sorted(section_texts()))
def test_every_sentence_of_the_section_is_french(name: str) -> None:
    assert_french(section_texts()[name])


def test_the_validation_code_writes_no_message_in_place() -> None:
    found, checked = messages_written_in_place(SOURCES)
    assert found == []
    assert checked >= 40


def test_the_helpers_say_it_in_french() -> None:
    assert messages.size_text(1536) == "1,5 ko"
    assert messages.size_text(3 * 1024**2) == "3 Mo"
    assert messages.listing(["a"]) == "« a »"
    assert messages.listing(["a", "b", "c"]) == "« a », « b » et « c »"
    assert messages.listing([str(n) for n in range(15)], limit=2) == "« 0 », « 1 » et 13 autres"
    assert messages.where(None, None) == "Fichier"
    assert messages.shortened("x" * 100) == "x" * 79 + "…"
    assert messages.date_format_words("%d/%m/%Y %H:%M") == "JJ/MM/AAAA HH:mm"
    assert messages.json_kind(None) == "la valeur null"
