"""Names that the context gives away, whatever their case and origin.

"je m'appelle jade", "moi c'est yacine boumediene", "ma fille Awa", "mon voisin Kowalski":
after a self-introduction the next words are a name until a word of the language; after a
word for a relative, a capitalised word is a name, a lower-case one only when it is a known
first name ("ma fille est malade", "mon mari travaille" are not names); after "je suis", a
known first name ("je suis jade", not "je suis parisienne"). An initial and a surname
("L. Garnier") are a name wherever they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_name_lexicon import listed_by_insee
from collectivia.ai.privacy.first_names import CONTEXT_FIRST_NAMES
from collectivia.ai.privacy.french_words import is_elided_word, is_french_word
from collectivia.ai.privacy.lexicon import (
    CAPITALISED_WORD,
    CLOSING_FORMULA,
    LOWER,
    MONTHS,
    NOT_NAMES,
    UPPER,
    folded,
    stop_words,
    word_set,
)
from collectivia.ai.privacy.person_names import follows_a_subject, is_edge_word
from collectivia.ai.privacy.spans import PiiType, Span

_INTRODUCTION = re.compile(
    # "je m appel sasha": text messages drop the apostrophe and the final "le".
    r"(?i:\bje\s+m['\u2019]?\s?a?ppel+e?|\bmon\s+(?:nom|prénom)\s+(?:c['\u2019]est|est)"
    r"|\bmoi\s*,?\s+c['\u2019]\s?est|\bc['\u2019]?\s?(?:est\s+)?moi|\bje\s+me\s+nomme|\bj['\u2019]\s?m['\u2019]\s?appel+e"
    # A form's kinds of surname: "Nom d'usage : MULLER", "Nom de jeune fille : WEBER".
    r"|\b(?:nom(?:\s+d['\u2019]usage|\s+de\s+naissance|\s+de\s+jeune\s+fille|\s+marital"
    r"|\s+d['\u2019][ée]pouse|\s+de\s+famille)?|pr[ée]noms?)\s*:"
    r"|\b(?:il|elle|qui)\s+s['\u2019]?\s?a?p+el+e?|\bpr[ée]nomm[ée]e?"
    # Newcomers introduce themselves in their own language too.
    r"|\bmy\s+name\s+is|\bme\s+llamo|\bmi\s+nombre\s+es|\bchamo-me|\bo\s+meu\s+nome\s+[ée]"
    r"|\bmi\s+chiamo|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist|\bbenim\s+ad[\u0131i]m|\bnazywam\s+si[ęe]"
    r"|\bm[ăa]\s+numesc|\bnumele\s+meu\s+este|\bmijn\s+naam\s+is|\bik\s+heet|\bmenya\s+zovut"
    r"|\bt[ôo]i\s+t[êe]n\s+l[àa]|\bt[êe]n\s+t[ôo]i\s+l[àa]|\bw[ǒo]\s+ji[àa]o|\bismi"
    # the Creoles of the Antilles, Guyana and Réunion: "Mwen ka rélé", "non mwen sé", "mi apèl"
    r"|\bmwen\s+(?:ka\s+)?r[ée]l[ée]|\bnon\s+mwen\s+s[ée]|\bmi\s+ap[eè]l)"
    r"[ \t:,]+"
)
# An animal introduced as people are (« mon chat s'appelle Caramel »), the clause before
# « qui s'appelle ».
_PET = re.compile(
    r"(?i:\b(?:chien|chienne|chiot|chat|chatte|chaton|lapin|cheval|jument|perroquet|tortue)s?\b)"
    r"[^.!?\n]*$"
)
# A role's label in a note or a form: "Agent : Lucie", "Demandeuse : Awa Diallo"; a
# capitalised word or a known first name after it ("agent : voir le dossier" is none).
_ROLE_LABEL = re.compile(
    r"(?i:\b(?:agent|agente|interlocut(?:eur|rice)|demandeu(?:r|se)|d[ée]clarante?"
    r"|b[ée]n[ée]ficiaire|titulaire|mandataire|mandante?|futur\s+[ée]poux|future\s+[ée]pouse"
    r"|conjointe?|locataire|r[ée]dacteur|r[ée]dactrice)\s*:)[ \t]+"
)
# Any determiner ("ma copine", "leur fille", "la nounou", "l'aide à domicile") before a word
# for a relative, a friend, a neighbour or someone who helps at home.
_RELATIVE = re.compile(
    r"(?i:(?:\b(?:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|votre|vos|leur|leurs|le|la|les"
    r"|un|une)\s+|\bl['\u2019])(?:(?:petit|petite|grand|grande|meilleur|meilleure|cher|chère)\s+)?"
    r"(?:fils|filles?|enfants?|bébé|mari|femme|époux|épouse|conjointe?|compagnon|compagne"
    r"|frères?|sœurs?|soeurs?|père|mère|neveux?|nièces?|petit-fils|petite-fille"
    r"|grand-père|grand-mère|oncle|tante|cousine?s?|voisine?s?|locataire|amie?s?|copine?s?"
    r"|copains?|collègues?|beau-père|belle-mère|beau-frère|belle-sœur|belle-soeur|filleule?"
    r"|patronne?|nounou|baby-sitter|aide[ -]à[ -]domicile|aide-soignante?|auxiliaire\s+de\s+vie"
    r"|assistante?\s+maternelle|propriétaire|colocataire|coloc|infirmière?|concierge"
    r"|gardienne?|tuteur|tutrice|curatrice|curateur|famille)"
    r"|\b(?:maman|papa|parents?|tuteur|tutrice)\s+(?:de|d['\u2019])"
    # The same words in the languages newcomers also write in ("para mis hijos Mateo").
    r"|\bmy\s+(?:sons?|daughters?|children|kids|wife|husband|brother|sister|neighbou?r)"
    r"|\bmis?\s+(?:hij[oa]s?|esposa|esposo|marido|mujer|herman[oa]s?|vecin[oa]s?)"
    r"|\b(?:meu|minha|meus|minhas)\s+(?:filh[oa]s?|marido|mulher|esposa|irmã(?:o|os|s)?|vizinh[oa]s?))"
    r"[ \t,:]+"
)
# "c'est samy", "cest ines": a known first name only ("c'est urgent" is not one).
_I_AM = re.compile(
    r"(?i:\bje\s+suis|\bj['\u2019]?\s?suis|\bchui|\bici|\bc['\u2019 ]?\s?est|\bc(?=[ \t]))[ \t,:]+"
)
# "je suis Dumitru", "bonjour, c'est Zizou", "I am Priya Raman", "sou o Rui Pereira": a
# capitalised word French does not know, or a known first name ("je suis Parisienne" is none).
# "c'est" only after a greeting ("c'est Woippy qui gère ?" is a place).
_I_AM_CAPITALISED = re.compile(
    r"(?:\b(?i:je|j['\u2019]?)\s?suis|\b(?:I\s+am|I['\u2019]m|soy|sou(?:\s+[oa])?)"
    r"|(?i:(?:\b(?:bonjour|bonsoir|salut|slt|coucou|hello|yo|wesh|re|bjr|cc|allo|allô)"
    rf"[ \t,!.]*)c['\u2019 ]?\s?est))[ \t,:]+(?=[{UPPER}][{LOWER}])"
)
# A declaration: "Je soussigné GÉRARD BOUCHER, demeurant…", "je soussignée Awa Diallo": the
# capitalised words after it (in lower case, the model reads it).
_DECLARES = re.compile(rf"(?i:\bje\s+soussign[ée]e?(?:\(e\))?)[ \t,:]+(?=[{UPPER}])")
# A form written without colons ("nom traore prenom moussa"): not after a determiner ("un
# nom connu", "au nom de", "son prénom").
_FORM_FIELD = re.compile(
    r"(?i:(?<![\w'\u2019])(?<!un\s)(?<!au\s)(?<!le\s)(?<!du\s)(?<!son\s)(?<!mon\s)(?<!ton\s)"
    r"(?<!ce\s)(?:nom|pr[ée]nom)(?:\s+de\s+famille)?)[ \t]+(?=[^\W\d_])"
)
# A signature after a closing formula, alone at the end of its line: "Bonne journée, Soizig",
# "Cordialement,\nFr. Delorme".
_CLOSING = re.compile(rf"\b{CLOSING_FORMULA}\s*[,.!]*[ \t]*(?:\n[ \t]*)*")
_SIGNATURE = re.compile(
    rf"(?:[{UPPER}][{LOWER}]?\.(?:-[{UPPER}]\.)?[ \t]?)?{CAPITALISED_WORD}"
    rf"(?:[ \t]+(?:(?:de|du|d['\u2019]|van|ben|le|la)[ \t]?)?{CAPITALISED_WORD}){{0,2}}"
    r"(?=[ \t]*(?:\n|$))"
)
# "L. Garnier", "J.-P. Kouassi", "J-P Kouassi": not "M." (Monsieur), which the civility rule
# reads.
_INITIAL_SURNAME = re.compile(
    rf"(?<![\w.-])(?!M\.)(?:[{UPPER}]\.(?:-[{UPPER}]\.)?[ \t]?|[{UPPER}]\.?-[{UPPER}]\.?[ \t])"
    rf"{CAPITALISED_WORD}(?![\w'\u2019-])"
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_KNOWN_FIRST = frozenset(folded(name) for name in CONTEXT_FIRST_NAMES)
_MAX_WORDS = 3
# Shorter unknown words are abbreviations of text messages ("tjs", "bcp", "stp").
_MIN_UNKNOWN = 4
_LOWER_PARTICLES = frozenset(("el", "al", "ben", "bin", "ould", "da", "dos", "van", "di"))
_ENDS_A_LINE = re.compile(r"[ \t.!]*(?:\n|$)")


def _next_word(text: str, end: int) -> re.Match[str] | None:
    gap = re.match(r"[ \t]+", text[end:])
    return _WORD.match(text, end + gap.end()) if gap else None


def _unknown_pair(text: str, word: re.Match[str]) -> bool:
    """Whether ``word`` and the next one are lower-case words French does not know."""
    following = _next_word(text, word.end())
    if following is not None and folded(following.group()) in _LOWER_PARTICLES:
        following = _next_word(text, following.end())  # "soukaina el amrani"
    return following is not None and all(
        len(w) >= _MIN_UNKNOWN and w.islower() and not is_edge_word(w) and not is_french_word(w)
        for w in (word.group(), following.group())
    )


# After a relative's word, a lone first name in lower case ends its clause or comes before a verb
# (« ma fille ananya a judo », « mon fils kylian, 6 ans »).
_CLAUSE_END = re.compile(r"[ \t]*(?:[,.;:!?)\n]|$)")


def _unknown_alone(text: str, word: re.Match[str]) -> bool:
    """Whether ``word`` is a lower-case word French does not know, the clause going on as after
    a name."""
    w = word.group()
    return (
        len(w) >= _MIN_UNKNOWN
        and w.islower()
        and not is_edge_word(w)
        and not is_french_word(w)
        and (_CLAUSE_END.match(text, word.end()) is not None or _a_verb_next(text, word.end()))
    )


def _a_verb_next(text: str, end: int) -> bool:
    """Whether a verb that follows a subject comes next; « a » too, here after a name (the
    shared list leaves it out: it is also « à » typed without its accent)."""
    following = _next_word(text, end)
    return following is not None and (
        following.group() == "a" or follows_a_subject(following.group())
    )


# Between a name's words: a space or two; a tab or a run of spaces lays out a form's next field
# (« Prénom : Zabihullah   Nationalité : afghane »).
_NAME_GAP = re.compile(r" {1,2}(?=\S)")


def _words_after(
    text: str, start: int, *, known_first: bool = False, relative: bool = False
) -> Span | None:
    """Up to three name words from ``start``, stopping at the first word of the language.

    ``known_first``: the first word must be a known first name; ``relative``: a known first
    name or a capitalised word, and only capitalised words after it.
    """
    end = position = start
    for count in range(_MAX_WORDS):
        word = _WORD.match(text, position)
        if word is None or is_edge_word(word.group()):
            break
        capitalised = word.group()[:1].isupper()
        known = folded(word.group()) in _KNOWN_FIRST
        if count == 0 and not capitalised and not known and is_french_word(word.group()):
            return None  # "mon nom est mal orthographié": a word of French, no name
        if count == 0 and (known_first or relative) and not known:
            # "c'est ngozi okafor": two lower-case words French does not know
            unknown_pair = not capitalised and _unknown_pair(text, word)
            # "ma fille ananya a judo": one word after a relative's
            unknown_alone = relative and not capitalised and _unknown_alone(text, word)
            if not unknown_pair and not unknown_alone and (known_first or not capitalised):
                return None
        elif (
            count > 0
            and relative
            and not capitalised
            and (text[start : start + 1].isupper() or is_french_word(word.group()))
        ):
            # "ma fille Awa mange", "ma voisine aminata traoré": after a relative, a surname
            # is capitalised, or in lower case a word French does not know.
            break
        end = word.end()
        gap = _NAME_GAP.match(text, end)
        if gap is None:
            break
        position = gap.end()
    if end == start:
        return None
    return Span(PiiType.NAME, start, end, text[start:end])


def _capitalised_unknown(text: str, start: int) -> Span | None:
    """Up to three capitalised words from ``start``, the first one unknown to French."""
    first = _WORD.match(text, start)
    if first is None or is_edge_word(first.group()) or folded(first.group()) in NOT_NAMES:
        return None
    if is_french_word(first.group()) and folded(first.group()) not in _KNOWN_FIRST:
        return None
    end = position = start
    for _ in range(_MAX_WORDS):
        word = _WORD.match(text, position)
        if word is None or not word.group()[:1].isupper():
            break
        # A month after a name word is a name word too ("Tran Thi Mai").
        month = end > start and re.fullmatch(MONTHS, folded(word.group())) is not None
        if not month and (is_edge_word(word.group()) or folded(word.group()) in NOT_NAMES):
            break
        end = word.end()
        gap = _NAME_GAP.match(text, end)
        if gap is None:
            break
        position = gap.end()
    return Span(PiiType.NAME, start, end, text[start:end]) if end > start else None


# "Zeynep Kaya ici", "Renée Charpentier à l'appareil": on the phone or in a message, the
# caller's name before the words that say who speaks, at the start of a sentence.
_SPEAKER = re.compile(
    rf"(?:^|(?<=[.!?,:;\n«])[ \t]*)({CAPITALISED_WORD}(?:[ \t]+{CAPITALISED_WORD}){{0,2}})"
    r"[ \t]+(?:ici|(?:à|a)\s+l['\u2019]appareil)\b"
)


def _speakers(text: str) -> Iterator[Span]:
    for match in _SPEAKER.finditer(text):
        words = match.group(1).split()
        if any(folded(word) in NOT_NAMES or is_edge_word(word) for word in words):
            continue
        if len(words) == 1 and is_french_word(words[0]):  # "Mairie ici", "Accueil ici"
            continue
        yield Span(PiiType.NAME, match.start(1), match.end(1), match.group(1))


# A question's verb and its subject ("Avez-vous", "Pouvez-vous", "Est-il", "Va-t-on").
_INVERTED_SUBJECT = re.compile(r"[^\W\d_]+-(?:t-)?(?i:vous|nous|je|tu|il|elle|on|ils|elles)")
# An agent who answers in English ("Agent: Thank you", "Agent: We will call you").
_ENGLISH_OPENINGS = word_set(
    "thank thanks hello hi sorry please yes no ok okay we you your i my what when where how can"
    " could would will do does is are the this that"
)


def _a_sentence_opening(word: str) -> bool:
    """A word of French that is no first name INSEE lists, an elided one ("C'est"), a verb
    before its subject, or a word that opens an English sentence."""
    if is_elided_word(word) or word.casefold() in stop_words():
        return True
    if _INVERTED_SUBJECT.fullmatch(word) or word.casefold() in _ENGLISH_OPENINGS:
        return True
    return is_french_word(word) and not listed_by_insee(word)


def find_introduced_names(text: str) -> Iterator[Span]:
    yield from _speakers(text)
    for match in _INTRODUCTION.finditer(text):
        if _PET.search(text, max(0, match.start() - 50), match.start()):
            continue  # « mon chien, un berger allemand qui s'appelle rex »: no one's name
        span = _words_after(text, match.end())
        if span is not None:
            yield span
    for match in _RELATIVE.finditer(text):
        span = _words_after(text, match.end(), relative=True)
        # "LES ENFANTS DORMENT DANS LE SALON": the relatives' verb, no name
        if span is not None and not follows_a_subject(span.text.split()[0]):
            yield span
    for match in _ROLE_LABEL.finditer(text):
        span = _words_after(text, match.end(), relative=True)
        # "Agent : Uniquement sur rendez-vous", "Agent : C'est noté": a transcript's speaker;
        # "Agent : Parfait, je vous envoie…": a word of French and its comma, an answer
        if span is None:
            continue
        first = span.text.split()[0]
        answer = is_french_word(first) and text[span.start + len(first) :][:1] in (",", "!")
        if not _a_sentence_opening(first) and not answer:
            yield span
    for match in _I_AM.finditer(text):
        span = _words_after(text, match.end(), known_first=True)
        if span is not None:
            yield span
    for match in (*_I_AM_CAPITALISED.finditer(text), *_DECLARES.finditer(text)):
        span = _capitalised_unknown(text, match.end())
        if span is not None:
            yield span
    fields = list(_FORM_FIELD.finditer(text))
    if len(fields) >= 2:  # "nom ... prénom ...": a form, not "un nom complet" in a sentence
        for match in fields:
            span = _words_after(text, match.end())
            if span is not None and folded(span.text.split()[0]) not in NOT_NAMES:
                yield span
    for match in _CLOSING.finditer(text):
        signature = _SIGNATURE.match(text, match.end())
        if signature is not None and not any(
            folded(word) in NOT_NAMES or is_edge_word(word) for word in signature.group().split()
        ):
            yield Span(PiiType.NAME, signature.start(), signature.end(), signature.group())
        elif signature is None:
            span = _words_after(text, match.end(), known_first=True)
            if span is not None and _ENDS_A_LINE.match(text, span.end):
                yield span
    for match in _INITIAL_SURNAME.finditer(text):
        if match.group().split(".")[-1].strip().casefold() not in NOT_NAMES:
            yield Span(PiiType.NAME, match.start(), match.end(), match.group())
