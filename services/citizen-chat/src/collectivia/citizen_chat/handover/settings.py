"""Settings of the handover area: the keys that encrypt the contacts citizens give, and who
may ask for them."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from collectivia.citizen_chat.handover.contact_cipher import check_keys
from collectivia.citizen_chat.settings import ChatSection


class HandoverSettings(ChatSection):
    # Fernet keys (32 bytes, url-safe base64: `python -c "from cryptography.fernet import
    # Fernet; print(Fernet.generate_key().decode())"`), comma-separated: the first encrypts,
    # all decrypt (rotation: put the new key first, drop the old one once no contact uses it).
    # Empty: a fixed development key, refused in production.
    contact_keys: SecretStr = SecretStr("")
    # Services whose own token (client credentials, azp) may ask for a handover's contact.
    contact_readers: frozenset[str] = Field(default=frozenset({"agent-assistant"}))

    @field_validator("contact_keys")
    @classmethod
    def _keys_are_fernet_keys(cls, value: SecretStr) -> SecretStr:
        check_keys(value.get_secret_value())
        return value

    def production_problems(self) -> list[str]:
        if not self.contact_keys.get_secret_value().strip():
            return ["COLLECTIVIA_CITIZEN_CHAT_CONTACT_KEYS must be set in production"]
        return []
