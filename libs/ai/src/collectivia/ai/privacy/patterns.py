"""Detectors of personal data with a fixed shape: e-mail, phone, NIR, IBAN, birth date (the
addresses: ``addresses``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from collectivia.ai.privacy.checksums import iban_is_valid, nir_body_is_valid, nir_is_valid
from collectivia.ai.privacy.first_name_lexicon import insee_tiers
from collectivia.ai.privacy.french_words import is_inflected_form
from collectivia.ai.privacy.lexicon import (
    CAPITALISED_WORD,
    MONTHS,
    NEXT_NUMBER_WORD,
    NUMBER_WORD,
    folded,
    word_set,
)
from collectivia.ai.privacy.spans import PiiType, Span

EMAIL_ADDRESS = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# The same written against robots: "francois.dumont(at)gmail(point)com", "awa [at] free [dot] fr".
# (or an « @ » between spaces, as a phone's keyboard may put it: « nathalie.dupuy33 @ gmail.com »)
_AT = r"(?:\s?[(\[{]\s?(?:at|arobase|chez)\s?[)\]}]\s?|[ \t]@[ \t])"
_DOT = r"(?:\.|\s?[(\[{]\s?(?:dot|point)\s?[)\]}]\s?)"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+(?i:{_AT})[\w-]+(?:(?i:{_DOT})[\w-]+)*(?i:{_DOT})[A-Za-z]{{2,}}(?![\w-])"
)

# Mobiles 06/07, landlines 01-05 and 09; +33 and 0033 prefixes, optional "(0)". 08 numbers
# are services, not people.
_PHONE = re.compile(
    # (its country code left out before its « (0) »: « (0)6 31 40 57 92 »)
    r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0|(?<!\d\s)\(0\)\s?)[1-79]"
    r"(?:[ .-]?\d{2}){4}(?![\d])"
    # its ten digits typed one by one ("0 6 2 7 1 4 8 8 3 2"), or in pairs between slashes
    # (« 06/58/77/12/09 »: every one of them, so that a date is never one)
    r"|(?<![\w+])0 [1-79](?: \d){8}(?![\w]| \d)|(?<![\w+/])0[1-79](?:/\d{2}){4}(?![\d/])"
)
# A mobile whose first 0 was left out after its label (« Téléphone : 6 12 48 90 33 »).
_MOBILE_WITHOUT_ZERO = re.compile(
    r"(?i:t[ée]l[ée]phone|t[ée]l\.?|portable|mobile|gsm)[ \t]*:?[ \t]*"
    r"([67](?:[ .]\d{2}){4})(?![\d])"
)
# Another country's number (a cross-border worker, a family abroad): + or 00, a country code,
# then 6 to 12 digits in groups ("+44 7700 900123", "00351 912 345 678").
_FOREIGN_PHONE = re.compile(
    # (the code may stand apart or alone in brackets: "00 32 61 …", "(+221) 76 …")
    r"(?<![\w+])(?:\(\+(?!33)[1-9]\d{0,2}\)|(?:\+|00) ?(?!33)[1-9]\d{0,2})(?:[ .-]?\(0\))?"
    # an area code in brackets, as North America writes it ("+1 (347) 555-0198")
    r"(?:[ .-]?\(\d{2,4}\))?(?:[ .-]?\d{1,4}){2,5}(?![\d])"
)

# A neighbour country's number written as its people write it, without a country code ("079 418
# 26 53" in Switzerland, "333 482 1907" in Italy, "07700 913226" in Britain): digits in groups,
# 10 or 11 of them, a number phonenumbers finds valid in one of these countries.
_NATIONAL_ABROAD = re.compile(
    # not inside a longer run of digits (a SIRET, an IBAN, a NIR)
    r"(?<![\w+.,/-])(?<!\d[ .-])(?:0\d{1,4}|3\d{2})(?:[ .-]\d{2,6}){1,3}(?![\w]|[ .,/-]\d)"
)
# A reference's number is no one's phone ("dossier n° 0123 456 789", "facture 0612 345 678").
_REFERENCE_BEFORE = re.compile(
    r"(?i:n[°º]|\bno\.|\br[ée]f|dossier|facture|siret|siren|contrat|compte|parcelle|ticket"
    # a social housing request's « numéro unique » ("064-26-01834")
    r"|commande|client|num[ée]ro\s+unique|\bnur)\W{0,3}$"
)
_NEIGHBOUR_REGIONS = ("CH", "IT", "GB", "BE", "DE", "ES", "PT", "LU", "NL")
# A number of France's Pacific and North Atlantic territories written as their people write it,
# without a country code, in pairs: six digits in New Caledonia, Wallis and Futuna and
# Saint-Pierre-et-Miquelon ("79 45 12"), eight in French Polynesia ("87 23 41 09"); alone, not
# part of a longer run of groups (a metropolitan number, an amount), valid in one of them.
_OVERSEAS_LOCAL = re.compile(
    r"(?<![\w+.,/-])(?<!\d[ .-])\d{2}(?P<sep>[ .-])\d{2}(?P=sep)\d{2}(?:(?P=sep)\d{2})?"
    r"(?![\w]|[ .,/-]\d)"
)
_OVERSEAS_REGIONS = {6: ("NC", "WF", "PM"), 8: ("PF",)}
_DAY_AND_MONTH = re.compile(r"(?:0[1-9]|[12]\d|3[01])\D(?:0[1-9]|1[0-2])\D\d{2}$")
_PHONE_CUE = re.compile(
    r"(?i:t[ée]l|phone|portable|mobile|fixe|joindre|appel|num[ée]ro|gsm|contact|☎|📞)"
)

# Sex, year, month, department (2A/2B for Corsica), commune, order, key; spaces or dots allowed,
# and a slash, a dash or « clé » before the key (« 1 85 03 49 020 123 / 92 »).
_NIR = re.compile(
    r"(?<![\w])[12378](?:[ .]?[0-9ABab]){12}"
    r"(?:[ .]?|\s?[/-]\s?|\s(?i:cl[ée])\s?:?\s?)\d[ .]?\d(?![\w])"
)
# After a NIR's label on the same line, its 13 characters without their key, or with a key
# that does not check (a digit mistyped on a form is still the person's number).
_LABELLED_NIR_BODY = re.compile(
    r"(?i:\bnir\b|s[ée]curit[ée] sociale|\bs[ée]cu\b|\bn°\s?ss\b|immatriculation|\binsee\b"
    r"|carte\s+vitale)"
    r"[^\n\d]{0,40}?(?<![\w])([12378](?:[ .]?[0-9ABab]){12})((?:[ .]?|\s?[/-]\s?)\d[ .]?\d)?"
    r"(?![\w]|[ .]\d)"
)

_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![a-z])")
# An IBAN's shape after its label (« IBAN : PT50 0033 … », « mon iban portugais : »), in
# capitals and digits.
_LABELLED_IBAN = re.compile(
    r"(?i:\biban\b)[^\n\d]{0,30}?(?<![\w])([A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30})(?![\w])"
)

_ENGLISH_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_ENGLISH_SHORT_MONTHS = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
# The months of the languages newcomers write in: Spanish, Portuguese, Italian, German, Turkish.
_OTHER_MONTHS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro"
    r"|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre"
    r"|dicembre|Januar|Februar|März|Juni|Juli|Oktober|Dezember"
    # Turkish (escaped: its dotless "i" looks like "i")
    "|Ocak|\u015eubat|Mart|Nisan|May\u0131s|Haziran|Temmuz|A\u011fustos|Eyl\u00fcl|Ekim"
    "|Kas\u0131m|Aral\u0131k"
    # Dutch
    r"|januari|februari|maart|mei|augustus|oktober)"
)
# The months cut short ("9 déc. 2000", "3 janv 1951").
_SHORT_MONTHS = r"(?:janv|f[ée]vr?|avr|juil|sept?|oct|nov|d[ée]c)\.?"
_DAY_IN_WORDS = rf"(?:premier|{NUMBER_WORD}(?:{NEXT_NUMBER_WORD}){{0,3}})"
# "mille neuf cent quarante", "deux mille dix", and as people say it, "dix-neuf cent trente-neuf"
_YEAR_IN_WORDS = rf"(?:(?:deux[- ])?mille|mil|dix-neuf[- ]cents?)(?:{NEXT_NUMBER_WORD})*"
DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})(?!\d)|\d{{4}}-\d{{2}}-\d{{2}}"
    # "1988.02.29", "1988/02/29"; "17 / 03 / 1945" as a form's boxes are filled
    rf"|\d{{4}}[./]\d{{2}}[./]\d{{2}}(?!\d)|\d{{1,2}} / \d{{1,2}} / \d{{4}}(?!\d)"
    rf"|(?:(?i:1er)|\d{{1,2}})\s+(?i:{MONTHS})(?!\w)(?:\s+(?:\d{{4}}|\d{{2}})(?!\d))?"
    rf"|(?:(?i:1er)|\d{{1,2}})\s+(?i:{_SHORT_MONTHS})\s+(?:\d{{4}}|\d{{2}})(?![\d:h])"
    # "9 de agosto de 2023", "7 ottobre 1955", "3. Mai 1961"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?(?i:{_OTHER_MONTHS}|{MONTHS})\s+(?:de\s+)?\d{{4}}(?!\d)"
    # "17 10 1984", after a birth's word only (as everything here)
    rf"|\d{{1,2}} \d{{1,2}} \d{{4}}(?!\d)"
    # (a year said short: « vingt-deux février quarante-neuf »)
    rf"|(?i:{_DAY_IN_WORDS}\s+{MONTHS}\s+(?:{_YEAR_IN_WORDS}|\d{{4}}(?!\d)"
    rf"|{NUMBER_WORD}(?:{NEXT_NUMBER_WORD}){{0,3}}(?![\w-])))"
    # in English, either way round: "12 January 2024", "January 12, 2024"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?i:{_ENGLISH_MONTHS})\s+\d{{4}}"
    rf"|(?:{_ENGLISH_MONTHS}|{_ENGLISH_SHORT_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    # in Chinese and Japanese, year, month, day: « 1950年5月18日 »
    rf"|\d{{4}}\u5e74\d{{1,2}}\u6708\d{{1,2}}\u65e5)"
)
# The birthplace may come between: "né à Metz le", "né au Maroc le", "née en Algérie le"
# (a country, not a year: "le projet né en 2015").
_BIRTH_DATE = re.compile(
    # "ne le" without its accent, right before the date ("mon pere ne le 1er mars 1955")
    rf"(?i:\bne\s+le\s*:?\s*(?=\d|(?:premier|{NUMBER_WORD})[\s-])"
    r"|\b(?:né|née|nés|nées|nee|nees|n[ée]\(e\)|n[ée]-e|n[ée]\.e|n[ée]·e)\s+"
    # the birth name may come first: "née Chapuis le 19/08/1947", "née KIEFFER à Metz le …"
    rf"(?-i:{CAPITALISED_WORD}(?:[ -]{CAPITALISED_WORD})?,?\s+)?"
    # "le" may be left out in a hurry ("Né 01/01/1995 Kaboul")
    r"(?:(?:[àa]\s+[^,.;:\n]{1,40}?|(?:au|aux|en)\s+[^.;:\n\d]{1,40}?|ici|là),?\s+)?"
    r"(?:respectivement\s+)?(?:le\s*)?:?\s*"  # "nés respectivement le 14/06/1951 et le …"
    # a form's label, whole or cut short ("Date de naiss. :", "DATE NAISS :", "DDN")
    r"|\b(?:dates?\s+(?:et\s+lieux?\s+)?de\s+naissance|date\s+(?:de\s+)?naiss\.?|ddn"
    # in Haitian Creole ("Dat nesans :")
    r"|dat\s+n[eè]sans)"
    r"(?:\s+(?:du|de\s+la|de\s+l['\u2019]|des)\s*\w+)?(?:\s+exacte|\s+compl[èe]te)?"
    # a few words may follow, up to a colon ("ma date de naissance pour le dossier CMU : c'est le")
    r"(?:[ \t]+[^\n:.\d]{1,40}?[ \t]*:)?"
    # (a correction: « la date de naissance : il faut lire 8 octobre 1932 »)
    # (or as a record has it: « sa date de naissance est indiquée 01.01.1980 »)
    r"\s*:?\s*(?:est\s+(?:(?:indiqu|not|inscrit|[ée]crit|port|mentionn)[ée]?e\s+)?"
    r"|c['\u2019]est\s+|(?:il\s+faut\s+)?lire\s+)?(?:le\s+)?"
    # a genealogy's sign ("(° 02/05/1928 - † …)"), German's "geb."
    # (Polish's « ur. »)
    r"|(?<![\w°])°[ \t]*(?=\d)|\bgeb\.[ \t]*(?:am[ \t]+)?|\bur\.[ \t]*(?=\d)"
    # a field of an export pasted as it is ("date_naissance": "1990-12-01", birthDate=…)
    # (« "naissance": "2018-05-22" » too)
    r"|\b(?:(?:date_?(?:de_?)?)?naiss(?:ance)?|date_?of_?birth|birth_?date|dob)"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?"
    # a web form's fields in a row ("nom=alves; prenom=tiago; naissance=2004-11-02")
    r"|\bnaissance[ \t]*=[ \t]*"
    # a form's field by the word alone (« Naissance : 02-08-1985 », « Naiss. : »)
    r"|\bnaiss(?:ance|\.)?[ \t]*:[ \t]*(?:le[ \t]+)?"
    # the day one came of age (« j'ai 18 ans depuis le 2 avril 2008 »)
    r"|\bans[ \t]+depuis[ \t]+le[ \t]+"
    # the label in the languages newcomers write in ("Data nașterii:", "doğum tarihi",
    # "Geboortedatum Femke:", "дата народження", "My birthday is")
    r"|\b(?:date\s+of\s+birth|DOB|birthday\s+is|fecha\s+de\s+nacimiento|data\s+de\s+nascimento"
    r"|nascimento|nacimiento"
    r"|data\s+di\s+nascita|geburtsdatum|geboortedatum|data\s+na[șşs]terii|data\s+urodzenia"
    r"|do[ğg]um\s+tarihi|ng[àa]y\s+sinh)(?:\s+[A-Z][\w-]+)?(?:\s*\([^)\n]{1,30}\))?\s*:?\s*"
    r"|(?<!\w)дата\s+народження\s*:?\s*"
    # "naissance de ma fille Grâce le 21/03/2024"
    r"|\bnaissance\s+(?:de|du|d['\u2019])\s*[^.;:\n\d]{1,50}?\s+le\s+"
    # the same verb in the languages newcomers write in: "nació el", "nato il", "nasceu em",
    # "born on", "geboren am", "geboren op", "urodziła się", "născut la", "lindur më", a
    # birthplace between or not
    r"|\b(?:naci[óo]|nac[íi]|nacid[oa]|nat[oa]|nasceu|nasci|nascid[oa]|born|geboren|urodzi(?:[łl]a?|[łl]em|[łl]am)"
    # (and Darija's, transliterated: « mzyoda 2 mai 2012 »)
    r"(?:\s+si[ęe])?|n[ăa]scut[ăa]?|nasi|f[èe]t|lindur|mzyou?da?|tzad(?:et)?)(?:\s+|(?=:))(?:(?:a|à|in|en|em|au)\s+[^,.;:\n\d]{1,30}?,?\s+)?"
    r"(?:(?:el|il|em|a|on|op|am|le|la|w|dnia|më)\s+|:\s*)?)"
    rf"({DATE})"
)
# A birth year alone is a birth date too ("Il est né en 1944", "née Burger en 1931"); not a
# thing's ("le projet né en 2015"), nor a cohort's ("les jeunes nés en 2008").
_BIRTH_YEAR = re.compile(
    # a form's field ("Année de naissance : 1993")
    r"(?:(?i:\bann[ée]e\s+de\s+naissance)[ \t]*:[ \t]*"
    r"|\b(?:(?i:né|née|nee|né\(e\)|né-e)\s+"
    rf"(?:{CAPITALISED_WORD}\s+)?"
    # typed without its accent ("ghjuvanni ne en 2012"): "ne" never comes before "en" otherwise
    r"|(?i:ne)\s+)(?i:en|vers)\s+"  # a year one is not sure of: "née vers 1948"
    # the year right after, written in a hurry ("mon fils Kevin né 2009")
    r"|\b(?i:né|née|nee)[ \t]+)"
    r"((?:18|19|20)\d{2})(?![\d/-]|\.\d)"
)
_A_THING_BEFORE = re.compile(r"\b(?i:le|la|ce|cette|un|une|du|l['\u2019])\s*[^\W\d_]+\s*$")
# German puts the verb last: "Ich bin am 3. Mai 1961 geboren".
_BORN_LAST = re.compile(rf"(?i:\bam\s+)({DATE})\s+(?i:geboren)\b")
# More children after the first: "rayan né le 03/02/2014 et lina le 19/08/2016", "et sa
# sœur Lou le …" (the words between are checked: a name, after a relative).
# Twins or siblings told at once ("nés le 5 janvier 2017 et le 19 octobre 2019"), a date one
# hesitates on ("19/04/1996 ou 19/09/1996"): no words between.
# The first date's birthplace or person may come before the next ("né le 03/12/1990 à
# Guimarães et Fátima le …", "Nés le 10/10/1955 pour M., 04/06/1958 pour Mme").
# A correction gives the right one after the wrong (« indiquée 01.01.1980 au lieu de
# 13.04.1980 »); a quotation may close before the next (« « nascida a 12 de agosto de 1975 »,
# lui le 03/05/1972 »); in English too (« born on 4th July 1961 in Leeds and Patricia on … »).
_NEXT_BIRTH_DATE = re.compile(
    r"(?:[ \t]+(?:[àa]|au|en|in)[ \t]+[^,.;:\n\d]{1,30}?|[ \t]+pour[ \t]+(?:M\.|[^\s,.;:\d]+))?"
    r"[ \t]*[»\"\u201d)]?"
    r"\s*(?:,|et|;|ou|and|au\s+lieu\s+d[eu]|et\s+non(?:\s+pas)?)\s+"
    rf"((?:[^\s,.;:\d]+\s+){{0,3}}?)(?i:née?s?\s+)?(?:(?:le|on)\s+)?({DATE})"
)
# A household's list, one person a line, a date after the name: "2. KONÉ Awa, 30/03/1984,
# conjointe" (a list's dates beside names are births).
_LISTED_BIRTH = re.compile(
    r"(?m)^[ \t]*(?:[-\u2013•*·]|\d{1,2}[.)])[ \t]+[^\n,:]{2,60},[ \t]*"
    r"(\d{1,2}/\d{1,2}/\d{4})(?![\d/])"
)
# A conversation's answer to a question about a birth: "Agent : Date de naissance ?\nUsager :
# 21/09/1986 a Ouani", "Vous êtes né où et quand ?\n… à Kinshasa le 08/12/1996". Every date of
# the answer's line is taken (one may answer for several children).
_ASKED_BIRTH = re.compile(
    r"(?im)^[^\n]*\b(?:dates?\s+(?:et\s+lieux?\s+)?de\s+naissance|ddn"
    r"|n[ée]e?s?\s+(?:où\s+et\s+)?quand|quand\s+[^\n?]{0,25}\bn[ée]e?s?\b)"
    r"[^\n\d]*(?P<asked>\?)?[^\n\d]*\n(?:[ \t]*\n)*"
    # asked without a question mark ("Il me faudrait sa date de naissance."), a speaker answers
    r"(?(asked)|(?=[^\n:]{1,30}:))(?P<answer>[^\n]*)"
)
_ANY_DATE = re.compile(DATE)
# A date's digits that go on are a phone's or a reference's ("06.12.34.56.78")
_DIGITS_GO_ON = re.compile(r"[ ./-]\d")
_RELATIVE_WORDS = word_set(
    "son sa ses mon ma mes notre leur fils fille frère sœur soeur enfant mère père mari femme"
    " époux épouse maman papa mamie papi conjoint conjointe compagnon compagne beau-père"
    " belle-mère grand-père grand-mère tante oncle neveu nièce cousin cousine petit-fils"
    " petite-fille jumeau jumelle aîné aînée cadet cadette bébé"
)
# The writer or the other one ("Yonas est né le 20/04/2003, moi Filmon le 01/09/1999")
_PRONOUNS = word_set("moi lui elle toi")


def _a_child(words: str) -> bool:
    """Whether the words before a second birth date name someone: a name last (capitalised,
    or a first name INSEE lists), relatives before it."""
    if not words.strip():
        return True
    *before, last = words.split()
    # "ma mère le …", "et maman le …": a relative named by the word for them
    relative = last.casefold() in _RELATIVE_WORDS | _PRONOUNS
    # a first name in lower case, not a participle that reads as one ("marié" is no "Marie")
    lower_name = folded(last) in insee_tiers() and not is_inflected_form(last)
    named = relative or last[:1].isupper() or lower_name
    return named and all(word.casefold() in _RELATIVE_WORDS | _PRONOUNS for word in before)


_SEPARATORS = re.compile(r"[ .-]")
_NIR_SEPARATORS = re.compile(r"[ ./-]|(?i:cl[ée]):?")


# Dictated and typed as heard: "soufiane point benali arobase gmail point com", "john dot
# smith at gmail dot com" (in English only with "dot": "rendez-vous at …" is a sentence).
_DOMAINS = r"(?i:com|fr|net|org|eu|be|ch|de|es|it|pt|uk|ma|dz|tn)(?![\w-])"
# (digits said in words after the name: « jean point savoie soixante-treize arobase … »)
_SPOKEN_EMAIL = re.compile(
    r"(?<![\w.@-])[\w-]+(?:[ \t]+(?i:point)[ \t]+[\w-]+)*"
    rf"(?:[ \t]+(?i:{NUMBER_WORD}(?:{NEXT_NUMBER_WORD})*))?[ \t]+(?i:arobase)[ \t]+[\w-]+"
    rf"(?:[ \t]+(?i:point)[ \t]+[\w-]+)*[ \t]+(?i:point)[ \t]+{_DOMAINS}"
    r"|(?<![\w.@-])[\w-]+(?:[ \t]+dot[ \t]+[\w-]+)*[ \t]+at[ \t]+[\w-]+"
    rf"(?:[ \t]+dot[ \t]+[\w-]+)*[ \t]+dot[ \t]+{_DOMAINS}"
)


def find_emails(text: str) -> Iterator[Span]:
    for match in (
        *EMAIL_ADDRESS.finditer(text),
        *_OBFUSCATED_EMAIL.finditer(text),
        *_SPOKEN_EMAIL.finditer(text),
    ):
        yield Span(PiiType.EMAIL, match.start(), match.end(), match.group())


# A number dictated and written down in words ("zéro six, douze, trente-quatre, cinquante-six,
# soixante-dix-huit"): "zéro" and a mobile's or a landline's digit, then four pairs.
_PAIR_IN_WORDS = rf"(?:z[ée]ro[- ])?{NUMBER_WORD}(?:{NEXT_NUMBER_WORD}){{0,3}}"
_PHONE_IN_WORDS = re.compile(
    r"(?i:(?<![\w-])z[ée]ro[- ](?:un|deux|trois|quatre|cinq|six|sept|neuf)"
    rf"(?:[ \t]*,?[ \t]+{_PAIR_IN_WORDS}){{4}})(?![\w-])"
)


# A number dictated digit by digit in another language and written down as heard ("zero seven
# six six five four three two one zero", "cero seis dos tres …", "plus four four …"), or in
# Chinese numerals ("零七五八一二三四五六"): nine digits or more, no one's count of anything.
_DIGIT_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine"
    r"|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
    r"|due|tre|quattro|cinque|sei|sette|otto|nove|um|dois|três|sete|oito"
    r"|null|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun)"
)
_PHONE_DIGIT_BY_DIGIT = re.compile(
    rf"(?i:(?<![\w-])(?:plus[ \t]+)?{_DIGIT_WORD}(?:[ \t,-]+{_DIGIT_WORD}){{8,13}})(?![\w-])"
    r"|(?<![零〇一二三四五六七八九十])[零〇一二三四五六七八九]{9,14}(?![零〇一二三四五六七八九十])"
)


def find_phones(text: str) -> Iterator[Span]:
    for match in (*_PHONE_IN_WORDS.finditer(text), *_PHONE_DIGIT_BY_DIGIT.finditer(text)):
        yield Span(PiiType.PHONE, match.start(), match.end(), match.group())
    for match in _PHONE.finditer(text):
        yield Span(PiiType.PHONE, match.start(), match.end(), match.group())
    for match in _MOBILE_WITHOUT_ZERO.finditer(text):
        yield Span(PiiType.PHONE, match.start(1), match.end(1), match.group(1))
    for match in _FOREIGN_PHONE.finditer(text):
        if _possible_foreign_number(match.group()):
            yield Span(PiiType.PHONE, match.start(), match.end(), match.group())
    for match in _NATIONAL_ABROAD.finditer(text):
        before = text[max(0, match.start() - 15) : match.start()]
        if _a_neighbour_s_number(match.group()) and not _REFERENCE_BEFORE.search(before):
            yield Span(PiiType.PHONE, match.start(), match.end(), match.group())
    for match in _OVERSEAS_LOCAL.finditer(text):
        before = text[max(0, match.start() - 15) : match.start()]
        if not _an_overseas_number(match.group()) or _REFERENCE_BEFORE.search(before):
            continue
        # six digits that read as a day and a month (« 21-11-90 ») are a date, unless the line
        # says a phone comes (« tél. 25 12 08 »)
        line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        if _DAY_AND_MONTH.match(match.group()) and not _PHONE_CUE.search(line[-40:]):
            continue
        yield Span(PiiType.PHONE, match.start(), match.end(), match.group())


def _an_overseas_number(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    for region in _OVERSEAS_REGIONS[len(digits)]:
        number = phonenumbers.parse(digits, region)
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _a_neighbour_s_number(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    # France's own service numbers ("0800 130 000") are nobody's
    if not 10 <= len(digits) <= 11 or digits.startswith("08"):
        return False
    for region in _NEIGHBOUR_REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _possible_foreign_number(candidate: str) -> bool:
    """An assigned country code, written as its own group when the number is grouped, and a
    length that country's numbers have ("0042 1234 5678", a file reference, is no number:
    42 is no country's code)."""
    international = re.sub(r"^\(?(?:\+|00) ?(\d{1,3})\)?", r"+\1", candidate)
    try:
        number = phonenumbers.parse(international, None)
    except phonenumbers.NumberParseException:
        return False
    code = number.country_code
    if code is None:
        return False
    first_group = re.match(r"\+(\d+)[ .(-]", international)
    if first_group is not None and first_group.group(1) != str(code):
        return False
    region = phonenumbers.region_code_for_country_code(code)
    return region != phonenumbers.UNKNOWN_REGION and phonenumbers.is_possible_number(number)


