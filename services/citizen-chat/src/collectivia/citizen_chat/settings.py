"""Settings of the citizen chat (prefix ``COLLECTIVIA_CITIZEN_CHAT_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from collectivia.ai.generation import GenerationSettings
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings
from collectivia.citizen_chat.web.theme import check_on_white
from collectivia.platform.settings import ServiceSettings


class ChatSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="COLLECTIVIA_CITIZEN_CHAT_", extra="ignore", populate_by_name=True
    )

    service_name: str = "citizen-chat"
    client_id: str = "citizen-chat"
    client_secret: SecretStr = SecretStr("citizen-chat-dev-secret")
    http_port: int = Field(8020, ge=0, le=65535)
    grpc_port: int = Field(50062, ge=0, le=65535)
    database_url: str = "sqlite:///citizen-chat.db"
    consumer_group: str = "citizen-chat"

    # The ethics register: gate (gRPC), API (system look-up, incidents), public pages.
    register_grpc_target: str = "127.0.0.1:50061"
    register_url: str = "http://127.0.0.1:8010"
    register_public_url: str = "http://127.0.0.1:8010"
    # This assistant's entry in the register; empty: the approved entry whose purpose is
    # "citizen-information" and whose name is ``system_name`` is looked up when needed.
    system_id: str = ""
    system_name: str = "Assistant virtuel citoyen"
    purpose: str = "citizen-information"

    # Documents ingested at start (Markdown, HTML, JSON Lines), e.g. infra/demo/knowledge.
    knowledge_dir: Path | None = None
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings)

    # Under this confidence the assistant says it does not know (see answering/service.py).
    min_confidence: float = Field(0.5, ge=0.0, le=1.0)
    # The generative model (COLLECTIVIA_GENERATION_*, shared with the agent assistant); without
    # a base URL, answers quote the sources (the embedded default). See answering/generative.py.
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    # Share of a generated sentence's content words that its cited passages must contain, or
    # the sentence is not shown (answering/grounding.py).
    grounding_min_support: float = Field(0.5, ge=0.0, le=1.0)
    # Retrieved documents given to the model as numbered sources; sentences shown at most.
    generation_sources: int = Field(4, ge=1, le=10)
    generation_max_sentences: int = Field(6, ge=1, le=20)
    # A generated answer still streaming after this long is cut (sentences already shown stay).
    generation_deadline_seconds: float = Field(30.0, gt=0, le=600)
    outdated_after_days: int = Field(365, ge=1)
    # INSEE code -> name, to say which commune an answer applies to (JSON in the variable).
    commune_names: dict[str, str] = Field(
        default_factory=lambda: {
            "57463": "Metz",
            "57480": "Montigny-lès-Metz",
            "57751": "Woippy",
            "57447": "Marly",
        }
    )
    collectivity_name: str = "Metz Métropole"
    # Theme of the citizen page: logo ("" none, an https:// URL or a path on this site) and two
    # colours that must reach 4.5:1 against white (web/theme.py): header and buttons, focus.
    theme_logo_url: str = Field(
        "", max_length=500, pattern=r"^(|https://[^\s\"'<>]+|/[^/\s\"'<>][^\s\"'<>]*)$"
    )
    theme_primary_color: str = Field("#0a3d91", pattern=r"^#[0-9a-fA-F]{6}$")
    theme_accent_color: str = Field("#b34000", pattern=r"^#[0-9a-fA-F]{6}$")

    # Conversations are deleted this many days after their last activity.
    retention_days: int = Field(30, ge=1, le=3650)
    max_question_chars: int = Field(2000, ge=10, le=20_000)
    # Questions per client (token subject, else address) and minute.
    rate_limit_per_minute: int = Field(30, ge=1, le=100_000)
    # Salt of pseudonymous actor ids in the evidence of AI use.
    pseudonym_salt: SecretStr = SecretStr("citizen-chat-dev-salt")

    @field_validator("theme_primary_color", "theme_accent_color")
    @classmethod
    def _readable_on_white(cls, colour: str) -> str:
        return check_on_white(colour)

    def production_problems(self) -> list[str]:
        problems = self.generation.production_problems()
        if self.pseudonym_salt.get_secret_value() == "citizen-chat-dev-salt":
            problems.append("COLLECTIVIA_CITIZEN_CHAT_PSEUDONYM_SALT must be set in production")
        return problems
