"""Settings of the ethics register (prefix ``COLLECTIVIA_ETHICS_REGISTER_``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.core.settings import ServiceSettings


class RegisterSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="COLLECTIVIA_ETHICS_REGISTER_", extra="ignore", populate_by_name=True
    )

    service_name: str = "ethics-register"
    client_id: str = "ethics-register"
    client_secret: SecretStr = SecretStr("ethics-register-dev-secret")
    http_port: int = Field(8010, ge=0, le=65535)
    grpc_port: int = Field(50061, ge=0, le=65535)
    # SQLite file by default; e.g. postgresql+psycopg://user:pass@db/register in production.
    database_url: str = "sqlite:///ethics-register.db"
    consumer_group: str = "ethics-register"
    # How long services may cache a CheckUse answer: suspensions reach them within this.
    check_use_cache_ttl_seconds: int = Field(5, ge=0, le=300)
    # Evidence of AI use is kept this many days: at least six months (AI Act Art. 26(6)).
    evidence_retention_days: int = Field(183, ge=183, le=36_500)
