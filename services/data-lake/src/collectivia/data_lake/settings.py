"""Settings of the data lake (prefix ``COLLECTIVIA_DATA_LAKE_``): the service's own here;
each area's in its section (``<area>/area.py``)."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.platform.events.outbox.area import OutboxSettings
from collectivia.platform.settings import AreaSettings, ServiceSettings

ENV_PREFIX = "COLLECTIVIA_DATA_LAKE_"


class DataLakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    service_name: str = "data-lake"
    client_id: str = "data-lake"
    client_secret: SecretStr = SecretStr("data-lake-dev-secret")
    http_port: int = Field(8040, ge=0, le=65535)
    grpc_port: int = Field(50064, ge=0, le=65535)
    # The metadata (datasets, loads, quarantine, contracts): SQLite file by default;
    # postgresql+psycopg2://... in production. The rows themselves are in Iceberg tables.
    database_url: str = "sqlite:///data-lake.db"
    # Where the public reaches this service: the base of the datasets' URIs in the catalogue.
    public_url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8040")


class DataLakeSection(AreaSettings):
    """Base of the areas' sections: the service's prefix."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)


class LakeOutboxSettings(OutboxSettings):
    """The outbox's section (``COLLECTIVIA_DATA_LAKE_OUTBOX_POLL_SECONDS``...)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)
