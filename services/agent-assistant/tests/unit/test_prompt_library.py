"""The prompt library on SQLite: versions, concurrency, permissions, search, ratings, render."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.database import Base
from collectivia.agent_assistant.prompts.schemas import (
    RatingCreate,
    TemplateDraft,
    TemplateEdit,
    TemplateKind,
    TemplateQuery,
    VariableSpec,
    VersionedReason,
)
from collectivia.agent_assistant.prompts.seed import DEMO_TEMPLATES, seed_demo_templates
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.statistics.schemas import TaskUsage
from collectivia.agent_assistant.statistics.service import UsageStatistics
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

JULIEN = Agent("agent-julien", "agent-julien", ("etat-civil",), (), is_admin=False)
ALICE = Agent("agent-alice", "agent-alice", ("urbanisme",), (), is_admin=False)
ADMIN = Agent("agent-admin", "agent-admin", ("numerique",), (), is_admin=True)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'library.db'}")
    Base.metadata.create_all(engine)
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def library(sessions: sessionmaker[Session]) -> PromptLibrary:
    return PromptLibrary(sessions, Clock())


def draft(title: str = "Réponse à une demande d'acte", **changes: object) -> TemplateDraft:
    values: dict[str, object] = {
        "title": title,
        "description": "Courrier type",
        "kind": TemplateKind.DRAFT,
        "tags": ["État  civil", "courrier"],
        "text": "Bonjour {{destinataire}}, votre acte est {{suite}}.",
        "variables": [
            VariableSpec(name="destinataire", label="Destinataire"),
            VariableSpec(name="suite", label="Suite donnée"),
        ],
    }
    values.update(changes)
    return TemplateDraft.model_validate(values)


def edit(version: int, reason: str = "Formule plus courtoise", **changes: object) -> TemplateEdit:
    content = draft().model_dump() | changes
    return TemplateEdit.model_validate({**content, "version": version, "reason": reason})


def test_create_goes_to_the_authors_department(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    assert created.department == "etat-civil"
    assert created.owner == "agent-julien"
    assert created.owner_department == "etat-civil"
    assert created.tags == ["état civil", "courrier"]
    assert created.version == 1
    assert library.versions(created.id)[0].reason == "Création du modèle"


def test_an_invalid_template_is_refused_with_every_reason(library: PromptLibrary) -> None:
    with pytest.raises(InvalidInput) as caught:
        library.create(draft(text="Bonjour {{destinataire}} {{date}}"), JULIEN)
    messages = [e.message for e in caught.value.errors]
    assert any("« suite » est déclarée mais n'apparaît pas" in m for m in messages)
    assert any(
        "« {{date}} » est utilisée dans le texte mais n'est pas déclarée" in m for m in messages
    )
    assert library.search(TemplateQuery()) == []


def test_agents_write_only_in_their_departments(library: PromptLibrary) -> None:
    with pytest.raises(PermissionDenied, match="urbanisme"):
        library.create(draft(department="urbanisme"), JULIEN)
    created = library.create(draft(department="urbanisme"), ADMIN)
    with pytest.raises(PermissionDenied):
        library.edit(created.id, edit(1), JULIEN)
    assert (
        library.edit(
            created.id, edit(1, text="Bonjour {{destinataire}} : {{suite}}."), ALICE
        ).version
        == 2
    )


def test_each_edit_is_a_new_version_and_old_ones_stay_readable(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    library.edit(
        created.id, edit(1, text="Madame, Monsieur {{destinataire}}, acte {{suite}}."), JULIEN
    )
    library.edit(
        created.id,
        edit(
            2,
            reason="Ajout de la date",
            text="{{destinataire}} : acte {{suite}} le {{date}}.",
            variables=[
                VariableSpec(name="destinataire", label="Destinataire"),
                VariableSpec(name="suite", label="Suite donnée"),
                VariableSpec(name="date", label="Date"),
            ],
        ),
        JULIEN,
    )
    versions = library.versions(created.id)
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.reason for v in versions] == [
        "Création du modèle",
        "Formule plus courtoise",
        "Ajout de la date",
    ]
    assert versions[0].text == "Bonjour {{destinataire}}, votre acte est {{suite}}."
    assert library.version(created.id, 1).text == versions[0].text
    assert all(v.changed_by == "agent-julien" for v in versions)
    assert versions[0].changed_at < versions[2].changed_at
    with pytest.raises(NotFound):
        library.version(created.id, 4)


def test_an_edit_from_an_old_version_is_a_conflict_and_changes_nothing(
    library: PromptLibrary,
) -> None:
    created = library.create(draft(), JULIEN)
    library.edit(created.id, edit(1, text="Premier {{destinataire}} {{suite}}"), JULIEN)
    with pytest.raises(Conflict) as caught:
        library.edit(created.id, edit(1, text="Second {{destinataire}} {{suite}}"), JULIEN)
    assert "version 2" in caught.value.detail and "version 1" in caught.value.detail
    current = library.get(created.id)
    assert current.version == 2
    assert current.text == "Premier {{destinataire}} {{suite}}"


def test_an_unchanged_edit_keeps_the_version(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    assert library.edit(created.id, edit(1), JULIEN).version == 1
    assert len(library.versions(created.id)) == 1


def test_archived_templates_leave_the_list_and_cannot_be_used(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    library.set_archived(created.id, True, VersionedReason(version=1, reason="Remplacé"), JULIEN)
    assert library.search(TemplateQuery()) == []
    assert [s.id for s in library.search(TemplateQuery(include_archived=True))] == [created.id]
    with pytest.raises(RuleViolation):
        library.render(created.id, {"destinataire": "a", "suite": "b"})
    restored = library.set_archived(
        created.id, False, VersionedReason(version=2, reason="Retour"), JULIEN
    )
    assert restored.version == 3 and not restored.archived


def test_search_by_tag_kind_department_and_words(library: PromptLibrary) -> None:
    letter = library.create(draft(), JULIEN)
    plan = library.create(
        draft(
            "Résumé d'un arrêté",
            kind=TemplateKind.SUMMARIZE,
            tags=["arrêté"],
            department="urbanisme",
        ),
        ADMIN,
    )
    assert [s.id for s in library.search(TemplateQuery(tag="ÉTAT CIVIL"))] == [letter.id]
    assert [s.id for s in library.search(TemplateQuery(kind=TemplateKind.SUMMARIZE))] == [plan.id]
    assert [s.id for s in library.search(TemplateQuery(department="etat-civil"))] == [letter.id]
    assert [s.id for s in library.search(TemplateQuery(text="resume arrete"))] == [plan.id]
    assert library.search(TemplateQuery(tag="inconnu")) == []


def test_tags_follow_the_edits(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    library.edit(created.id, edit(1, tags=["naissance"]), JULIEN)
    assert library.search(TemplateQuery(tag="courrier")) == []
    assert [s.id for s in library.search(TemplateQuery(tag="naissance"))] == [created.id]


def test_most_useful_first_weighs_ratings_and_uses(
    library: PromptLibrary, sessions: sessionmaker[Session]
) -> None:
    once = library.create(draft("Un seul 5"), JULIEN)
    twenty = library.create(draft("Vingt notes, 4,5 de moyenne"), JULIEN)
    poor = library.create(draft("Deux notes à 2"), JULIEN)
    used = library.create(draft("Très utilisé, jamais noté"), JULIEN)
    library.create(draft("Ni noté ni utilisé"), JULIEN)
    library.rate(once.id, RatingCreate(score=5), JULIEN)
    for index in range(20):
        library.rate(twenty.id, RatingCreate(score=5 if index % 2 else 4), JULIEN)
    for _ in range(2):
        library.rate(poor.id, RatingCreate(score=2), JULIEN)
    statistics = UsageStatistics(sessions)
    for index in range(999):
        statistics.record(
            TaskUsage(
                f"t{index}", "draft", "a", "etat-civil", used.id, False, 10, 0, library.clock()
            )
        )
    ranked = library.search(TemplateQuery())
    # m = 99 / 23 = 4.3043; used: m + 0.25 * 3 = 5.0543; twenty: (5m + 90) / 25 = 4.4609;
    # once: (5m + 5) / 6 = 4.4203; never rated nor used: m; poor: (5m + 4) / 7 = 3.6460.
    assert [s.title for s in ranked] == [
        "Très utilisé, jamais noté",
        "Vingt notes, 4,5 de moyenne",
        "Un seul 5",
        "Ni noté ni utilisé",
        "Deux notes à 2",
    ]
    assert [s.usefulness for s in ranked] == pytest.approx(
        [5.0543, 4.4609, 4.4203, 4.3043, 3.6460], abs=1e-4
    )
    assert ranked[0].uses == 999
    assert ranked[1].ratings.mean == 4.5
    assert ranked[2].ratings.distribution == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1}
    assert [s.title for s in library.search(TemplateQuery(limit=2, offset=1))] == [
        "Vingt notes, 4,5 de moyenne",
        "Un seul 5",
    ]


def test_ratings_are_shared_without_personal_data(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    library.rate(
        created.id,
        RatingCreate(score=4, comment="Très bien, écrire à jeanne.martin@example.fr"),
        JULIEN,
    )
    ratings = library.ratings(created.id)
    assert ratings[0].score == 4
    assert "jeanne.martin" not in ratings[0].comment
    assert ratings[0].rater_department == "etat-civil"
    with pytest.raises(InvalidInput):
        library.rate(created.id, RatingCreate(score=4, version=2), JULIEN)


def test_render_for_a_task(library: PromptLibrary) -> None:
    created = library.create(draft(), JULIEN)
    library.edit(created.id, edit(1, text="Madame {{destinataire}}, acte {{suite}}."), JULIEN)
    rendered = library.render(created.id, {"destinataire": "Martin", "suite": "envoyé"})
    assert (rendered.version, rendered.text) == (2, "Madame Martin, acte envoyé.")
    old = library.render(created.id, {"destinataire": "Martin", "suite": "envoyé"}, version=1)
    assert old.text == "Bonjour Martin, votre acte est envoyé."
    with pytest.raises(InvalidInput) as caught:
        library.render(created.id, {"destinataire": "Martin"})
    assert "variables non renseignées : suite" in caught.value.detail
    with pytest.raises(NotFound):
        library.render("inconnu", {})


def test_demo_templates_are_valid_and_seeded_once(library: PromptLibrary) -> None:
    assert seed_demo_templates(library) == len(DEMO_TEMPLATES)
    assert seed_demo_templates(library) == 0
    titles = {s.title for s in library.search(TemplateQuery())}
    assert "Réécriture en FALC (facile à lire et à comprendre)" in titles
