"""One voice: every message stewards, operators and integrators read of the data lake is
French and comes from the catalogue (``messages.py``); the lake's code writes none of its
own."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.periods import DeliveryFrequency
from collectivia.data_lake.contracts.schemas import DeliveryStatus
from collectivia.data_lake.validation.custom_checks import CHECKS, OPERATORS
from collectivia.testkit.catalogues import (
    MESSAGE_CALLS,
    Place,
    argument,
    called,
    functions,
    messages_written_in_place,
    texts,
    write_sources,
)
from collectivia.testkit.french import assert_french, english_words

SOURCES = Path(messages.__file__).parent

# The functions of the catalogue that say a sentence, with arguments to try them with.
SENTENCE_CALLS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {
    "file_too_large": (("a.csv",), {"size": 2048, "limit": 1024}),
    "zip_too_large": (("a.xlsx",), {"size": 2048, "limit": 1024}),
    "formula_refused": (("a.csv",), {"row": 2, "column": "b", "value": "=1", "count": 2}),
    "labels_trimmed": (([" a "],), {}),
    "where": ((2, "a"), {}),
    "contract_datasets_invalid": (
        (
            [
                "le jeu de données « a » est donné deux fois",
                "la grandeur « b » est donnée deux fois",
            ],
        ),
        {},
    ),
}
# The functions that give a piece of a sentence (a size, a count, a list, a format): what they
# give for their sample arguments, exactly.
PIECE_CALLS: dict[str, tuple[tuple[Any, ...], str]] = {
    "size_text": ((1536,), "1,5 ko"),
    "load_size": ((1_500_000,), "1,5 Mo"),
    "load_errors_count": ((1200,), "1\u202f200 erreurs"),
    "shortened": (("x" * 100,), "x" * 79 + "…"),
    "listing": ((["a", "b"],), "« a » et « b »"),
    "json_kind": (({},), "un objet"),
    "date_format_words": (("%d/%m/%Y",), "JJ/MM/AAAA"),
}
# The catalogue's tables of sentences (or of phrases: « une adresse électronique valide »)...
SENTENCE_TABLES = ("ISSUES", "TYPE_EXPECTED", "DELIVERY_STATUS_LABELS")
# ...and of words and formats, put into sentences (« une date au format AAAA-MM-JJ »).
WORD_TABLES = (
    "JSON_KINDS",
    "OPERATOR_WORDS",
    "DEFAULT_TIME_FORMATS",
    "GEOPOINT_FORMATS",
    "STRFTIME_WORDS",
    "FREQUENCY_LABELS",
)
TEXTS = {
    **texts(messages, tables=False),
    **{
        name: text
        for name, text in texts(messages).items()
        if name.partition("[")[0] in SENTENCE_TABLES
    },
}
WORDS = {
    name: text for name, text in texts(messages).items() if name.partition("[")[0] in WORD_TABLES
}
# The calls whose message reaches people, with where the message is (position, keyword): the
# platform's (domain errors, FieldError, abort) and Arrow Flight's errors.
FLIGHT_ERRORS = (
    "FlightServerError",
    "FlightInternalError",
    "FlightUnauthenticatedError",
    "FlightUnauthorizedError",
    "FlightUnavailableError",
    "FlightTimedOutError",
    "FlightCancelledError",
)
MESSAGE_ARGUMENTS = {**MESSAGE_CALLS, **dict.fromkeys(FLIGHT_ERRORS, (0, "message"))}
RESPONSES = {"Response", "HTMLResponse", "PlainTextResponse", "JSONResponse"}


def test_every_table_of_the_catalogue_is_sorted_here() -> None:
    tables = {
        name for name, value in vars(messages).items() if name.isupper() and isinstance(value, dict)
    }
    assert tables == {*SENTENCE_TABLES, *WORD_TABLES}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_of_the_catalogue_is_french(name: str) -> None:
    assert_french(TEXTS[name])


@pytest.mark.parametrize("name", sorted(WORDS))
def test_the_words_of_the_catalogues_tables_are_not_english(name: str) -> None:
    assert WORDS[name].strip()
    assert english_words(WORDS[name]) == []


def test_every_operator_frequency_status_and_check_has_its_french_words() -> None:
    assert set(messages.OPERATOR_WORDS) == set(OPERATORS)
    assert set(messages.FREQUENCY_LABELS) == {f.value for f in DeliveryFrequency}
    assert set(messages.DELIVERY_STATUS_LABELS) == {s.value for s in DeliveryStatus}
    rules = {key.partition(":")[0] for key in messages.ISSUES}
    assert set(CHECKS) <= rules
    assert {"integer", "number", "date", "boolean"} <= set(messages.TYPE_EXPECTED)


def test_every_function_of_the_catalogue_is_tried_here() -> None:
    assert set(functions(messages)) == set(SENTENCE_CALLS) | set(PIECE_CALLS)
    assert not set(SENTENCE_CALLS) & set(PIECE_CALLS)


@pytest.mark.parametrize("name", sorted(SENTENCE_CALLS))
def test_every_sentence_of_the_catalogue_is_french(name: str) -> None:
    args, kwargs = SENTENCE_CALLS[name]
    message = functions(messages)[name](*args, **kwargs)
    assert "{" not in message, message  # every placeholder filled
    assert_french(message)


@pytest.mark.parametrize("name", sorted(PIECE_CALLS))
def test_every_piece_of_a_sentence_reads_as_french(name: str) -> None:
    args, expected = PIECE_CALLS[name]
    assert functions(messages)[name](*args) == expected


def test_sizes_counts_and_places_read_as_french() -> None:
    assert messages.file_too_large("a.csv", size=2048, limit=1024) == (
        "Le fichier « a.csv » pèse 2 ko, au-delà de la limite de 1 ko : découpez-le en "
        "plusieurs fichiers."
    )
    assert [messages.size_text(n) for n in (12, 1024, 5 * 1024**2 + 1, 3 * 1024**3)] == [
        "12 octets",
        "1 ko",
        "5 Mo",
        "3 Go",
    ]
    assert [messages.load_size(n) for n in (1, 12, 200_000_000)] == [
        "1 octet",
        "12 octets",
        "200 Mo",
    ]
    assert messages.load_errors_count(1) == "1 erreur"
    assert messages.formula_refused("a.csv", row=2, column="b", value="=1", count=1) == (
        "Le fichier « a.csv » contient une formule de tableur ligne 2, colonne « b » : « =1 ». "
        "Les formules sont refusées (elles peuvent s'exécuter à l'ouverture du fichier) : "
        "exportez les valeurs seules, ou retirez le signe placé en tête de cellule."
    )
    assert "(et 2 autres cellules)" in messages.formula_refused(
        "a.csv", row=2, column="b", value="=1", count=3
    )
    assert [
        messages.where(None, None),
        messages.where(None, "a"),
        messages.where(3, None),
        messages.where(3, "a"),
    ] == ["Fichier", "Colonne « a » du schéma", "Ligne 3", "Ligne 3, colonne « a »"]
    assert messages.listing([]) == ""
    assert messages.listing(["a"]) == "« a »"
    assert messages.listing(["a", "b", "c"], limit=2) == "« a », « b » et 1 autres"
    assert messages.shortened("abc") == "abc"
    assert messages.json_kind([1]) == "un tableau"
    assert messages.json_kind(None) == "la valeur null"
    assert messages.json_kind(object()) == "un objet"
    assert messages.date_format_words("%Y-%m-%dT%H:%M:%S%z") == "AAAA-MM-JJTHH:mm:SS+HHMM"
    assert messages.contract_datasets_invalid(["a", "b"]) == (
        "Règle « jeux-de-donnees-du-contrat » : les jeux de données à livrer ne conviennent "
        "pas — a ; b."
    )


def test_the_french_check_can_fail() -> None:
    """English messages are caught."""
    for english in (
        "no dataset 'x' (or you are not allowed to see it)",
        "the file is empty: upload a file with a header row",
        "batch refused: the dataset_id is required",
        "unknown measure: 'debit'",
    ):
        assert english_words(english), english
        with pytest.raises(AssertionError):
            assert_french(english)


# -- the scan: no message written in place --------------------------------------------------


def _error_status(call: ast.Call) -> bool:
    """A response built with an error status (4xx, 5xx) written as a number."""
    status = argument(call, 1, "status_code")
    return (
        isinstance(status, ast.Constant) and isinstance(status.value, int) and status.value >= 400
    )


def _lake_places(path: str, tree: ast.Module) -> Iterator[Place]:
    """The lake's own places: a response with an error status (a page's asset not found)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called(node) in RESPONSES and _error_status(node):
            yield node, argument(node, 0, "content"), called(node)


