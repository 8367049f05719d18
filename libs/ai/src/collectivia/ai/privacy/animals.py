"""Where a name is an animal's (« notre chienne Lola s'est échappée », « le chat Pépito »): a
lost dog's or a neighbour's horse's name is no one's personal data."""

from __future__ import annotations

import re

from collectivia.ai.privacy.lexicon import CAPITALISED_WORD

# The animal's kind right before its one name; a second capitalised word makes a person's full
# name (« le chat Awa Diallo » reads as a conversation's, « chat » being one).
_ANIMAL = re.compile(
    # (in lower case but the first letter: « Ane Irigoyen » is a Basque first name)
    r"(?<![\w-])(?:[Cc]hien(?:ne)?|[Cc]hiot|[Cc]hatte|[Cc]haton|[Cc]hat|[Cc]heval|[Jj]ument"
    r"|[Pp]oney|[Ll]apin|[Pp]erroquet|[Pp]erruche|[Tt]ortue|[Hh]amster|[Ff]uret)"
    r"(?:\s+(?:nomm[ée]e?|appel[ée]e?|qui\s+s['\u2019]appelle))?"
    rf"[ \t]+({CAPITALISED_WORD})(?![ \t]+{CAPITALISED_WORD})"
)


def animal_names(text: str) -> list[tuple[int, int]]:
    """Where an animal's name is written after its kind."""
    return [match.span(1) for match in _ANIMAL.finditer(text)]
