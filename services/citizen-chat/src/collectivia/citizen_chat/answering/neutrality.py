"""Questions that ask the assistant whom to vote for.

The public service is neutral: an assistant of the collectivity never recommends a candidate,
a list or a party, whatever pages it finds about elections (the one on registering to vote
shares every word of "Pour quelle liste voter aux municipales ?"). Such a question gets that
statement and where the candidates' own programmes are, never a quotation.
"""

from __future__ import annotations

import re

from collectivia.citizen_chat.knowledge.analyzer import strip_accents

_CHOICE = r"(?:candidat|candidate|liste|parti|bulletin|camp|bord)s?"
_PATTERNS = [
    # "Pour qui devrais-je voter ?", "pour qui voter aux municipales", "pour qui je vote"
    r"\bpour\s+qui\s+(?:je\s+|j'|on\s+)?(?:dois|devrais|faut|vais|voter|vote|votez|votes"
    r"|conseill|recommand)",
    # "Pour quel candidat devrais-je voter ?", "quelle liste choisir ?"
    rf"\bpour\s+quel(?:le)?s?\s+{_CHOICE}\b",
    rf"\bquel(?:le)?s?\s+{_CHOICE}\s+(?:choisir|soutenir|elire|preferer|devrais|dois|faut"
    r"|me\s+conseill|me\s+recommand|est\s+(?:le|la)\s+meilleur)",
    # "Vaut-il mieux voter pour la gauche ?", "dois-je voter blanc ?"
    r"\b(?:vaut[- ]il\s+mieux|faut[- ]il|dois[- ]je|devrais[- ]je|je\s+dois|je\s+devrais)"
    r"\s+voter\s+(?:pour|a|blanc|contre|gauche|droite)\b",
    r"\bconsignes?\s+de\s+vote\b",
    # English
    r"\bwho\s+should\s+(?:i|we)\s+vote\b",
    r"\bwhich\s+(?:candidate|party|list)\s+should\b",
]
_VOTE_ADVICE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


def asks_whom_to_vote_for(question: str) -> bool:
    text = strip_accents(question.lower()).replace("\u2019", "'")
    return _VOTE_ADVICE.search(text) is not None
