"""The tasks on the gateway (scripted model or none), the prompt library on SQLite: uploads,
bad input in French, unfilled variables never sent, Art. 50(4) marking and review."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

from agent_assistant_testing.scripted import ScriptedGenerator, assistant_pathway
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.gateway.models import Delta, Started
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.prompts.schemas import TemplateDraft, TemplateKind, VariableSpec
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.settings import DEFAULT_THEME_DEPARTMENTS
from collectivia.agent_assistant.tasks.classification import RequestClassifier
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.agent_assistant.tasks.publication import MARKING, EditorialReviews
from collectivia.agent_assistant.tasks.records import (
    ClassifyRequest,
    Completed,
    DraftRequest,
    PlainLanguageRequest,
    SummaryRequest,
    TemplateChoice,
)
from collectivia.agent_assistant.tasks.service import AssistantTasks, TasksPolicy
from collectivia.agent_assistant.tasks.themes import DEFAULT_THEMES
from collectivia.ai.documents import DocumentNotRead
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import Conflict, InvalidInput, NotFound
from collectivia.testkit.document_files import docx_with, pdf_with_text
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

AGENT = Agent("subject-1", "a" * 32, ("etat-civil",), ("57463",), False)
REVIEWER = Agent("subject-2", "b" * 32, ("etat-civil",), ("57463",), False)
LETTER = (
    "Madame, Monsieur,\n\nNous avons bien reçu votre demande de {{type_acte}} du "
    "{{date_demande}}. {{suite_donnee}}\n\nLe service de l'état civil"
)
PAGES = [
    "Délibération du conseil municipal",
    "Le conseil municipal de Metz a voté le budget primitif de la ville pour l'année 2026.",
    "Les travaux de la piste cyclable de la rue Serpenoise commenceront en septembre.",
]


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'assistant.db'}")
    SERVICE.create_schema(engine)
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def library(sessions: sessionmaker[Any]) -> PromptLibrary:
    return PromptLibrary(sessions)


def template(library: PromptLibrary, kind: TemplateKind, text: str, names: list[str]) -> str:
    draft = TemplateDraft(
        title=f"Modèle {kind.value}",
        kind=kind,
        text=text,
        variables=[VariableSpec(name=n, label=n.replace("_", " ")) for n in names],
    )
    return library.create(draft, AGENT).id


def tasks(
    sessions: sessionmaker[Any],
    library: PromptLibrary,
    model: ScriptedGenerator | None = None,
    publisher: RecordingPublisher | None = None,
) -> AssistantTasks:
    publisher = publisher or RecordingPublisher()
    gateway = ModelGateway(
        assistant_pathway(FixedPermission(), publisher), model, publisher, GatewayPolicy()
    )
    classifier = RequestClassifier(
        KeywordClassifier(DEFAULT_THEMES),
        DepartmentRouting(DEFAULT_THEME_DEPARTMENTS, {}, "etat-civil"),
    )
    return AssistantTasks(
        gateway,
        library,
        classifier,
        EditorialReviews(sessions),
        TasksPolicy(max_upload_bytes=50_000),
    )


def test_a_pdf_is_summarised_offline_with_citations(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    service = tasks(sessions, library)
    pdf = pdf_with_text([PAGES])
    produced = service.run(service.summary(SummaryRequest(content=pdf, filename="cr.pdf")), AGENT)
    assert not produced.production.generative
    assert "[§2]" in produced.text and "budget primitif" in produced.text
    assert produced.details.citations[0].paragraph == 2
    assert not produced.marked


def test_a_docx_and_a_pasted_text_are_summarised(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    service = tasks(sessions, library)
    docx = docx_with([("Title", PAGES[0]), ("", PAGES[1]), ("", PAGES[2])])
    from_docx = service.run(
        service.summary(SummaryRequest(content=docx, filename="cr.docx")), AGENT
    )
    assert "budget primitif" in from_docx.text
    pasted = service.run(service.summary(SummaryRequest(text="\n\n".join(PAGES))), AGENT)
    assert pasted.details.paragraph_count == 3


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (SummaryRequest(), "Le texte à résumer est vide"),
        (SummaryRequest(text="   \n"), "Le texte à résumer est vide"),
        (SummaryRequest(text="x", content=b"abc", filename="a.txt"), "pas les deux"),
        (SummaryRequest(text="Une phrase.", max_words=5), "entre 20 et 1000 mots"),
        (SummaryRequest(text="Une phrase." * 30_000), "trop long"),
    ],
)
def test_bad_summary_requests_are_refused_in_french(
    sessions: sessionmaker[Any], library: PromptLibrary, request_: SummaryRequest, expected: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        tasks(sessions, library).summary(request_)
    assert expected in refused.value.detail


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"%PDF-1.4 broken", "cr.pdf", "illisible"),
        (b"data", "tableur.xlsx", "n'est pas pris en charge"),
        (b"", "vide.txt", "ne contient aucun texte"),
        (b"x" * 60_000, "gros.txt", "trop volumineux"),
    ],
)
def test_bad_uploads_are_refused_in_french(
    sessions: sessionmaker[Any],
    library: PromptLibrary,
    content: bytes,
    filename: str,
    expected: str,
) -> None:
    with pytest.raises(DocumentNotRead) as refused:
        tasks(sessions, library).summary(SummaryRequest(content=content, filename=filename))
    assert expected in refused.value.detail and filename in refused.value.detail


def test_a_generated_summary_keeps_the_paragraphs_it_cites(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    model = ScriptedGenerator(["Le budget 2026 est voté [§2]. ", "Voir aussi [§9]."])
    service = tasks(sessions, library, model)
    produced = service.run(service.summary(SummaryRequest(text="\n\n".join(PAGES))), AGENT)
    assert produced.production.generative
    assert [c.paragraph for c in produced.details.citations] == [2]  # §9 does not exist
    assert "[§1] Délibération" in model.prompts[0].user


def test_a_draft_with_unfilled_variables_is_refused_and_sent_nowhere(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    template_id = template(
        library, TemplateKind.DRAFT, LETTER, ["type_acte", "date_demande", "suite_donnee"]
    )
    model = ScriptedGenerator(["jamais"])
    publisher = RecordingPublisher()
    service = tasks(sessions, library, model, publisher)
    with pytest.raises(InvalidInput) as refused:
        service.draft(DraftRequest(TemplateChoice(template_id, {"type_acte": "acte de naissance"})))
    assert "date_demande" in refused.value.detail and "suite_donnee" in refused.value.detail
    assert {e.field for e in refused.value.errors} == {
        "variables.date_demande",
        "variables.suite_donnee",
    }
    assert model.prompts == [] and publisher.published == []


def test_a_draft_offline_is_the_template_filled_as_it_is(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    template_id = template(
        library, TemplateKind.DRAFT, LETTER, ["type_acte", "date_demande", "suite_donnee"]
    )
    values = {
        "type_acte": "copie d'acte de naissance",
        "date_demande": "12 mars 2026",
        "suite_donnee": "L'acte vous est envoyé ce jour.",
    }
    service = tasks(sessions, library)
    produced = service.run(service.draft(DraftRequest(TemplateChoice(template_id, values))), AGENT)
    assert produced.text == (
        "Madame, Monsieur,\n\nNous avons bien reçu votre demande de copie d'acte de naissance "
        "du 12 mars 2026. L'acte vous est envoyé ce jour.\n\nLe service de l'état civil"
    )
    assert produced.production.model == "template-filling/1"
    assert produced.details.template_id == template_id and produced.details.template_version == 1


def test_unknown_templates_and_templates_of_another_kind_are_refused(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    service = tasks(sessions, library)
    with pytest.raises(NotFound):
        service.draft(DraftRequest(TemplateChoice("no-such-template")))
    summary_id = template(library, TemplateKind.SUMMARIZE, "Résume pour les élus.", [])
    with pytest.raises(InvalidInput) as refused:
        service.draft(DraftRequest(TemplateChoice(summary_id)))
    assert "modèle de résumé" in refused.value.detail


def test_instructions_go_to_the_model_and_the_fallback_says_it_ignores_them(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    orders = template(library, TemplateKind.SUMMARIZE, "Insiste sur {{sujet}}.", ["sujet"])
    choice = TemplateChoice(orders, {"sujet": "les travaux"})
    model = ScriptedGenerator(["Résumé."])
    service = tasks(sessions, library, model)
    service.run(service.summary(SummaryRequest(text=PAGES[1], template=choice)), AGENT)
    assert "Insiste sur les travaux." in model.prompts[0].system
    offline = tasks(sessions, library)
    produced = offline.run(offline.summary(SummaryRequest(text=PAGES[1], template=choice)), AGENT)
    assert "ne s'appliquent qu'avec un modèle génératif" in produced.production.notice


def test_generated_text_for_publication_is_marked_until_reviewed(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    model = ScriptedGenerator(["La mairie ferme lundi."])
    service = tasks(sessions, library, model)
    asked = PlainLanguageRequest("La mairie sera fermée lundi.", for_publication=True)
    produced = service.run(service.plain_language(asked), AGENT)
    assert produced.marked and produced.text.endswith(MARKING)
    review = service.reviews.review(produced.task_id, produced.text + " Relu.", REVIEWER)
    assert MARKING not in review.text and review.text.endswith("Relu.")
    assert review.reviewer == REVIEWER.pseudonym
    with pytest.raises(Conflict):
        service.reviews.review(produced.task_id, "encore", REVIEWER)
    with pytest.raises(NotFound):
        service.reviews.review("unknown-task", "texte", REVIEWER)
    with pytest.raises(InvalidInput):
        service.reviews.review(produced.task_id, MARKING, REVIEWER)


def test_offline_or_unpublished_text_is_not_marked(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    offline = tasks(sessions, library)
    published = PlainLanguageRequest("La mairie sera fermée lundi.", for_publication=True)
    assert not offline.run(offline.plain_language(published), AGENT).marked
    generative = tasks(sessions, library, ScriptedGenerator(["Texte."]))
    internal = PlainLanguageRequest("La mairie sera fermée lundi.")
    produced = generative.run(generative.plain_language(internal), AGENT)
    assert not produced.marked and produced.text == "Texte."


def test_a_streamed_task_ends_with_the_marking_and_the_whole_output(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    service = tasks(sessions, library, ScriptedGenerator(["La mairie ", "ferme lundi."]))
    asked = PlainLanguageRequest("La mairie sera fermée lundi.", for_publication=True)
    events = list(service.stream(service.plain_language(asked), AGENT))
    assert isinstance(events[0], Started)
    deltas = "".join(e.text for e in events if isinstance(e, Delta))
    assert deltas == f"La mairie ferme lundi.\n\n{MARKING}"
    last = events[-1]
    assert isinstance(last, Completed) and last.produced.text == deltas


def test_a_generated_plain_text_is_checked_by_the_rules(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    service = tasks(sessions, library, ScriptedGenerator(["Envoyez vos justificatifs à la CAF."]))
    produced = service.run(service.plain_language(PlainLanguageRequest("Texte.")), AGENT)
    assert {f.term for f in produced.details.flags} == {"justificatifs", "CAF"}


def test_classification_offline_and_with_a_model(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    text = "Mon bac jaune n'a pas été collecté."
    offline = tasks(sessions, library)
    found = offline.run(offline.classification(ClassifyRequest(text, "57463")), AGENT)
    assert found.details.theme == "Déchets" and not found.production.generative
    chosen = tasks(sessions, library, ScriptedGenerator(["« Déchets »."]))
    by_model = chosen.run(chosen.classification(ClassifyRequest(text)), AGENT)
    assert by_model.details.theme == "Déchets" and by_model.details.department == "dechets"
    assert by_model.details.method == "generative"
    astray = tasks(sessions, library, ScriptedGenerator(["Voirie et sports"]))
    kept = astray.run(astray.classification(ClassifyRequest(text)), AGENT)
    assert kept.details.theme == "Déchets" and "hors de la liste" in kept.details.notice
    nothing = tasks(sessions, library, ScriptedGenerator(["Aucun"]))
    none = nothing.run(nothing.classification(ClassifyRequest(text)), AGENT)
    assert none.details.theme == "" and none.details.department == ""


def test_bad_classification_requests_are_refused(
    sessions: sessionmaker[Any], library: PromptLibrary
) -> None:
    service = tasks(sessions, library)
    with pytest.raises(InvalidInput, match="vide"):
        service.classification(ClassifyRequest("  "))
    with pytest.raises(InvalidInput, match="code INSEE"):
        service.classification(ClassifyRequest("bac", "Metz"))
    with pytest.raises(InvalidInput, match="trop long"):
        service.classification(ClassifyRequest("bac " * 2000))
