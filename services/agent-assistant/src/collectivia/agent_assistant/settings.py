"""Settings of the agent assistant (prefix ``COLLECTIVIA_AGENT_ASSISTANT_``)."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from collectivia.agent_assistant.gateway.settings import GatewaySettings
from collectivia.agent_assistant.web.settings import IntranetSettings
from collectivia.platform.settings import ServiceSettings

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
    model_config = SettingsConfigDict(
        env_prefix="COLLECTIVIA_AGENT_ASSISTANT_", extra="ignore", populate_by_name=True
    )

    service_name: str = "agent-assistant"
    client_id: str = "agent-assistant"
    client_secret: SecretStr = SecretStr("agent-assistant-dev-secret")
    http_port: int = Field(8030, ge=0, le=65535)
    grpc_port: int = Field(50063, ge=0, le=65535)
    database_url: str = "sqlite:///agent-assistant.db"
    consumer_group: str = "agent-assistant"
    collectivity_name: str = "Metz Métropole"

    # The ethics register: gate (gRPC) before each model use, API for look-ups.
    register_grpc_target: str = "127.0.0.1:50061"
    register_url: str = "http://127.0.0.1:8010"
    # This assistant's entry in the register; empty: the approved entry whose purpose is
    # ``purpose`` and whose name is ``system_name`` is looked up when needed.
    system_id: str = ""
    system_name: str = "Assistant des agents"
    purpose: str = "agent-drafting"

    # The citizen chat's gRPC (CitizenChatService.Search: same retrieval as the chat).
    chat_grpc_target: str = "127.0.0.1:50062"
    search_timeout_seconds: float = Field(5.0, gt=0, le=60)

    # Handover routing: theme -> department, commune (INSEE) -> department for themes
    # not in the map, else the default department (JSON in the variables).
    theme_departments: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_THEME_DEPARTMENTS)
    )
    commune_departments: dict[str, str] = Field(default_factory=dict)
    default_department: str = Field("etat-civil", min_length=1, max_length=100)
    # A suggested reply nobody replied to within this many seconds expires: its use is
    # recorded (human review none) and it is withdrawn; checked every sweep interval.
    suggestion_lifetime_seconds: float = Field(48 * 3600, gt=0, le=90 * 86400)
    suggestion_sweep_seconds: float = Field(300, gt=0, le=86400)

    # Salt of pseudonymous agent ids in events and statistics.
    pseudonym_salt: SecretStr = SecretStr(DEV_SALT)

    # The model gateway and the tasks (gateway/settings.py); the model endpoint itself is
    # read from COLLECTIVIA_GENERATION_* (shared with the citizen chat).
    gateway: GatewaySettings = Field(default_factory=GatewaySettings)
    # The intranet page (web/settings.py): Keycloak's public client, Keycloak's public URL.
    web: IntranetSettings = Field(default_factory=IntranetSettings)

    # Usage statistics: a department-month (or a task within it) is shown only when at
    # least this many distinct agents contributed, so that no one can be singled out.
    statistics_min_group_size: int = Field(5, ge=2, le=1000)
    # Enter the demo templates of the prompt library (prompts/seed.py) when they are missing.
    demo_templates: bool = True

    @field_validator("theme_departments", "commune_departments")
    @classmethod
    def _departments_named(cls, mapping: dict[str, str]) -> dict[str, str]:
        for key, department in mapping.items():
            if not key.strip() or not department.strip():
                raise ValueError("routing keys and departments must not be empty")
        return {key.strip().lower(): department.strip() for key, department in mapping.items()}

    def production_problems(self) -> list[str]:
        problems = self.gateway.generation.production_problems()
        if self.pseudonym_salt.get_secret_value() == DEV_SALT:
            problems.append("COLLECTIVIA_AGENT_ASSISTANT_PSEUDONYM_SALT must be set in production")
        return problems
