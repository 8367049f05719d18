"""Template text with ``{{variable}}`` placeholders: checked against the declared variables,
rendered with values. Pure functions, French messages (agents read them)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collectivia.platform.errors import FieldError, InvalidInput

# Anything between double braces; its content must then be a valid name.
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Lower-case letters (accents allowed), digits and "_", starting with a letter.
VARIABLE_NAME = re.compile(r"[^\W\d_]\w{0,59}")
MAX_VALUE_CHARS = 20_000


@dataclass(frozen=True)
class Placeholder:
    name: str
    start: int


def is_variable_name(name: str) -> bool:
    return VARIABLE_NAME.fullmatch(name) is not None and name == name.lower()


def placeholders(text: str) -> tuple[list[Placeholder], list[FieldError]]:
    """The ``{{name}}`` placeholders of a text, and what is malformed in it."""
    found: list[Placeholder] = []
    errors: list[FieldError] = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if is_variable_name(name):
            found.append(Placeholder(name, match.start()))
        else:
            errors.append(
                FieldError(
                    "text",
                    f"Nom de variable invalide « {match.group(0)} » (position {match.start()}) : "
                    "lettres minuscules, chiffres et « _ », en commençant par une lettre, "
                    "par exemple {{nom_demandeur}}.",
                )
            )
    # Braces left after removing every placeholder: an opening or closing pair alone.
    rest = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    for stray in re.finditer(r"\{\{|\}\}", rest):
        errors.append(
            FieldError(
                "text",
                f"Accolades « {stray.group(0)} » sans leur pendant (position {stray.start()}) : "
                "une variable s'écrit {{nom_variable}}.",
            )
        )
    return found, errors


def check_template(text: str, declared: Sequence[str]) -> list[FieldError]:
    """What is wrong between a text and its declared variables (empty: consistent)."""
    found, errors = placeholders(text)
    used = {p.name for p in found}
    seen: set[str] = set()
    for index, name in enumerate(declared):
        if not is_variable_name(name):
            errors.append(
                FieldError(
                    f"variables.{index}.name",
                    f"Nom de variable invalide « {name} » : lettres minuscules, chiffres et "
                    "« _ », en commençant par une lettre.",
                )
            )
        elif name in seen:
            errors.append(
                FieldError(
                    f"variables.{index}.name", f"La variable « {name} » est déclarée deux fois."
                )
            )
        elif name not in used:
            errors.append(
                FieldError(
                    f"variables.{index}.name",
                    f"La variable « {name} » est déclarée mais n'apparaît pas dans le texte "
                    f"(écrivez {{{{{name}}}}} à l'endroit voulu, ou retirez-la).",
                )
            )
        seen.add(name)
    for name in sorted(used - set(declared)):
        errors.append(
            FieldError(
                "variables",
                f"La variable « {{{{{name}}}}} » est utilisée dans le texte mais n'est pas "
                "déclarée : ajoutez-la à la liste des variables.",
            )
        )
    return errors


def render(text: str, declared: Sequence[str], values: Mapping[str, str]) -> str:
    """The text with every placeholder replaced by its value, in one pass (a value that
    contains ``{{...}}`` stays as typed). :class:`InvalidInput` lists the variables left
    unfilled (missing or blank) and the unknown ones."""
    errors: list[FieldError] = []
    missing = [name for name in declared if not str(values.get(name, "")).strip()]
    for name in missing:
        errors.append(
            FieldError(f"variables.{name}", f"La variable « {name} » n'est pas renseignée.")
        )
    unknown = sorted(set(values) - set(declared))
    for name in unknown:
        errors.append(FieldError(f"variables.{name}", f"Ce modèle n'a pas de variable « {name} »."))
    for name in declared:
        if len(str(values.get(name, ""))) > MAX_VALUE_CHARS:
            errors.append(
                FieldError(
                    f"variables.{name}",
                    f"La valeur de « {name} » dépasse {MAX_VALUE_CHARS} caractères.",
                )
            )
    if errors:
        parts = []
        if missing:
            parts.append("variables non renseignées : " + ", ".join(missing))
        if unknown:
            parts.append("variables inconnues : " + ", ".join(unknown))
        raise InvalidInput(
            "Le modèle ne peut pas être complété : " + " ; ".join(parts or ["valeur trop longue"]),
            errors,
        )

    def value(match: re.Match[str]) -> str:
        return str(values[match.group(1).strip()])

    return PLACEHOLDER.sub(value, text)
