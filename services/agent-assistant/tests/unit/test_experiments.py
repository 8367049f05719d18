"""Experiments on SQLite: opening, joining, recording uses, the report, sharing, concurrency."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.database import Base
from collectivia.agent_assistant.experiments.schemas import (
    ExperimentDraft,
    ExperimentEdit,
    ExperimentStatus,
    ExperimentTask,
    SharingRequest,
    UseCreate,
)
from collectivia.agent_assistant.experiments.service import Experiments
from collectivia.agent_assistant.prompts.schemas import TemplateDraft, TemplateKind
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)


def agent(name: str, *departments: str, admin: bool = False) -> Agent:
    return Agent(name, f"p-{name}", departments, (), is_admin=admin)


JULIEN = agent("julien", "etat-civil")
AMELIE = agent("amelie", "etat-civil")
ALICE = agent("alice", "urbanisme")
ADMIN = agent("admin", "numerique", admin=True)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'experiments.db'}")
    Base.metadata.create_all(engine)
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def experiments(sessions: sessionmaker[Session], clock: Clock) -> Experiments:
    return Experiments(sessions, min_group=3, clock=clock)


@pytest.fixture
def template_id(sessions: sessionmaker[Session]) -> str:
    draft = TemplateDraft(
        title="Courrier d'état civil", kind=TemplateKind.DRAFT, text="Bonjour, votre acte."
    )
    return PromptLibrary(sessions).create(draft, JULIEN).id


def plan(template_id: str | None, **changes: object) -> ExperimentDraft:
    values: dict[str, object] = {
        "title": "Courriers d'état civil avec l'assistant",
        "task": ExperimentTask.DRAFT,
        "template_id": template_id,
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2026, 3, 31),
    }
    return ExperimentDraft.model_validate(values | changes)


def test_open_join_record_and_report(
    experiments: Experiments, template_id: str, clock: Clock
) -> None:
    opened = experiments.open(plan(template_id), JULIEN)
    assert (opened.department, opened.status, opened.status_label) == (
        "etat-civil",
        ExperimentStatus.RUNNING,
        "en cours",
    )
    assert opened.participant_departments == ["etat-civil"]
    for someone in (JULIEN, AMELIE):
        experiments.join(opened.id, someone)
    experiments.join(opened.id, JULIEN)  # twice: still one participant
    experiments.record_use(
        opened.id, UseCreate(rating=5, minutes_saved=20, comment="Gain net"), JULIEN
    )
    experiments.record_use(opened.id, UseCreate(rating=3, minutes_saved=5), JULIEN)
    clock.now = clock.now.replace(hour=10)
    experiments.record_use(
        opened.id,
        UseCreate(rating=4, minutes_saved=15, comment="Relire le nom : M. Jean Dupont"),
        AMELIE,
    )
    report = experiments.report(opened.id, JULIEN)
    assert (report.uses, report.participants, report.contributors) == (3, 2, 2)
    assert report.rating_mean == 4.0
    assert report.rating_distribution == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert (report.minutes_saved_total, report.minutes_saved_per_use) == (40, 13.3)
    assert [c.rating for c in report.comments] == [4, 5]  # newest first, only those with text
    assert report.comments[0].comment == "Relire le nom : M. [NOM_1]"
    assert report.notice is not None and "Moins de 3 agents" in report.notice


def test_only_participants_record_and_only_while_it_runs(
    experiments: Experiments, template_id: str, clock: Clock
) -> None:
    opened = experiments.open(plan(template_id), JULIEN)
    with pytest.raises(RuleViolation, match="Rejoignez d'abord"):
        experiments.record_use(opened.id, UseCreate(rating=4), JULIEN)
    experiments.join(opened.id, JULIEN)
    clock.now = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    with pytest.raises(RuleViolation, match="terminée depuis le 31/03/2026") as caught:
        experiments.record_use(opened.id, UseCreate(rating=4), JULIEN)
    assert caught.value.rule == "experiment-not-running"
    assert experiments.report(opened.id, JULIEN).uses == 0


def test_other_departments_see_only_shared_experiments(
    experiments: Experiments, template_id: str
) -> None:
    opened = experiments.open(plan(template_id), JULIEN)
    with pytest.raises(NotFound):
        experiments.report(opened.id, ALICE)
    assert experiments.list_visible(ALICE) == []
    with pytest.raises(NotFound):
        experiments.set_shared(opened.id, SharingRequest(version=1, shared=True), ALICE)
    assert not experiments.get(opened.id, JULIEN).shared


def test_sharing_makes_the_report_readable_not_editable(
    experiments: Experiments, template_id: str
) -> None:
    opened = experiments.open(plan(template_id), JULIEN)
    shared = experiments.set_shared(opened.id, SharingRequest(version=1, shared=True), AMELIE)
    assert shared.shared and shared.version == 2
    assert [e.id for e in experiments.list_visible(ALICE)] == [opened.id]
    assert experiments.report(opened.id, ALICE).experiment.manageable is False
    with pytest.raises(PermissionDenied):
        experiments.set_shared(opened.id, SharingRequest(version=2, shared=False), ALICE)
    with pytest.raises(RuleViolation, match="etat-civil"):
        experiments.join(opened.id, ALICE)


def test_other_departments_may_be_invited(experiments: Experiments, template_id: str) -> None:
    opened = experiments.open(
        plan(template_id, participant_departments=["etat-civil", "urbanisme"]), JULIEN
    )
    assert [e.id for e in experiments.list_visible(ALICE)] == [opened.id]
    joined = experiments.join(opened.id, ALICE)
    assert joined.joined and joined.participants == 1 and not joined.manageable


def test_concurrent_edits_conflict_and_keep_the_first(
    experiments: Experiments, template_id: str
) -> None:
    opened = experiments.open(plan(template_id), JULIEN)
    first = ExperimentEdit.model_validate(
        plan(template_id, title="Premier titre").model_dump(exclude={"department"}) | {"version": 1}
    )
    second = ExperimentEdit.model_validate(
        plan(template_id, title="Second titre").model_dump(exclude={"department"}) | {"version": 1}
    )
    assert experiments.edit(opened.id, first, JULIEN).version == 2
    with pytest.raises(Conflict, match="version 2"):
        experiments.edit(opened.id, second, AMELIE)
    assert experiments.get(opened.id, JULIEN).title == "Premier titre"


def test_bad_plans_are_refused_in_french(experiments: Experiments, template_id: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        experiments.open(
            plan("inconnu", starts_on=date(2026, 4, 1), ends_on=date(2026, 3, 1)), JULIEN
        )
    assert {e.field: e.message for e in caught.value.errors} == {
        "ends_on": "La date de fin précède la date de début.",
        "template_id": "Ce modèle n'existe pas dans la bibliothèque.",
    }
    with pytest.raises(InvalidInput, match="366 jours"):
        experiments.open(plan(template_id, ends_on=date(2027, 6, 1)), JULIEN)
    with pytest.raises(InvalidInput, match="Choisissez le modèle"):
        experiments.open(plan(None), JULIEN)
    with pytest.raises(PermissionDenied):
        experiments.open(plan(template_id, department="urbanisme"), JULIEN)
    assert experiments.list_visible(ADMIN) == []


def test_task_and_template_are_fixed_once_uses_exist(
    experiments: Experiments, template_id: str
) -> None:
    opened = experiments.open(plan(template_id), JULIEN)
    experiments.join(opened.id, JULIEN)
    experiments.record_use(opened.id, UseCreate(rating=4), JULIEN)
    change = ExperimentEdit.model_validate(
        plan(template_id, task=ExperimentTask.SUMMARIZE).model_dump(exclude={"department"})
        | {"version": 1}
    )
    with pytest.raises(RuleViolation) as caught:
        experiments.edit(opened.id, change, JULIEN)
    assert caught.value.rule == "experiment-has-uses"
