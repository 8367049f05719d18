"""The collectivity's own public contacts: its address, switchboard and generic e-mails; and
any public body's service mailbox, listed or not (``public_mailboxes.py``).

They are printed on every letter and every page of its website: not personal data, so the guard
leaves them in the text (a model needs them to tell a citizen where to go). A domain listed
alone (« @ville-exemple.fr ») stands for its services' mailboxes (« urbanisme@ »,
« vie-associative@ »), which a collectivity opens and renames faster than a list follows;
an agent's own address there (« s.martin@ », « sophie@ ») stays personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from collectivia.ai.privacy.first_name_lexicon import listed_by_insee
from collectivia.ai.privacy.lexicon import folded
from collectivia.ai.privacy.public_mailboxes import is_public_service_mailbox
from collectivia.ai.privacy.spans import PiiType, Span

_NOT_ALNUM = re.compile(r"\W+")
_NOT_DIGIT = re.compile(r"\D+")
_DOMAIN_ALONE = re.compile(r"@[\w-]+(?:\.[\w-]+)+")


def _key(text: str) -> str:
    # accents off: a keyboard in capitals writes « 1 PLACE DE L HOTEL DE VILLE »
    return folded(_NOT_ALNUM.sub("", text))


# The parts of a mailbox's name: « vie-associative », « s.martin », « sophie_martin ».
_MAILBOX_PART = re.compile(r"[^\W\d_]+")


def _service_mailbox(local: str) -> bool:
    """A service's mailbox, not a person's: no dot or underscore between names (« s.martin »,
    « sophie_martin »), no initial, no first name INSEE lists (« sophie »)."""
    if re.search(r"[._]", local):
        return False
    parts = _MAILBOX_PART.findall(local)
    return bool(parts) and not any(len(part) == 1 or listed_by_insee(part) for part in parts)


def _phone_key(text: str) -> str:
    """The national number's last nine digits: "+33 4 72..." is "04 72...", "(0)" or not."""
    return _NOT_DIGIT.sub("", text)[-9:]


def _same_place(key: str, listed: str) -> bool:
    shorter, longer = sorted((key, listed), key=len)
    return bool(shorter) and longer.startswith(shorter) and 2 * len(shorter) >= len(longer)


class PublicContacts:
    """Whether a finding is one of the collectivity's public contacts."""

    def __init__(self, contacts: Iterable[str] = ()) -> None:
        listed = [contact.strip() for contact in contacts if contact.strip()]
        domains = [contact for contact in listed if _DOMAIN_ALONE.fullmatch(contact)]
        self._domains = frozenset(domain[1:].casefold() for domain in domains)
        # An entry of punctuation only (« @ », « - ») has no key: kept, it would prefix every
        # address and leave them all unmasked.
        keys = (_key(contact) for contact in listed if contact not in domains)
        self._keys = frozenset(key for key in keys if key)
        self._phones = frozenset(
            _phone_key(contact) for contact in listed if len(_NOT_DIGIT.sub("", contact)) >= 9
        )

    def __bool__(self) -> bool:
        return bool(self._keys or self._domains)

    def is_public(self, span: Span) -> bool:
        if span.type is PiiType.EMAIL and is_public_service_mailbox(span.text):
            return True
        if not self:
            return False
        if span.type is PiiType.PHONE:
            return _phone_key(span.text) in self._phones
        if span.type is PiiType.EMAIL and self._domains:
            local, _, domain = span.text.rpartition("@")
            if domain.casefold() in self._domains and _service_mailbox(local):
                return True
        key = _key(span.text)
        if span.type is PiiType.ADDRESS:
            # "1 place de l'Hôtel de Ville" is the listed "1 place de l'Hôtel de Ville, 69000 ...";
            # "1 place" alone, or a listed "1 place", says too little to be the same place.
            return any(_same_place(key, listed) for listed in self._keys)
        return key in self._keys
