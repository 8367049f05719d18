"""An entry's data sources linked to the data lake's datasets, with a stand-in lake (the
port ``DatasetLookup``): looked up when the entry goes to review and when an entry outside
drafts is edited; an unknown id refused in French, naming the field; the lake unavailable:
503, nothing changed; no lake configured: the ids kept unchecked, and shown as such.

The real lake over gRPC: tests/integration/test_register_links_lake_datasets.py (repository
root)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import grpc
import pytest

from collectivia.ethics_register import messages
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.publication.pages import detail_page
from collectivia.ethics_register.systems.area import SystemsSettings, lake_lookup
from collectivia.ethics_register.systems.datasets import DatasetLookup, FoundDataset
from collectivia.ethics_register.systems.directory import SystemDirectory
from collectivia.ethics_register.systems.lake_client import LakeDatasets
from collectivia.ethics_register.systems.lifecycle import SystemStatus, Transition
from collectivia.ethics_register.systems.record import DatasetAccess, SystemRecord
from collectivia.ethics_register.systems.schemas import SystemRead, SystemUpdate, TransitionRequest
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.assembly import AreaContext
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import DependencyUnavailable, RuleViolation
from collectivia.platform.lake_datasets import (
    LakeDataset,
    LakeDatasetsClient,
    LakeError,
    LakeUnavailable,
)
from collectivia.testkit.doubles import RecordingPublisher
from collectivia.testkit.doubles import make_principal as person
from collectivia.testkit.french import assert_french
from collectivia.testkit.register_records import system_body

OFFICER = person("ethics-officer")
ADMIN = person("admin", subject="subject-admin")

FONTAINES = FoundDataset(
    title="Fontaines d'eau potable",
    access_rights=DatasetAccess.PUBLIC,
    latest_version="7312889126405537913",
    url="http://lake.test/v1/datasets/fontaines-eau-potable",
)
TELEMETRIE = FoundDataset(
    title="Télérelève du réseau d'eau",
    access_rights=DatasetAccess.RESTRICTED,
    latest_version=None,
    url="http://lake.test/v1/datasets/eau-telemetrie",
)


class StandInLake(DatasetLookup):
    """The lake's answers, from a table; ``down``: it does not answer."""

    def __init__(self, datasets: dict[str, FoundDataset]) -> None:
        self.datasets = datasets
        self.down = False
        self.asked: list[str] = []

    def find(self, dataset_id: str) -> FoundDataset | None:
        self.asked.append(dataset_id)
        if self.down:
            raise DependencyUnavailable(messages.LAKE_UNAVAILABLE)
        return self.datasets.get(dataset_id)


@pytest.fixture
def lake() -> StandInLake:
    return StandInLake({"fontaines-eau-potable": FONTAINES, "eau-telemetrie": TELEMETRIE})


def registry_with(tmp_path: Path, lake: DatasetLookup | None) -> SystemRegistry:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'register.db'}")
    SERVICE.create_schema(engine)
    return SystemRegistry(
        create_session_factory(engine), RecordingPublisher(), SystemDirectory(), datasets=lake
    )


@pytest.fixture
def registry(tmp_path: Path, lake: StandInLake) -> SystemRegistry:
    return registry_with(tmp_path, lake)


def sources(*dataset_ids: str | None) -> list[dict[str, Any]]:
    return [
        {"name": f"Source {n}", "dataset_id": dataset_id}
        for n, dataset_id in enumerate(dataset_ids, start=1)
    ]


def draft(registry: SystemRegistry, *dataset_ids: str | None, **fields: Any) -> SystemRead:
    body = system_body(source_data=sources(*dataset_ids), **fields)
    return registry.register(SystemRecord.model_validate(body), OFFICER)


def submit(registry: SystemRegistry, system: SystemRead) -> SystemRead:
    return registry.transition(
        system.id, Transition.SUBMIT, TransitionRequest(version=system.version), OFFICER
    )


