"""The schemas' custom checks (validata's), each broken and kept, on small tables written
against the deliberations and subventions schemas."""

from __future__ import annotations

import csv
import io

import pytest

from collectivia.data_lake.validation.readers import ReadLimits, read_table
from collectivia.data_lake.validation.schemas import SchemaCatalogue, load_schema
from collectivia.data_lake.validation.siret import is_valid_siret
from collectivia.data_lake.validation.validator import ValidationOutcome, validate
from collectivia.testkit.french import assert_french

LIMITS = ReadLimits(max_bytes=1_000_000, max_rows=1_000, max_uncompressed_bytes=10_000_000)

DELIBERATION = {
    "COLL_NOM": "Ville de Poitiers",
    "COLL_SIRET": "21860194600013",
    "DELIB_ID": "1DL15494",
    "DELIB_DATE": "2017-10-15",
    "DELIB_MATIERE_CODE": "7.5",
    "DELIB_MATIERE_NOM": "Finances locales/Subventions",
    "DELIB_OBJET": "Subvention au club de football",
    "BUDGET_ANNEE": "2017/2018",
    "BUDGET_NOM": "Budget principal",
    "PREF_ID": "PREF086",
    "PREF_DATE": "2017-10-20",
    "VOTE_EFFECTIF": "43",
    "VOTE_REEL": "40",
    "VOTE_POUR": "25",
    "VOTE_CONTRE": "10",
    "VOTE_ABSTENTION": "5",
    "DELIB_URL": "https://data.maville.fr/deliberations/files/200417_1.pdf",
}
SUBVENTION = {
    "nomAttribuant": "Ville d'Antibes",
    "idAttribuant": "21060004500392",
    "dateConvention": "2015-07-07",
    "referenceDecision": "CONV 2074-15",
    "nomBeneficiaire": "Antibes Rallye Association",
    "idBeneficiaire": "52499120500013",
    "rnaBeneficiaire": "W322216459",
    "objet": "Fonctionnement",
    "montant": "33000",
    "nature": "aide en numéraire",
    "conditionsVersement": "unique",
    "datesPeriodeVersement": "2017-03-09/2017-07-31",
    "idRAE": "",
    "notificationUE": "non",
    "pourcentageSubvention": "1",
    "dispositifAide": "",
}


def table_of(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def checked(
    catalogue: SchemaCatalogue, schema: str, base: dict[str, str], **changes: str
) -> ValidationOutcome:
    """A table of the valid ``base`` row, then the row with ``changes`` (row 3)."""
    content = table_of([base, {**base, **changes}])
    table = read_table(filename="table.csv", content=content, limits=LIMITS)
    return validate(table, catalogue.get(schema))


def errors(outcome: ValidationOutcome) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.rule) for e in outcome.report.errors]


def test_the_valid_rows_pass_every_check(schema_catalogue: SchemaCatalogue) -> None:
    assert checked(schema_catalogue, "scdl/deliberations", DELIBERATION).report.valid
    assert checked(schema_catalogue, "scdl/subventions", SUBVENTION).report.valid


# --- french-siret-value ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("21860194600013", True),  # Poitiers
        ("21060004500392", True),  # Antibes
        ("210 600 045 00392", True),  # spaces are ignored, as python-stdnum does
        ("21060004500393", False),  # the checksum digit changed
        ("21060004500329", False),  # two digits swapped
        ("2106000450039", False),  # 13 digits
        ("2106000450039A", False),
        ("", False),
        # La Poste: SIREN 356 000 000, the digits add up to a multiple of 5...
        ("35600000000010", True),  # ... though Luhn fails on it
        ("35600000000014", False),  # ... Luhn holds, but 19 is no multiple of 5
        ("35600000000048", True),  # ... except the head office, which follows Luhn
        ("35600000000049", False),
        ("12345678200010", True),  # Luhn holds on the 14 digits and on the SIREN
        ("12345678200000", False),  # a valid SIREN, the 14 digits fail Luhn
        ("12345678900007", False),  # Luhn holds on the 14 digits, not on the SIREN
    ],
)
def test_siret_numbers(number: str, valid: bool) -> None:
    assert is_valid_siret(number) is valid


def test_a_siret_that_fails_its_checksum_is_refused(schema_catalogue: SchemaCatalogue) -> None:
    outcome = checked(
        schema_catalogue, "scdl/deliberations", DELIBERATION, COLL_SIRET="21860194600014"
    )
    assert errors(outcome) == [(3, "COLL_SIRET", "french-siret-value")]
    assert_french(outcome.report.errors[0].message)


