"""The national schemas and their published examples (``../shared/lake/schemas``): every
schema loads, every valid example validates into a typed table, and the two invalid
subventions examples are refused with exactly the errors they were written to show."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from collectivia.data_lake.validation.readers import ReadLimits, read_table
from collectivia.data_lake.validation.schemas import SchemaCatalogue
from collectivia.data_lake.validation.validator import ValidationOutcome, validate
from collectivia.testkit.french import assert_french

LIMITS = ReadLimits(max_bytes=10_000_000, max_rows=100_000, max_uncompressed_bytes=100_000_000)
SCHEMAS = [
    "datagouv/schema-fontaine-eau",
    "etalab/schema-irve-statique",
    "scdl/budget",
    "scdl/catalogue",
    "scdl/deliberations",
    "scdl/equipements",
    "scdl/subventions",
]
VALID_EXAMPLES = [
    ("scdl/subventions", 29),
    ("etalab/schema-irve-statique", 2),
    ("datagouv/schema-fontaine-eau", 3),
]
# The standard errors both invalid subventions examples show (row as in a spreadsheet:
# the header is row 1), read from the files.
CELL_ERRORS = [
    (2, "pourcentageSubvention", "constraint-error:maximum", "100"),
    (3, "pourcentageSubvention", "constraint-error:maximum", "80"),
    (4, "pourcentageSubvention", "constraint-error:maximum", "80"),
    (5, "dateConvention", "type-error", "05/12/2016"),
    (5, "rnaBeneficiaire", "constraint-error:pattern", "W3222"),
    (6, "montant", "type-error", "100000,1"),
    (6, "notificationUE", "type-error", "no"),
    (7, "idAttribuant", "constraint-error:pattern", "218601946"),
    (8, "datesPeriodeVersement", "constraint-error:pattern", "2017-06-27_2018-06-27"),
    (8, "notificationUE", "type-error", "yes"),
    (9, "idBeneficiaire", "one-of-required", ""),
    (9, "pourcentageSubvention", "type-error", "0,5"),
    (10, "montant", "constraint-error:required", ""),
    (12, "rnaBeneficiaire", "constraint-error:pattern", "W12455"),
    (16, "nature", "constraint-error:enum", "aide en numéraire,aide en nature"),
    (30, "rnaBeneficiaire", "constraint-error:pattern", "W1234567"),
]
# The SIRET numbers of the invalid examples are made up (21860194600000 for Poitiers): their
# checksum fails on every row of idAttribuant, and on these rows of idBeneficiaire.
BAD_ATTRIBUANT_ROWS = list(range(2, 31))
BAD_BENEFICIAIRE_ROWS = [
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    15,
    16,
    17,
    18,
    20,
    21,
    22,
    24,
    25,
    26,
    27,
    28,
    30,
]


def luhn(number: str) -> bool:
    """Luhn, written out here independently of the code under test."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def validated(
    folder: Path, catalogue: SchemaCatalogue, schema: str, name: str
) -> ValidationOutcome:
    content = (folder / schema / name).read_bytes()
    table = read_table(filename=name, content=content, limits=LIMITS)
    return validate(table, catalogue.get(schema))


def test_every_shared_schema_loads_with_its_custom_checks(
    schema_catalogue: SchemaCatalogue,
) -> None:
    assert schema_catalogue.names() == SCHEMAS
    subventions = schema_catalogue.get("scdl/subventions")
    assert (subventions.schema_name, subventions.version, subventions.title) == (
        "subventions",
        "2.1.1",
        "Subventions",
    )
    assert (
        subventions.url
        == "https://gitlab.com/opendatafrance/scdl/subventions/raw/v2.1.1/schema.json"
    )
    assert [(c.name, dict(c.params)) for c in subventions.custom_checks] == [
        ("french-siret-value", {"column": "idAttribuant"}),
        ("french-siret-value", {"column": "idBeneficiaire"}),
        ("one-of-required", {"column": "idBeneficiaire", "column2": "rnaBeneficiaire"}),
    ]
    deliberations = schema_catalogue.get("deliberations")  # by the name it declares
    assert deliberations.name == "scdl/deliberations"
    assert len(deliberations.custom_checks) == 11
    assert schema_catalogue.get("fontaine-eau").primary_key == ("id",)
    assert {len(schema_catalogue.get(name).field_names) for name in SCHEMAS} == {
        15,
        40,
        22,
        20,
        17,
        21,
        16,
    }


