"""The member communes' directory: names by code, codes by name (case, accents, hyphens and
« Saint/St » aside), the names a text contains; read from the lake's dataset and read again
when it changes; codes shown while the dataset is absent."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

from collectivia.lakehouse.tables import Lakehouse
from collectivia.officials_analytics.sink import demo
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.officials_analytics.storage.communes import Commune, CommuneDirectory, Communes

DIRECTORY = CommuneDirectory(
    [
        Commune("57463", "Metz", 118_000),
        Commune("57480", "Montigny-lès-Metz", 21_500),
        Commune("57606", "Saint-Julien-lès-Metz", 3_000),
        Commune("57751", "Woippy", 14_000),
    ]
)


def test_a_name_by_its_code_and_the_code_when_unknown() -> None:
    assert DIRECTORY.name("57480") == "Montigny-lès-Metz"
    assert DIRECTORY.name("62871") == "62871"
    assert DIRECTORY.names(["57463", "99999"]) == {"57463": "Metz", "99999": "99999"}
    assert DIRECTORY.known("57751") and not DIRECTORY.known("62871")


def test_a_code_by_its_name_as_people_write_it() -> None:
    for written in ("Montigny-lès-Metz", "montigny les metz", "MONTIGNY LES METZ"):
        found = DIRECTORY.find(written)
        assert found is not None and found.code == "57480", written
    for written in ("St-Julien-lès-Metz", "saint julien les metz", "st julien-les-metz"):
        found = DIRECTORY.find(written)
        assert found is not None and found.code == "57606", written
    assert DIRECTORY.find("Wailly") is None
    assert DIRECTORY.find("Montigny") is None


def test_the_communes_a_person_may_choose() -> None:
    mine = DIRECTORY.visible(every=False, own=["57480"])
    assert mine == [Commune("57480", "Montigny-lès-Metz", 21_500)]
    every = DIRECTORY.visible(every=True, own=["62871"])
    assert [c.name for c in every] == [
        "62871",  # not in the reference: its code
        "Metz",
        "Montigny-lès-Metz",
        "Saint-Julien-lès-Metz",
        "Woippy",
    ]


def test_the_names_a_text_contains_the_longest_first() -> None:
    found = DIRECTORY.named_in("questions à Montigny-lès-Metz et à metz, puis st julien les metz")
    assert [c.code for c, _start, _end in found] == ["57480", "57463", "57606"]
    assert DIRECTORY.named_in("rien ici") == []


def lake(folder: Path) -> Lakehouse:
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    return settings.open_lakehouse("collectivia")


def rows(*communes: tuple[str, str, int]) -> pa.Table:
    return pa.table(
        {
            "code_insee": [c[0] for c in communes],
            "nom": [c[1] for c in communes],
            "population": [c[2] for c in communes],
        }
    )


def test_the_directory_comes_from_the_lakes_dataset_and_follows_its_versions(
    tmp_path: Path,
) -> None:
    lakehouse = lake(tmp_path)
    communes = Communes(lakehouse, dataset="communes-membres")
    # No dataset yet: an empty directory, every commune shown by its code.
    assert communes.directory().communes == ()
    assert communes.directory().name("57463") == "57463"
    lakehouse.write(
        "communes-membres",
        rows(("57463", "Metz", 118_000), ("57751", "Woippy", 14_000)),
        load_id="a",
        operation="test",
        replace=True,
    )
    first = communes.directory()
    assert first.name("57751") == "Woippy" and first.find("woippy") == Commune(
        "57751", "Woippy", 14_000
    )
    assert communes.directory() is first  # same snapshot: kept
    lakehouse.write(
        "communes-membres",
        rows(("57447", "Marly", 10_000)),
        load_id="b",
        operation="test",
        replace=True,
    )
    assert communes.directory().name("57447") == "Marly"


def test_a_dataset_without_the_columns_gives_the_codes(tmp_path: Path) -> None:
    lakehouse = lake(tmp_path)
    lakehouse.write(
        "communes-membres",
        pa.table({"code": ["57463"]}),
        load_id="a",
        operation="test",
        replace=True,
    )
    assert Communes(lakehouse, dataset="communes-membres").directory().communes == ()


def test_the_lakes_demo_communes_are_the_demo_activitys() -> None:
    """make up loads infra/demo's member communes into the lake; the demo activity is
    generated for the same communes, so that every figure of the demo has its name."""
    example = (
        Path(__file__).resolve().parents[4]
        / "infra/demo/schemas/collectivia/communes-membres/exemple-valide.csv"
    )
    with example.open(encoding="utf-8", newline="") as lines:
        loaded = [
            (row["code_insee"], row["nom"], int(row["population"])) for row in csv.DictReader(lines)
        ]
    assert loaded == [(c.code, c.name, c.population) for c in demo.COMMUNES]
