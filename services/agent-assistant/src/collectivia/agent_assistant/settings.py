"""Settings of the agent assistant (prefix ``COLLECTIVIA_AGENT_ASSISTANT_``): the service's
own here, with its entry in the register (``AssistantAiUseSettings``); each area's in its
section (``gateway/settings.py``, ``tasks/settings.py``, ``inbox/area.py``...)."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from collectivia.ai.use.settings import AiUseSettings
from collectivia.platform.events.outbox.area import OutboxSettings
from collectivia.platform.settings import AreaSettings, ServiceSettings

ENV_PREFIX = "COLLECTIVIA_AGENT_ASSISTANT_"
DEV_SALT = "agent-assistant-dev-salt"

# Theme of a handed-over conversation (its first part, before " > ", lower case) -> the
# department (Keycloak group /departments/<name>) whose agents answer it.
DEFAULT_THEME_DEPARTMENTS = {
    "état civil": "etat-civil",
    "papiers": "etat-civil",
    "mairie": "etat-civil",
    "citoyenneté": "etat-civil",
    "déchets": "dechets",
    "déplacements": "mobilites",
    "stationnement": "mobilites",
    "transports": "mobilites",
    "urbanisme": "urbanisme",
    "logement": "urbanisme",
    "social": "action-sociale",
    "solidarité": "action-sociale",
}


class AssistantSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    service_name: str = "agent-assistant"
    client_id: str = "agent-assistant"
    client_secret: SecretStr = SecretStr("agent-assistant-dev-secret")
    http_port: int = Field(8030, ge=0, le=65535)
    grpc_port: int = Field(50063, ge=0, le=65535)
    # SQLite file by default; e.g. postgresql+psycopg://user:pass@db/assistant in production.
    database_url: str = "sqlite:///agent-assistant.db"
    consumer_group: str = "agent-assistant"
    # The collectivity's name, on the intranet page and in the API's title.
    collectivity_name: str = "Metz Métropole"

    # The ethics register's HTTP API (the gate and the entry's look-up go through gRPC:
    # ``AssistantAiUseSettings``).
    register_url: str = "http://127.0.0.1:8010"

    # Routing of handovers (the inbox) and of classified requests (the tasks): theme (its
    # first part, lower case) -> department (JSON in the variable).
    theme_departments: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_THEME_DEPARTMENTS)
    )
    # Commune (INSEE code) -> department, for themes not in the map (JSON in the variable).
    commune_departments: dict[str, str] = Field(default_factory=dict)
    # The department when neither map knows the theme or the commune.
    default_department: str = Field("etat-civil", min_length=1, max_length=100)
    # Salt of pseudonymous agent ids in events and statistics.
    pseudonym_salt: SecretStr = SecretStr(DEV_SALT)

    # Usage statistics and experiments' reports: a department-month (or a task within it)
    # is shown only when at least this many distinct agents contributed, so that no one can
    # be singled out.
    statistics_min_group_size: int = Field(5, ge=2, le=1000)

    @field_validator("theme_departments", "commune_departments")
    @classmethod
    def _departments_named(cls, mapping: dict[str, str]) -> dict[str, str]:
        for key, department in mapping.items():
            if not key.strip() or not department.strip():
                raise ValueError("routing keys and departments must not be empty")
        return {key.strip().lower(): department.strip() for key, department in mapping.items()}

    def production_problems(self) -> list[str]:
        if self.pseudonym_salt.get_secret_value() == DEV_SALT:
            return ["COLLECTIVIA_AGENT_ASSISTANT_PSEUDONYM_SALT must be set in production"]
        return []


class AssistantSection(AreaSettings):
    """Base of the assistant's areas' sections: the assistant's prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)


class AssistantAiUseSettings(AiUseSettings):
    """The assistant's entry in the register (the AI-use area's section): register targets,
    ``COLLECTIVIA_AGENT_ASSISTANT_SYSTEM_ID`` (empty: the approved entry whose purpose is
    ``purpose`` and whose name is ``system_name`` is looked up when needed), the purpose."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    # The name of the assistant's entry, to find it among the approved entries of its
    # purpose when no id is set.
    system_name: str = "Assistant des agents"
    # The purpose the entry was approved for (asked to the gate at each use).
    purpose: str = Field("agent-drafting", min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")


class AssistantOutboxSettings(OutboxSettings):
    """The outbox's section (``COLLECTIVIA_AGENT_ASSISTANT_OUTBOX_POLL_SECONDS``...)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)
