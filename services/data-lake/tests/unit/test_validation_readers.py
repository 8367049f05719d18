"""Reading files at the door: encodings and separators found, every format read into
strings, and the files refused with a French reason (empty, too large, formulas, zip bombs,
malformed Parquet or JSON...)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from collectivia.data_lake.validation.readers import RawTable, ReadLimits, read_table
from collectivia.data_lake.validation.schemas import load_schema
from collectivia.data_lake.validation.validator import validate
from collectivia.platform.errors import InvalidInput
from collectivia.testkit.french import assert_french

LIMITS = ReadLimits(max_bytes=5_000_000, max_rows=1_000, max_uncompressed_bytes=20_000_000)


def read(name: str, content: bytes, limits: ReadLimits = LIMITS) -> RawTable:
    return read_table(filename=name, content=content, limits=limits)


def refused(name: str, content: bytes, limits: ReadLimits = LIMITS) -> str:
    with pytest.raises(InvalidInput) as caught:
        read(name, content, limits)
    assert_french(caught.value.detail)
    assert name in caught.value.detail
    return caught.value.detail


def rows_of(table: RawTable) -> list[list[str | None]]:
    return [list(row) for row in zip(*(c.to_pylist() for c in table.columns), strict=True)]


# --- CSV: encodings and separators ------------------------------------------------------------


def test_a_windows_1252_file_is_read_with_a_warning() -> None:
    table = read("aides.csv", "nom;montant\nCafé de l'Été;12,5\n".encode("cp1252"))
    assert (table.encoding, table.separator) == ("windows-1252", ";")
    assert table.header == ("nom", "montant")
    assert rows_of(table) == [["Café de l'Été", "12,5"]]
    assert table.warnings == (
        "Le fichier « aides.csv » n'est pas encodé en UTF-8 : il a été lu comme du "
        "windows-1252. Vérifiez les accents dans les données ; la prochaine fois, "
        "enregistrez-le en CSV UTF-8.",
    )
    assert_french(table.warnings[0])


def test_bytes_windows_1252_lacks_are_read_as_latin_1() -> None:
    table = read("t.csv", b"nom,code\n\x81x,1\n")
    assert table.encoding == "latin-1"
    assert rows_of(table) == [["\x81x", "1"]]


def test_a_utf8_bom_is_dropped() -> None:
    table = read("t.csv", "\ufeffnom,montant\nÉcole,3\n".encode())
    assert (table.encoding, table.header) == ("utf-8-sig", ("nom", "montant"))
    assert table.warnings == ()


def test_utf16_with_its_bom_is_read() -> None:
    table = read("t.txt", "nom\tmontant\r\nÉcole\t3\r\n".encode("utf-16"))
    assert (table.encoding, table.separator) == ("utf-16", "\t")
    assert rows_of(table) == [["École", "3"]]


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_the_separator_is_found(separator: str) -> None:
    text = separator.join(["nom", "objet", "montant"]) + "\n"
    text += separator.join(["Ville", '"a, b; c | d"', "12"]) + "\n"
    text += separator.join(["Mairie", "x", "3"]) + "\n"
    table = read("t.csv", text.encode())
    assert table.separator == separator
    assert rows_of(table) == [["Ville", "a, b; c | d", "12"], ["Mairie", "x", "3"]]


def test_a_single_column_file_is_read() -> None:
    table = read("t.csv", b"nom\na\nb\n")
    assert (table.header, rows_of(table)) == (("nom",), [["a"], ["b"]])


def test_quoted_newlines_stay_in_their_cell_and_rows_are_records() -> None:
    table = read("t.csv", b'nom,objet\nA,"deux\nlignes"\nB,x\n')
    assert rows_of(table) == [["A", "deux\nlignes"], ["B", "x"]]
    assert table.row_number(1) == 3  # the second record, as a spreadsheet shows it


def test_blank_lines_inside_are_kept_and_at_the_end_dropped() -> None:
    table = read("t.csv", b"a,b\n1,2\n\n3,4\n,\n\n")
    assert rows_of(table) == [["1", "2"], ["", ""], ["3", "4"]]
    assert table.cell_counts is None


def test_labels_are_trimmed_with_a_warning() -> None:
    table = read("t.csv", b" nom ,montant\nA,1\n")
    assert table.header == ("nom", "montant")
    assert table.warnings == ("Espaces retirés autour des noms de colonnes : «  nom  ».",)


def test_ragged_rows_are_reported_by_the_validation() -> None:
    table = read("t.csv", b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n")
    assert table.cell_counts == (2, 4, 3)
    assert rows_of(table) == [["1", "2", None], ["1", "2", "3"], ["1", "2", "3"]]
    schema = load_schema({"fields": [{"name": n, "type": "integer"} for n in "abc"]}, name="t")
    report = validate(table, schema).report
    assert [(e.row, e.column, e.rule) for e in report.errors] == [
        (2, "c", "missing-cell"),
        (3, None, "extra-cell"),
    ]
    assert report.errors[1].message == (
        "Ligne 3 : cellule en trop en colonne n° 4, au-delà des 3 colonnes de l'en-tête "
        "(règle « extra-cell »)."
    )


# --- CSV: refusals -------------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert refused("vide.csv", b"") == (
        "Le fichier « vide.csv » est vide : déposez un fichier avec une ligne d'en-tête (les "
        "noms des colonnes) et les lignes de données."
    )


def test_an_oversize_file_is_refused_before_reading() -> None:
    limits = ReadLimits(max_bytes=1024, max_rows=10, max_uncompressed_bytes=10_000)
    assert refused("gros.csv", b"a\n" + b"x\n" * 600, limits) == (
        "Le fichier « gros.csv » pèse 1,2 ko, au-delà de la limite de 1 ko : découpez-le en "
        "plusieurs fichiers."
    )


def test_too_many_rows_are_refused() -> None:
    limits = ReadLimits(max_bytes=10_000, max_rows=2, max_uncompressed_bytes=10_000)
    detail = refused("t.csv", b"a\n1\n2\n3\n", limits)
    assert "compte 3 lignes de données, au-delà de la limite de 2" in detail


def test_a_binary_file_is_not_read_as_csv() -> None:
    detail = refused("t.csv", b"a,b\n\x00\x01,2\n")
    assert "n'est pas un fichier texte lisible" in detail


def test_a_first_line_without_names_is_refused() -> None:
    assert "La première ligne du fichier « t.csv » est vide" in refused("t.csv", b"\na,b\n")


@pytest.mark.parametrize(
    ("name", "words"),
    [("t.xls", "Excel 97-2003 (.xls)"), ("t.ods", "OpenDocument (.ods)"), ("t.pdf", "CSV")],
)
def test_other_formats_are_refused_with_advice(name: str, words: str) -> None:
    assert words in refused(name, b"%PDF-1.4 whatever")


# --- formulas ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        '=HYPERLINK("http://x.example")',
        "+SUM(A1:A2)",
        "-cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+A1",
        "-B2*3",
        '+A1+HYPERLINK("http://x.example")',
        " =1+1",
        "\t=1+1",
    ],
)
def test_a_formula_in_a_csv_cell_is_refused_naming_its_row_and_column(cell: str) -> None:
    content = ("nom,objet\nA,ok\nB," + '"' + cell.replace('"', '""') + '"\n').encode()
    detail = refused("t.csv", content)
    assert "contient une formule de tableur ligne 3, colonne « objet »" in detail


@pytest.mark.parametrize(
    "cell",
    [
        "-12.5",
        "+33 6 12 34 56 78",
        "- voir l'annexe (page 3)",
        "@mairie",
        "-",
        "--",
        "a=b",
        "+",
        "-A",
    ],
)
def test_numbers_phones_and_text_starting_with_a_sign_are_kept(cell: str) -> None:
    table = read("t.csv", ("nom,objet\nA," + '"' + cell + '"\n').encode())
    assert rows_of(table) == [["A", cell]]


def test_the_formula_message_counts_the_others() -> None:
    detail = refused("t.csv", b"a,b\n=1,ok\nok,=2\n=3,ok\n")
    assert detail == (
        "Le fichier « t.csv » contient une formule de tableur ligne 2, colonne « a » : « =1 » "
        "(et 2 autres cellules). Les formules sont refusées (elles peuvent s'exécuter à "
        "l'ouverture du fichier) : exportez les valeurs seules, ou retirez le signe placé en "
        "tête de cellule."
    )


def test_a_formula_beyond_the_header_is_refused_too() -> None:
    assert refused("t.csv", b"a,b\n1,2,=3\n") == (
        "Le fichier « t.csv » contient une formule de tableur ligne 2, dans la cellule n° 3, "
        "au-delà des colonnes de l'en-tête : « =3 ». Les formules sont refusées : exportez les "
        "valeurs seules."
    )


# --- XLSX ----------------------------------------------------------------------------------------


def workbook_bytes(rows: list[list[object]], *, blank_rows: int = 0, sheets: int = 1) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Données"
    for _ in range(blank_rows):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    for number in range(1, sheets):
        workbook.create_sheet(f"Autre {number}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_sheet_is_read_into_strings() -> None:
    content = workbook_bytes(
        [
            ["siret", "montant", "taux", "date", "moment", "actif", "note"],
            [
                21060004500392,
                33000,
                0.1,
                datetime(2017, 3, 9),
                datetime(2017, 3, 9, 8, 30),
                True,
                None,
            ],
            ["21860194600013", 12.5, 1.0, date(2018, 1, 2), None, False, "Été"],
        ],
        blank_rows=2,
        sheets=2,
    )
    table = read("aides.xlsx", content)
    assert table.header == ("siret", "montant", "taux", "date", "moment", "actif", "note")
    assert rows_of(table) == [
        ["21060004500392", "33000", "0.1", "2017-03-09", "2017-03-09T08:30:00", "true", None],
        ["21860194600013", "12.5", "1", "2018-01-02", None, "false", "Été"],
    ]
    assert table.header_row == 3 and table.row_number(0) == 4
    assert table.warnings == (
        "Le classeur « aides.xlsx » compte 2 feuilles : seule la première, « Données », a été lue.",
    )


def test_a_formula_in_an_xlsx_cell_is_refused() -> None:
    detail = refused("t.xlsx", workbook_bytes([["a", "b"], [1, 2], ["=A2*2", 3]]))
    assert detail == (
        "Le classeur « t.xlsx » contient une formule en A3 (feuille « Données ») : « =A2*2 ». "
        "Les formules sont refusées : copiez les cellules puis collez les valeurs seules "
        "(collage spécial), enregistrez et déposez de nouveau le fichier."
    )


def test_a_formula_written_as_xlsx_text_is_refused_too() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "a"
    sheet["A2"] = "=1+1"
    sheet["A2"].data_type = "s"  # text, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "formule de tableur ligne 2, colonne « a »" in refused("t.xlsx", buffer.getvalue())


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as container:
        for name, data in members.items():
            container.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened() -> None:
    # 8 MB of zeros compress to about 8 kB: a ratio no sheet of real data has.
    bomb = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(8 << 20)})
    assert len(bomb) < 50_000
    detail = refused("bombe.xlsx", bomb)
    assert detail.startswith(
        "Le classeur « bombe.xlsx » est refusé : son élément « xl/worksheets/sheet1.xml » est "
        "comprimé de façon anormale ("
    )


def test_a_workbook_too_large_once_decompressed_is_refused() -> None:
    limits = ReadLimits(max_bytes=5_000_000, max_rows=1_000, max_uncompressed_bytes=1_000_000)
    content = zip_bytes({"xl/worksheets/sheet1.xml": bytes(2 << 20)})
    assert refused("gros.xlsx", content, limits) == (
        "Le fichier « gros.xlsx » occuperait 2 Mo une fois décompressé, au-delà de la limite "
        "de 976,6 ko : découpez-le en plusieurs fichiers."
    )


@pytest.mark.parametrize(
    "content", [b"PK\x03\x04 not really a zip", zip_bytes({"hello.txt": b"not a workbook"})]
)
def test_a_damaged_workbook_is_refused(content: bytes) -> None:
    assert "est illisible : ce n'est pas un fichier .xlsx valide" in refused("t.xlsx", content)


def test_a_zip_without_extension_is_read_as_a_workbook() -> None:
    table = read("export", workbook_bytes([["a"], ["x"]]))
    assert (table.format, rows_of(table)) == ("xlsx", [["x"]])


# --- JSON ----------------------------------------------------------------------------------------


def test_a_json_array_of_objects_is_read() -> None:
    content = (
        b'[{"nom": "A", "montant": 12.5, "actif": true, "n": 3},'
        b' {"nom": "B", "tags": ["x"], "n": null, "montant": 2.0}]'
    )
    table = read("t.json", content)
    assert table.header == ("nom", "montant", "actif", "n", "tags")
    assert rows_of(table) == [
        ["A", "12.5", "true", "3", None],
        ["B", "2", None, None, '["x"]'],
    ]
    assert table.header_row == 0 and table.row_number(0) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"nom": "A"}', "il contient un objet"),
        (b'"texte"', "il contient une chaîne de caractères"),
        (b"12", "il contient un nombre"),
    ],
)
def test_json_that_is_not_an_array_is_refused(content: bytes, words: str) -> None:
    detail = refused("t.json", content)
    assert detail.startswith("Le fichier « t.json » doit contenir un tableau JSON d'objets")
    assert words in detail


def test_a_json_item_that_is_not_an_object_is_refused() -> None:
    assert refused("t.json", b'[{"a": 1}, [1, 2]]') == (
        "L'élément n° 2 du tableau JSON du fichier « t.json » est un tableau : chaque élément "
        'doit être un objet, {"colonne": "valeur"}.'
    )


def test_an_empty_json_array_is_refused() -> None:
    assert refused("t.json", b"[]") == (
        "Le tableau JSON du fichier « t.json » est vide : donnez un objet par ligne de données."
    )


def test_malformed_json_is_refused_with_where() -> None:
    assert "erreur ligne 2, colonne 1" in refused("t.json", b'[{"a": 1},\n]')


def test_json_not_in_utf8_is_refused() -> None:
    assert "doit être encodé en UTF-8" in refused("t.json", '[{"a": "é"}]'.encode("cp1252"))


# --- Parquet -------------------------------------------------------------------------------------


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_a_parquet_file_is_read_into_strings() -> None:
    table = pa.table(
        {
            "nom": ["A", None],
            "n": pa.array([1, 2], type=pa.int64()),
            "taux": [0.5, 1.0],
            "actif": [True, False],
            "jour": pa.array([date(2017, 3, 9), date(2018, 1, 2)], type=pa.date32()),
            "moment": pa.array(
                [datetime(2017, 3, 9, 8, 30, tzinfo=UTC), None], type=pa.timestamp("s", tz="UTC")
            ),
        }
    )
    raw = read("t.parquet", parquet_bytes(table))
    assert raw.header == ("nom", "n", "taux", "actif", "jour", "moment")
    assert rows_of(raw) == [
        ["A", "1", "0.5", "true", "2017-03-09", "2017-03-09T08:30:00Z"],
        [None, "2", "1", "false", "2018-01-02", None],
    ]
    assert raw.header_row == 0


@pytest.mark.parametrize(
    "content",
    [b"PAR1 not a parquet file PAR1", parquet_bytes(pa.table({"a": [1, 2, 3]}))[:-12]],
)
def test_a_malformed_parquet_file_is_refused(content: bytes) -> None:
    assert refused("t.parquet", content) == (
        "Le fichier « t.parquet » n'est pas un fichier Parquet lisible (il est peut-être "
        "tronqué ou endommagé) : exportez-le de nouveau."
    )


def test_a_nested_parquet_column_is_refused() -> None:
    content = parquet_bytes(pa.table({"a": [[1, 2], [3]]}))
    assert "La colonne « a » du fichier « t.parquet » est de type list" in refused(
        "t.parquet", content
    )


def test_a_parquet_file_with_too_many_rows_is_refused_from_its_metadata() -> None:
    limits = ReadLimits(max_bytes=5_000_000, max_rows=10, max_uncompressed_bytes=20_000_000)
    content = parquet_bytes(pa.table({"a": list(range(11))}))
    assert "compte 11 lignes de données" in refused("t.parquet", content, limits)
