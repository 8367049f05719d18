"""What a document meant for citizens must not be: marked internal, or holding someone's
personal data.

A document marked internal (« document interne », « ne pas diffuser », « confidentiel »...)
was never meant to be published: it is refused for the citizens' knowledge base, whoever
sends it. A document where the suite's privacy guard finds personal data that a public page
does not carry (a mobile number, an e-mail address of a person, a social security number, an
IBAN, a birth date) is held until a person reviews it: a public page gives a service's
switchboard and generic address, not an agent's mobile. Landlines and addresses are left
alone: every public page gives some (the guard's public contacts setting lists the
collectivity's own).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from collectivia.ai.privacy import PrivacyGuard
from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.citizen_chat.knowledge.analyzer import strip_accents
from collectivia.citizen_chat.knowledge.documents import Document

# Markings, matched on the lower-cased text without accents. « Confidentiel » alone is a
# marking only as a line of its own or with « document »/« strictement »: "vos données restent
# confidentielles" marks nothing.
_MARKINGS = re.compile(
    r"\b(?:document|note|usage|diffusion)\s+(?:strictement\s+)?"
    r"(?:interne|restreinte|limitee)s?\b"
    r"|\bne\s+pas\s+(?:diffuser|divulguer|communiquer|publier|transmettre)\b"
    r"|\b(?:a\s+)?usage\s+(?:strictement\s+)?interne\b"
    r"|\b(?:document|note|information)s?\s+(?:strictement\s+)?confidentiel(?:le)?s?\b"
    r"|\bstrictement\s+confidentiel(?:le)?s?\b"
    r"|^\W*confidentiel(?:le)?s?\W*$"
    r"|\bnon\s+(?:diffusable|communicable|publiable)\b"
    r"|\binternal\s+(?:use|only|document)\b|\bdo\s+not\s+(?:distribute|share|publish|forward)\b"
    r"|\bnot\s+for\s+(?:distribution|publication|public\s+release)\b"
    r"|\b(?:strictly\s+)?confidential\b|\bfor\s+internal\s+use\b",
    re.MULTILINE,
)
# A page names who to call at the town hall, never a person's mobile or private address.
_MOBILE = re.compile(r"^(?:\+33|0033|0)\s*\(?0?\)?\s*[67]")
# A person's mailbox: a webmail, or a first name opening the local part (jean.dupont@...).
_WEBMAIL = re.compile(
    r"@(?:gmail|googlemail|hotmail|outlook|live|yahoo|icloud|proton(?:mail)?|gmx|aol|orange"
    r"|wanadoo|free|sfr|laposte|neuf|bbox)\.",
    re.IGNORECASE,
)
_FIRST_NAMES = frozenset(strip_accents(name.lower()) for name in CONTEXT_FIRST_NAMES)
_ALWAYS_PERSONAL = frozenset({PiiType.NIR, PiiType.IBAN, PiiType.BIRTH_DATE})

Detect = Callable[[str], Sequence[Span]]


def internal_marking(document: Document) -> str | None:
    """The marking that says the document is internal (lower case, no accents), or None."""
    found = _MARKINGS.search(strip_accents(f"{document.title}\n{document.text}".lower()))
    return None if found is None else " ".join(found.group().split())


def _personal(span: Span) -> bool:
    if span.type in _ALWAYS_PERSONAL:
        return True
    if span.type is PiiType.PHONE:
        return bool(_MOBILE.match(span.text.strip()))
    if span.type is PiiType.EMAIL:
        first = re.split(r"[._-]", strip_accents(span.text.lower()), maxsplit=1)[0]
        return bool(_WEBMAIL.search(span.text)) or first in _FIRST_NAMES
    return False


@dataclass(frozen=True)
class PersonalDataScreen:
    """The suite's privacy guard, read for what a public page does not carry. The guard runs
    on its rules (no name model): a public page names its mayor and its services."""

    detect: Detect = PrivacyGuard(persons=None).detect

    def kinds(self, document: Document) -> tuple[str, ...]:
        """The kinds of personal data found (the guard's labels), sorted; empty: none."""
        spans = self.detect(f"{document.title}\n{document.text}")
        return tuple(sorted({span.type.value for span in spans if _personal(span)}))