def test_a_la_poste_siret_is_checked_by_its_own_rule(schema_catalogue: SchemaCatalogue) -> None:
    kept = checked(
        schema_catalogue, "scdl/subventions", SUBVENTION, idBeneficiaire="35600000000010"
    )
    assert kept.report.valid
    refused = checked(
        schema_catalogue, "scdl/subventions", SUBVENTION, idBeneficiaire="35600000000014"
    )
    assert errors(refused) == [(3, "idBeneficiaire", "french-siret-value")]


# --- one-of-required -------------------------------------------------------------------------


def test_one_of_two_identifiers_is_required(schema_catalogue: SchemaCatalogue) -> None:
    only_rna = checked(schema_catalogue, "scdl/subventions", SUBVENTION, idBeneficiaire="")
    assert only_rna.report.valid
    only_siret = checked(schema_catalogue, "scdl/subventions", SUBVENTION, rnaBeneficiaire="")
    assert only_siret.report.valid
    neither = checked(
        schema_catalogue, "scdl/subventions", SUBVENTION, idBeneficiaire="", rnaBeneficiaire=""
    )
    assert errors(neither) == [(3, "idBeneficiaire", "one-of-required")]


def test_both_identifier_columns_absent_is_one_error_for_the_file(
    schema_catalogue: SchemaCatalogue,
) -> None:
    row = {k: v for k, v in SUBVENTION.items() if k not in ("idBeneficiaire", "rnaBeneficiaire")}
    table = read_table(filename="t.csv", content=table_of([row]), limits=LIMITS)
    outcome = validate(table, schema_catalogue.get("scdl/subventions"))
    assert errors(outcome) == [(None, "idBeneficiaire", "one-of-required")]
    assert outcome.report.errors[0].message == (
        "Colonne « idBeneficiaire » du schéma : ni la colonne « idBeneficiaire » ni la colonne "
        "« rnaBeneficiaire » ne figure dans le fichier ; l'une des deux est obligatoire "
        "(règle « one-of-required »)."
    )


# --- year-interval-value ---------------------------------------------------------------------


@pytest.mark.parametrize("years", ["2017", "2017/2018", "2016/2020", ""])
def test_a_year_or_a_period_is_kept(schema_catalogue: SchemaCatalogue, years: str) -> None:
    changes = {"BUDGET_ANNEE": years} if years else {"BUDGET_ANNEE": "", "BUDGET_NOM": ""}
    assert checked(schema_catalogue, "scdl/deliberations", DELIBERATION, **changes).report.valid


@pytest.mark.parametrize(
    ("years", "variant_words"),
    [
        ("2018/2017", "la deuxième année doit suivre la première"),
        ("2017/2017", "doit relier deux années différentes"),
    ],
)
def test_a_period_must_go_forward(
    schema_catalogue: SchemaCatalogue, years: str, variant_words: str
) -> None:
    outcome = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, BUDGET_ANNEE=years)
    assert errors(outcome) == [(3, "BUDGET_ANNEE", "year-interval-value")]
    assert variant_words in outcome.report.errors[0].message


def test_a_malformed_period_breaks_the_pattern_and_the_check(
    schema_catalogue: SchemaCatalogue,
) -> None:
    outcome = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, BUDGET_ANNEE="17-18")
    assert errors(outcome) == [
        (3, "BUDGET_ANNEE", "constraint-error"),
        (3, "BUDGET_ANNEE", "year-interval-value"),
    ]


# --- cohesive-columns-value ------------------------------------------------------------------


def test_budget_year_and_name_go_together(schema_catalogue: SchemaCatalogue) -> None:
    outcome = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, BUDGET_NOM="")
    assert errors(outcome) == [(3, "BUDGET_ANNEE", "cohesive-columns-value")]
    assert outcome.report.errors[0].message == (
        "Ligne 3, colonne « BUDGET_ANNEE » : les colonnes « BUDGET_ANNEE » et « BUDGET_NOM » "
        "doivent être toutes remplies ou toutes vides ; ici, seules « BUDGET_ANNEE » le sont "
        "(règle « cohesive-columns-value »)."
    )


def test_the_votes_are_all_given_or_none(schema_catalogue: SchemaCatalogue) -> None:
    none = dict.fromkeys(
        ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"), ""
    )
    assert checked(schema_catalogue, "scdl/deliberations", DELIBERATION, **none).report.valid
    some = {**none, "VOTE_POUR": "25"}
    outcome = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, **some)
    assert errors(outcome) == [(3, "VOTE_EFFECTIF", "cohesive-columns-value")]


