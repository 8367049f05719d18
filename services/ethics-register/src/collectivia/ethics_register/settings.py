"""Settings of the ethics register (prefix ``COLLECTIVIA_ETHICS_REGISTER_``): the service's
own here; each area's in its section (``systems/area.py``, ``evidence/area.py``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.platform.events.outbox.area import OutboxSettings
from collectivia.platform.settings import AreaSettings, ServiceSettings

ENV_PREFIX = "COLLECTIVIA_ETHICS_REGISTER_"


class RegisterSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    service_name: str = "ethics-register"
    client_id: str = "ethics-register"
    client_secret: SecretStr = SecretStr("ethics-register-dev-secret")
    http_port: int = Field(8010, ge=0, le=65535)
    grpc_port: int = Field(50061, ge=0, le=65535)
    # SQLite file by default; e.g. postgresql+psycopg://user:pass@db/register in production.
    database_url: str = "sqlite:///ethics-register.db"
    consumer_group: str = "ethics-register"


class RegisterSection(AreaSettings):
    """Base of the register's areas' sections: the register's prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)


class RegisterOutboxSettings(OutboxSettings):
    """The outbox's section (``COLLECTIVIA_ETHICS_REGISTER_OUTBOX_POLL_SECONDS``...)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)
