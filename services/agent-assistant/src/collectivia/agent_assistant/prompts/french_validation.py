"""Pydantic's validation errors told in French, field by field, for the import report."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from collectivia.platform.errors import FieldError

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ non prévu par le format",
    "string_too_short": "texte trop court (au moins {min_length} caractère(s))",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "too_short": "pas assez d'éléments (au moins {min_length})",
    "too_long": "trop d'éléments (au plus {max_length})",
    "string_type": "doit être du texte",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "list_type": "doit être une liste",
    "dict_type": "doit être un objet JSON",
    "model_type": "doit être un objet JSON",
    "model_attributes_type": "doit être un objet JSON",
    "enum": "valeur non reconnue (valeurs possibles : {expected})",
    "literal_error": "valeur attendue : {expected}",
    "greater_than_equal": "doit être au moins {ge}",
    "less_than_equal": "doit être au plus {le}",
    "datetime_parsing": "date et heure illisibles (format ISO 8601 attendu)",
    "datetime_type": "date et heure illisibles (format ISO 8601 attendu)",
    "date_parsing": "date illisible (format AAAA-MM-JJ attendu)",
    "date_from_datetime_parsing": "date illisible (format AAAA-MM-JJ attendu)",
}


def _message(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":
        # Our own validators raise French messages.
        return str(error.get("ctx", {}).get("error", "valeur invalide"))
    template = _MESSAGES.get(kind)
    if template is None:
        return "valeur invalide"
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except KeyError:
        return template.split(" (")[0]


def french_field_errors(error: ValidationError, prefix: str = "") -> list[FieldError]:
    """One French message per invalid field; the field as a dotted path (``templates.2.text``)."""
    fields: list[FieldError] = []
    for item in error.errors():
        path = ".".join(str(p) for p in item.get("loc", ())) or "fichier"
        fields.append(FieldError(prefix + path, _message(item)))
    return fields