@pytest.mark.parametrize(("schema", "rows"), VALID_EXAMPLES)
def test_every_valid_example_validates(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path, schema: str, rows: int
) -> None:
    outcome = validated(lake_schemas_dir, schema_catalogue, schema, "exemple-valide.csv")
    assert outcome.report.valid, outcome.report.errors[:5]
    assert (outcome.report.row_count, outcome.report.error_count) == (rows, 0)
    assert outcome.table is not None
    assert outcome.table.num_rows == rows
    assert outcome.table.column_names == list(schema_catalogue.get(schema).field_names)


def test_the_irve_example_is_valid_with_its_row_labelled_invalid(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path
) -> None:
    # Its second row says "Exemple invalide (id_station_itinerance et id_pdc_itinerance)"
    # (SOURCES.md): since 2.3.0 the ids' pattern accepts them, so the row is valid.
    outcome = validated(
        lake_schemas_dir, schema_catalogue, "etalab/schema-irve-statique", "exemple-valide.csv"
    )
    assert outcome.table is not None
    first, second = outcome.table.to_pylist()
    assert second["nom_amenageur"].startswith("Exemple invalide")
    assert second["id_station_itinerance"] == "ESZUNP395912133460086982"
    assert first["coordonneesXY"] == "[7.48710500,48.345345]"  # a geopoint keeps its text
    assert first["date_maj"] == date(2021, 4, 5)
    assert first["puissance_nominale"] == 22.0
    assert first["gratuit"] is False


def test_the_valid_subventions_example_is_typed(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path
) -> None:
    outcome = validated(
        lake_schemas_dir, schema_catalogue, "scdl/subventions", "exemple-valide.csv"
    )
    assert outcome.table is not None
    schema = outcome.table.schema
    assert schema.field("dateConvention").type == pa.date32()
    assert schema.field("montant").type == pa.float64()
    assert schema.field("notificationUE").type == pa.bool_()
    assert schema.field("idBeneficiaire").type == pa.string()
    assert not schema.field("nomAttribuant").nullable
    first, second = outcome.table.slice(0, 2).to_pylist()
    assert first["montant"] == 99786.57
    assert first["notificationUE"] is False  # "non", the schema's falseValues
    assert first["pourcentageSubvention"] == 0.05
    assert second["idBeneficiaire"] is None  # an empty cell, a missing value
    assert second["idRAE"] is None


def test_the_invalid_example_with_cell_errors_is_refused_where_it_is_wrong(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path
) -> None:
    outcome = validated(
        lake_schemas_dir,
        schema_catalogue,
        "scdl/subventions",
        "exemple-invalide-erreurs-cellules.csv",
    )
    report = outcome.report
    assert not report.valid and outcome.table is None
    others = [
        (e.row, e.column, e.code, e.value or "")
        for e in report.errors
        if e.rule != "french-siret-value"
    ]
    assert others == CELL_ERRORS
    assert siret_rows(outcome, "idAttribuant") == BAD_ATTRIBUANT_ROWS
    assert siret_rows(outcome, "idBeneficiaire") == BAD_BENEFICIAIRE_ROWS
    assert report.counts == {
        "constraint-error:enum": 1,
        "constraint-error:maximum": 3,
        "constraint-error:pattern": 5,
        "constraint-error:required": 1,
        "french-siret-value": 49,
        "one-of-required": 1,
        "type-error": 5,
    }
    # The file lacks dispositifAide (added by schema 2.1.1, optional): a warning only.
    assert report.warnings == (
        "Colonne facultative « dispositifAide » absente du fichier : elle restera vide.",
    )
    for error in report.errors:
        assert_french(error.message)


def test_the_invalid_siret_rows_are_those_an_independent_luhn_refuses(
    lake_schemas_dir: Path,
) -> None:
    text = (lake_schemas_dir / "scdl/subventions/exemple-invalide-erreurs-cellules.csv").read_text(
        encoding="utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    refused = [
        number
        for number, row in enumerate(rows, start=2)
        if row["idBeneficiaire"]
        and not (
            len(row["idBeneficiaire"]) == 14
            and row["idBeneficiaire"].isdigit()
            and luhn(row["idBeneficiaire"])
            and luhn(row["idBeneficiaire"][:9])
        )
    ]
    assert refused == BAD_BENEFICIAIRE_ROWS


