"""The routes reach their area's object only (``provided``), never the whole service: the
intranet page from its frame, the charter check from the charters, a service still starting
answers 503 in French."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.charter import views as charter_views
from collectivia.agent_assistant.charter.service import Charters
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.settings import AssistantAiUseSettings, AssistantSettings
from collectivia.agent_assistant.tasks.settings import TasksSettings
from collectivia.agent_assistant.web import views as web_views
from collectivia.agent_assistant.web.layout import Frame
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.platform.assembly import Provisions
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.http import install_problem_handlers
from collectivia.testkit.doubles import RecordingPublisher, make_principal

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def page_app(provisions: Provisions | None) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(web_views.router)
    if provisions is not None:
        app.state.provisions = provisions
    return TestClient(app)


def test_the_page_is_served_from_its_frame_alone() -> None:
    settings = AssistantSettings(collectivity_name="Ville Essai")
    frame = Frame.of(
        settings, IntranetSettings(), AssistantAiUseSettings(system_id="abc"), TasksSettings()
    )
    page = page_app(Provisions.of({Frame: frame})).get("/")
    assert page.status_code == 200 and "Ville Essai" in page.text
    assert "connect-src 'self'" in page.headers["content-security-policy"]


def test_a_service_still_starting_says_so_in_french() -> None:
    starting = page_app(None).get("/")
    assert starting.status_code == 503
    assert starting.json()["detail"] == "Le service démarre ; réessayez dans un instant."


def test_the_charter_routes_use_the_charters_and_the_settings_only(tmp_path: Path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'charter.db'}")
    SERVICE.create_schema(engine)
    charters = Charters(create_session_factory(engine), RecordingPublisher(), clock=lambda: NOW)
    charters.ensure_default()
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(charter_views.router)
    settings = AssistantSettings()
    app.state.provisions = Provisions.of({Charters: charters, AssistantSettings: settings})
    app.dependency_overrides[verify_bearer_token] = lambda: make_principal(
        "agent", subject="subject-1"
    )
    client = TestClient(app)
    current = client.get("/v1/charter").json()
    assert current["version"] == 1 and current["accepted"] is False
    assert client.post("/v1/charter/acceptances", json={"version": 1}).status_code == 201
    agent = Agent.from_principal(
        make_principal("agent", subject="subject-1"), settings.pseudonym_salt.get_secret_value()
    )
    assert charters.acceptance(agent) is not None
    engine.dispose()
