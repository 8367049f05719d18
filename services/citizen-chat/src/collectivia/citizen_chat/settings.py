"""Settings of the citizen chat (prefix ``COLLECTIVIA_CITIZEN_CHAT_``): the service's own
here, with the AI-use section (the register and this assistant's entry in it); each area's
in its section (``knowledge/settings.py``, ``library/area.py``, ``answering/area.py``,
``conversations/area.py``, ``feedback/area.py``, ``web/theme.py``). Every variable keeps its
name whatever section reads it."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from collectivia.ai.generation import GenerationSettings
from collectivia.ai.use.settings import AiUseSettings
from collectivia.platform.communes import commune
from collectivia.platform.events.outbox.area import OutboxSettings
from collectivia.platform.settings import AreaSettings, ServiceSettings

ENV_PREFIX = "COLLECTIVIA_CITIZEN_CHAT_"
# Metz, Montigny-lès-Metz, Woippy, Marly: the demo's communes of Metz Métropole.
DEMO_MEMBER_COMMUNES = ("57463", "57480", "57751", "57447")


class ChatSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    service_name: str = "citizen-chat"
    client_id: str = "citizen-chat"
    client_secret: SecretStr = SecretStr("citizen-chat-dev-secret")
    http_port: int = Field(8020, ge=0, le=65535)
    grpc_port: int = Field(50062, ge=0, le=65535)
    database_url: str = "sqlite:///citizen-chat.db"
    consumer_group: str = "citizen-chat"
    # Worker processes serving HTTP and gRPC (worker_processes.py); 0: one per core, at most 4.
    workers: int = Field(0, ge=0, le=16)

    # The generative model (COLLECTIVIA_GENERATION_*, shared with the agent assistant); without
    # a base URL, answers quote the sources (the embedded default). See answering/generative.py.
    # Its embeddings too, when COLLECTIVIA_CITIZEN_CHAT_EMBEDDINGS=endpoint (knowledge/).
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    # The collectivity's name: the page, the API's title, the model's instructions.
    collectivity_name: str = "Metz Métropole"
    # The collectivity's member communes (INSEE codes, JSON in the variable): the page offers
    # them, and a question naming one is not about another place. Their names, as any
    # commune's, come from the official list (collectivia.platform.communes).
    member_communes: list[str] = Field(default_factory=lambda: list(DEMO_MEMBER_COMMUNES))
    # Longest question taken (the page, the HTTP API, gRPC Ask and Search).
    max_question_chars: int = Field(2000, ge=10, le=20_000)
    # Salt of pseudonymous ids: owners of signed-in conversations, actors in the evidence of
    # AI use.
    pseudonym_salt: SecretStr = SecretStr("citizen-chat-dev-salt")

    # Replaced by member_communes: refused rather than ignored, so that a deployment still
    # setting it learns so at start instead of losing its communes silently.
    commune_names: dict[str, str] | None = Field(None, exclude=True)

    @field_validator("commune_names")
    @classmethod
    def _replaced(cls, value: dict[str, str] | None) -> None:
        if value is not None:
            raise ValueError(
                "COLLECTIVIA_CITIZEN_CHAT_COMMUNE_NAMES is replaced by "
                "COLLECTIVIA_CITIZEN_CHAT_MEMBER_COMMUNES, a JSON list of INSEE codes "
                '(e.g. ["57463", "57480"]): the names come from the official list'
            )
        return None

    @field_validator("member_communes")
    @classmethod
    def _listed_communes(cls, codes: list[str]) -> list[str]:
        unknown = [code for code in codes if commune(code) is None]
        if unknown:
            raise ValueError(f"not INSEE commune codes of the official list: {unknown}")
        return list(dict.fromkeys(code.strip().upper() for code in codes))

    def production_problems(self) -> list[str]:
        problems = self.generation.production_problems()
        if self.pseudonym_salt.get_secret_value() == "citizen-chat-dev-salt":
            problems.append("COLLECTIVIA_CITIZEN_CHAT_PSEUDONYM_SALT must be set in production")
        return problems


class ChatSection(AreaSettings):
    """Base of the chat's areas' sections: the chat's prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)


class ChatAiUseSettings(AiUseSettings):
    """The register (gate over gRPC, public pages) and this assistant's entry in it; empty
    ``system_id``: the approved "citizen-information" entry named ``system_name`` is looked
    up when needed."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    # The name of this assistant's entry, when its id is looked up.
    system_name: str = "Assistant virtuel citoyen"
    # The purpose the entry was approved for (asked to the gate at each answer).
    purpose: str = Field("citizen-information", min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")


class ChatOutboxSettings(OutboxSettings):
    """The outbox's section (``COLLECTIVIA_CITIZEN_CHAT_OUTBOX_POLL_SECONDS``...)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)