def test_submitting_keeps_the_lakes_answer_with_each_source(
    registry: SystemRegistry, lake: StandInLake
) -> None:
    system = draft(registry, "fontaines-eau-potable", "eau-telemetrie", None)
    assert [s.dataset for s in system.source_data] == [None, None, None]  # a draft: unchecked
    assert lake.asked == []
    submitted = submit(registry, system)
    assert submitted.status is SystemStatus.IN_REVIEW
    public, restricted, plain = (s.dataset for s in submitted.source_data)
    assert public is not None and restricted is not None and plain is None
    assert (public.title, public.access_rights, public.latest_version) == (
        "Fontaines d'eau potable",
        DatasetAccess.PUBLIC,
        "7312889126405537913",
    )
    assert str(public.url) == "http://lake.test/v1/datasets/fontaines-eau-potable"
    # A restricted dataset: its title and that it is restricted, no link.
    assert (restricted.title, restricted.access_rights, restricted.url) == (
        "Télérelève du réseau d'eau",
        DatasetAccess.RESTRICTED,
        None,
    )
    assert lake.asked == ["fontaines-eau-potable", "eau-telemetrie"]
    # Kept in the entry's version: the history says what the lake said at submission.
    history = registry.history(system.id, ADMIN)
    assert history[-1].record.source_data[1].dataset == restricted


def test_an_unknown_dataset_cannot_go_to_review(
    registry: SystemRegistry, lake: StandInLake
) -> None:
    system = draft(registry, "fontaines-eau-potable", "budget-inexistant", "budget-inexistant")
    with pytest.raises(RuleViolation) as caught:
        submit(registry, system)
    assert caught.value.rule == "dataset-unknown"
    assert [e.field for e in caught.value.errors] == [
        "source_data.1.dataset_id",
        "source_data.2.dataset_id",
    ]
    assert "'budget-inexistant'" in caught.value.detail
    assert caught.value.detail.count("budget-inexistant") == 1
    assert_french(caught.value.detail)
    assert_french(caught.value.errors[0].message)
    assert lake.asked.count("budget-inexistant") == 1  # one look-up per id
    unchanged = registry.get(system.id, ADMIN)
    assert (unchanged.status, unchanged.version) == (SystemStatus.DRAFT, system.version)


def test_the_lake_unavailable_refuses_the_move_and_changes_nothing(
    registry: SystemRegistry, lake: StandInLake
) -> None:
    system = draft(registry, "fontaines-eau-potable")
    lake.down = True
    with pytest.raises(DependencyUnavailable) as caught:
        submit(registry, system)
    assert_french(caught.value.detail)
    unchanged = registry.get(system.id, ADMIN)
    assert (unchanged.status, unchanged.version) == (SystemStatus.DRAFT, system.version)
    lake.down = False
    assert submit(registry, system).status is SystemStatus.IN_REVIEW


def test_without_a_lake_the_ids_are_kept_unchecked_and_shown_as_such(tmp_path: Path) -> None:
    registry = registry_with(tmp_path, None)
    system = submit(registry, draft(registry, "budget-inexistant"))
    assert system.status is SystemStatus.IN_REVIEW
    assert system.source_data[0].dataset_id == "budget-inexistant"
    assert system.source_data[0].dataset is None
    assert "budget-inexistant (identifiant non vérifié)" in detail_page(system)


def test_what_an_editor_sends_as_the_lakes_answer_is_ignored(
    registry: SystemRegistry,
) -> None:
    forged = {
        "title": "Titre inventé",
        "access_rights": "public",
        "url": "https://ailleurs.example/donnees",
        "checked_at": "2026-01-01T00:00:00Z",
    }
    body = system_body(source_data=[{"name": "Source", "dataset_id": "x-1", "dataset": forged}])
    system = registry.register(SystemRecord.model_validate(body), OFFICER)
    assert system.source_data[0].dataset is None


