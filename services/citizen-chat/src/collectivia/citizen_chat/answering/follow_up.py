"""Whether a question leans on the conversation before it, or stands alone.

A follow-up that leans on the previous question says so: it starts like a continuation
("et pour un enfant ?", "mais si...", "aussi ?") or points back with a pronoun or a
demonstrative ("combien ça coûte ?", "où le faire ?", "ce document"). A question that names
its own subject ("Combien coûte un passeport ?") stands alone: the previous question (an
off-topic one, another subject) must neither move its retrieval nor lower its confidence.
"""

from __future__ import annotations

import re

from collectivia.citizen_chat.knowledge.analyzer import strip_accents

# How a continuation starts.
_CONTINUATION = re.compile(r"^\s*(?:et|mais|aussi|alors|sinon|ensuite|puis|donc|ou)\b")
# Words that point back to something said before.
_REFERENCE = re.compile(
    r"\b(?:ca|cela|ceci|celui(?:-ci|-la)?|celle(?:-ci|-la)?|ceux(?:-ci|-la)?|celles(?:-ci|-la)?"
    r"|ce\s+(?:document|service|dossier|formulaire|papier|titre|cas|delai|montant|tarif|prix)"
    r"|cette\s+(?:demarche|aide|carte|allocation|procedure|piece|demande|page)"
    r"|le\s+faire|la\s+faire|les\s+faire|l'obtenir|l'avoir|le\s+demander|la\s+demander"
    r"|en\s+faire\s+la\s+demande|y\s+aller|y\s+acceder|dans\s+ce\s+cas|idem|pareil"
    r"|meme\s+chose|et\s+pour|et\s+si|et\s+les|et\s+le|et\s+la)\b"
)


def leans_on_context(question: str) -> bool:
    """True when the question continues or points back to the conversation."""
    text = strip_accents(question.lower()).replace("\u2019", "'")
    return _CONTINUATION.search(text) is not None or _REFERENCE.search(text) is not None
