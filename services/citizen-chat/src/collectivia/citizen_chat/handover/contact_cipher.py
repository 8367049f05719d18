"""The contact a citizen gives for a handover, encrypted at rest (Fernet: AES-128-CBC with an
HMAC-SHA256, from ``cryptography``): a copy of the database, a backup or a log of its rows
shows no e-mail address or phone number without the key, which lives in the settings."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

logger = logging.getLogger(__name__)

# Development only (settings refuse an empty key in production): derived from a fixed text,
# so that a restart of a demo still reads the contacts it kept.
_DEVELOPMENT_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"collectivia citizen-chat development contact key").digest()
)


class ContactUnreadable(Exception):
    """A stored contact none of the configured keys opens (a key dropped too early)."""


def _keys(text: str) -> list[bytes]:
    return [part.strip().encode() for part in text.split(",") if part.strip()]


def check_keys(text: str) -> None:
    """Raise ValueError (English, for operators) unless every key is a Fernet key."""
    for number, key in enumerate(_keys(text), start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            raise ValueError(
                f"contact key {number} is not a Fernet key (32 bytes, url-safe base64)"
            ) from None


class ContactCipher:
    def __init__(self, keys: str) -> None:
        """``keys``: comma-separated Fernet keys, the first encrypts; empty: the development
        key."""
        configured = _keys(keys)
        if not configured:
            logger.warning("no contact key configured: the development key encrypts contacts")
            configured = [_DEVELOPMENT_KEY]
        self._fernet = MultiFernet([Fernet(key) for key in configured])

    def seal(self, contact: str) -> str:
        return self._fernet.encrypt(contact.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            raise ContactUnreadable("no configured key opens this contact") from None