def find_nirs(text: str) -> Iterator[Span]:
    whole = [
        Span(PiiType.NIR, match.start(), match.end(), match.group())
        for match in _NIR.finditer(text)
        if nir_is_valid(_NIR_SEPARATORS.sub("", match.group()))
    ]
    yield from whole
    for match in _LABELLED_NIR_BODY.finditer(text):
        start, end = match.start(1), match.end(2) if match.group(2) else match.end(1)
        inside_whole = any(span.start <= start < span.end for span in whole)
        if not inside_whole and nir_body_is_valid(_SEPARATORS.sub("", match.group(1))):
            yield Span(PiiType.NIR, start, end, text[start:end])


def find_ibans(text: str) -> Iterator[Span]:
    """IBANs, possibly grouped by four; the longest prefix that passes mod 97 is kept. After
    its label, one that passes mod 97 at a length its country does not use (a group typed
    twice): no accident, someone's account."""
    starts: set[int] = set()
    for match in _IBAN.finditer(text):
        candidate = match.group()
        # Positions (in the candidate) of each alphanumeric character.
        positions = [i for i, char in enumerate(candidate) if char.isalnum()]
        compact = "".join(candidate[i] for i in positions)
        for length in range(len(compact), 14, -1):
            if iban_is_valid(compact[:length]):
                end = match.start() + positions[length - 1] + 1
                starts.add(match.start())
                yield Span(PiiType.IBAN, match.start(), end, text[match.start() : end])
                break
    for match in _LABELLED_IBAN.finditer(text):
        if match.start(1) not in starts and iban_is_valid(
            re.sub(r"[ -]", "", match.group(1)), any_length=True
        ):
            yield Span(PiiType.IBAN, match.start(1), match.end(1), match.group(1))


