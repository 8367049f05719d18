"""The Eurocities export cannot drift from the standard: a JSON Schema derived, here, from
the standard's own field list (../shared/register/ats-v0.3.1-fields.yaml) checks it."""

from __future__ import annotations

import importlib
import os
import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from collectivia.ethics_register.publication.ats import ats_record
from collectivia.ethics_register.systems.record import (
    AlgorithmType,
    OutputType,
    PolicyDomain,
    RiskClass,
)
from collectivia.testkit.register_records import system_body
from ethics_register_testing.publication_samples import complete_body, published

REPO_ROOT = Path(__file__).resolve().parents[4]
# shared/ lies beside the checkout (CI and developers); COLLECTIVIA_SHARED_DIR elsewhere.
SHARED_DIR = Path(os.environ.get("COLLECTIVIA_SHARED_DIR") or REPO_ROOT.parent / "shared")
FIELDS_FILE = SHARED_DIR / "register" / "ats-v0.3.1-fields.yaml"
FORMATS = {"email": "email", "url": "uri", "date": "date", "uuid": "uuid"}


def load_attributes() -> list[dict[str, Any]]:
    text = FIELDS_FILE.read_text(encoding="utf-8")
    try:
        yaml = importlib.import_module("yaml")  # PyYAML, when the environment has it
    except ImportError:
        return _read_attributes(text)
    attributes: list[dict[str, Any]] = yaml.safe_load(text)["properties"]
    return attributes


def _read_attributes(text: str) -> list[dict[str, Any]]:
    """The subset of the file the schema needs (attribute, type, const, required, enum.en),
    for environments without PyYAML."""
    attributes: list[dict[str, Any]] = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if found := re.match(r'^- attribute: "([^"]+)"', line):
            attributes.append({"attribute": found.group(1), "required": False})
        elif attributes and (
            found := re.match(r'^  (type|const|required): *"?([^"]*?)"?\s*$', line)
        ):
            key, value = found.groups()
            attributes[-1][key] = value == "true" if key == "required" else value
        elif attributes and re.match(r"^  enum:", line):
            block = []
            for following in lines[number + 1 :]:
                block.append(following)
                if "]" in following:
                    break
            assert block[0].strip().startswith("en:"), "enum.en must come first"
            attributes[-1]["enum"] = {"en": re.findall(r'"([^"]*)"', "\n".join(block))}
    return attributes


def derive_schema(attributes: list[dict[str, Any]]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for attribute in attributes:
        kind = attribute["type"]
        if kind == "enum":
            prop = {"type": "string", "enum": list(attribute["enum"]["en"])}
        elif kind == "const":
            prop = {"type": "string", "const": str(attribute["const"])}
        elif kind in FORMATS:
            prop = {"type": "string", "format": FORMATS[kind]}
        else:
            assert kind == "string", f"unknown type {kind!r} of {attribute['attribute']}"
            prop = {"type": "string"}
        properties[attribute["attribute"]] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": [a["attribute"] for a in attributes if a.get("required") is True],
        "additionalProperties": False,
    }


def _format_ok(fmt: str, value: str) -> bool:
    if fmt == "email":
        return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) is not None
    if fmt == "uri":
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc)
    if fmt == "date":
        try:
            return len(value) == 10 and date.fromisoformat(value) is not None
        except ValueError:
            return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def schema_errors(document: Any, schema: dict[str, Any]) -> list[str]:
    """Draft 2020-12 for what the derived schema uses: type, required, properties,
    additionalProperties, enum, const, format (checked, as an assertion)."""
    if not isinstance(document, dict):
        return ["not an object"]
    errors = [f"{name}: required" for name in schema["required"] if name not in document]
    for key, value in document.items():
        prop = schema["properties"].get(key)
        if prop is None:
            errors.append(f"{key}: not an attribute of the standard")
        elif not isinstance(value, str):
            errors.append(f"{key}: not a string")
        elif "enum" in prop and value not in prop["enum"]:
            errors.append(f"{key}: {value!r} not in the enumeration")
        elif "const" in prop and value != prop["const"]:
            errors.append(f"{key}: {value!r} is not {prop['const']!r}")
        elif "format" in prop and not _format_ok(prop["format"], value):
            errors.append(f"{key}: {value!r} is not a valid {prop['format']}")
    return errors


def validate(document: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    errors = schema_errors(document, schema)
    try:
        jsonschema = importlib.import_module("jsonschema")  # the reference validator, if any
    except ImportError:
        return errors
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    return errors + [error.message for error in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return derive_schema(load_attributes())


def test_the_field_list_is_read_whole() -> None:
    attributes = load_attributes()
    assert len(attributes) == 49
    assert sum(1 for a in attributes if a.get("required") is True) == 29
    domain = next(a for a in attributes if a["attribute"] == "domain")
    assert len(domain["enum"]["en"]) == len(PolicyDomain)


def test_the_subset_reader_matches_the_file() -> None:
    derived = derive_schema(_read_attributes(FIELDS_FILE.read_text(encoding="utf-8")))
    assert derived == derive_schema(load_attributes())


def test_a_complete_record_is_valid(schema: dict[str, Any]) -> None:
    export = ats_record(published(), "https://registre.example.fr/registre/x")
    assert validate(export, schema) == []
    assert set(export) <= set(schema["properties"])
    # product_page has no counterpart; remark is only for suspended or retired entries.
    assert set(export) == set(schema["properties"]) - {"product_page", "remark"}


VARIANTS = [
    *({"policy_domain": domain.value} for domain in PolicyDomain),
    *({"risk_class": risk.value} for risk in RiskClass if risk is not RiskClass.PROHIBITED),
    *({"algorithm_type": kind.value} for kind in AlgorithmType),
    *({"output_type": kind.value} for kind in OutputType),
]


@pytest.mark.parametrize("overrides", VARIANTS)
def test_every_enumerated_value_is_valid(schema: dict[str, Any], overrides: dict[str, str]) -> None:
    assert validate(ats_record(published(complete_body(**overrides))), schema) == []


@pytest.mark.parametrize("status", ["approved", "suspended", "retired"])
def test_every_published_status_is_valid(schema: dict[str, Any], status: str) -> None:
    assert validate(ats_record(published(status=status)), schema) == []


def test_the_minimal_publishable_record_is_valid(schema: dict[str, Any]) -> None:
    # system_body is the least an entry must say to be reviewed and published.
    assert validate(ats_record(published(system_body())), schema) == []


def test_a_prohibited_practice_maps_to_unacceptable(schema: dict[str, Any]) -> None:
    export = ats_record(published(complete_body(risk_class="prohibited")))
    assert export["risk_category"] == "unacceptable"
    assert validate(export, schema) == []


def test_the_check_catches_drift(schema: dict[str, Any]) -> None:
    export = ats_record(published())
    del export["goal"]
    broken = {**export, "status": "approved", "domain": "government, really", "colour": "x"}
    broken["publication_date"] = "3 février 2026"
    errors = validate(broken, schema)
    for needle in ("goal", "status", "domain", "colour", "publication_date"):
        assert any(error.startswith(needle) or needle in error for error in errors), needle
