"""The schema catalogue: schemas by key or declared name, and a schema the lake could only
half-enforce refused when loading, in French."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from collectivia.data_lake.validation.patterns import re2_equivalent
from collectivia.data_lake.validation.schemas import SchemaCatalogue, load_schema
from collectivia.platform.errors import InvalidInput, NotFound
from collectivia.testkit.french import assert_french

FIELDS = [
    {"name": "a", "type": "string"},
    {"name": "b", "type": "integer", "constraints": {"minimum": 0}},
]


def refused(descriptor: dict[str, Any]) -> str:
    with pytest.raises(InvalidInput) as caught:
        load_schema(descriptor, name="essai")
    assert_french(caught.value.detail)
    return caught.value.detail


def test_an_unknown_schema_is_not_found_with_the_known_ones(
    schema_catalogue: SchemaCatalogue,
) -> None:
    with pytest.raises(NotFound) as caught:
        schema_catalogue.get("scdl/marches-publics")
    assert caught.value.detail.startswith(
        "Aucun schéma « scdl/marches-publics » dans le catalogue ; schémas connus : "
        "« datagouv/schema-fontaine-eau », « etalab/schema-irve-statique »"
    )
    assert "scdl/subventions" in schema_catalogue
    assert "subventions" in schema_catalogue
    assert "marches-publics" not in schema_catalogue
    assert len(schema_catalogue) == 7


@pytest.mark.parametrize(
    ("checks", "words"),
    [
        ([{"name": "phone-number-value", "params": {"column": "a"}}], "« phone-number-value »"),
        ([{"name": "french-siret-value", "params": {}}], "il manque « column »"),
        ([{"name": "french-siret-value", "params": {"column": "z"}}], "ne déclare pas : « z »"),
        (
            [
                {
                    "name": "compare-columns-value",
                    "params": {"column": "a", "column2": "b", "op": "!="},
                }
            ],
            "un opérateur inconnu : « != »",
        ),
        (
            [{"name": "sum-columns-value", "params": {"column": "b", "columns": ["a", "y"]}}],
            "ne déclare pas : « y »",
        ),
    ],
)
def test_a_custom_check_the_lake_cannot_run_is_refused(
    checks: list[dict[str, Any]], words: str
) -> None:
    assert words in refused({"fields": FIELDS, "custom_checks": checks})


def test_a_bound_its_type_cannot_read_is_refused() -> None:
    fields = [{"name": "b", "type": "integer", "constraints": {"maximum": "beaucoup"}}]
    assert refused({"fields": fields}) == (
        "Le schéma « essai » donne à la colonne « b » une borne maximum illisible pour son "
        "type : « beaucoup »."
    )


def test_a_schema_frictionless_refuses_is_refused() -> None:
    assert "n'est pas un schéma Table Schema valide" in refused(
        {"fields": [{"name": "a", "type": "colour"}]}
    )


def test_the_catalogue_loads_every_schema_below_its_folders(tmp_path: Path) -> None:
    (tmp_path / "ville" / "arbres").mkdir(parents=True)
    (tmp_path / "ville" / "arbres" / "schema.json").write_text(
        json.dumps({"name": "arbres", "title": "Arbres", "fields": FIELDS}), encoding="utf-8"
    )
    catalogue = SchemaCatalogue.load([tmp_path])
    assert catalogue.names() == ["ville/arbres"]
    assert catalogue.get("arbres").title == "Arbres"
    (tmp_path / "ville" / "broken").mkdir()
    (tmp_path / "ville" / "broken" / "schema.json").write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        SchemaCatalogue.load([tmp_path])
    assert "n'est pas un JSON lisible" in caught.value.detail


def test_a_configmap_volume_gives_the_keys_of_its_items(tmp_path: Path) -> None:
    # What the kubelet writes for items [{key: ..., path: ville/arbres/schema.json}]: the
    # files in a hidden dated folder, the top folder a link to it through "..data".
    dated = tmp_path / "..2026_12_05_22_10_00.123456789"
    (dated / "ville" / "arbres").mkdir(parents=True)
    (dated / "ville" / "arbres" / "schema.json").write_text(
        json.dumps({"name": "arbres", "title": "Arbres", "fields": FIELDS}), encoding="utf-8"
    )
    (tmp_path / "..data").symlink_to(dated.name)
    (tmp_path / "ville").symlink_to(Path("..data") / "ville")
    catalogue = SchemaCatalogue.load([tmp_path])
    assert catalogue.names() == ["ville/arbres"]
    assert catalogue.get("arbres").path == tmp_path / "ville" / "arbres" / "schema.json"


def test_two_folders_with_the_same_key_are_refused(tmp_path: Path) -> None:
    for root in ("un", "deux"):
        (tmp_path / root / "arbres").mkdir(parents=True)
        (tmp_path / root / "arbres" / "schema.json").write_text(
            json.dumps({"fields": FIELDS}), encoding="utf-8"
        )
    with pytest.raises(InvalidInput) as caught:
        SchemaCatalogue.load([tmp_path / "un", tmp_path / "deux"])
    assert caught.value.detail.startswith("Deux schémas portent le nom « arbres »")


@pytest.mark.parametrize(
    ("pattern", "re2"),
    [
        ("^W\\d{9}$", "^(?:^^W\\d{9}$$)"),
        ("a|b", "^(?:^a|b$)"),
        ("[a-z\\u00C0-\\u00FF]+", "^(?:^[a-z\\x{00C0}-\\x{00FF}]+$)"),
        ("\\w+\\s\\d", "^(?:^\\w+\\s\\d$)"),
        ("[^\\d]+", None),  # RE2's \\d is ASCII: its complement takes what Python's refuses
        ("\\D", None),
        ("\\bmot\\b", None),
        ("(?i)abc", None),
        ("(?=a)a", None),
        ("(a)\\1", None),
        ("a{,3}", None),
        ("[[:alpha:]]", None),
    ],
)
def test_patterns_go_to_re2_only_when_re2_agrees_with_python(pattern: str, re2: str | None) -> None:
    assert re2_equivalent(pattern) == re2