def test_edits_outside_drafts_are_checked_drafts_are_not(
    registry: SystemRegistry, lake: StandInLake
) -> None:
    system = draft(registry, None)
    edited = registry.update(
        system.id,
        SystemUpdate(**system_body(source_data=sources("budget-inexistant")), version=1),
        OFFICER,
    )
    assert edited.status is SystemStatus.DRAFT and lake.asked == []  # a draft: unchecked
    in_review = submit(
        registry,
        registry.update(
            system.id,
            SystemUpdate(**system_body(source_data=sources(None)), version=edited.version),
            OFFICER,
        ),
    )
    with pytest.raises(RuleViolation) as caught:
        registry.update(
            system.id,
            SystemUpdate(
                **system_body(source_data=sources("budget-inexistant")),
                version=in_review.version,
            ),
            OFFICER,
        )
    assert [e.field for e in caught.value.errors] == ["source_data.0.dataset_id"]
    relinked = registry.update(
        system.id,
        SystemUpdate(
            **system_body(source_data=sources("eau-telemetrie")), version=in_review.version
        ),
        OFFICER,
    )
    assert relinked.source_data[0].dataset is not None
    assert relinked.source_data[0].dataset.title == "Télérelève du réseau d'eau"


def test_the_public_page_links_a_public_dataset_and_names_a_restricted_one(
    registry: SystemRegistry,
) -> None:
    system = submit(registry, draft(registry, "fontaines-eau-potable", "eau-telemetrie"))
    html = detail_page(system)
    assert (
        '<a href="http://lake.test/v1/datasets/fontaines-eau-potable">'
        "Fontaines d&#x27;eau potable</a>"
    ) in html
    assert "Télérelève du réseau d&#x27;eau (accès restreint" in html
    assert "http://lake.test/v1/datasets/eau-telemetrie" not in html


class ScriptedClient:
    """The platform's client, as the adapter sees it: an answer or an error."""

    def __init__(self, answer: LakeDataset | None = None, error: LakeError | None = None):
        self.answer = answer
        self.error = error

    def get_dataset(self, dataset_id: str) -> LakeDataset | None:
        if self.error is not None:
            raise self.error
        return self.answer


def lake_dataset(access_rights: str) -> LakeDataset:
    return LakeDataset(
        id="d-1",
        title="Budget primitif",
        description="",
        publisher="Metz Métropole",
        access_rights=access_rights,
        latest_snapshot_id=None,
        row_count=0,
        updated_at=None,
        url="",
    )


def adapter(client: ScriptedClient) -> LakeDatasets:
    return LakeDatasets(cast(LakeDatasetsClient, client))


def test_the_lake_client_translates_the_lakes_answers() -> None:
    assert adapter(ScriptedClient()).find("d-1") is None
    found = adapter(ScriptedClient(lake_dataset("personal"))).find("d-1")
    assert found == FoundDataset("Budget primitif", DatasetAccess.PERSONAL, None, None)
    # An access right this register does not know is never taken for public.
    odd = adapter(ScriptedClient(lake_dataset("semi-public"))).find("d-1")
    assert odd is not None and odd.access_rights is DatasetAccess.RESTRICTED


@pytest.mark.parametrize(
    "error",
    [
        LakeUnavailable(grpc.StatusCode.UNAVAILABLE, "connection refused"),
        LakeError(grpc.StatusCode.PERMISSION_DENIED, "audience"),
    ],
)
def test_a_lake_that_cannot_answer_is_unavailable_in_french(error: LakeError) -> None:
    with pytest.raises(DependencyUnavailable) as caught:
        adapter(ScriptedClient(error=error)).find("d-1")
    assert caught.value.detail == messages.LAKE_UNAVAILABLE


class Context:
    """What ``lake_lookup`` uses of the area's context."""

    def __init__(self, supplied: DatasetLookup | None = None) -> None:
        self._supplied = supplied
        self.channels: dict[str, grpc.Channel] = {}

    def supplied(self, cls: type[Any]) -> Any:
        return self._supplied

    def channel(self, target: str) -> grpc.Channel:
        self.channels[target] = grpc.insecure_channel(target)
        return self.channels[target]


def test_the_lake_is_looked_up_where_the_settings_say(lake: StandInLake) -> None:
    unset = Context()
    assert lake_lookup(cast(AreaContext, unset), SystemsSettings(lake_grpc_target="")) is None
    assert unset.channels == {}
    configured = Context()
    settings = SystemsSettings(lake_grpc_target="127.0.0.1:50064")
    assert isinstance(lake_lookup(cast(AreaContext, configured), settings), LakeDatasets)
    assert list(configured.channels) == ["127.0.0.1:50064"]
    configured.channels["127.0.0.1:50064"].close()
    assert lake_lookup(cast(AreaContext, Context(lake)), settings) is lake
