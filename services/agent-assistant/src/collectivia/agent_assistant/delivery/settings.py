"""Settings of the delivery area: the collectivity's SMTP relay, the chat's contact service."""

from __future__ import annotations

from pydantic import Field, SecretStr

from collectivia.agent_assistant.settings import AssistantSection


class DeliverySettings(AssistantSection):
    # The collectivity's SMTP relay, through which replies by e-mail leave; empty: replies by
    # e-mail are refused with a French reason (nothing pretends to be sent).
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    # Upgrade the connection with STARTTLS before anything is sent (refused in production
    # when off: the citizen's address and the reply would cross the network in clear).
    smtp_starttls: bool = True
    # The From of the replies, e.g. "Metz Métropole <ne-pas-repondre@metzmetropole.fr>".
    smtp_sender: str = ""
    # Login on the relay, when it asks for one (after STARTTLS).
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_timeout_seconds: float = Field(10.0, gt=0, le=120)
    # The citizen chat's gRPC (HandoverContactService: the contact, given on each reveal).
    contact_grpc_target: str = "127.0.0.1:50062"
    contact_timeout_seconds: float = Field(5.0, gt=0, le=60)

    def production_problems(self) -> list[str]:
        problems = []
        if self.smtp_host and not self.smtp_starttls:
            problems.append("COLLECTIVIA_AGENT_ASSISTANT_SMTP_STARTTLS must be on in production")
        if self.smtp_host and not self.smtp_sender:
            problems.append("COLLECTIVIA_AGENT_ASSISTANT_SMTP_SENDER must be set with the relay")
        return problems