def test_cohesive_columns_partly_absent_is_one_error_for_the_file(
    schema_catalogue: SchemaCatalogue,
) -> None:
    row = {k: v for k, v in DELIBERATION.items() if k != "BUDGET_NOM"}
    table = read_table(filename="t.csv", content=table_of([row]), limits=LIMITS)
    outcome = validate(table, schema_catalogue.get("scdl/deliberations"))
    assert errors(outcome) == [(None, "BUDGET_ANNEE", "cohesive-columns-value")]
    assert "il manque « BUDGET_NOM »" in outcome.report.errors[0].message


# --- compare-columns-value -------------------------------------------------------------------


def test_the_prefecture_registers_after_the_vote(schema_catalogue: SchemaCatalogue) -> None:
    same_day = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, PREF_DATE="2017-10-15")
    assert same_day.report.valid
    before = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, PREF_DATE="2017-10-14")
    assert errors(before) == [(3, "PREF_DATE", "compare-columns-value")]
    assert before.report.errors[0].message == (
        "Ligne 3, colonne « PREF_DATE » : « 2017-10-14 » devrait être supérieure ou égale à la "
        "valeur de la colonne « DELIB_DATE », « 2017-10-15 » (règle « compare-columns-value »)."
    )
    unknown = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, PREF_DATE="")
    assert unknown.report.valid  # an empty cell is not compared


def test_more_voters_than_members_is_refused(schema_catalogue: SchemaCatalogue) -> None:
    outcome = checked(
        schema_catalogue,
        "scdl/deliberations",
        DELIBERATION,
        VOTE_EFFECTIF="39",
    )
    assert errors(outcome) == [(3, "VOTE_EFFECTIF", "compare-columns-value")]


def test_numbers_compare_as_numbers_not_as_text(schema_catalogue: SchemaCatalogue) -> None:
    # "100" < "40" as text; 100 > 40 as numbers.
    many = {
        "VOTE_EFFECTIF": "150",
        "VOTE_REEL": "100",
        "VOTE_POUR": "90",
        "VOTE_CONTRE": "5",
        "VOTE_ABSTENTION": "5",
    }
    assert checked(schema_catalogue, "scdl/deliberations", DELIBERATION, **many).report.valid


# --- sum-columns-value -----------------------------------------------------------------------


def test_the_votes_add_up(schema_catalogue: SchemaCatalogue) -> None:
    outcome = checked(schema_catalogue, "scdl/deliberations", DELIBERATION, VOTE_ABSTENTION="4")
    assert errors(outcome) == [(3, "VOTE_REEL", "sum-columns-value")]
    assert outcome.report.errors[0].message == (
        "Ligne 3, colonne « VOTE_REEL » : « 40 » devrait être la somme des colonnes "
        "« VOTE_POUR », « VOTE_CONTRE » et « VOTE_ABSTENTION », soit 39 "
        "(règle « sum-columns-value »)."
    )


# --- nomenclature-actes-value ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Finances locales/Subventions", "7.5"),
        ("finances locales/subventions", "7.5"),  # case and accents aside, as validata
        ("Domaines de competences par themes/Culture", "8.9"),
        ("Commande publique/Marchés publics", "1.1"),
        ("Autres domaines de compétences/Autres", "9.4"),
        ("Culture et patrimoine", "8.9"),  # the collectivity's own list: free text
    ],
)
def test_a_matter_of_the_nomenclature_or_of_its_own_is_kept(
    schema_catalogue: SchemaCatalogue, name: str, code: str
) -> None:
    outcome = checked(
        schema_catalogue,
        "scdl/deliberations",
        DELIBERATION,
        DELIB_MATIERE_NOM=name,
        DELIB_MATIERE_CODE=code,
    )
    assert outcome.report.valid, outcome.report.errors


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("Finances locales", "7.5", "écrivez la matière puis la sous-matière"),
        ("Finances locales/", "7.5", "écrivez la matière puis la sous-matière"),
        ("Finances locales / Subventions", "7.5", "ni précédée ni suivie d'une espace"),
        ("Urbanisme/Permis de construire", "7.5", "a un code 2.x dans la nomenclature ACTES"),
    ],
)
def test_a_matter_of_the_nomenclature_is_written_as_it_says(
    schema_catalogue: SchemaCatalogue, name: str, code: str, words: str
) -> None:
    outcome = checked(
        schema_catalogue,
        "scdl/deliberations",
        DELIBERATION,
        DELIB_MATIERE_NOM=name,
        DELIB_MATIERE_CODE=code,
    )
    assert errors(outcome) == [(3, "DELIB_MATIERE_NOM", "nomenclature-actes-value")]
    assert words in outcome.report.errors[0].message
    assert_french(outcome.report.errors[0].message)


