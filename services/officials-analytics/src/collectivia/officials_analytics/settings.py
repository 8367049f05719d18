"""Settings of the service (prefix ``COLLECTIVIA_OFFICIALS_ANALYTICS_``): the service's own
here, with the AI-use section (the register and the forecasts' entry in it:
``AnalyticsAiUseSettings``); each area's in its section (``<area>/area.py``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.ai.use.settings import AiUseSettings
from collectivia.platform.events.outbox.area import OutboxSettings
from collectivia.platform.settings import AreaSettings, ServiceSettings

ENV_PREFIX = "COLLECTIVIA_OFFICIALS_ANALYTICS_"


class OfficialsAnalyticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    service_name: str = "officials-analytics"
    # Its confidential client in Keycloak (infra/keycloak/realm-collectivia.json).
    client_id: str = "officials-analytics"
    client_secret: SecretStr = SecretStr("officials-analytics-dev-secret")
    http_port: int = Field(8050, ge=0, le=65535)
    grpc_port: int = Field(50066, ge=0, le=65535)
    # The service's own records (declarations, forecasts, what was consumed): SQLite by
    # default, postgresql+psycopg2://... in production. The analytics tables themselves are
    # Iceberg tables (section storage), queried like the lake's datasets.
    database_url: str = "sqlite:///officials-analytics.db"


class OfficialsAnalyticsSection(AreaSettings):
    """Base of the areas' sections: the service's prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)


class AnalyticsAiUseSettings(AiUseSettings):
    """The register (gate over gRPC, public pages) and the forecasts' entry in it (the AI-use
    area's section): ``COLLECTIVIA_OFFICIALS_ANALYTICS_SYSTEM_ID`` (empty: the approved entry
    whose purpose is ``purpose`` and whose name is ``system_name`` is looked up when needed),
    the purpose asked to the gate at each forecast run."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    # The name of the forecasts' entry, when its id is looked up.
    system_name: str = "Prévisions mensuelles pour les élus"
    # The purpose the entry was approved for (asked to the gate at each run and each display).
    purpose: str = Field("territorial-forecasting", min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")


class AnalyticsOutboxSettings(OutboxSettings):
    """The outbox's section (``COLLECTIVIA_OFFICIALS_ANALYTICS_OUTBOX_POLL_SECONDS``...)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)
