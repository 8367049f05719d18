"""The columnar engine reaches frictionless's verdict: the same errors (row, column, rule,
constraint) and the same typed values, on the shared examples and on generated tables full
of the mistakes people make (and of the values where a shortcut could go wrong: ties with a
bound, Unicode digits, a 30 February, a pattern RE2 reads differently...)."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from collectivia.data_lake.validation.readers import RawTable, ReadLimits, read_table
from collectivia.data_lake.validation.schemas import (
    SchemaCatalogue,
    TableSchemaDefinition,
    load_schema,
)
from collectivia.data_lake.validation.validator import ValidationOutcome, validate

LIMITS = ReadLimits(max_bytes=50_000_000, max_rows=1_000_000, max_uncompressed_bytes=10**9)
EXAMPLES = [
    ("scdl/subventions", "exemple-valide.csv"),
    ("scdl/subventions", "exemple-invalide-erreurs-cellules.csv"),
    ("scdl/subventions", "exemple-invalide-erreurs-colonnes.csv"),
    ("etalab/schema-irve-statique", "exemple-valide.csv"),
    ("datagouv/schema-fontaine-eau", "exemple-valide.csv"),
]

# What people write instead of a good value, and values at the edge of every shortcut.
MISTAKES = [
    "",
    " ",
    "abc",
    "NA",
    "12,5",
    "1 000",
    "+5",
    "-0",
    "007",
    "1e3",
    "1.",
    ".5",
    "nan",
    "Infinity",
    "٣",  # an Arabic-Indic digit: Python's \\d and int() take it, RE2's do not
    "\uff11\uff12",  # full-width digits
    "12 ",
    " 12",
    "99999999999999999999",
    "1.0000000000000000001",
    "0.9999999999999999999",
    "0.01",
    "0.0099999999999999999",
    "90",
    "90.0000000000000000001",
    "-90",
    "2017-02-30",
    "2016-02-29",
    "2017-2-3",
    "0000-01-01",
    "05/12/2016",
    "2017-10-15T00:00:00",
    "2017",
    "2017/2018",
    "2018/2017",
    "true",
    "True",
    "oui",
    "non",
    "no",
    "1",
    "0",
    "W123456789",
    "W12345678\n",
    "21060004500392",
    "2106000450039",
    "FRA68P68021001",
    "FRA68P68021001,Non concerné",
    "Non concerné",
    "https://exemple.fr/a",
    "exemple.fr",
    "mailto:x@y.fr",
    "nom@domaine.fr",
    "nom..x@domaine.fr",
    "nom@domaine",
    "é@domaine.fr",
    "aide en numéraire",
    "aide en numéraire;aide en nature",
    "Voirie",
    "voirie",
    "[7.48710500,48.345345]",
    "7.4,48.3",
    "x" * 300,
]


def read_csv_text(text: str, filename: str = "table.csv") -> RawTable:
    return read_table(filename=filename, content=text.encode("utf-8"), limits=LIMITS)


def verdict(outcome: ValidationOutcome) -> list[tuple[Any, ...]]:
    return sorted(
        (e.row or 0, e.column or "", e.rule, e.constraint or "", e.value or "")
        for e in outcome.report.errors
    )


def assert_same_verdict(table: RawTable, schema: TableSchemaDefinition) -> ValidationOutcome:
    columnar = validate(table, schema, max_errors=100_000)
    reference = validate(table, schema, max_errors=100_000, engine="frictionless")
    assert verdict(columnar) == verdict(reference)
    assert columnar.report.counts == reference.report.counts
    if reference.table is not None:
        assert columnar.table is not None
        assert columnar.table.schema == reference.table.schema
        assert columnar.table.equals(reference.table)
    else:
        assert columnar.table is None
    return columnar


@pytest.mark.parametrize(("schema", "example"), EXAMPLES)
def test_both_engines_agree_on_the_shared_examples(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path, schema: str, example: str
) -> None:
    content = (lake_schemas_dir / schema / example).read_bytes()
    table = read_table(filename=example, content=content, limits=LIMITS)
    assert_same_verdict(table, schema_catalogue.get(schema))


def mutated_rows(rows: list[list[str]], count: int, seed: int) -> list[list[str]]:
    """``count`` rows drawn from ``rows``, a third of their cells replaced by a mistake, and
    some rows duplicated or blank."""
    chance = random.Random(seed)
    out: list[list[str]] = []
    for _ in range(count):
        row = list(chance.choice(rows))
        for position in range(len(row)):
            if chance.random() < 0.3:
                row[position] = chance.choice(MISTAKES)
        roll = chance.random()
        if roll < 0.03:
            row = [""] * len(row)
        elif roll < 0.08 and out:
            row = list(chance.choice(out))
        out.append(row)
    return out


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "schema",
    [
        "scdl/subventions",
        "etalab/schema-irve-statique",
        "datagouv/schema-fontaine-eau",
        "scdl/deliberations",
        "scdl/budget",
        "scdl/catalogue",
        "scdl/equipements",
    ],
)
def test_both_engines_agree_on_generated_mistakes(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path, schema: str
) -> None:
    definition = schema_catalogue.get(schema)
    header = list(definition.field_names)
    example = lake_schemas_dir / schema / "exemple-valide.csv"
    if example.exists():
        reader = csv.reader(io.StringIO(example.read_text(encoding="utf-8")))
        rows = [list(r) for r in reader][1:]
    else:  # the schemas without a shared example: their fields' examples
        rows = [[str(f.example or "") for f in definition.schema.fields]]
    for seed in range(3):
        text = csv_text(header, mutated_rows(rows, 400, seed))
        outcome = assert_same_verdict(read_csv_text(text), definition)
        assert not outcome.report.valid


# A schema with every type, format and constraint the columnar engine shortcuts, and some it
# leaves to frictionless.
EVERYTHING = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "name": "everything",
    "missingValues": ["", "NA", "-"],
    "primaryKey": ["code", "year"],
    "fields": [
        {"name": "code", "type": "string", "constraints": {"required": True}},
        {"name": "year", "type": "year", "constraints": {"minimum": 2000, "maximum": 2030}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0, "unique": True}},
        {
            "name": "rate",
            "type": "number",
            "constraints": {"minimum": 0.01, "exclusiveMaximum": 1},
        },
        {"name": "amount", "type": "number", "constraints": {"enum": [1, 2.5, "10"]}},
        {"name": "label", "type": "string", "constraints": {"minLength": 2, "maxLength": 5}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b", "é"]}},
        {"name": "either", "type": "string", "constraints": {"pattern": "a|b"}},
        {"name": "accented", "type": "string", "constraints": {"pattern": "[a-z\\u00C0-\\u00FF]+"}},
        {"name": "word", "type": "string", "constraints": {"pattern": "\\w+"}},
        {"name": "not_digits", "type": "string", "constraints": {"pattern": "[^\\d]+"}},
        {"name": "mail", "type": "string", "format": "email"},
        {"name": "site", "type": "string", "format": "uri"},
        {"name": "flag", "type": "boolean", "trueValues": ["oui", "1"], "falseValues": ["non"]},
        {"name": "day", "type": "date", "constraints": {"minimum": "2016-02-29"}},
        {"name": "french_day", "type": "date", "format": "%d/%m/%Y"},
        {"name": "moment", "type": "datetime"},
        {"name": "hour", "type": "time"},
        {"name": "where", "type": "geopoint"},
        {"name": "grouped", "type": "number", "groupChar": " ", "decimalChar": ","},
        {"name": "level", "type": "integer", "constraints": {"enum": [1, 2, 3]}},
    ],
}
EVERYTHING_MISTAKES = [
    *MISTAKES,
    "a",
    "b",
    "ab",
    "é",
    "ÿ",
    "Ā",
    "abcdé",
    "abcdéf",
    "2.5",
    "2.50",
    "10",
    "10.0",
    "1",
    "2015",
    "2031",
    "2030",
    "15/10/2017",
    "31/02/2017",
    "2017-10-15T08:30:00Z",
    "08:30:00",
    "7.4, 48.3",
    "1 234,5",
    "0.99999999999999999999",
    "1.00",
    "0.01",
    "-",
]


def test_both_engines_agree_on_every_type_and_constraint() -> None:
    definition = load_schema(EVERYTHING, name="everything")
    header = [f["name"] for f in EVERYTHING["fields"]]  # type: ignore[index]
    chance = random.Random(7)
    rows = [[chance.choice(EVERYTHING_MISTAKES) for _ in header] for _ in range(1500)]
    rows += [list(rows[3]), list(rows[4])]  # primary key and unique duplicates
    assert_same_verdict(read_csv_text(csv_text(header, rows)), definition)


def test_both_engines_type_a_valid_table_the_same() -> None:
    definition = load_schema(EVERYTHING, name="everything")
    header = [f["name"] for f in EVERYTHING["fields"]]  # type: ignore[index]
    rows = [
        [
            f"c{i}",
            str(2000 + i % 30),
            str(i),
            "0.5",
            "2.5",
            "abc",
            "é",
            "a",
            "àb",
            "mot",
            "x",
            "nom@domaine.fr",
            "https://exemple.fr",
            "oui" if i % 2 else "non",
            "2017-10-15",
            "15/10/2017",
            "2017-10-15T08:30:00Z",
            "08:30:00",
            "7.4,48.3",
            "1 234,5",
            "NA",
        ]
        for i in range(50)
    ]
    outcome = assert_same_verdict(read_csv_text(csv_text(header, rows)), definition)
    assert outcome.report.valid, outcome.report.errors[:3]
    assert outcome.table is not None
    assert outcome.table.schema.field("moment").type == pa.timestamp("us", tz="UTC")
    assert outcome.table.column("grouped").to_pylist()[0] == 1234.5
    assert outcome.table.column("level").null_count == 50


def test_a_whole_number_too_large_for_64_bits_is_refused_by_both_engines() -> None:
    schema = load_schema({"fields": [{"name": "n", "type": "integer"}]}, name="numbers")
    table = read_csv_text("n\n12\n123456789012345678901234\n")
    outcome = assert_same_verdict(table, schema)
    assert [(e.row, e.column, e.rule) for e in outcome.report.errors] == [(3, "n", "out-of-range")]


def test_the_everything_schema_is_json() -> None:
    # The schema above is what a steward could give: plain JSON.
    assert json.loads(json.dumps(EVERYTHING)) == EVERYTHING
