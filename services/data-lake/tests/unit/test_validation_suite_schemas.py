"""The suite's own reference schemas (``infra/demo/schemas``, beside the national ones): the
member communes' schema loads, its example (the demo's communes) validates into a typed
table, and a malformed file is refused with the rules it breaks."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.data_lake.validation.readers import ReadLimits, read_table
from collectivia.data_lake.validation.schemas import SchemaCatalogue
from collectivia.data_lake.validation.validator import ValidationOutcome, validate

SUITE_SCHEMAS = Path(__file__).resolve().parents[4] / "infra" / "demo" / "schemas"
COMMUNES = "collectivia/communes-membres"
LIMITS = ReadLimits(max_bytes=1_000_000, max_rows=10_000, max_uncompressed_bytes=10_000_000)


@pytest.fixture(scope="module")
def catalogue() -> SchemaCatalogue:
    return SchemaCatalogue.load([SUITE_SCHEMAS])


def validated(catalogue: SchemaCatalogue, content: bytes) -> ValidationOutcome:
    table = read_table(filename="communes.csv", content=content, limits=LIMITS)
    return validate(table, catalogue.get(COMMUNES))


def test_the_member_communes_schema_loads(catalogue: SchemaCatalogue) -> None:
    assert catalogue.names() == [COMMUNES]
    schema = catalogue.get(COMMUNES)
    assert schema.field_names == ("code_insee", "nom", "population")
    assert schema.primary_key == ("code_insee",)
    assert catalogue.get("communes-membres") is schema  # by the name it declares


def test_the_demo_communes_validate_into_a_typed_table(catalogue: SchemaCatalogue) -> None:
    example = (SUITE_SCHEMAS / COMMUNES / "exemple-valide.csv").read_bytes()
    outcome = validated(catalogue, example)
    assert outcome.report.valid, outcome.report.errors[:5]
    assert outcome.table is not None and outcome.table.num_rows == 5
    assert outcome.table.schema.field("code_insee").type == pa.string()
    assert outcome.table.schema.field("population").type == pa.int64()
    assert outcome.table.to_pylist()[1] == {
        "code_insee": "57480",
        "nom": "Montigny-lès-Metz",
        "population": 21_500,
    }


def test_a_malformed_file_is_refused(catalogue: SchemaCatalogue) -> None:
    content = b"code_insee,nom,population\n5746,Metz,118000\n57480,,-3\n"
    outcome = validated(catalogue, content)
    assert not outcome.report.valid
    found = {(e.row, e.column) for e in outcome.report.errors}
    assert {(2, "code_insee"), (3, "nom"), (3, "population")} <= found
