"""The UK ATRS export cannot drift from the standard: its check is derived, here, from the
official v3.0 field table (../shared/register/atrs/official/v3.0_template_table.md, copied
byte for byte from the GDS repository) and the GOV.UK finder's dropdown values
(../shared/register/atrs/govuk-finder/), the way the Eurocities export is checked."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from collectivia.ethics_register.publication.atrs import atrs_document, atrs_record
from collectivia.ethics_register.systems.record import AlgorithmType, OutputType, PolicyDomain
from collectivia.testkit.register_records import system_body
from ethics_register_testing.publication_samples import complete_body, published

REPO_ROOT = Path(__file__).resolve().parents[4]
# shared/ lies beside the checkout (CI and developers); COLLECTIVIA_SHARED_DIR elsewhere.
SHARED_DIR = Path(os.environ.get("COLLECTIVIA_SHARED_DIR") or REPO_ROOT.parent / "shared")
ATRS_DIR = SHARED_DIR / "register" / "atrs"
TEMPLATE_FILE = ATRS_DIR / "official" / "v3.0_template_table.md"
FINDER_FILE = ATRS_DIR / "govuk-finder" / "algorithmic_transparency_records.json"
# Fields whose values are the GOV.UK finder's dropdowns (facet key suffix).
DROPDOWNS = {
    "organisation_type": "organisation_type",
    "function": "function",
    "capability": "capability",
    "phase": "phase",
    "region": "region",
}
# Required by the template, and not held by the register's record: said as None, never
# invented. A field that silently becomes empty fails the complete record's test.
NOT_HELD = {
    ("metadata", "id"),  # GOV.UK numbers a record when it publishes it
    ("metadata", "date_archived"),  # only for a retired entry
    ("tier_2", "model_specification", "model_version"),
    ("tier_2", "model_specification", "dataset_purposes"),
    ("tier_2", "data_specification", "data_modality"),
    ("tier_2", "data_specification", "data_quantities"),
    ("tier_2", "data_specification", "data_sharing_agreements"),
}


@dataclass(frozen=True)
class TemplateField:
    reference: str
    attribute: str
    tier: str
    category: str
    kind: str
    required: bool

    @property
    def path(self) -> tuple[str, ...]:
        """Where the export keeps it: tier (none for "N/A"), section, attribute."""
        section = re.sub(r"[^a-z0-9]+", "_", self.category.lower()).strip("_")
        tier = () if self.tier == "N/A" else (f"tier_{self.tier}",)
        return (*tier, section, self.attribute)


def load_template() -> list[TemplateField]:
    fields = []
    for line in TEMPLATE_FILE.read_text(encoding="utf-8").splitlines():
        cells = [re.sub(r"<br>", "", cell).strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 8 and re.fullmatch(r"\d+(\.\d+)+", cells[0]):
            reference, attribute, _name, tier, category, kind, _notes, required = cells
            fields.append(
                TemplateField(reference, attribute, tier, category, kind, required == "TRUE")
            )
    return fields


def load_dropdowns() -> dict[str, set[str]]:
    facets = json.loads(FINDER_FILE.read_text(encoding="utf-8"))["facets"]
    labels = {
        facet["key"].removeprefix("algorithmic_transparency_record_"): {
            value["label"] for value in facet.get("allowed_values", [])
        }
        for facet in facets
    }
    return {attribute: labels[facet] for attribute, facet in DROPDOWNS.items()}


def _leaves(record: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    leaves: dict[tuple[str, ...], Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            leaves.update(_leaves(value, (*prefix, key)))
        else:
            leaves[(*prefix, key)] = value
    return leaves


def _type_ok(kind: str, value: Any) -> bool:
    if value is None:
        return True  # not said by the record: the template's "left empty"
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "date":
        try:
            return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
        except ValueError:
            return False
    assert kind == "UTF-8 string", f"unknown type {kind!r}"
    return isinstance(value, str) and value != ""


def template_errors(
    record: dict[str, Any], template: list[TemplateField], dropdowns: dict[str, set[str]]
) -> list[str]:
    """Every key a template attribute in its tier and section, every attribute present, each
    value of its type, dropdowns from the finder's values."""
    expected = {field.path: field for field in template}
    leaves = _leaves(record)
    errors = [f"{'.'.join(path)}: missing" for path in expected if path not in leaves]
    for path, value in leaves.items():
        field = expected.get(path)
        if field is None:
            errors.append(f"{'.'.join(path)}: not an attribute of the template here")
        elif not _type_ok(field.kind, value):
            errors.append(f"{'.'.join(path)}: {value!r} is not a {field.kind}")
        elif field.attribute in dropdowns and value not in {None, *dropdowns[field.attribute]}:
            errors.append(f"{'.'.join(path)}: {value!r} is not a value of the dropdown")
    return errors


