"""One voice: every message officials and integrators read of the analytics is French and
comes from the catalogue (``messages.py``); the code writes none of its own; the pages'
texts (their screens, their statement, the texts their scripts write) are French too."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from collectivia.officials_analytics import messages
from collectivia.officials_analytics.pages import views
from collectivia.officials_analytics.pages.layout import Frame, page
from collectivia.officials_analytics.pages.statement import accessibility_page
from collectivia.testkit.catalogues import (
    argument,
    functions,
    messages_written_in_place,
    texts,
    write_sources,
    written_in_place,
)
from collectivia.testkit.french import assert_french, english_words

SOURCES = Path(messages.__file__).parent
SCRIPTS = SOURCES / "pages" / "static"
FRAME = Frame(
    collectivity="Metz Métropole",
    issuer="http://127.0.0.1:8080/realms/collectivia",
    client_id="officials-analytics-web",
)
# Words and short labels of the catalogue (a CSV column, « oui », a unit).
WORD_LIMIT = 3
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TEXTS = {n: t for n, t in texts(messages).items() if n != "LIST_SEPARATOR"}


def _words(text: str) -> int:
    return len(_PLACEHOLDER.sub(" ", text).split())


# The sentences said as they are; the templates (their placeholders filled with names,
# values, months) and the words: no English in them.
SENTENCES = {
    n: t for n, t in TEXTS.items() if _words(t) > WORD_LIMIT and not _PLACEHOLDER.search(t)
}
WORDS = {n: t for n, t in TEXTS.items() if n not in SENTENCES}


@pytest.mark.parametrize("name", sorted(SENTENCES))
def test_every_sentence_of_the_catalogue_is_french(name: str) -> None:
    assert_french(SENTENCES[name])


@pytest.mark.parametrize("name", sorted(WORDS))
def test_the_templates_and_words_of_the_catalogue_are_not_english(name: str) -> None:
    assert WORDS[name].strip()
    assert english_words(WORDS[name]) == []


def test_the_list_separator_is_a_comma() -> None:
    assert messages.LIST_SEPARATOR == ", "


def test_the_month_names_are_french() -> None:
    assert messages.MONTH_NAMES[0] == "janvier" and messages.MONTH_NAMES[7] == "août"
    assert len(messages.MONTH_NAMES) == 12


def test_the_catalogue_has_no_function_left_untried() -> None:
    # The catalogue is made of texts with placeholders; a function added must be tried here.
    assert set(functions(messages)) == set()


def test_the_french_check_can_fail() -> None:
    for english in (
        "no indicator 'x': the list is at /v1/kpis",
        "you may not see this commune's figures",
        "the question was not understood",
    ):
        assert english_words(english), english
        with pytest.raises(AssertionError):
            assert_french(english)


# -- the scan: no message written in place --------------------------------------------------


def test_no_message_is_written_outside_the_catalogue() -> None:
    found, checked = messages_written_in_place(SOURCES)
    assert checked >= 30, "the scan no longer sees the errors the analytics raises"
    assert found == []


def test_the_scan_sees_a_message_written_in_place(tmp_path: Path) -> None:
    tree = ast.parse('raise NotFound(f"no indicator {x!r}")\ncontext.abort(code, "missing")')
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert written_in_place(argument(calls[0], 0, "detail"))
    assert written_in_place(argument(calls[1], 1, "details"))
    written = {"questions/service.py": 'raise InvalidInput("question not understood")'}
    found, checked = messages_written_in_place(write_sources(tmp_path, written))
    assert (found, checked) == (["questions/service.py:1 InvalidInput"], 1)


# -- the pages' texts ------------------------------------------------------------------------


class _Texts(HTMLParser):
    """The texts of a page a person reads: its text nodes and its labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.found.append(" ".join(data.split()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"aria-label", "title", "alt", "placeholder"} and value:
                self.found.append(value)


def page_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.found


PAGES = {
    "application": views.application(FRAME),
    "statement": accessibility_page(FRAME),
    "blank": page(FRAME, "Accueil", ""),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_pages_texts_are_not_english(name: str) -> None:
    found = page_texts(PAGES[name])
    assert len(found) >= 3
    english = {text: english_words(text) for text in found if english_words(text)}
    assert english == {}


# The texts a script writes: its string literals of words (not addresses, selectors, code).
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_CODE = re.compile(r"[/=<>{}#]|^[\w.-]*$|\$\{")


def script_texts(source: str) -> list[str]:
    return [
        text for text in _LITERAL.findall(source) if " " in text.strip() and not _CODE.search(text)
    ]


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.js")))
def test_the_texts_the_scripts_write_are_not_english(script: str) -> None:
    found = script_texts((SCRIPTS / script).read_text(encoding="utf-8"))
    english = {text: english_words(text) for text in found if english_words(text)}
    assert english == {}


def test_the_scripts_scan_sees_english() -> None:
    found = script_texts('show("Loading the figures"); fetch("/v1/kpis?x=1"); t("Chargement")')
    assert found == ["Loading the figures"]
    assert english_words(found[0])
