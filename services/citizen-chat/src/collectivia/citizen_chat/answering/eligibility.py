"""Questions that ask whether the person is entitled to something.

The assistant informs and never decides eligibility: deciding it would make it a high-risk
system (AI Act Annex III 5(a)). Such questions get the procedure and the deciding service,
with an explicit statement that the assistant does not decide.
"""

from __future__ import annotations

import re

from collectivia.citizen_chat.knowledge.analyzer import strip_accents

_PATTERNS = [
    r"\b(ai|aurai|aurais|avons|aurons|a)[- ]?(je|t[- ]?il|t[- ]?elle|t[- ]?on|nous)?"
    r"\s*(le\s+)?droits?\b",
    r"\bj'?\s*ai\s+(le\s+)?droit\b",
    r"\beligib",
    r"\bpuis[- ]?je\s+(beneficier|pretendre|obtenir|toucher|recevoir)",
    r"\b(peux|pourrais|pourrai)[- ]?(je)?\s+(beneficier|pretendre|toucher|recevoir)",
    r"\b(suis|serais)[- ]?je\s+(concerne|admissible|eligible)",
    r"\bpretendre\s+a\b",
    r"\bouvr\w*\s+(le\s+)?droit",
    r"\bremplis?[- ]?je\s+les\s+conditions",
]
_ELIGIBILITY = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def asks_eligibility(question: str) -> bool:
    text = strip_accents(question.lower()).replace("\u2019", "'")
    return _ELIGIBILITY.search(text) is not None


# A sentence telling the person they are, or are not, entitled, with no condition attached.
_DECISION = re.compile(
    r"\bvous\s+(?:n'\s*)?(?:y\s+)?(?:avez|aurez|auriez)\s+(?:bien\s+|donc\s+|pas\s+|aucun\s+)?"
    r"(?:le\s+|de\s+)?droits?\b"
    r"|\bvous\s+(?:n'\s*)?(?:etes|serez|seriez)\s+(?:bien\s+|donc\s+|pas\s+)?"
    r"(?:eligible|admissible|concerne)"
    r"|\bvous\s+(?:ne\s+)?(?:pouvez|pourrez)\s+(?:bien\s+|donc\s+|pas\s+)?"
    r"(?:en\s+)?(?:beneficier|toucher|pretendre)"
)
_CONDITION = re.compile(r"\b(si|s'il|lorsque|quand|a condition|sous reserve|selon|sauf)\b")


def decides_eligibility(sentence: str) -> bool:
    """True for a sentence that decides the person's entitlement ("vous avez droit à ...",
    "vous n'êtes pas éligible") rather than stating a rule ("vous y avez droit si ...")."""
    text = strip_accents(sentence.lower()).replace("\u2019", "'")
    return _DECISION.search(text) is not None and _CONDITION.search(text) is None