@pytest.fixture(scope="module")
def template() -> list[TemplateField]:
    return load_template()


@pytest.fixture(scope="module")
def dropdowns() -> dict[str, set[str]]:
    return load_dropdowns()


def test_the_template_is_read_whole(template: list[TemplateField]) -> None:
    assert len(template) == 65
    assert sum(field.required for field in template) == 55
    assert [f.reference for f in template][:2] == ["0.1", "0.2"]
    assert template[-1].attribute == "risks_and_mitigations"
    sections = {field.path[:-1] for field in template}
    assert len(sections) == 10
    assert ("tier_2", "decision_making_process") in sections
    assert ("tier_2", "risks_mitigations_and_impact_assessments") in sections
    # "phase" is asked twice, in two sections.
    assert {f.path for f in template if f.attribute == "phase"} == {
        ("title_information", "phase"),
        ("tier_2", "tool_specification", "phase"),
    }


def test_a_complete_record_follows_the_template(
    template: list[TemplateField], dropdowns: dict[str, set[str]]
) -> None:
    sources = [
        {"name": "Pages service-public.fr", "url": "https://www.service-public.fr/"},
        {
            "name": "Questions posées",
            "description": "Conservées 30 jours",
            "contains_personal_data": True,
        },
    ]
    system = published(complete_body(source_data=sources))
    record = atrs_record(system, "https://registre.example.fr/registre/x")
    assert template_errors(record, template, dropdowns) == []
    leaves = _leaves(record)
    empty = {field.path for field in template if field.required and leaves[field.path] is None}
    assert empty == NOT_HELD


VARIANTS = [
    *({"policy_domain": domain.value} for domain in PolicyDomain),
    *({"algorithm_type": kind.value} for kind in AlgorithmType),
    *({"output_type": kind.value} for kind in OutputType),
]


@pytest.mark.parametrize("overrides", VARIANTS)
def test_every_enumerated_value_follows_the_template(
    template: list[TemplateField], dropdowns: dict[str, set[str]], overrides: dict[str, str]
) -> None:
    record = atrs_record(published(complete_body(**overrides)))
    assert template_errors(record, template, dropdowns) == []
    assert record["metadata"]["function"] is not None
    assert record["metadata"]["capability"] is not None


@pytest.mark.parametrize("status", ["approved", "suspended", "retired"])
def test_every_published_status_follows_the_template(
    template: list[TemplateField], dropdowns: dict[str, set[str]], status: str
) -> None:
    record = atrs_record(published(status=status))
    assert template_errors(record, template, dropdowns) == []
    archived = record["metadata"]["date_archived"]
    assert (archived is not None) is (status == "retired")


def test_the_minimal_publishable_record_follows_the_template(
    template: list[TemplateField], dropdowns: dict[str, set[str]]
) -> None:
    document = atrs_document([published(system_body())], {})
    assert document["template_version"] == "3.0"
    [record] = document["records"]
    assert template_errors(record, template, dropdowns) == []


def test_the_check_catches_drift(
    template: list[TemplateField], dropdowns: dict[str, set[str]]
) -> None:
    record = atrs_record(published())
    tier_2 = record["tier_2"]
    # A v4.0 name, a field moved to another section, a field removed, wrong types and values.
    tier_2["owner_and_responsibility"]["third_party"] = tier_2["owner_and_responsibility"].pop(
        "external_supplier"
    )
    tier_2["tool_specification"]["model_name"] = tier_2["model_specification"].pop("model_name")
    del record["tier_1"]["tier_1_information"]["contact_email"]
    record["metadata"]["id"] = "0b9f7c1e"
    record["metadata"]["date_updated"] = "03/02/2026"
    record["title_information"]["phase"] = "Design"
    errors = template_errors(record, template, dropdowns)
    for needle in (
        "owner_and_responsibility.third_party: not an attribute",
        "owner_and_responsibility.external_supplier: missing",
        "tool_specification.model_name: not an attribute",
        "model_specification.model_name: missing",
        "tier_1_information.contact_email: missing",
        "metadata.id: '0b9f7c1e' is not a integer",
        "metadata.date_updated: '03/02/2026' is not a date",
        "title_information.phase: 'Design' is not a value of the dropdown",
    ):
        assert any(needle in error for error in errors), needle