def siret_rows(outcome: ValidationOutcome, column: str) -> list[int | None]:
    return [
        e.row
        for e in outcome.report.errors
        if e.rule == "french-siret-value" and e.column == column
    ]


def test_the_invalid_example_with_column_errors_names_the_misnamed_column(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path
) -> None:
    # idAttribuant and nomAttribuant are swapped (the order does not matter: a warning), and
    # nomBeneficiaire is written NOM_Beneficiaire (an error; its cells are checked all the same).
    outcome = validated(
        lake_schemas_dir,
        schema_catalogue,
        "scdl/subventions",
        "exemple-invalide-erreurs-colonnes.csv",
    )
    report = outcome.report
    first = report.errors[0]
    assert (first.row, first.column, first.rule, first.value) == (
        None,
        "nomBeneficiaire",
        "incorrect-label",
        "NOM_Beneficiaire",
    )
    assert first.message == (
        "Colonne « nomBeneficiaire » du schéma : la colonne « NOM_Beneficiaire » du fichier "
        "doit porter exactement ce nom (règle « incorrect-label »)."
    )
    others = [
        (e.row, e.column, e.code, e.value or "")
        for e in report.errors[1:]
        if e.rule != "french-siret-value"
    ]
    # The same cells as the other example (its montant says 100000,10).
    assert others == [
        (row, column, code, "100000,10" if value == "100000,1" else value)
        for row, column, code, value in CELL_ERRORS
    ]
    assert siret_rows(outcome, "idAttribuant") == BAD_ATTRIBUANT_ROWS
    assert report.error_count == 66
    assert report.warnings == (
        "Colonne facultative « dispositifAide » absente du fichier : elle restera vide.",
        "Les colonnes ne sont pas dans l'ordre du schéma : elles ont été remises dans cet ordre.",
    )


def test_a_row_error_message_names_the_row_the_column_the_rule_and_the_value(
    schema_catalogue: SchemaCatalogue, lake_schemas_dir: Path
) -> None:
    outcome = validated(
        lake_schemas_dir,
        schema_catalogue,
        "scdl/subventions",
        "exemple-invalide-erreurs-cellules.csv",
    )
    messages = {(e.row, e.column, e.rule): e.message for e in outcome.report.errors}
    assert messages[(5, "dateConvention", "type-error")] == (
        "Ligne 5, colonne « dateConvention » : « 05/12/2016 » n'est pas une date au format "
        "AAAA-MM-JJ (règle « type-error »). Écrivez la date dans l'ordre année-mois-jour : "
        "2016-12-05."
    )
    assert messages[(6, "montant", "type-error")].startswith(
        "Ligne 6, colonne « montant » : « 100000,1 » n'est pas un nombre"
    )
    assert messages[(6, "notificationUE", "type-error")] == (
        "Ligne 6, colonne « notificationUE » : « no » n'est pas une des valeurs « oui » et "
        "« non » (règle « type-error »)."
    )
    assert messages[(2, "pourcentageSubvention", "constraint-error")] == (
        "Ligne 2, colonne « pourcentageSubvention » : « 100 » dépasse le maximum autorisé, 1 "
        "(règle « maximum »)."
    )
    assert messages[(10, "montant", "constraint-error")] == (
        "Ligne 10, colonne « montant » : valeur obligatoire manquante (règle « required »)."
    )
    assert messages[(9, "idBeneficiaire", "one-of-required")] == (
        "Ligne 9, colonne « idBeneficiaire » : renseignez « idBeneficiaire » ou "
        "« rnaBeneficiaire », au moins l'une des deux (règle « one-of-required »)."
    )
    assert messages[(7, "idAttribuant", "french-siret-value")] == (
        "Ligne 7, colonne « idAttribuant » : « 218601946 » n'est pas un numéro SIRET valide : "
        "14 chiffres dont le dernier est une clé de contrôle (règle « french-siret-value »)."
    )
