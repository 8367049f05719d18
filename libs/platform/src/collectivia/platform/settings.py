"""Settings shared by every service: one prefix per concern, fail fast on bad values.

Each service subclasses :class:`ServiceSettings` with its own prefix
(``COLLECTIVIA_ETHICS_REGISTER_``...). Platform endpoints (Kafka, Keycloak, telemetry) are
read from their own shared prefixes so that one ``export`` configures every service.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import AnyHttpUrl, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class InsecureSettingsError(ValueError):
    """Production mode was asked for with a value only fit for a laptop."""


class KafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_KAFKA_", extra="ignore")

    bootstrap_servers: str = Field("127.0.0.1:9092", min_length=3)
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    # Prepended to every topic name, for a cluster shared by several collectivities or
    # environments (e.g. "metropole-recette.").
    topic_prefix: str = Field("", pattern=r"^[A-Za-z0-9._-]*$", max_length=100)
    # Handler attempts before a record is parked on the topic's dead-letter twin.
    max_delivery_attempts: int = Field(5, ge=1, le=100)
    retry_backoff_seconds: float = Field(0.2, ge=0, le=60)
    # Where a consumer group with no committed offset starts: "earliest" so that a new
    # service sees the events published before it existed; tests start at "latest".
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    # How long a producer keeps retrying a record (a broker restart fits inside).
    delivery_timeout_seconds: float = Field(60.0, ge=15, le=600)
    # The most records one poll of a consumer hands over (all its partitions together): a
    # batch handler takes them in fewer, larger transactions, and the offsets are committed
    # once a poll. Their handling must stay well within the group's 5 minutes between polls.
    consumer_max_poll_records: int = Field(500, ge=1, le=100_000)
    # The most bytes one fetch brings, over all partitions and per partition.
    consumer_fetch_max_bytes: int = Field(52_428_800, ge=1024, le=1_073_741_824)
    consumer_max_partition_fetch_bytes: int = Field(1_048_576, ge=1024, le=1_073_741_824)


class KeycloakSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_KEYCLOAK_", extra="ignore")

    url: AnyHttpUrl = AnyHttpUrl("http://127.0.0.1:8080")
    realm: str = Field("collectivia", pattern=r"^[A-Za-z0-9_-]+$")
    # Clock skew tolerated on exp/nbf/iat.
    leeway_seconds: int = Field(30, ge=0, le=300)
    # An unknown `kid` triggers at most one JWKS refetch per this many seconds.
    jwks_refetch_interval_seconds: float = Field(10.0, ge=0, le=3600)
    http_timeout_seconds: float = Field(5.0, gt=0, le=120)

    @property
    def issuer(self) -> str:
        return f"{str(self.url).rstrip('/')}/realms/{self.realm}"


class TelemetrySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_TELEMETRY_", extra="ignore")

    # OTLP/gRPC collector, e.g. http://otel-collector:4317. Unset: spans stay in-process.
    otlp_endpoint: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"


class ServiceSettings(BaseSettings):
    """Base of every service's settings. Subclasses set ``env_prefix`` and their defaults."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Environment = Field(
        Environment.DEVELOPMENT, validation_alias="COLLECTIVIA_ENVIRONMENT"
    )
    service_name: str
    service_version: str = "0.1.0"
    # This service's confidential client in Keycloak, also the audience its tokens must carry.
    client_id: str
    client_secret: SecretStr
    http_host: str = "127.0.0.1"
    http_port: int = Field(8000, ge=0, le=65535)
    grpc_port: int = Field(50051, ge=0, le=65535)
    # The service's own database (its areas' tables): a SQLite file by default, e.g.
    # postgresql+psycopg://user:pass@db/register in production. Empty: no database.
    database_url: str = ""
    # Its Kafka consumer group; empty: the service's name.
    consumer_group: str = ""

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    keycloak: KeycloakSettings = Field(default_factory=KeycloakSettings)
    telemetry: TelemetrySettings = Field(default_factory=TelemetrySettings)

    @model_validator(mode="after")
    def refuse_insecure_production(self) -> Self:
        if self.environment is not Environment.PRODUCTION:
            return self
        problems = []
        if self.keycloak.url.scheme != "https":
            problems.append("COLLECTIVIA_KEYCLOAK_URL must use https in production")
        if self.keycloak.realm == "master":
            problems.append("COLLECTIVIA_KEYCLOAK_REALM must not be Keycloak's admin realm")
        secret = self.client_secret.get_secret_value()
        if secret.endswith("-dev-secret") or len(secret) < 16:
            problems.append("the client secret is the demo one or shorter than 16 characters")
        problems.extend(self.production_problems())
        if problems:
            raise InsecureSettingsError("; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """Service-specific values refused in production; subclasses extend."""
        return []


class AreaSettings(BaseSettings):
    """An area's own section of its service's settings (``Area.settings``). A service gives
    its sections its prefix through a base class of its own, so that a section's variables
    read like the service's (``COLLECTIVIA_AGENT_ASSISTANT_SUGGESTION_LIFETIME_SECONDS``).
    Read and checked when the process starts, like the service's settings."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Environment = Field(
        Environment.DEVELOPMENT, validation_alias="COLLECTIVIA_ENVIRONMENT", exclude=True
    )

    @model_validator(mode="after")
    def refuse_insecure_production(self) -> Self:
        if self.environment is Environment.PRODUCTION:
            problems = self.production_problems()
            if problems:
                raise InsecureSettingsError("; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """Values of this section refused in production; sections extend."""
        return []
