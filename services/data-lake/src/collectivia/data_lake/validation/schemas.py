"""The Table Schemas files are validated against: the French national open-data schemas
(SCDL, IRVE, fontaine-eau... as published on schema.data.gouv.fr), with their validata
``custom_checks``.

A :class:`SchemaCatalogue` loads every ``schema.json`` below the folders it is given; a
schema's key is its folder below that root (``scdl/subventions``), and its ``name`` (the
``name`` the file declares: ``subventions``) finds it too when no other schema declares it.
A schema that frictionless refuses, a custom check this service does not know, or a check on
a column the schema lacks is refused when loading: better no schema than one half-enforced.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frictionless import FrictionlessException, Schema

from collectivia.data_lake import messages
from collectivia.data_lake.validation.custom_checks import CHECKS, OPERATORS
from collectivia.platform.errors import InvalidInput, NotFound

BOUND_CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


@dataclass(frozen=True)
class CustomCheck:
    """One of a schema's ``custom_checks``: its validata name and parameters."""

    name: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class TableSchemaDefinition:
    """A Table Schema ready to validate with: the frictionless ``Schema``, its custom checks,
    and what describes it (``name`` is its key in the catalogue; ``schema_name`` the name the
    file declares; ``url`` its canonical address, the file's ``path``)."""

    name: str
    schema_name: str
    title: str
    version: str | None
    schema: Schema
    descriptor: Mapping[str, Any]
    custom_checks: tuple[CustomCheck, ...] = ()
    primary_key: tuple[str, ...] = ()
    path: Path | None = None
    url: str | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.schema.fields)


def load_schema(
    descriptor: Mapping[str, Any], *, name: str, path: Path | None = None
) -> TableSchemaDefinition:
    """A :class:`TableSchemaDefinition` from a Table Schema ``descriptor`` (a ``schema.json``
    read as JSON), known as ``name``."""
    where = str(path) if path else name
    standard = {k: v for k, v in descriptor.items() if k != "custom_checks"}
    try:
        schema = Schema.from_descriptor(standard)
    except (FrictionlessException, TypeError, ValueError) as error:
        raise InvalidInput(messages.SCHEMA_INVALID.format(schema=where)) from error
    checks = tuple(
        CustomCheck(name=str(spec.get("name")), params=normalized(spec.get("params") or {}))
        for spec in descriptor.get("custom_checks") or ()
        if isinstance(spec, dict)
    )
    check_bounds(name, schema)
    for check in checks:
        check_custom_check(name, schema, check)
    url = descriptor.get("path")
    return TableSchemaDefinition(
        name=name,
        schema_name=str(descriptor.get("name") or name),
        title=str(descriptor.get("title") or descriptor.get("name") or name),
        version=str(descriptor["version"]) if descriptor.get("version") else None,
        schema=schema,
        descriptor=descriptor,
        custom_checks=checks,
        primary_key=tuple(schema.primary_key),
        path=path,
        url=url if isinstance(url, str) else None,
    )


def normalized(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters, ``column1`` read as ``column`` (the subventions schema writes
    ``column1`` where validata's documentation writes ``column``; validata takes both)."""
    found = dict(params)
    if "column1" in found and "column" not in found:
        found["column"] = found.pop("column1")
    return found


def load_schema_file(path: Path, *, name: str) -> TableSchemaDefinition:
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(messages.SCHEMA_UNREADABLE.format(schema=path)) from error
    if not isinstance(descriptor, dict):
        raise InvalidInput(messages.SCHEMA_INVALID.format(schema=path))
    return load_schema(descriptor, name=name, path=path)


def check_bounds(name: str, schema: Schema) -> None:
    """A bound the field's type cannot read would fail every comparison: refused."""
    for schema_field in schema.fields:
        reader = schema_field.create_value_reader()
        for constraint in BOUND_CONSTRAINTS:
            bound = schema_field.constraints.get(constraint)
            if bound is not None and reader(bound) is None:
                raise InvalidInput(
                    messages.SCHEMA_BOUND_INVALID.format(
                        schema=name, column=schema_field.name, constraint=constraint, value=bound
                    )
                )


def check_custom_check(name: str, schema: Schema, check: CustomCheck) -> None:
    spec = CHECKS.get(check.name)
    if spec is None:
        raise InvalidInput(
            messages.CHECK_UNKNOWN.format(
                schema=name, check=check.name, known=messages.listing(sorted(CHECKS))
            )
        )
    missing = [param for param in spec.required_params if param not in check.params]
    if missing:
        raise InvalidInput(
            messages.CHECK_PARAMS.format(
                schema=name, check=check.name, params=messages.listing(missing)
            )
        )
    for column in spec.columns(check.params):
        if not schema.has_field(column):
            raise InvalidInput(
                messages.CHECK_COLUMN_UNKNOWN.format(schema=name, check=check.name, column=column)
            )
    operator = check.params.get("op")
    if check.name == "compare-columns-value" and operator not in OPERATORS:
        raise InvalidInput(
            messages.CHECK_OPERATOR.format(
                schema=name, op=operator, ops=messages.listing(sorted(OPERATORS))
            )
        )


def schema_files(root: Path) -> list[Path]:
    """The ``schema.json`` files below ``root``, through linked folders and past hidden ones:
    a Kubernetes ConfigMap volume links each top folder to a hidden ``..<date>`` copy, which
    would otherwise give every schema a key of that date."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root, followlinks=True):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        if "schema.json" in files:
            found.append(Path(folder) / "schema.json")
    return sorted(found)


@dataclass
class SchemaCatalogue:
    """The schemas by key (``scdl/subventions``); their declared names as aliases."""

    schemas: dict[str, TableSchemaDefinition] = field(default_factory=dict)

    @classmethod
    def load(cls, roots: Iterable[Path]) -> SchemaCatalogue:
        """Every ``schema.json`` below ``roots``, keyed by its folder below its root."""
        catalogue = cls()
        for root in roots:
            for path in schema_files(root):
                key = path.parent.relative_to(root).as_posix()
                definition = load_schema_file(path, name=key if key != "." else path.stem)
                catalogue.add(definition)
        return catalogue

    def add(self, definition: TableSchemaDefinition) -> None:
        existing = self.schemas.get(definition.name)
        if existing is not None:
            raise InvalidInput(
                messages.SCHEMA_DUPLICATE.format(
                    schema=definition.name, first=existing.path, second=definition.path
                )
            )
        self.schemas[definition.name] = definition

    def names(self) -> list[str]:
        return sorted(self.schemas)

    def get(self, name: str) -> TableSchemaDefinition:
        """The schema keyed ``name``, else the one schema that declares ``name``."""
        found = self.schemas.get(name)
        if found is not None:
            return found
        declaring = [s for s in self.schemas.values() if s.schema_name == name]
        if len(declaring) == 1:
            return declaring[0]
        raise NotFound(
            messages.SCHEMA_NOT_FOUND.format(schema=name, names=messages.listing(self.names()))
        )

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        try:
            self.get(name)
        except NotFound:
            return False
        return True

    def __len__(self) -> int:
        return len(self.schemas)
