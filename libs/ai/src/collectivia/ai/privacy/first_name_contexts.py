"""First names that a context gives away, found with INSEE's file of first names.

- after a greeting: "Salut Kévin,", "merci Awa", "Hello Sarah";
- after someone is told or asked: "dites à Inès que", "je transmets à Pierre", "de la part de
  Tonton Moussa", "à l'attention de Julie", "avec yassine";
- after "de", "pour" (not after a place word): "la cantine de Timothée", "pour Léa";
- after a surname in capitals: "SCHMITT Corentin";
- alone in brackets: "au 06 98 71 20 55 (Thierry)";
- after "le petit", "la petite": "et le petit Enzo";
- before what people do: "si yassine est bien arrivé", "Kévin a appelé";
- alone at the end of a message, its signature: "... en congé aujourd'hui. Véro";
- after "née", "épouse", "veuve": the surname ("Mme Martin née Kieffer");
- in a text message: "c Lucas"; after "signé", and as a forwarded e-mail's sender ("De :");
- before a surname in capitals: "Romuald DUPONT".

The word must be a first name written as one (``first_name_lexicon.is_first_name``: capitalised,
or in lower case a name French does not know), and not in a noun's position ("la Marine
nationale"). A capitalised or upper-case word right after it that French does not use as a
verb is its surname ("Salut Kévin Martin", "JOSIANE MULLER").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from collectivia.ai.privacy.first_name_lexicon import is_first_name, is_word_too
from collectivia.ai.privacy.french_words import is_french_word, is_inflected_form
from collectivia.ai.privacy.lexicon import (
    ACRONYMS,
    CAPITALISED_WORD,
    CLOSING_FORMULA,
    LOWER,
    NOT_NAMES,
    UPPER,
    folded,
    word_set,
)
from collectivia.ai.privacy.person_names import (
    PLACE_WORDS,
    a_lived_in_place,
    after_place_word,
    an_article_then_a_word,
    is_edge_word,
)
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.platform.communes import communes_named

_TOKEN = re.compile(rf"[{UPPER}{LOWER}]+(?:['\u2019-][{UPPER}{LOWER}]+)*")
_GAP = re.compile(r"[ \t]+")
_INITIAL = re.compile(rf"[{UPPER}]\.")
_ROMAN_NUMERAL = re.compile(r"[IVXLC]{2,}|I")
_PARTICLE = word_set("de du le la van von ben bin ould ait aït el al da dos")
_MAX_SURNAME_WORDS = 2
# The administration's acronyms ("Mon IBAN est…": Iban is a first name too), and short words.
_ACRONYMS = ACRONYMS | word_set("tel tél ok")

_GREETING = re.compile(
    r"(?i:(?<![\w'\u2019])(?:bonjour|bonsoir|salut|coucou|hello|hi|hey|bravo|cher|chère|chers"
    r"|chères|slt|bjr|bsr|allo|allô|merci(?:[ \t]+(?:à|a))?|bonne[ \t]+fête|félicitations"
    r"|(?:joyeux|bon)[ \t]+anniversaire))[ \t]*,?[ \t]+"
)
_TOLD = re.compile(
    r"(?i:(?<![\w'\u2019])(?:(?:dis|dites|dire|demande|demandez|demander|transmets|transmettez"
    r"|transmettre|transmis|envoie|envoyez|envoyer|donne|donnez|donner|rends|rendez|rendre"
    r"|réponds|répondez|répondre|écris|écrivez|écrire|parle|parlez|parler|explique|expliquez"
    r"|expliquer|signale|signalez|signaler|confie|confiez|laisse|laissez|montre|montrez"
    r"|téléphone|téléphonez|téléphoner)[ \t]+(?:le[ \t]+message[ \t]+|ça[ \t]+|ca[ \t]+)?(?:à|a)"
    r"|(?:transmis|transmise|envoyé|envoyée|envoye|envoyee|signalé|signalée|signale|rédigé"
    r"|rédigée|redige|redigee|reçu|reçue|recu|recue|noté|notée|note|notee)[ \t]+par"
    r"|de[ \t]+la[ \t]+part[ \t]+de|(?:à|a)[ \t]+l['\u2019][ \t]?att(?:ention|\.)?[ \t]+de"
    r"|aux[ \t]+bons[ \t]+soins[ \t]+de|avec|chez|prévenir|prévenez|préviens|prevenir"
    r"|appeler|appelez|rappeler|rappelez|contacter|contactez|voir|remercier|remercie"
    r"|remercions))[ \t]+(?:(?i:tonton|tata|tatie|tata|mamie|mamy|papi|papy|mémé|pépé)[ \t]+)?"
)
_BRACKETS = re.compile(r"\([ \t]*")
# A colleague mentioned in a chat ("@Lénaïg tu peux vérifier"), a caller saying who speaks
# ("Allô, ici Soazig,").
_MENTION = re.compile(r"(?<![\w.@])@(?=[^\W\d_])")
# Who speaks in a chat's transcript ("[08/03/2024, 19:02] Nadia: slt", "[17:25] Aïcha 🌸:"), and
# a list's item opened by someone's first name ("- Maëlys : allergie", "3. Shaïna (13 ans)").
_SPEAKER = re.compile(
    r"^[ \t]*\[[^\]\n]{3,25}\][ \t]*(?:(?i:agent|agente|conseill[eè]re?|usager|usag[eè]re"
    r"|habitant|habitante|m\.|mme)[ \t]+)?(?=[^\W\d_])",
    re.MULTILINE,
)
_SPEAKER_COLON = re.compile(r"[ \t]*:")
_LIST_ITEM = re.compile(
    r"^[ \t]*(?:[-\u2013\u2022*\u00b7]|\d{1,2}[.)])[ \t]+(?=[^\W\d_][^\n]{0,40}?[ \t]*[:(\u2013])",
    re.MULTILINE,
)
_HERE = re.compile(r"(?i:(?:^|(?<=[.!?\n])|all[ôo][ \t]*,?)[ \t]*ici)[ \t]+", re.MULTILINE)
# "la cantine de Timothée", "le dossier d'Inès", "pour Léa": not after a place word ("l'hôpital
# de Mercy", "rue de Verdun"), which the place rules read.
_OF = re.compile(r"(?i:(?<![\w'\u2019])(?:de[ \t]+|d['\u2019]|pour[ \t]+))")
# "SCHMITT Corentin": a surname in capitals before a first name, in a mixed-case text.
# A part of the surname may start with an elided letter: "BEN-M'BAREK Sofia".
_UPPER_PART = rf"(?:[{UPPER}]['\u2019])?[{UPPER}]{{2,}}"
_SURNAME_FIRST = re.compile(
    rf"(?<![\w'\u2019-])({_UPPER_PART}(?:-{_UPPER_PART})?)[ \t]+(?=[{UPPER}][{LOWER}])"
)
_LITTLE = re.compile(
    r"(?i:(?<![\w'\u2019])(?:le|la|mon|ma|notre|votre|leur|son|sa|ton|ta)[ \t]+(?:petit|petite"
    r"|jeune|grand|grande|bébé|cher|chère)[ \t]+)"
)
_SMS_IT_IS = re.compile(r"(?i:(?<![\w'\u2019])(?:c|cé|c'est|cest|c\u2019est))[ \t]+")
# "signé Vanessa", and the sender of a forwarded e-mail ("De : Julie Martin <...>").
_SIGNED = re.compile(
    r"(?i:(?<![\w'\u2019])sign[ée]e?[ \t]*:?|(?:^|(?<=\n))[ \t]*(?:de|from|exp[ée]diteur)[ \t]*:)"
    r"[ \t]*"
)
# "Romuald DUPONT": a first name INSEE lists, then a surname in capitals, in a mixed-case text.
_FIRST_THEN_CAPITALS = re.compile(
    rf"(?<![\w'\u2019-])([{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)[ \t]+"
    rf"(?=[{UPPER}]{{2,}}(?![{LOWER}]))"
)
_MARRIED = re.compile(
    r"(?i:(?<![\w'\u2019])(?:née|nee|épouse|epouse|ép\.|ep\.|veuve|vve))[ \t]+"
    rf"(?={CAPITALISED_WORD})"
)
_VERB = re.compile(
    r"[ \t]+(?i:(?:ne[ \t]+|n['\u2019]|m['\u2019]|t['\u2019]|nous[ \t]+|vous[ \t]+|lui[ \t]+"
    r"|l['\u2019]|les[ \t]+|s['\u2019]|y[ \t]+|en[ \t]+)?(?:est|a|va|vient|venait|sera|était"
    r"|etait|avait|aura|doit|devait|peut|pouvait|veut|voulait|voudrait|pourrait|pourra|habite"
    r"|habitait|travaille|arrive|arrivera|part|partira|rentre|rentrera|passe|passera|viendra"
    r"|fait|dit|dira|sait|connaît|connait|attend|cherche|demande|souhaite|appelle|appellera"
    r"|rappellera|reste|sort|dort|mange|joue|garde|gardera|occupe|aimerait|allait|ira"
    r"|s'occupe|amène|amènera|ramène|ramènera|prend|prendra|vient|viendront|sont|ont))\b"
)
_NOUN_POSITION = re.compile(
    r"(?i:(?<![\w'\u2019])(?:le|la|les|un|une|des|du|ce|cette|ces|toutes|tous|aux|au"
    r"|l['\u2019]|d['\u2019]|de[ \t]+la)[ \t]*)$"
)
_MAX_NAME_WORDS = 4
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n][ \t\n]*)$")
_ALONE = re.compile(r"[ \t]*(?:[,.!?;:\n)]|$)")
_SENTENCE_END = re.compile(r"[.!?\n…]")
# "- Hakim", "— Véro", "Respectueusement, Arpine": a dash or a closing word before the name.
_SIGNATURE_LEAD = re.compile(
    rf"[ \t\n]*(?:[-\u2013\u2014][ \t]*)?(?:{CLOSING_FORMULA}[ \t]*[,.!]?[ \t\n]+)?"
)
_MAX_SIGNATURE = 40
_LOWER_CASE_WRITER = re.compile(r"\s*[a-zàâäçéèêëîïôöùûü]")
# What may follow a signature's name: the writer's contacts ("sabrina 0763528190", "Fatima
# Benkirane\nfz.benkirane@gmail.com") and, for an agent, a service ("Laëtitia, service des
# sports"). Left out before the name is looked for at the message's end.
_CONTACT_TAIL = re.compile(
    r"(?:[ \t\n,;:/-]*(?i:(?:t[ée]l[ée]?(?:phone)?\.?|tel|mob(?:ile)?\.?|portable|port\.?|gsm"
    r"|e-?mail|mail|courriel)[ \t]*:?[ \t]*)?(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\+?\d[\d \t.()/-]{7,}\d))+[ \t\n.!]*$"
)
# A signature's postal address on its own lines: "Fritzner Pierre-Louis\n19 avenue Henri
# Barbusse, 93". Left out like the contacts (the address rules find it for themselves).
_ADDRESS_TAIL = re.compile(
    r"\n[ \t]*\d{1,4}(?:[ \t]?(?:bis|ter|[A-D]))?,?[ \t]+(?i:rue|avenue|av\.?|boulevard|bd|place"
    r"|chemin|allée|allee|impasse|route|cours|quai|square|résidence|residence|lotissement|cité"
    r"|lieu-dit|hameau)\b[^\n]*(?:\n[ \t]*\d{5}[^\n]*)?$"
)
_ROLE_TAIL = re.compile(
    r",[ \t]*(?i:service|accueil|direction|p[ôo]le|secr[ée]tariat|mairie|cellule|bureau|ccas"
    r"|agent|agente|charg[ée]e?|responsable|assistante?|gestionnaire|standard|rh|drh|dsi|paie"
    r"|comptabilit[ée]|urbanisme|[ée]tat[- ]civil|voirie|technique|police\s+municipale)"
    r"(?![\w'\u2019])[^\n.!?]{0,60}$"
    # "Laetitia (ADMR)": the writer's employer or role in brackets
    r"|[ \t]*\([^()\n]{1,40}\)$"
)


_PLURAL_POSITION = re.compile(r"(?i:(?<![\w'\u2019])(?:les|des|ces|toutes|tous|aux)[ \t]*)$")


def after_determiner(text: str, start: int) -> bool:
    """Whether the word at ``start`` is in a noun's position: after a plural determiner
    ("toutes les Catherine"), or after any determiner when French knows it ("la Marine", not
    "la Josiane", as people say in the east of France)."""
    before = text[max(0, start - 12) : start]
    if _PLURAL_POSITION.search(before) is not None:
        return True
    word = _TOKEN.match(text, start)
    return (
        _NOUN_POSITION.search(before) is not None
        and word is not None
        and is_french_word(word.group())
    )


def _surname_word(raw: str, *, lower_name: bool) -> bool:
    key = folded(raw)
    if is_edge_word(raw) or key in NOT_NAMES or key in PLACE_WORDS or key in _ACRONYMS:
        return False
    if raw.islower():
        # "yassine benali": in lower case only after a lower-case first name, and unknown
        return lower_name and len(raw) >= 3 and not is_french_word(raw)
    if not raw[:1].isupper():
        return False
    # "JOSIANE MULLER" but not "MATHIS GARE", "Kévin Tu": a verb or an adjective in capitals
    return not (raw.isupper() and is_inflected_form(raw))


def _acronym(word: str) -> bool:
    """« Mon IBAN est joint »: the acronym, not the first name Iban."""
    return word.isupper() and folded(word) in _ACRONYMS


def _name_at(text: str, start: int, *, lower_ok: bool = True) -> Span | None:
    """A first name at ``start`` and the surname after it, if any."""
    first = _TOKEN.match(text, start)
    if first is None or not is_first_name(first.group()):
        return None
    if _acronym(first.group()):
        return None
    lower_name = first.group().islower()
    if lower_name and not lower_ok:
        return None
    end = first.end()
    for _ in range(_MAX_SURNAME_WORDS):
        gap = _GAP.match(text, end)
        if gap is None:
            break
        initial = _INITIAL.match(text, gap.end())
        if initial is not None and not lower_name:
            end = initial.end()
            break
        word = _TOKEN.match(text, gap.end())
        if word is None:
            break
        raw = word.group()
        if folded(raw) in _PARTICLE and raw[:1].isupper():
            gap = _GAP.match(text, word.end())
            following = _TOKEN.match(text, gap.end()) if gap else None
            if following is not None and following.group()[:1].isupper():
                if an_article_then_a_word(raw, following.group()):
                    break  # "M. LAMBERT LA SEMAINE DERNIERE": the sentence goes on
                end = following.end()  # "Nolwenn Le Gall"
                continue
        if _ROMAN_NUMERAL.fullmatch(raw):
            return None  # "Louis XIV", "Jean XXIII": a king or a pope
        if not _surname_word(raw, lower_name=lower_name):
            break
        end = word.end()
    return Span(PiiType.NAME, start, end, text[start:end])


def _signature(text: str) -> Span | None:
    """The message's last words, alone after its last sentence: "... aujourd'hui. Véro", less
    the writer's contacts and service after them; in lower case only before contacts, or
    when the writer types in lower case from the start ("c pour linscription ... aurelie")."""
    body = text.rstrip(" \t\n.!")
    contacts = _CONTACT_TAIL.search(body)
    if contacts is not None and contacts.start() > 0:
        body = body[: contacts.start()].rstrip(" \t\n.!,;:-")
    address = _ADDRESS_TAIL.search(body)
    if address is not None:
        body = body[: address.start()].rstrip(" \t\n.!,;:-")
    role = _ROLE_TAIL.search(body)
    if role is not None:
        body = body[: role.start()]
    ends = [m.end() for m in _SENTENCE_END.finditer(body)]
    if not ends:
        return None
    lead = _SIGNATURE_LEAD.match(body, ends[-1])
    start = lead.end() if lead else ends[-1]
    if len(body) - start > _MAX_SIGNATURE:
        return None
    lower_ok = (contacts is not None and contacts.start() > 0) or _LOWER_CASE_WRITER.match(text)
    span = _name_at(body, start, lower_ok=bool(lower_ok))
    return span if span is not None and span.end == len(body) else None


def _unlisted_name(text: str, start: int) -> Span | None:
    """One capitalised word at ``start`` that INSEE does not list and French does not know,
    where a transcript names its speaker (« [14:01] Mouniati : »); not « Mairie »,
    « Mamoudzou », « CCAS ». (At a message's end, such a word is as often a thanks or a label
    of another language, « Obrigadu », « Móvil »: the model judges those.)"""
    word = _TOKEN.match(text, start)
    if word is None:
        return None
    raw = word.group()
    key = folded(raw)
    if not (raw[:1].isupper() and raw[1:].islower()) or len(raw) < 3:
        return None
    if key in NOT_NAMES or key in PLACE_WORDS or key in _ACRONYMS or is_edge_word(raw):
        return None
    if is_french_word(raw) or communes_named(raw):
        return None
    return Span(PiiType.NAME, word.start(), word.end(), raw)


def _subjects(text: str) -> Iterator[Span]:
    for verb in _VERB.finditer(text):
        offset = max(0, verb.start() - 60)
        words = list(_TOKEN.finditer(text, offset, verb.start()))[-_MAX_NAME_WORDS:]
        if not words or words[-1].end() != verb.start():
            continue
        # "si mamadou diallo est là", "PIERRE-YVES LE GOFF N'A PAS": the longest first name and
        # surname that end right before the verb
        for word in words[:-1]:
            span = _name_at(text, word.start())
            if span is not None and span.end == verb.start() and span.start < words[-1].start():
                yield span
                break
        else:
            last = words[-1]
            if not is_first_name(last.group()) or _acronym(last.group()):
                continue
            if after_determiner(text, last.start()):
                continue
            opening = _SENTENCE_START.search(text[max(0, last.start() - 3) : last.start()])
            if opening and is_word_too(last.group()):
                continue  # "Prudence est de mise", "Harmonie a répondu": a noun opens it
            yield Span(PiiType.NAME, last.start(), last.end(), last.group())


# A line's label with first names alone after it, to the line's end: "Saisie : Amandine",
# "Encadrants : Yohan et Sofiane (ETAPS)", the people a note names ("Objet : Pierre tombale"
# has a word of French after the first name, and is none).
_LABELLED_LINE = re.compile(
    r"(?m)^[ \t]*[^\W\d_][^\n:]{0,30}?[ \t]*:[ \t]*([^\n]+?)[ \t]*(?:\([^)\n]*\))?[ \t.]*$"
)
_LIST_JOINT = re.compile(r"[ \t]*(?:,|&|/|\bet\b)[ \t]*")


# What a list may say of each person: "Ilyes (2004), Sarah (2008)".
_PART_NOTE = re.compile(r"[ \t]*\([^()\n]{1,20}\)$")


def _labelled_first_names(text: str) -> Iterator[Span]:
    for line in _LABELLED_LINE.finditer(text):
        parts = [_PART_NOTE.sub("", part) for part in _LIST_JOINT.split(line.group(1))]
        if not all(
            _TOKEN.fullmatch(part) and part[:1].isupper() and is_first_name(part) for part in parts
        ):
            continue
        position = line.start(1)
        for part in parts:
            start = text.index(part, position)
            position = start + len(part)
            yield Span(PiiType.NAME, start, position, part)


def find_first_names_in_context(text: str) -> Iterator[Span]:
    """First names by their context; not a place where someone was born or lives, which may be
    a first name too (« Lieu de naissance : Erevan »)."""
    for span in _first_names_in_context(text):
        if not a_lived_in_place(text, span.start, span.end):
            yield span


def _first_names_in_context(text: str) -> Iterator[Span]:
    yield from _labelled_first_names(text)
    for pattern in (
        _GREETING,
        _TOLD,
        _LITTLE,
        _SMS_IT_IS,
        _SIGNED,
        _BRACKETS,
        _MENTION,
        _HERE,
        _SPEAKER,
        _LIST_ITEM,
    ):
        for match in pattern.finditer(text):
            span = _name_at(text, match.end())
            if span is None and pattern is _SPEAKER:
                span = _unlisted_name(text, match.end())
                if span is not None and _SPEAKER_COLON.match(text, span.end) is None:
                    span = None
            if span is None:
                continue
            if pattern is _BRACKETS and not re.match(r"[ \t]*\)", text[span.end :]):
                continue  # "(Thierry)", not "(Pierre et moi)"
            if "," in match.group() and not _ALONE.match(text, span.end):
                continue  # "Salut, Kévin !", not "Bonjour, Grâce à vous le problème est réglé"
            yield span
    for match in _OF.finditer(text):
        # (a street is « rue de Verdun », never « … pour »: « inscription en cours pour Mia »)
        if match.group().casefold().startswith("pour") or not after_place_word(text, match.start()):
            span = _name_at(text, match.end(), lower_ok=False)
            if span is not None:
                yield span
    if text.upper() != text:
        for match in _FIRST_THEN_CAPITALS.finditer(text):
            span = _name_at(text, match.start(1), lower_ok=False)
            if span is not None and span.end > match.end(1):  # the capitals were a surname
                yield span
        for match in _SURNAME_FIRST.finditer(text):
            surname = match.group(1)
            first = _name_at(text, match.end(), lower_ok=False)
            if first is not None and _surname_word(surname, lower_name=False):
                yield Span(
                    PiiType.NAME, match.start(1), first.end, text[match.start(1) : first.end]
                )
    for match in _MARRIED.finditer(text):
        word = _TOKEN.match(text, match.end())
        if word is not None and _surname_word(word.group(), lower_name=False):
            yield Span(PiiType.NAME, word.start(), word.end(), word.group())
    yield from _subjects(text)
    signature = _signature(text)
    if signature is not None and not after_determiner(text, signature.start):
        yield signature
