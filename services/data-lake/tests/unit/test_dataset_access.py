"""The one access rule and row filter every read path uses, and the datasets' metadata
rules, without servers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pyiceberg.expressions import AlwaysFalse, In

from collectivia.data_lake.datasets.access import (
    SUITE_SERVICES,
    Reader,
    may_describe,
    may_read,
    row_filter,
)
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


def service(client_id: str, *roles: str) -> Reader:
    """A client-credentials token of ``client_id``'s service account."""
    return Reader(
        roles=frozenset(roles),
        communes=(),
        client_id=client_id,
        subject=f"service-account-{client_id}",
        is_service_account=True,
    )


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


@pytest.mark.parametrize("access", ["public", "restricted", "personal"])
@pytest.mark.parametrize(
    ("caller", "described"),
    [
        # The suite's own services see every dataset's metadata...
        (service("ethics-register"), True),
        (service("citizen-chat"), True),
        (service("agent-assistant"), True),
        (service("officials-analytics"), True),
        # ...DSP operators and integrators only what their roles let them read...
        (service("operator-eau-demo"), None),
        (service("integrator-demo"), None),
        # ...and a person signed in through a client named like a service is a person.
        (Reader(frozenset(), (), "ethics-register", "u-1"), None),
    ],
)
def test_who_may_describe_what(
    datasets: Datasets, access: str, caller: Reader, described: bool | None
) -> None:
    dataset = declared(datasets, "d-1", access_rights=access)
    expected = may_read(dataset, caller) if described is None else described
    assert may_describe(dataset, caller) is expected
    # Describing is never reading: the rows keep their own rule.
    assert may_read(dataset, caller) is (access == "public")


def test_the_services_that_describe_are_configurable(datasets: Datasets) -> None:
    restricted = declared(datasets, "d-1", access_rights="restricted")
    assert may_describe(restricted, service("integrator-demo"), frozenset({"integrator-demo"}))
    assert not may_describe(restricted, service("ethics-register"), frozenset())
    assert may_describe(restricted, reader("agent"), frozenset())  # its readers, always
    assert {"ethics-register", "citizen-chat"} <= SUITE_SERVICES


def test_the_register_sees_a_restricted_datasets_metadata_never_its_rows(
    datasets: Datasets,
) -> None:
    declared(datasets, "d-1", access_rights="restricted", title="Télérelève des compteurs")
    declared(datasets, "d-2", access_rights="personal")
    register, operator = service("ethics-register"), service("operator-eau-demo")
    assert datasets.metadata("d-1", reader=register).title == "Télérelève des compteurs"
    assert [d.id for d in datasets.list_metadata(reader=register)] == ["d-2", "d-1"]  # by title
    assert datasets.list_metadata(reader=operator) == []
    with pytest.raises(NotFound):
        datasets.metadata("d-1", reader=operator)
    with pytest.raises(NotFound):  # the rows' path: the normal rule
        datasets.get("d-1", reader=register)
    assert [d.id for d in datasets.list(reader=register)] == []


def test_a_lake_configured_without_the_register_hides_restricted_metadata(
    tmp_path: Path,
) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'lake.db'}")
    DatasetRow.metadata.create_all(engine)
    chat_only = Datasets(
        sessions=create_session_factory(engine), metadata_services=frozenset({"citizen-chat"})
    )
    declared(chat_only, "d-1", access_rights="restricted")
    assert chat_only.metadata("d-1", reader=service("citizen-chat")).id == "d-1"
    with pytest.raises(NotFound):
        chat_only.metadata("d-1", reader=service("ethics-register"))


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
    assert not seen.is_service_account
    assert Reader.of(make_principal(service=True)).is_service_account


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
