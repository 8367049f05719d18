"""The offline plain-language rewrite: rules toward « Facile à lire et à comprendre » (FALC).

What it does: one sentence per line; long sentences cut where a conjunction or a semicolon
allows it; administrative expressions with a plain equivalent replaced; difficult words,
passive voice, acronyms, percentages and parentheses flagged with advice. What it cannot
do (and says): reformulate, check the meaning, or replace the review by the people
concerned that the FALC method requires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collectivia.agent_assistant.tasks.falc_glossary import DIFFICULT_WORDS, REPLACEMENTS
from collectivia.agent_assistant.tasks.sentences import paragraphs, split_sentences, words

METHOD = "plain-language-rules/1"
# FALC: short sentences; longer ones are cut when possible, else flagged.
MAX_SENTENCE_WORDS = 15
NOTICE = (
    "Réécriture automatique par règles, sans IA : une phrase par ligne, phrases longues "
    "coupées, tournures administratives remplacées, mots difficiles et voix passive "
    "signalés. Le texte n'est pas reformulé et son sens n'est pas vérifié : relisez-le. "
    "La méthode « Facile à lire et à comprendre » demande aussi une relecture par des "
    "personnes concernées ; sans elle, le logo FALC ne peut pas être utilisé."
)

# Where a long sentence may be cut, and how the second part starts.
_CUT_POINTS: tuple[tuple[str, str], ...] = (
    ("; ", ""),
    (", mais ", "Mais "),
    (", car ", "En effet, "),
    (", donc ", "Donc "),
    (", puis ", "Puis "),
    (", ainsi que ", "Il y a aussi "),
    (", et ", "Et "),
)
_PASSIVE = re.compile(
    r"\b(?:est|sont|était|étaient|sera|seront|a été|ont été|avait été|soit|soient)\s+"
    r"(\w+(?:é|ée|és|ées|is|ise|ises|it|ite|its|ites|u|ue|us|ues|ert|erte|erts|ertes))\s+par\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


@dataclass(frozen=True)
class Replacement:
    original: str
    replacement: str


@dataclass(frozen=True)
class Flag:
    # "mot-difficile", "voix-passive", "sigle", "pourcentage", "parenthèses", "phrase-longue"
    kind: str
    term: str
    advice: str


@dataclass(frozen=True)
class PlainLanguageRewrite:
    text: str
    replacements: tuple[Replacement, ...]
    flags: tuple[Flag, ...]
    sentences_cut: int
    limits: str = NOTICE


def _word_pattern(expression: str) -> re.Pattern[str]:
    tail = r"" if expression.endswith("'") else r"\b"
    return re.compile(r"(?<!\w)" + re.escape(expression) + tail, re.IGNORECASE)


_REPLACEMENT_PATTERNS = [
    (expression, _word_pattern(expression), plain)
    for expression, plain in sorted(REPLACEMENTS.items(), key=lambda item: -len(item[0]))
]
_DIFFICULT_PATTERNS = [
    (word, _word_pattern(word), advice) for word, advice in DIFFICULT_WORDS.items()
]


def _same_case(found: str, plain: str) -> str:
    return plain[:1].upper() + plain[1:] if found[:1].isupper() else plain


def _replace(sentence: str, done: dict[str, Replacement]) -> str:
    for expression, pattern, plain in _REPLACEMENT_PATTERNS:

        def substitute(match: re.Match[str], plain: str = plain) -> str:
            return _same_case(match.group(0), plain)

        sentence, count = pattern.subn(substitute, sentence)
        if count:
            done.setdefault(expression, Replacement(expression, plain))
    return sentence


def _cut(sentence: str) -> list[str]:
    """The sentence, cut at the first place that leaves two parts of 4 words or more,
    recursively while a part is longer than the limit."""
    if len(words(sentence)) <= MAX_SENTENCE_WORDS:
        return [sentence]
    for separator, opening in _CUT_POINTS:
        at = sentence.find(separator)
        while at != -1:
            head, tail = sentence[:at].rstrip(" ,;"), sentence[at + len(separator) :]
            if len(words(head)) >= 4 and len(words(tail)) >= 4:
                tail = opening + (tail if opening else tail[:1].upper() + tail[1:])
                return _cut(head + ".") + _cut(tail)
            at = sentence.find(separator, at + 1)
    return [sentence]


def _flags(sentence: str, seen: set[tuple[str, str]]) -> list[Flag]:
    found: list[Flag] = []

    def add(kind: str, term: str, advice: str) -> None:
        if (kind, term.lower()) not in seen:
            seen.add((kind, term.lower()))
            found.append(Flag(kind, term, advice))

    for _word, pattern, advice in _DIFFICULT_PATTERNS:
        match = pattern.search(sentence)
        if match:
            add("mot-difficile", match.group(0), advice)
    for match in _PASSIVE.finditer(sentence):
        add(
            "voix-passive",
            match.group(0),
            "voix passive : écrivez d'abord qui fait l'action (« la mairie envoie … »)",
        )
    for match in _ACRONYM.finditer(sentence):
        if not _ROMAN.match(match.group(0)):
            add("sigle", match.group(0), "sigle : écrivez le nom en entier la première fois")
    if "%" in sentence:
        add("pourcentage", "%", "pourcentage : préférez « 1 personne sur 4 »")
    if "(" in sentence:
        add("parenthèses", "( )", "parenthèses : faites plutôt une phrase à part")
    return found


CHECK_NOTICE = (
    "Points relevés par les règles « Facile à lire et à comprendre » dans le texte produit : "
    "vérifiez-les. La méthode demande aussi une relecture par des personnes concernées."
)


def _long_sentence(sentence: str) -> Flag | None:
    count = len(words(sentence))
    if count <= MAX_SENTENCE_WORDS:
        return None
    return Flag(
        "phrase-longue",
        " ".join(sentence.split()[:6]) + " …",
        f"phrase de {count} mots : coupez-la en phrases de {MAX_SENTENCE_WORDS} mots au plus",
    )


def check(text: str) -> PlainLanguageRewrite:
    """The flags of a text already rewritten (by a model): nothing changed in it."""
    seen: set[tuple[str, str]] = set()
    flags: list[Flag] = []
    for paragraph in paragraphs(text):
        for sentence in split_sentences(paragraph):
            flags.extend(_flags(sentence, seen))
            long = _long_sentence(sentence)
            if long is not None:
                flags.append(long)
    return PlainLanguageRewrite(text, (), tuple(flags), 0, CHECK_NOTICE)


def rewrite(text: str) -> PlainLanguageRewrite:
    done: dict[str, Replacement] = {}
    seen: set[tuple[str, str]] = set()
    flags: list[Flag] = []
    lines: list[str] = []
    cut = 0
    for paragraph in paragraphs(text):
        block: list[str] = []
        for sentence in split_sentences(paragraph):
            flags.extend(_flags(sentence, seen))
            parts = _cut(_replace(sentence, done))
            cut += len(parts) - 1
            flags.extend(f for f in map(_long_sentence, parts) if f is not None)
            block.extend(parts)
        lines.append("\n".join(block))
    return PlainLanguageRewrite("\n\n".join(lines), tuple(done.values()), tuple(flags), cut)
