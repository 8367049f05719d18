"""The report and the typed table: rows counted as a spreadsheet user counts them, values cut
to 80 characters, errors listed up to ``max_errors`` and counted all; a valid table typed from
the schema, in its order, missing values null."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa
import pytest

from collectivia.data_lake.validation.findings import Finding
from collectivia.data_lake.validation.readers import RawTable, ReadLimits, read_table
from collectivia.data_lake.validation.report import message
from collectivia.data_lake.validation.schemas import TableSchemaDefinition, load_schema
from collectivia.data_lake.validation.validator import validate
from collectivia.testkit.french import assert_french

LIMITS = ReadLimits(max_bytes=1_000_000, max_rows=10_000, max_uncompressed_bytes=10_000_000)

TYPED = {
    "missingValues": ["", "NA"],
    "fields": [
        {"name": "nom", "type": "string", "constraints": {"required": True}},
        {"name": "n", "type": "integer"},
        {"name": "montant", "type": "number"},
        {"name": "actif", "type": "boolean"},
        {"name": "jour", "type": "date"},
        {"name": "moment", "type": "datetime"},
        {"name": "annee", "type": "year"},
        {"name": "heure", "type": "time"},
        {"name": "absente", "type": "integer"},
    ],
}


def csv_table(text: str) -> RawTable:
    return read_table(filename="t.csv", content=text.encode(), limits=LIMITS)


def schema_of(descriptor: Mapping[str, Any]) -> TableSchemaDefinition:
    return load_schema(descriptor, name="essai")


def test_a_valid_table_is_typed_from_the_schema_in_its_order() -> None:
    table = csv_table(
        "heure,nom,n,montant,actif,jour,moment,annee\n"
        "08:30:00,A,3,12.5,true,2017-10-15,2017-10-15T08:30:00Z,2017\n"
        "NA,B,NA,,false,NA,,NA\n"
    )
    outcome = validate(table, schema_of(TYPED))
    assert outcome.report.valid
    assert outcome.table is not None
    assert outcome.table.schema == pa.schema(
        [
            pa.field("nom", pa.string(), nullable=False),
            pa.field("n", pa.int64()),
            pa.field("montant", pa.float64()),
            pa.field("actif", pa.bool_()),
            pa.field("jour", pa.date32()),
            pa.field("moment", pa.timestamp("us", tz="UTC")),
            pa.field("annee", pa.int32()),
            pa.field("heure", pa.string()),
            pa.field("absente", pa.int64()),
        ]
    )
    assert outcome.table.to_pylist() == [
        {
            "nom": "A",
            "n": 3,
            "montant": 12.5,
            "actif": True,
            "jour": date(2017, 10, 15),
            "moment": datetime(2017, 10, 15, 8, 30, tzinfo=UTC),
            "annee": 2017,
            "heure": "08:30:00",
            "absente": None,
        },
        dict.fromkeys(
            ("nom", "n", "montant", "actif", "jour", "moment", "annee", "heure", "absente")
        )
        | {"nom": "B", "actif": False},
    ]
    assert outcome.report.warnings == (
        "Colonne facultative « absente » absente du fichier : elle restera vide.",
        "Les colonnes ne sont pas dans l'ordre du schéma : elles ont été remises dans cet ordre.",
    )


def test_an_invalid_table_gives_no_typed_table() -> None:
    outcome = validate(csv_table("nom,n\nA,trois\n"), schema_of(TYPED))
    assert outcome.table is None
    assert [(e.row, e.column, e.rule, e.value) for e in outcome.report.errors] == [
        (2, "n", "type-error", "trois")
    ]


def test_rows_are_counted_from_the_header_row() -> None:
    schema = schema_of({"fields": [{"name": "n", "type": "integer"}]})
    csv_report = validate(csv_table("n\n1\nx\n"), schema).report
    assert (csv_report.header_row, csv_report.errors[0].row) == (1, 3)
    json_table = read_table(filename="t.json", content=b'[{"n": 1}, {"n": "x"}]', limits=LIMITS)
    json_report = validate(json_table, schema).report
    assert (json_report.header_row, json_report.errors[0].row) == (0, 2)
    assert json_report.errors[0].message.startswith("Ligne 2, colonne « n »")


def test_errors_are_listed_up_to_max_errors_and_all_counted() -> None:
    schema = schema_of({"fields": [{"name": "n", "type": "integer"}]})
    table = csv_table("n\n" + "x\n" * 30 + "1.5\n")
    report = validate(table, schema, max_errors=5).report
    assert (report.error_count, report.truncated, len(report.errors)) == (31, True, 5)
    assert [e.row for e in report.errors] == [2, 3, 4, 5, 6]
    assert report.counts == {"type-error": 31}
    complete = validate(table, schema).report
    assert (complete.truncated, len(complete.errors)) == (False, 31)


def test_a_long_value_is_cut_to_80_characters() -> None:
    schema = schema_of(
        {"fields": [{"name": "objet", "type": "string", "constraints": {"maxLength": 10}}]}
    )
    report = validate(csv_table("objet\n" + "é" * 300 + "\n"), schema).report
    error = report.errors[0]
    assert error.value == "é" * 79 + "…"
    assert error.message == (
        "Ligne 2, colonne « objet » : la valeur compte 300 caractères ; 10 au plus sont admis "
        "(règle « maxLength »)."
    )


def test_the_header_errors_come_first_and_name_their_column() -> None:
    schema = schema_of(
        {
            "fields": [
                {"name": "nom", "type": "string", "constraints": {"required": True}},
                {"name": "code", "type": "string", "constraints": {"required": True}},
                {"name": "x", "type": "string"},
            ]
        }
    )
    table = csv_table("x,x,autre,,\na,b,c,d,\n")
    report = validate(table, schema).report
    assert [(e.row, e.column, e.rule) for e in report.errors] == [
        (None, "nom", "missing-label"),
        (None, "code", "missing-label"),
        (None, "x", "duplicate-label"),
        (None, None, "blank-label"),
    ]
    assert [e.message for e in report.errors] == [
        "Colonne « nom » du schéma : cette colonne obligatoire manque dans le fichier "
        "(règle « missing-label »).",
        "Colonne « code » du schéma : cette colonne obligatoire manque dans le fichier "
        "(règle « missing-label »).",
        "Colonne « x » du schéma : la colonne figure 2 fois dans l'en-tête ; gardez-en une seule "
        "(règle « duplicate-label »).",
        "Fichier : la colonne n° 4 contient des données mais n'a pas de nom dans l'en-tête "
        "(règle « blank-label »).",
    ]
    assert report.warnings == (
        "Colonne « autre » ignorée : le schéma « essai » ne la prévoit pas ; elle ne sera pas "
        "enregistrée.",
        "La colonne n° 5 n'a pas de nom et est vide : elle a été ignorée.",
    )


def test_unique_and_primary_key_errors_name_the_earlier_row() -> None:
    schema = schema_of(
        {
            "primaryKey": ["code", "annee"],
            "fields": [
                {"name": "code", "type": "string"},
                {"name": "annee", "type": "year"},
                {"name": "n", "type": "number", "constraints": {"unique": True}},
            ],
        }
    )
    table = csv_table("code,annee,n\nA,2017,1.0\nA,2018,2\nA,2017,1.00\n,,3\n")
    report = validate(table, schema).report
    assert [e.message for e in report.errors] == [
        "Ligne 4, colonne « n » : « 1.00 » figure déjà ligne 2 ; chaque valeur de la colonne "
        "doit être unique (règle « unique »).",
        "Ligne 4 : la clé (« code » et « annee ») « A | 2017 » figure déjà ligne 2 ; chaque "
        "ligne doit avoir sa propre clé (règle « primary-key »).",
        "Ligne 5 : la clé (« code » et « annee ») est vide ; chaque ligne doit avoir la sienne "
        "(règle « primary-key »).",
    ]


FINDINGS = [
    Finding("type-error", row=0, column="n", value="x"),
    Finding("type-error", row=0, column="jour", value="15/10/2017"),
    Finding("type-error", row=0, column="montant", value="12,5"),
    Finding("type-error", row=0, column="actif", value="peut-être"),
    Finding("type-error", row=0, column="mel", value="x@"),
    Finding("type-error", row=0, column="site", value="exemple.fr"),
    Finding("type-error", row=0, column="lieu", value="x"),
    Finding("type-error", row=0, column="jour_fr", value="2017-10-15"),
    Finding("constraint-error", row=0, column="n", constraint="minimum", value="-1"),
    Finding("constraint-error", row=0, column="n", constraint="exclusiveMaximum", value="9"),
    Finding("constraint-error", row=0, column="code", constraint="enum", value="z"),
    Finding("constraint-error", row=0, column="code", constraint="pattern", value="z"),
    Finding("constraint-error", row=0, column="code", constraint="minLength", value="z"),
    Finding("missing-cell", row=0, column="code"),
    Finding("some-future-rule", row=0, column="code", value="z"),
    Finding("some-future-rule", row=None, column=None),
]
EXPECTED_MESSAGES = [
    "Ligne 2, colonne « n » : « x » n'est pas un nombre entier (des chiffres, sans espace ni "
    "séparateur de milliers) (règle « type-error »).",
    "Ligne 2, colonne « jour » : « 15/10/2017 » n'est pas une date au format AAAA-MM-JJ "
    "(règle « type-error »). Écrivez la date dans l'ordre année-mois-jour : 2017-10-15.",
    "Ligne 2, colonne « montant » : « 12,5 » n'est pas un nombre (des chiffres, le point comme "
    "séparateur décimal, sans espace ni séparateur de milliers) (règle « type-error »). "
    "Écrivez le séparateur décimal avec un point (12.5) et sans séparateur de milliers.",
    "Ligne 2, colonne « actif » : « peut-être » n'est pas une des valeurs « oui » et « non » "
    "(règle « type-error »).",
    "Ligne 2, colonne « mel » : « x@ » n'est pas une adresse électronique valide (par exemple "
    "nom@domaine.fr) (règle « type-error »).",
    "Ligne 2, colonne « site » : « exemple.fr » n'est pas une adresse web complète, avec son "
    "protocole (par exemple https://exemple.fr) (règle « type-error »).",
    "Ligne 2, colonne « lieu » : « x » n'est pas un point géographique ([longitude, latitude]) "
    "(règle « type-error »).",
    "Ligne 2, colonne « jour_fr » : « 2017-10-15 » n'est pas une date au format JJ/MM/AAAA "
    "(règle « type-error »).",
    "Ligne 2, colonne « n » : « -1 » est inférieur au minimum autorisé, 0 (règle « minimum »).",
    "Ligne 2, colonne « n » : « 9 » doit être strictement inférieur à 9 "
    "(règle « exclusiveMaximum »).",
    "Ligne 2, colonne « code » : « z » ne fait pas partie des valeurs autorisées : « a » et "
    "« b » (règle « enum »).",
    "Ligne 2, colonne « code » : « z » n'a pas la forme attendue, décrite par l'expression "
    "régulière [ab] (règle « pattern »).",
    "Ligne 2, colonne « code » : « z » compte 1 caractères ; il en faut au moins 1 "
    "(règle « minLength »).",
    "Ligne 2, colonne « code » : cellule manquante, la ligne compte moins de cellules que "
    "l'en-tête (règle « missing-cell »).",
    "Ligne 2, colonne « code » : valeur « z » refusée (règle « some-future-rule »).",
    "Fichier : règle « some-future-rule » non respectée.",
]
MESSAGES_SCHEMA = {
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "fields": [
        {"name": "n", "type": "integer", "constraints": {"minimum": 0, "exclusiveMaximum": 9}},
        {"name": "jour", "type": "date"},
        {"name": "montant", "type": "number"},
        {"name": "actif", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
        {"name": "mel", "type": "string", "format": "email"},
        {"name": "site", "type": "string", "format": "uri"},
        {"name": "lieu", "type": "geopoint", "format": "array"},
        {"name": "jour_fr", "type": "date", "format": "%d/%m/%Y"},
        {
            "name": "code",
            "type": "string",
            "constraints": {"enum": ["a", "b"], "pattern": "[ab]", "minLength": 1},
        },
    ],
}


@pytest.mark.parametrize(("found", "expected"), list(zip(FINDINGS, EXPECTED_MESSAGES, strict=True)))
def test_each_rule_has_its_french_message(found: Finding, expected: str) -> None:
    definition = schema_of(MESSAGES_SCHEMA)
    row = None if found.row is None else found.row + 2
    text = message(found, definition, row, 1)
    assert text == expected
    assert_french(text)