def find_birth_dates(text: str) -> Iterator[Span]:
    """Every birth date, and every other date of the text that is the same day written again
    (« née le 15 mai 1948 … sur sa carte de séjour c'est le 15/05/1948 », « 15/1/76 » twice)."""
    births = list(_birth_dates(text))
    yield from births
    days = {day for day in map(_day_of, (birth.text for birth in births)) if day is not None}
    if not days:
        return
    for date in _ANY_DATE.finditer(text):
        if _day_of(date.group()) in days and not any(
            birth.start < date.end() and date.start() < birth.end for birth in births
        ):
            yield Span(PiiType.BIRTH_DATE, date.start(), date.end(), date.group())


_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.\- ]+(\d{1,2})[/.\- ]+(\d{2}|\d{4})")
_DAY_IN_MONTH = re.compile(rf"(1er|\d{{1,2}})\s+({MONTHS}|{_SHORT_MONTHS})\s+(\d{{4}})", re.I)
_MONTH_NUMBERS = {
    "jan": 1, "fev": 2, "fév": 2, "mar": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "aou": 8, "aoû": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12, "déc": 12,
}  # fmt: skip


def _day_of(date: str) -> tuple[int, int, int] | None:
    """The day, month and year's last two digits of a date in figures or with a French month
    (« 15/05/1948 », « 15 mai 1948 », « 15.5.48 »); None for another form."""
    if numeric := _NUMERIC_DAY.fullmatch(date.strip()):
        day, month, year = (int(part) for part in numeric.groups())
    elif worded := _DAY_IN_MONTH.fullmatch(date.strip()):
        day = 1 if worded.group(1).casefold() == "1er" else int(worded.group(1))
        key = worded.group(2).casefold()
        month = next(
            (number for prefix, number in _MONTH_NUMBERS.items() if key.startswith(prefix)), 0
        )
        year = int(worded.group(3))
    else:
        return None
    return (day, month, year % 100) if 1 <= day <= 31 and 1 <= month <= 12 else None


def _birth_dates(text: str) -> Iterator[Span]:
    for match in (*_LISTED_BIRTH.finditer(text), *_BORN_LAST.finditer(text)):
        yield Span(PiiType.BIRTH_DATE, match.start(1), match.end(1), match.group(1))
    for match in _BIRTH_YEAR.finditer(text):
        if _A_THING_BEFORE.search(text, max(0, match.start() - 30), match.start()) is None:
            yield Span(PiiType.BIRTH_DATE, match.start(1), match.end(1), match.group(1))
    for asked in _ASKED_BIRTH.finditer(text):
        for date in _ANY_DATE.finditer(text, asked.start("answer"), asked.end("answer")):
            if not _DIGITS_GO_ON.match(text, date.end()):
                yield Span(PiiType.BIRTH_DATE, date.start(), date.end(), date.group())
    for match in _BIRTH_DATE.finditer(text):
        yield Span(PiiType.BIRTH_DATE, match.start(1), match.end(1), match.group(1))
        following = _NEXT_BIRTH_DATE.match(text, match.end())
        while following is not None and _a_child(following.group(1)):
            yield Span(PiiType.BIRTH_DATE, following.start(2), following.end(2), following.group(2))
            following = _NEXT_BIRTH_DATE.match(text, following.end())
