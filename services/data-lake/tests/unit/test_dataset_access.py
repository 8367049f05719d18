"""The one access rule and row filter every read path uses, and the datasets' metadata
rules, without servers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pyiceberg.expressions import AlwaysFalse, In

from collectivia.data_lake.datasets.access import Reader, may_read, row_filter
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.schemas import AccessRights, DatasetCreate, DatasetRead
from collectivia.data_lake.datasets.service import Datasets
from collectivia.data_lake.storage.area import StorageSettings
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import Conflict, NotFound, PermissionDenied, RuleViolation
from collectivia.testkit.doubles import make_principal
from data_lake_testing.datasets import dataset_body


def reader(*roles: str, communes: tuple[str, ...] = ()) -> Reader:
    return Reader(roles=frozenset(roles), communes=communes, client_id="c", subject="s")


STEWARD = reader("data-steward")


@pytest.fixture
def datasets(tmp_path: Path) -> Datasets:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'lake.db'}")
    DatasetRow.metadata.create_all(engine)
    return Datasets(sessions=create_session_factory(engine))


def declared(datasets: Datasets, dataset_id: str, **fields: object) -> DatasetRead:
    return datasets.create(DatasetCreate(**dataset_body(dataset_id, **fields)), by=STEWARD)


@pytest.mark.parametrize(
    ("access", "roles", "allowed"),
    [
        ("public", (), True),
        ("restricted", (), False),
        ("restricted", ("citizen",), False),
        ("restricted", ("agent",), True),
        ("restricted", ("official",), True),
        ("personal", ("agent",), False),
        ("personal", ("official",), False),
        ("personal", ("dpo",), True),
        ("personal", ("data-steward",), True),
    ],
)
def test_who_may_read_what(
    datasets: Datasets, access: str, roles: tuple[str, ...], allowed: bool
) -> None:
    dataset = declared(datasets, "d-1", access_rights=access)
    assert may_read(dataset, reader(*roles)) is allowed


def test_rows_are_filtered_by_commune_except_for_whole_territory_readers(
    datasets: Datasets,
) -> None:
    restricted = declared(datasets, "d-1", access_rights="restricted", commune_column="insee")
    public = declared(datasets, "d-2", access_rights="public", commune_column="insee")
    plain = declared(datasets, "d-3", access_rights="restricted")
    agent_filter = row_filter(restricted, reader("agent", communes=("57463", "57480")))
    assert isinstance(agent_filter, In)
    assert {lit.value for lit in agent_filter.literals} == {"57463", "57480"}
    assert row_filter(restricted, reader("official")) == AlwaysFalse()
    assert row_filter(restricted, reader("data-steward")) is None
    assert row_filter(public, reader()) is None
    assert row_filter(plain, reader("agent", communes=("57463",))) is None


def test_a_reader_from_a_token(datasets: Datasets) -> None:
    principal = replace(make_principal("agent"), groups=("/communes/57463", "/departments/x"))
    seen = Reader.of(principal)
    assert seen.communes == ("57463",) and "agent" in seen.roles
    assert Reader.of(None) == Reader.anonymous()


def test_metadata_rules(datasets: Datasets) -> None:
    with pytest.raises(PermissionDenied):
        datasets.create(DatasetCreate(**dataset_body("d-1")), by=reader("agent"))
    declared(datasets, "d-1")
    with pytest.raises(Conflict):
        declared(datasets, "d-1")
    with pytest.raises(RuleViolation, match=r"cl[eé]"):
        declared(datasets, "d-2", key_columns=["a", "a"])
    personal = declared(datasets, "d-3", access_rights="personal")
    with pytest.raises(RuleViolation) as refused:
        datasets.set_access(personal.id, AccessRights.PUBLIC, by=STEWARD)
    assert refused.value.rule == "donnees-personnelles-jamais-publiques"
    assert (
        datasets.set_access("d-1", AccessRights.RESTRICTED, by=STEWARD).access_rights
        == "restricted"
    )
    with pytest.raises(PermissionDenied):
        datasets.set_access("d-1", AccessRights.PUBLIC, by=reader("agent"))
    with pytest.raises(NotFound):
        datasets.get("d-3", reader=reader("agent"))
    assert [d.id for d in datasets.list(reader=reader(), theme="ECON")] == []
    assert [d.id for d in datasets.list(reader=STEWARD, theme="ECON")] == ["d-1", "d-3"]


def test_storage_settings_give_the_catalog_its_object_storage() -> None:
    settings = StorageSettings(
        warehouse="s3://lake-warehouse/collectivia",
        s3_endpoint="http://127.0.0.1:7070",
        s3_access_key_id="key",
        s3_secret_access_key="secret",
    )
    location = settings.location()
    assert location.on_object_storage and location.s3_secret_access_key == "secret"
    assert not StorageSettings().location().on_object_storage
