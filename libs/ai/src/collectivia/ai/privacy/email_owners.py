"""A name written right before its owner's e-mail address, which spells it again: a signature
or a chat's last line ("Cazals jcazals@free.fr", "moi c paulo martins
paulo.martins31@gmail.com"). A surname alone, or in lower case, is known to no rule and often
not to the model; the address's own letters say it is a name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from collectivia.ai.privacy.address_owners import a_name_word
from collectivia.ai.privacy.lexicon import LOWER, NOT_NAMES, UPPER, folded
from collectivia.ai.privacy.spans import PiiType, Span

# Up to three words on the e-mail's line, then a separator at most (", ", " : ", " - ", "<").
_WORD = rf"[{UPPER}{LOWER}][{UPPER}{LOWER}'\u2019-]+"
_WORDS_BEFORE = re.compile(rf"((?:{_WORD}[ \t]+){{0,2}}{_WORD})[ \t]*(?:[,:/<(-][ \t]*)?$")


def _letters(text: str) -> str:
    """Its letters only, folded ("Chérif" → "cherif", "paulo.martins31" → "paulomartins")."""
    return "".join(c for c in folded(text) if c.isalpha())


def names_before_emails(text: str, spans: Iterable[Span]) -> Iterator[Span]:
    for span in spans:
        if span.type is not PiiType.EMAIL:
            continue
        local = _letters(span.text.split("@", 1)[0])
        line_start = text.rfind("\n", 0, span.start) + 1
        match = _WORDS_BEFORE.search(text, max(line_start, span.start - 60), span.start)
        if match is None or len(local) < 3:
            continue
        words = list(re.finditer(r"\S+", match.group(1)))
        # the longest run of words next to the address that it spells; one of them at least a
        # name's word (a word of French may be a surname beside it: "paulo martins")
        kept = []
        for word in reversed(words):
            letters = _letters(word.group())
            if len(letters) < 3 or letters not in local or folded(word.group()) in NOT_NAMES:
                break
            kept.append(word)
        if not any(a_name_word(word.group()) for word in kept):
            continue
        start = match.start(1) + kept[-1].start()
        end = match.start(1) + kept[0].end()
        yield Span(PiiType.NAME, start, end, text[start:end])
