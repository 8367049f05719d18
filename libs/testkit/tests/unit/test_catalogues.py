"""The scan for messages written in place, on small sources."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from collectivia.testkit.catalogues import (
    MESSAGE_CALLS,
    Place,
    argument,
    called,
    calls_in,
    error_classes,
    functions,
    messages_written_in_place,
    texts,
    validators,
    write_sources,
)


def test_a_message_written_in_place_is_found_and_one_of_the_catalogue_is_not(
    tmp_path: Path,
) -> None:
    sources = write_sources(
        tmp_path,
        {
            "systems/service.py": (
                "raise NotFound(f'no system {x!r}')\n"
                "raise errors.Conflict(messages.stale_version(3, 2))\n"
                "raise RuleViolation(messages.TRANSITION_FORBIDDEN)\n"
                "print('not a message')\n"
            ),
            "grpc.py": (
                "context.abort(code, 'missing')\n"
                "FieldError('title', messages.TITLE_EMPTY)\n"
                "FieldError('title', 'title' + ' is empty')\n"
            ),
        },
    )
    found, checked = messages_written_in_place(sources)
    assert found == ["grpc.py:1 abort", "grpc.py:3 FieldError", "systems/service.py:1 NotFound"]
    assert checked == 6


def test_a_message_given_by_keyword_is_found(tmp_path: Path) -> None:
    sources = write_sources(
        tmp_path,
        {
            "views.py": (
                "raise InvalidInput(detail='bad input')\n"
                "FieldError('title', message=messages.TITLE_EMPTY)\n"
                "context.abort(code, details=f'no {x}')\n"
                "raise NotFound()\n"  # no message: checked, not found
            ),
        },
    )
    found, checked = messages_written_in_place(sources)
    assert found == ["views.py:1 InvalidInput", "views.py:3 abort"]
    assert checked == 4


def test_a_service_adds_its_own_calls(tmp_path: Path) -> None:
    sources = write_sources(tmp_path, {"library.py": "raise _form_error('file', 'one file')\n"})
    assert messages_written_in_place(sources) == ([], 0)
    calls = {**MESSAGE_CALLS, "_form_error": (1, "message")}
    assert messages_written_in_place(sources, calls=calls) == (["library.py:1 _form_error"], 1)


def test_a_service_adds_places_of_its_own(tmp_path: Path) -> None:
    sources = write_sources(
        tmp_path,
        {
            "events.py": "yield _sse('error', {'detail': 'failed'})\n"
            "problem = {'detail': messages.FAILED}\n"
        },
    )
    seen: list[str] = []

    def details(path: str, tree: ast.Module) -> Iterator[Place]:
        seen.append(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "detail":
                        yield node, value, "detail"

    assert messages_written_in_place(sources, more=details) == (["events.py:1 detail"], 2)
    assert seen == ["events.py"]


def test_the_catalogue_and_the_files_named_are_skipped(tmp_path: Path) -> None:
    sources = write_sources(
        tmp_path,
        {
            "messages.py": "NotFound('Aucune entrée.')\n",
            "settings.py": "raise InvalidInput('COLLECTIVIA_X must be set')\n",
            "service.py": "raise InvalidInput('bad')\n",
        },
    )
    assert messages_written_in_place(sources) == (
        ["service.py:1 InvalidInput", "settings.py:1 InvalidInput"],
        2,
    )
    skip = ("messages.py", "settings.py")
    assert messages_written_in_place(sources, skip_files=skip) == (["service.py:1 InvalidInput"], 1)


def test_the_helpers_find_errors_validators_and_calls() -> None:
    tree = ast.parse(
        "class Refused(errors.PermissionDenied):\n"
        "    def __init__(self) -> None:\n"
        "        super().__init__(messages.REFUSED)\n"
        "class Other(Exception):\n"
        "    pass\n"
        "class Body(BaseModel):\n"
        "    @field_validator('tags')\n"
        "    @classmethod\n"
        "    def _tags(cls, tags):\n"
        "        raise ValueError(messages.TOO_MANY_TAGS)\n"
        "    @model_validator\n"
        "    def _whole(self):\n"
        "        return self\n"
    )
    assert [error.name for error in error_classes(tree)] == ["Refused"]
    assert [error.name for error in error_classes(tree, bases={"Exception"})] == ["Other"]
    assert [validator.name for validator in validators(tree)] == ["_tags", "_whole"]
    [init] = calls_in(tree, "__init__")
    assert called(init) == "__init__"
    assert argument(init, 0, "detail") is not None
    assert argument(init, 1, "other") is None


def test_the_catalogue_texts_and_functions() -> None:
    catalogue = ModuleType("catalogue")
    exec(  # noqa: S102 - a catalogue written here
        "from os.path import join\n"
        "EMPTY = 'Le champ est vide.'\n"
        "WORDS = {'approve': 'approuver'}\n"
        "LIMIT = 3\n"
        "lower = 'pas une constante'\n"
        "def not_found(x): return f'Aucune entrée {x}.'\n"
        "def _private(): return ''\n",
        vars(catalogue),
    )
    assert texts(catalogue) == {"EMPTY": "Le champ est vide.", "WORDS[approve]": "approuver"}
    assert texts(catalogue, tables=False) == {"EMPTY": "Le champ est vide."}
    assert set(functions(catalogue)) == {"not_found"}
