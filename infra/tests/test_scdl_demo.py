"""The demo collectivity's SCDL files (infra/demo/lake): what the seeded generator writes,
commit-sized, each declared in lake.json with its national schema. Their validity against
the schemas is proven at the lake's door (the analytics' integration test loads them)."""

from __future__ import annotations

import csv
import io
import json

from infra.collectivia_stack.scdl_demo import FOLDER, files, luhn_completed

DEMO = FOLDER.parent
SCHEMAS = {
    "budget.csv": "scdl/budget",
    "deliberations.csv": "scdl/deliberations",
    "subventions.csv": "scdl/subventions",
}


def test_the_committed_files_are_the_generators() -> None:
    generated = files()
    assert sorted(generated) == sorted(SCHEMAS)
    for name, text in generated.items():
        assert (FOLDER / name).read_text(encoding="utf-8") == text, f"rerun scdl_demo.py: {name}"
        assert len(text.encode()) < 200_000
        assert len(list(csv.DictReader(io.StringIO(text)))) > 100


def test_each_file_is_declared_in_the_lakes_demo_with_its_schema() -> None:
    declared = json.loads((DEMO / "lake.json").read_text(encoding="utf-8"))["datasets"]
    by_file = {d["file"].removeprefix("lake/"): d["body"] for d in declared if "file" in d}
    assert {name: body["schema_name"] for name, body in by_file.items()} == SCHEMAS
    assert {body["id"] for body in by_file.values()} == {
        "budget",
        "deliberations",
        "subventions-associations",
    }


def test_a_siret_key_completes_luhn() -> None:
    # La Poste's head office, a published SIRET that follows Luhn.
    assert luhn_completed("3560000000004") == "35600000000048"
    assert luhn_completed("2000398650001") == "20003986500015"