def _messages_written_in_place(sources: Path) -> tuple[list[str], int]:
    """(the places where a message is written in the code, the number of places checked)."""
    return messages_written_in_place(sources, calls=MESSAGE_ARGUMENTS, more=_lake_places)


def test_no_message_is_written_outside_the_catalogue() -> None:
    found, checked = _messages_written_in_place(SOURCES)
    assert checked >= 120, "the scan no longer sees the errors the lake raises"
    assert found == []


def test_the_scan_sees_a_message_written_in_place(tmp_path: Path) -> None:
    written = {
        "datasets/service.py": 'raise NotFound(f"no dataset {x}")',
        "validation/csv_files.py": 'raise InvalidInput("the file is empty")',
        "contracts/registry.py": 'raise RuleViolation(TEXT.format(p=" ; ".join(p)), RULE)',
        "contracts/views.py": 'FieldError("file", "unreadable")',
        "flight/server.py": 'raise flight.FlightUnauthenticatedError("token required")',
        "pages/views.py": 'return Response("Not found", 404)',
        "telemetry/grpc_servicer.py": 'context.abort(code, "missing")',
    }
    found, checked = _messages_written_in_place(write_sources(tmp_path / "written", written))
    assert (len(found), checked) == (7, 7), found
    # Taken from the catalogue, or said to operators: not counted as written in place.
    fine = {
        "datasets/service.py": "raise NotFound(messages.DATASET_NOT_FOUND.format(dataset_id=x))",
        "pages/views.py": 'return Response(body, 200, media_type="text/css")',
        "storage/lakehouse.py": 'raise ValueError(f"not a dataset id: {x!r}")',
        "flight/server.py": "raise flight.FlightInternalError(messages.FLIGHT_INTERNAL)",
    }
    assert _messages_written_in_place(write_sources(tmp_path / "fine", fine)) == ([], 2)
