"""Settings of the service (prefix ``COLLECTIVIA_SERVICE_TEMPLATE_``): the service's own
here; each area's in its section (``notes/area.py``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.platform.settings import AreaSettings, ServiceSettings

ENV_PREFIX = "COLLECTIVIA_SERVICE_TEMPLATE_"


class ServiceTemplateSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    service_name: str = "service-template"
    # Its confidential client in Keycloak (add it to infra/keycloak/realm-collectivia.json).
    client_id: str = "service-template"
    client_secret: SecretStr = SecretStr("service-template-dev-secret")
    # Pick free ones beside the other services' (8010-8030, 50061-50063).
    http_port: int = Field(8090, ge=0, le=65535)
    grpc_port: int = Field(50090, ge=0, le=65535)
    # SQLite file by default; postgresql+psycopg://... in production.
    database_url: str = "sqlite:///service-template.db"


class ServiceTemplateSection(AreaSettings):
    """Base of the areas' sections: the service's prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)