def test_a_blank_row_is_reported_once_not_by_every_check(
    schema_catalogue: SchemaCatalogue,
) -> None:
    content = table_of([DELIBERATION, dict.fromkeys(DELIBERATION, ""), DELIBERATION])
    table = read_table(filename="t.csv", content=content, limits=LIMITS)
    outcome = validate(table, schema_catalogue.get("scdl/deliberations"))
    assert errors(outcome) == [(3, None, "blank-row")]
    assert outcome.report.errors[0].message == (
        "Ligne 3 : ligne vide ; supprimez-la (règle « blank-row »)."
    )


# --- the checks on other types than the SCDL schemas use ---------------------------------------

MIXED = {
    "fields": [
        {"name": "texte_a", "type": "string"},
        {"name": "texte_b", "type": "string"},
        {"name": "jour", "type": "date"},
        {"name": "total", "type": "number"},
        {"name": "part_a", "type": "number"},
        {"name": "part_b", "type": "integer"},
    ],
    "custom_checks": [
        {
            "name": "compare-columns-value",
            "params": {"column": "texte_a", "op": "<", "column2": "texte_b"},
        },
        {
            "name": "compare-columns-value",
            "params": {"column": "jour", "op": "==", "column2": "texte_a"},
        },
        {
            "name": "sum-columns-value",
            "params": {"column": "total", "columns": ["part_a", "part_b"]},
        },
        {"name": "year-interval-value", "params": {"column": "texte_b"}},
    ],
}


def mixed_errors(rows: list[dict[str, str]]) -> list[tuple[int | None, str | None, str, str]]:
    schema = load_schema(MIXED, name="mixte")
    table = read_table(filename="t.csv", content=table_of(rows), limits=LIMITS)
    return [(e.row, e.column, e.rule, e.message) for e in validate(table, schema).report.errors]


def test_text_compares_as_numbers_when_both_read_as_numbers_else_alphabetically() -> None:
    base = {"texte_a": "", "texte_b": "", "jour": "", "total": "", "part_a": "", "part_b": ""}
    rows = [
        {**base, "texte_a": "9", "texte_b": "10"},  # 9 < 10 as numbers ("9" > "10" as text)
        {**base, "texte_a": "abc", "texte_b": "abd"},
        {**base, "texte_a": "abd", "texte_b": "abc"},
        {**base, "texte_a": "1e3", "texte_b": " 2_000 "},
    ]
    found = [(row, column, rule) for row, column, rule, _ in mixed_errors(rows)]
    assert found == [
        (2, "texte_b", "year-interval-value"),
        (3, "texte_b", "year-interval-value"),
        (4, "texte_a", "compare-columns-value"),
        (4, "texte_b", "year-interval-value"),
        (5, "texte_b", "year-interval-value"),
    ]


def test_a_date_against_text_is_not_comparable() -> None:
    row = {"texte_a": "2016", "texte_b": "2017/2018", "jour": "2017-10-15"}
    row |= {"total": "", "part_a": "", "part_b": ""}
    assert mixed_errors([row]) == [
        (
            2,
            "jour",
            "compare-columns-value",
            "Ligne 2, colonne « jour » : « 2017-10-15 » ne peut pas être comparé à la valeur de "
            "la colonne « texte_a », « 2016 » (règle « compare-columns-value »).",
        )
    ]


def test_decimals_add_up_exactly() -> None:
    base = {"texte_a": "", "texte_b": "", "jour": ""}
    rows = [
        {**base, "total": "0.3", "part_a": "0.1", "part_b": "0"},  # wrong: 0.1 + 0 is not 0.3
        {**base, "total": "10.3", "part_a": "0.3", "part_b": "10"},  # 0.1 + 0.2 style: exact
        {**base, "total": "5", "part_a": "", "part_b": "5"},  # an empty part: not checked
    ]
    assert [(r, c, rule) for r, c, rule, _ in mixed_errors(rows)] == [
        (2, "total", "sum-columns-value")
    ]
    assert "soit 0.1 " in mixed_errors(rows)[0][3]
