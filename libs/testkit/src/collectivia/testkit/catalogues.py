"""A service's message catalogue (``messages.py``) and the scan that keeps it the one voice:
every call of the service's code that takes a message (a domain error's ``detail``, a
``FieldError``'s ``message``, a gRPC ``abort``'s ``details``...) must take it from the
catalogue, never write it in place (a string or an f-string).

A service's test checks its catalogue's texts and functions (``texts``, ``functions``, with
``collectivia.testkit.french``), then scans its sources::

    found, checked = messages_written_in_place(SOURCES, calls={**MESSAGE_CALLS, ...})
    assert checked >= 40 and found == []
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType

# The errors of the platform, whose first argument (``detail``) is what people read.
DOMAIN_ERRORS = frozenset(
    {
        "DomainError",
        "NotFound",
        "Conflict",
        "InvalidInput",
        "RuleViolation",
        "PermissionDenied",
        "Unauthenticated",
        "TooManyRequests",
        "DependencyUnavailable",
    }
)
# The calls that take a message, by the name called: where the message is (position, keyword).
MESSAGE_CALLS: Mapping[str, tuple[int, str]] = {
    **dict.fromkeys(sorted(DOMAIN_ERRORS), (0, "detail")),
    "FieldError": (1, "message"),
    "abort": (1, "details"),
}

# A place where the code gives a message: (the node, the message's expression, what to call it).
Place = tuple[ast.expr, ast.expr | None, str]
# More places of a parsed file, by its path in the sources (``knowledge/documents.py``).
MorePlaces = Callable[[str, ast.Module], Iterable[Place]]


def texts(catalogue: ModuleType, *, tables: bool = True) -> dict[str, str]:
    """The catalogue's texts (its upper-case string constants) and, unless ``tables`` is
    false, those of its tables of strings, by ``NAME[key]``."""
    found: dict[str, str] = {}
    for name, value in vars(catalogue).items():
        if not name.isupper():
            continue
        if isinstance(value, str):
            found[name] = value
        elif tables and isinstance(value, dict):
            found.update({f"{name}[{key}]": text for key, text in value.items()})
    return found


def functions(catalogue: ModuleType) -> dict[str, Callable[..., str]]:
    """The catalogue's public functions (those it defines, not those it imports)."""
    return {
        name: function
        for name, function in inspect.getmembers(catalogue, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == catalogue.__name__
    }


def written_in_place(message: ast.expr | None) -> bool:
    """A message written in place: a string, an f-string, or an expression made of them."""
    if message is None:
        return False
    return any(
        isinstance(part, ast.JoinedStr)
        or (isinstance(part, ast.Constant) and isinstance(part.value, str))
        for part in ast.walk(message)
    )


def name_of(node: ast.expr) -> str:
    """``NotFound`` of ``NotFound`` and of ``errors.NotFound``; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def called(call: ast.Call) -> str:
    return name_of(call.func)


def argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    """The argument at ``index``, or given as ``keyword``; None when not given."""
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def calls_in(node: ast.AST, name: str) -> list[ast.Call]:
    """The calls of ``name`` within ``node``."""
    return [call for call in ast.walk(node) if isinstance(call, ast.Call) and called(call) == name]


def error_classes(tree: ast.AST, bases: Iterable[str] = DOMAIN_ERRORS) -> list[ast.ClassDef]:
    """The classes of ``tree`` deriving from one of ``bases`` (a service's own domain errors)."""
    names = set(bases)
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(name_of(b) in names for b in node.bases)
    ]


def validators(tree: ast.AST) -> list[ast.FunctionDef]:
    """Pydantic's validators: what their ValueError says reaches people as a field's message."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                function = decorator.func if isinstance(decorator, ast.Call) else decorator
                if name_of(function) in {"field_validator", "model_validator"}:
                    found.append(node)
    return found


def parsed_sources(
    sources_dir: Path, skip_files: Iterable[str] = ("messages.py",)
) -> dict[str, ast.Module]:
    """Every Python file below ``sources_dir`` but those named in ``skip_files``, parsed, by
    its path below ``sources_dir`` (``systems/service.py``)."""
    skipped = set(skip_files)
    return {
        path.relative_to(sources_dir).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(sources_dir.rglob("*.py"))
        if path.name not in skipped
    }


def write_sources(folder: Path, sources: Mapping[str, str]) -> Path:
    """``sources`` (by their paths below ``folder``: ``library/views.py``) written there, for
    a test of a scan; ``folder``."""
    for path, source in sources.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(source, encoding="utf-8")
    return folder


def messages_written_in_place(
    sources_dir: Path,
    calls: Mapping[str, tuple[int, str]] = MESSAGE_CALLS,
    skip_files: Iterable[str] = ("messages.py",),
    more: MorePlaces | None = None,
) -> tuple[list[str], int]:
    """(The places where the sources write a message in place, ``path:line what``; the number
    of places checked.) The places are the ``calls`` (by the name called: where the message
    is) and those ``more`` gives for each parsed file."""
    found: list[str] = []
    checked = 0
    for path, tree in parsed_sources(sources_dir, skip_files).items():
        places: list[Place] = [
            (node, argument(node, *calls[called(node)]), called(node))
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and called(node) in calls
        ]
        if more is not None:
            places.extend(more(path, tree))
        for node, message, what in places:
            checked += 1
            if written_in_place(message):
                found.append(f"{path}:{node.lineno} {what}")
    return found, checked
