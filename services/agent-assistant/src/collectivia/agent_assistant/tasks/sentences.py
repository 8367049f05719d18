"""French text cut into paragraphs, sentences and terms, for the offline tasks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Abbreviations whose full stop does not end a sentence (lower case, without the stop).
_ABBREVIATIONS_TEXT = """m mm mme mmes mlle dr pr me st ste art al cf p pp n no vol av bd bld chap
fig env approx éd ex réf tél"""
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\")\]]?\s+(?=[«\"(\[]?\s?[A-ZÀ-ÖØ-Þ0-9])")
_LAST_WORD = re.compile(r"(\w+)\.\s*$")
_TERMINAL = re.compile(r"[.!?:;…»\"]\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0]+")

# Words that carry no topic (folded: lower case, no accents).
_STOP_WORDS_TEXT = """a afin ai aie ainsi alors au aucun aucune aupres aussi autre autres aux avait
avant avec avez avoir ayant c ca car cas ce ceci cela celle celles celui cependant ces cet cette
ceux
chaque chez ci comme comment d dans de des deja depuis doit donc dont du elle elles en encore entre
est et etaient etait etant ete etre etc eu eux fait faire faut fois font hors ici il ils j je jusqu
l la le les leur leurs lors lorsque lui m ma mais me meme memes mes moi moins mon ne ni non nos
notre nous on ont or ou par parce pas peu peut peuvent plus pour pourquoi pouvez puis qu quand que
quel quelle quelles quels qui quoi s sa sans se selon ser sera seront ses si sien soit son sont
sous souvent sur ta te tel telle telles tels tes toi ton tous tout toute toutes toutefois tres tu
un une vos votre vous y"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass(frozen=True)
class Sentence:
    text: str
    # 1-based number of its paragraph in the document.
    paragraph: int
    # 0-based position among all the document's sentences.
    position: int
    # Whether it opens its paragraph.
    opens_paragraph: bool


def fold(text: str) -> str:
    """Lower case without accents."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks between blank lines; inside a block, a line that does not end a
    sentence and is followed by a lower-case line is a wrapped line and is joined."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        current = ""
        for raw in block.split("\n"):
            line = _SPACES.sub(" ", raw).strip()
            if not line:
                continue
            if current and not _TERMINAL.search(current) and line[:1].islower():
                current = f"{current} {line}"
            else:
                if current:
                    found.append(current)
                current = line
        if current:
            found.append(current)
    return found


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph (abbreviations such as « M. » or « art. » kept)."""
    pieces = _SENTENCE_END.split(paragraph)
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences:
            last = _LAST_WORD.search(sentences[-1])
            if last and (last.group(1).lower() in _ABBREVIATIONS or len(last.group(1)) == 1):
                sentences[-1] = f"{sentences[-1]} {piece}"
                continue
        sentences.append(piece)
    return sentences


def sentences_of(parts: list[str]) -> list[Sentence]:
    """Every sentence of the paragraphs ``parts``, numbered."""
    found: list[Sentence] = []
    for number, paragraph in enumerate(parts, start=1):
        for index, text in enumerate(split_sentences(paragraph)):
            found.append(Sentence(text, number, len(found), index == 0))
    return found


def words(text: str) -> list[str]:
    """The words of a text as written (hyphenated words kept whole)."""
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """Topic terms: folded words without stop words, plurals reduced (« demandes » is
    « demande »)."""
    found = []
    for word in _WORD.findall(fold(text).replace("'", " ").replace("\u2019", " ")):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        if len(word) > 4 and word[-1] in "sx" and word[-2] != word[-1]:
            word = word[:-1]
        found.append(word)
    return found
