"""Import and export of the library as JSON files: round trip, all-or-nothing, French reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.database import Base
from collectivia.agent_assistant.prompts.schemas import TemplateKind, TemplateQuery
from collectivia.agent_assistant.prompts.seed import seed_demo_templates
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.prompts.transfer import export_library, import_library
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import InvalidInput

JULIEN = Agent("agent-julien", "agent-julien", ("etat-civil",), (), is_admin=False)
ADMIN = Agent("agent-admin", "agent-admin", ("numerique",), (), is_admin=True)


def new_library(folder: Path) -> Iterator[PromptLibrary]:
    engine = create_database_engine(f"sqlite:///{folder / 'library.db'}")
    Base.metadata.create_all(engine)
    sessions: sessionmaker[Session] = create_session_factory(engine)
    yield PromptLibrary(sessions)
    engine.dispose()


@pytest.fixture
def source(tmp_path: Path) -> Iterator[PromptLibrary]:
    (tmp_path / "a").mkdir()
    yield from new_library(tmp_path / "a")


@pytest.fixture
def target(tmp_path: Path) -> Iterator[PromptLibrary]:
    (tmp_path / "b").mkdir()
    yield from new_library(tmp_path / "b")


CONTENT = ("title", "description", "kind", "department", "tags", "text", "variable_specs")


def contents(library: PromptLibrary) -> dict[str, dict[str, Any]]:
    return {
        s.id: library.get(s.id).model_dump(include=set(CONTENT))
        for s in library.search(TemplateQuery(limit=200))
    }


def test_round_trip_keeps_every_template(source: PromptLibrary, target: PromptLibrary) -> None:
    seed_demo_templates(source)
    exported = export_library(source, TemplateQuery())
    report = import_library(target, exported, ADMIN, "bibliotheque.json")
    assert len(report.created) == 5 and report.updated == [] and report.unchanged == []
    assert report.message == "Import terminé : 5 modèle(s) créé(s), 0 mis à jour, 0 inchangé(s)."
    assert contents(target) == contents(source)
    # Importing the same file again changes nothing.
    again = import_library(target, exported, ADMIN, "bibliotheque.json")
    assert (len(again.unchanged), again.created, again.updated) == (5, [], [])
    assert all(len(target.versions(i)) == 1 for i in contents(target))


def test_export_filters_and_reimport_updates_as_new_versions(
    source: PromptLibrary, target: PromptLibrary
) -> None:
    seed_demo_templates(source)
    exported = json.loads(export_library(source, TemplateQuery(department="etat-civil")))
    assert [t["department"] for t in exported["templates"]] == ["etat-civil"]
    import_library(target, json.dumps(exported).encode(), JULIEN, "v1.json")
    exported["templates"][0]["text"] += "\nUtilise le vouvoiement."
    report = import_library(target, json.dumps(exported).encode(), JULIEN, "v2.json")
    assert report.updated == [exported["templates"][0]["id"]]
    versions = target.versions(report.updated[0])
    assert [v.reason for v in versions] == [
        "Import du fichier « v1.json »",
        "Import du fichier « v2.json »",
    ]


def test_import_into_my_department(source: PromptLibrary, target: PromptLibrary) -> None:
    seed_demo_templates(source)
    exported = export_library(source, TemplateQuery(kind=TemplateKind.PLAIN_LANGUAGE))
    with pytest.raises(InvalidInput, match="action-sociale"):
        import_library(target, exported, JULIEN, "falc.json")
    report = import_library(target, exported, JULIEN, "falc.json", department="etat-civil")
    assert target.get(report.created[0]).department == "etat-civil"


def valid_file() -> dict[str, Any]:
    return {
        "format": "collectivia-prompt-library",
        "format_version": 1,
        "templates": [
            {
                "title": "Bon modèle",
                "kind": "draft",
                "text": "Bonjour {{nom}}",
                "variables": [{"name": "nom", "label": "Nom"}],
            },
            {
                "title": "Autre bon modèle",
                "kind": "free",
                "text": "Texte libre",
            },
        ],
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Le fichier est vide."),
        (b"\xff\xfe{", "n'est pas un texte UTF-8"),
        (b'{"format": "collectivia-prompt-library",\n "templates": [}', "ligne 2, colonne 16"),
        (b'{"templates": []}', "champ « format » attendu"),
        (b"[1, 2]", "champ « format » attendu"),
    ],
)
def test_unreadable_files_are_refused_in_french(
    target: PromptLibrary, content: bytes, expected: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_library(target, content, JULIEN, "f.json")
    assert expected in caught.value.detail
    assert target.search(TemplateQuery()) == []


def test_one_bad_template_refuses_the_whole_file_with_a_report(target: PromptLibrary) -> None:
    document = valid_file()
    document["templates"].append(
        {"title": "X", "kind": "poème", "text": "Bonjour {{nom}}", "couleur": "bleu"}
    )
    document["templates"].append(
        {
            "title": "Variables fausses",
            "kind": "draft",
            "text": "Bonjour {{nom}} {{date}}",
            "variables": [{"name": "nom", "label": "Nom"}],
        }
    )
    document["templates"][0]["department"] = "urbanisme"
    with pytest.raises(InvalidInput) as caught:
        import_library(target, json.dumps(document).encode(), JULIEN, "f.json")
    report = {e.field: e.message for e in caught.value.errors}
    assert report["templates.2.title"] == "texte trop court (au moins 3 caractère(s))"
    assert report["templates.2.kind"].startswith("valeur non reconnue (valeurs possibles : ")
    assert report["templates.2.couleur"] == "champ non prévu par le format"
    assert caught.value.detail.startswith("Fichier refusé, rien n'a été importé — 3 erreur(s)")
    assert target.search(TemplateQuery()) == []
    # Once the file parses, the template checks and the departments are reported too.
    del document["templates"][2]
    with pytest.raises(InvalidInput) as caught:
        import_library(target, json.dumps(document).encode(), JULIEN, "f.json")
    fields = [e.field for e in caught.value.errors]
    assert fields == ["templates.0.department", "templates.2.variables"]
    assert "« {{date}} » est utilisée dans le texte" in caught.value.errors[1].message
    assert target.search(TemplateQuery()) == []


def test_templates_of_another_department_are_not_overwritten(
    source: PromptLibrary, target: PromptLibrary
) -> None:
    seed_demo_templates(target)
    exported = json.loads(export_library(target, TemplateQuery()))
    for template in exported["templates"]:
        template["text"] += " Merci."
        template["department"] = "etat-civil"
    with pytest.raises(InvalidInput) as caught:
        import_library(target, json.dumps(exported).encode(), JULIEN, "f.json")
    assert any("appartient au service" in e.message for e in caught.value.errors)
    assert all(len(target.versions(t["id"])) == 1 for t in exported["templates"])


def test_duplicate_and_malformed_ids_are_reported(target: PromptLibrary) -> None:
    document = valid_file()
    document["templates"][0]["id"] = "6f1c1f0e-5b7a-4c8e-9d43-2b1f3f0a7c11"
    document["templates"][1]["id"] = "6f1c1f0e-5b7a-4c8e-9d43-2b1f3f0a7c11"
    document["templates"].append({**valid_file()["templates"][1], "id": "pas-un-uuid"})
    with pytest.raises(InvalidInput) as caught:
        import_library(target, json.dumps(document).encode(), JULIEN, "f.json")
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("templates.1.id", "modèle présent deux fois dans le fichier"),
        ("templates.2.id", "identifiant invalide (UUID attendu)"),
    ]
