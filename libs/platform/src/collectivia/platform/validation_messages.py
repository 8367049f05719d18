"""French wording of request validation errors: the people who read them (citizens, agents,
staff) read French, and pydantic's own messages are English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# pydantic error type -> French message; {name} placeholders come from the error's context.
_MESSAGES: Mapping[str, str] = {
    "missing": "champ obligatoire",
    "json_invalid": "le corps de la requête n'est pas un JSON lisible",
    "json_type": "le corps de la requête doit être un objet JSON",
    "model_attributes_type": "un objet JSON est attendu",
    "dict_type": "un objet JSON est attendu",
    "list_type": "une liste est attendue",
    "string_type": "un texte est attendu",
    "string_too_short": "au moins {min_length} caractère(s)",
    "string_too_long": "au plus {max_length} caractères",
    "string_pattern_mismatch": "format non valide",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "int_from_float": "un nombre entier est attendu",
    "float_type": "un nombre est attendu",
    "float_parsing": "un nombre est attendu",
    "bool_type": "vrai ou faux est attendu",
    "bool_parsing": "vrai ou faux est attendu",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "too_short": "au moins {min_length} élément(s)",
    "too_long": "au plus {max_length} élément(s)",
    "enum": "valeurs possibles : {expected}",
    "literal_error": "valeurs possibles : {expected}",
    "date_type": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "datetime_type": "une date et une heure ISO 8601 sont attendues",
    "datetime_parsing": "une date et une heure ISO 8601 sont attendues",
    "datetime_from_date_parsing": "une date et une heure ISO 8601 sont attendues",
    "uuid_type": "un identifiant UUID est attendu",
    "uuid_parsing": "un identifiant UUID est attendu",
    "url_type": "une adresse web est attendue",
    "url_parsing": "adresse web non valide",
    "url_scheme": "l'adresse doit commencer par {expected_schemes}",
    "extra_forbidden": "champ inconnu",
}
GENERIC = "valeur non valide"


def french_message(error: Mapping[str, Any]) -> str:
    """The French message of one pydantic error (``RequestValidationError.errors()`` item).
    A validator's own message (``value_error``) is kept: the service wrote it."""
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        return str(error.get("msg", GENERIC)).removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return GENERIC
    context = error.get("ctx") or {}
    # pydantic lists the expected values in English: "'a', 'b' or 'c'".
    values = {key: str(value).replace("' or '", "' ou '") for key, value in context.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.split(":")[0] if "{" in template else template
