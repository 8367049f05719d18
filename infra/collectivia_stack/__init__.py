"""Native (Docker-free) launcher for the CollectivIA dev stack: Kafka (KRaft) and Keycloak."""

from .config import StackConfig, StackError

__all__ = ["StackConfig", "StackError"]
