"""The collectivity's own public contacts: its address, switchboard and generic e-mails.

They are printed on every letter and every page of its website: not personal data, so the guard
leaves them in the text (a model needs them to tell a citizen where to go).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from collectivia.ai.privacy.spans import PiiType, Span

_NOT_ALNUM = re.compile(r"\W+")
_NOT_DIGIT = re.compile(r"\D+")


def _key(text: str) -> str:
    return _NOT_ALNUM.sub("", text).casefold()


def _phone_key(text: str) -> str:
    """The national number's last nine digits: "+33 4 72..." is "04 72...", "(0)" or not."""
    return _NOT_DIGIT.sub("", text)[-9:]


class PublicContacts:
    """Whether a finding is one of the collectivity's public contacts."""

    def __init__(self, contacts: Iterable[str] = ()) -> None:
        listed = [contact for contact in contacts if contact.strip()]
        self._keys = frozenset(_key(contact) for contact in listed)
        self._phones = frozenset(
            _phone_key(contact) for contact in listed if len(_NOT_DIGIT.sub("", contact)) >= 9
        )

    def __bool__(self) -> bool:
        return bool(self._keys)

    def is_public(self, span: Span) -> bool:
        if span.type is PiiType.PHONE:
            return _phone_key(span.text) in self._phones
        key = _key(span.text)
        if span.type is PiiType.ADDRESS:
            # "1 place de l'Hôtel de Ville" is the listed "1 place de l'Hôtel de Ville, 69000 ...".
            return any(listed.startswith(key) or key.startswith(listed) for listed in self._keys)
        return key in self._keys
