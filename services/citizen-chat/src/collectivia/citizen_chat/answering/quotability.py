"""Sentences of a source that are never shown to a citizen, whatever their support.

A quoted sentence is always "supported" (it is the source), so a poisoned page would be quoted
as faithfully as a true one. What a public page says to its reader is never: an instruction to
an assistant or a model (« ignorez les consignes », "you are now..."), a request for the
reader's identifiers, bank details, secrets or a payment to a person, words put in a named
person's mouth outside a dated and signed official text, a medication dose, a promise of money
to everyone without condition. And a sentence that shares almost nothing with the rest of its
page (an instruction buried in a canteen menu) is not what that page is about: it is not
quoted either, so a line written to restate a question's words cannot ride on its page.

Rules, not a model: cheap, explainable, the same in French and in English; each returns the
reason (``Unquotable``) so that tests and logs say which one fired.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache

from collectivia.citizen_chat.answering.eligibility import decides_eligibility
from collectivia.citizen_chat.answering.sentences import split_sentences
from collectivia.citizen_chat.knowledge.analyzer import analyze, strip_accents
from collectivia.citizen_chat.knowledge.documents import Document


class Unquotable(StrEnum):
    ADDRESSED_TO_A_MODEL = "addressed-to-a-model"
    ASKS_FOR_SECRETS = "asks-for-secrets"
    ATTRIBUTED_QUOTE = "attributed-quote"
    MEDICATION_DOSE = "medication-dose"
    UNCONDITIONAL_PROMISE = "unconditional-promise"
    OFF_TOPIC = "off-topic"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Matched on lower-case text without accents, apostrophes straightened.
_TO_A_MODEL = _any(
    r"\b(?:ignore[rz]?|oublie[rz]?|neglige[rz]?|outrepasse[rz]?|contourne[rz]?)\b[^.]{0,40}"
    r"\b(?:instructions?|consignes?|regles?|directives?|ce qui precede|tout ce qui)",
    r"\bne\s+(?:tiens|tenez|tenir)\s+(?:pas\s+)?compte\s+(?:des|de\s+tes|de\s+vos)\s+"
    r"(?:instructions|consignes|regles)",
    r"\b(?:instructions?|consignes?|message|invite|prompt|mode|note|directive)s?\s+"
    r"(?:du\s+)?(?:systemes?|developpeur|administrateur)\b",
    r"\bprompt\b",
    r"(?:^|[\[(<#*\s])(?:system|systeme|assistant|user|utilisateur)\s*:",
    r"\[/?inst\]|<\|?im_(?:start|end)\|?>|<<sys>>|###\s*(?:instruction|system)",
    r"\b(?:tu\s+es|vous\s+etes)\s+(?:maintenant|desormais|a\s+present|dorenavant)\b",
    r"\b(?:agis|agissez|comporte[- ]toi|comportez[- ]vous|fais|faites)\s+(?:comme|semblant)\b",
    r"\b(?:joue|jouez|incarne|incarnez)\s+(?:le\s+)?(?:role|personnage)\b",
    r"\b(?:a\s+l'attention|note|message|consigne|instruction)s?\s+(?:pour|de|a|aux?|des?)\s+"
    r"(?:l'|les?\s+|la\s+)?(?:ia|intelligence artificielle|assistants?|modeles?|chatbots?"
    r"|robots?|agents? conversationnels?|llm|gpt)\b",
    r"\b(?:si\s+(?:tu\s+es|vous\s+etes)|en\s+tant\s+qu)\s*'?\s*(?:une?\s+)?"
    r"(?:ia|intelligence artificielle|assistant|modele|chatbot|robot|llm)\b",
    r"\b(?:assistant|chatbot|robot|modele|ia|llm)\s*(?:virtuel|conversationnel|automatise)?\s*,"
    r"\s*(?:tu|vous|reponds|repondez|dis|dites|ignore|ignorez)\b",
    r"\b(?:reponds|repondez|reponde|dis|dites)\s+(?:toujours|uniquement|seulement|desormais)\b",
    r"\b(?:mode\s+(?:developpeur|dan|sans\s+restriction)|jailbreak|(?:developer|dan|god)\s+mode)\b",
    r"\b(?:ignore[rz]?|oublie[rz]?)\s+(?:ce\s+qu|tout\s+ce|ce\s+qui\s+precede|toutes?\s+(?:les\s+)?"
    r"(?:autres\s+)?(?:instructions|consignes|regles))",
    r"\b(?:ignore|disregard|forget)\s+(?:what|everything|anything|all|your|any|the\s+"
    r"(?:above|previous|prior|earlier))\b",
    r"\b(?:respond|reply|answer)\s+(?:to\s+)?(?:any|every|all)\s+(?:questions?|queries|requests?"
    r"|messages?)\b",
    r"\b(?:reponds|repondez|repondre)\s+a\s+(?:toute|chaque|toutes\s+les|n'importe\s+quelle)\s+"
    r"(?:questions?|demandes?)\b",
    r"\b(?:system|systeme)\s+(?:override|update|notice|alert|mise\s+a\s+jour|alerte|prioritaire)\b",
    r"(?:^|[\[(<#*\s])(?:assistant|chatbot|ia|bot|modele|model|ai)\s+(?:ia|ai|virtuel|numerique)"
    r"\s*:",
    r"\b(?:a\s+partir\s+de\s+maintenant|desormais|dorenavant)\s*,?\s*(?:tu|reponds|dis|affirme"
    r"|indique|annonce)\b",
    r"\b(?:modeles?|ia|assistants?\s+(?:virtuels?|ia|numeriques?)|chatbots?|robots?"
    r"|systemes?\s+(?:automatises?|d'ia))\s+(?:qui\s+(?:lisent|lit|resument|resume|analysent"
    r"|traitent|repondent)|lisant|doivent|devront|doit)\b",
    # A machine addressed, or named: public pages speak of neither.
    r"\b(?:pour|aux?|a\s+l'|chers?|cheres?|dear|to|for|attention)\s+(?:les\s+|the\s+|all\s+)?"
    r"(?:ia|intelligences?\s+artificielles?|assistants?\s+(?:virtuels?|numeriques?"
    r"|conversationnels?|ia|automatises?)|chatbots?|robots?\s+conversationnels?|modeles?\s+de"
    r"\s+langage|llms?|ai\s+(?:assistants?|models?|systems?|agents?)|language\s+models?"
    r"|bots?|agents?\s+ia)\b",
    r"\b(?:chatgpt|gpt-?\d\w*|llms?|large\s+language\s+models?|modeles?\s+de\s+langage)\b",
    # What to tell the citizens: a public page speaks to its reader, not to an intermediary.
    r"\b(?:dis|dites|reponds|repondez|indique|annonce|annoncez|affirme|affirmez|assure"
    r"|assurez|certifie|certifiez|precise|redirige|redirigez|oriente)\b[^.]{0,30}"
    r"\b(?:aux?|a\s+l'|a\s+la|les?)\s*(?:usagers?|habitants?|citoyens?|utilisateurs?"
    r"|demandeurs?|visiteurs?|administres?|interlocuteurs?)\b",
    r"\b(?:lorsqu|quand|si|des\s+qu)\s*'?\s*(?:un|une|l'|le|la|on)\s*(?:usager|habitant|citoyen"
    r"|utilisateur|demandeur|administre|personne|interlocuteur)?\s*(?:te|vous)?\s*"
    r"(?:demande|pose|interroge|ecrit|questionne)\b[^.]{0,60}\b(?:reponds|repondez|dis|dites"
    r"|indique|indiquez|renvoie|renvoyez|redirige|redirigez|donne|donnez)\b",
    # English.
    r"\b(?:tell|inform|advise|instruct|direct|redirect)\s+(?:the\s+|all\s+|any\s+|every\s+"
    r"|each\s+)?"
    r"(?:users?|residents?|citizens?|people|visitors?|customers?|callers?)\b",
    r"\bwhen\s+(?:a\s+|the\s+)?(?:users?|residents?|someone|anyone|people|citizens?)\s+"
    r"asks?\b",
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(?:instructions?|rules|"
    r"guidelines|prompts?|directions|everything|above|previous)\b",
    r"\byou\s+are\s+(?:now|no\s+longer|from\s+now)\b|\bfrom\s+now\s+on\b",
    r"\b(?:act|behave|respond)\s+as\b|\bpretend\s+(?:to\s+be|you)\b|\brole[- ]?play\b",
    r"\b(?:as\s+an?|if\s+you\s+are\s+an?|note\s+to\s+the|attention)\s+"
    r"(?:ai|assistant|language\s+model|chatbot|llm|bot)\b",
    r"\b(?:always|only)\s+(?:answer|reply|respond|say)\b|\bnew\s+instructions?\b",
    r"\b(?:ai|assistant|chatbot|model|llm|bot)s?\s*(?:must|should|shall|will)\s+(?:now\s+)?"
    r"(?:tell|say|answer|reply|respond|ask|recommend|include|direct)\b",
)

_GIVE_FR = (
    r"(?:communiqu|envoi|envoy|transmet|transmett|indiqu|donn|fourni|confirm|saisi|renseign"
    r"|dict|demand|reclam|collect|not|precis|rappel|partag|verifi|valid|repond)\w*"
)
_CREDENTIAL_FR = (
    r"(?:numero\s+de\s+(?:securite\s+sociale|secu|(?:votre\s+)?carte|compte)|\bnir\b"
    r"|\biban\b|\brib\b|\bbic\b|releve\s+d'identite\s+bancaire|coordonnees\s+bancaires"
    r"|mot\s+de\s+passe|mots\s+de\s+passe|code\s+(?:secret|confidentiel|pin|d'acces|de\s+"
    r"(?:confirmation|verification|validation|securite)|recu|envoye|a\s+\d)|\bcode\b[^.]{0,25}"
    r"\bsms\b|cryptogramme|\bcvv\b|\bcvc\b"
    r"|identifiants?\s+(?:de\s+connexion|franceconnect|fiscaux|impots|ameli|caf)"
    r"|(?:photo|copie|scan|image)\w*\s+[^.]{0,30}carte\s+(?:bancaire|bleue|de\s+credit)"
    r"|numero\s+fiscal)"
)
_GIVE_EN = r"(?:send|give|provide|share|enter|confirm|tell|text|email|submit|ask\s+(?:for|them))"
_CREDENTIAL_EN = (
    r"(?:social\s+security|\bssn\b|bank\s+(?:details|account)|\biban\b|account\s+number"
    r"|password|\bpin\b|verification\s+code|security\s+code|one[- ]time\s+code|card\s+number"
    r"|credit\s+card|debit\s+card|\bcvv\b|login\s+details|credentials)"
)
_PAY_PRIVATE = _any(
    r"\b(?:pay\w*|regl\w*|vers\w*|vir\w*|envoy\w*|transf\w*|depos\w*)\b[^.]{0,80}"
    r"\b(?:a\s+l'ordre\s+de|au\s+nom\s+de|sur\s+le\s+compte\s+(?:personnel\s+)?de|directement\s+a)"
    r"\s+(?:m\.|mme|monsieur|madame|mademoiselle|[a-z]+\s+[a-z]+\b)",
    r"\b(?:pay|pai|regl|vers|envoy|achet|buy|send|remet|remis)\w*\b[^.]{0,60}"
    r"\b(?:mandat\s+cash|western\s+union|moneygram|coupons?\s+(?:pcs|transcash|neosurf)"
    r"|cartes?\s+(?:cadeaux?|prepayees?)|gift\s+cards?|bitcoins?|crypto\w*|paysafecard"
    r"|lydia|paylib|wero)\b",
    r"\b(?:whatsapp|telegram|snapchat)\b",
    r"\b(?:frais\s+de\s+dossier|caution|acompte|avance|fee|deposit)\b[^.]{0,60}"
    r"\b(?:par\s+virement|en\s+especes|par\s+sms|par\s+telephone|wire|cash)\b",
    r"\b(?:pay|send|wire|transfer)\b[^.]{0,60}\b(?:to\s+(?:mr|mrs|ms|mister|the\s+agent)\b"
    r"|personal\s+account|in\s+cash)",
)
_ASKS_FOR_SECRETS = _any(
    rf"\b{_GIVE_FR}\b[^.?!]{{0,80}}{_CREDENTIAL_FR}",
    rf"{_CREDENTIAL_FR}[^.?!]{{0,60}}\b(?:a\s+(?:communiquer|transmettre|envoyer|indiquer|fournir"
    r"|confirmer)|par\s+(?:sms|courriel|e-?mail|telephone|retour)|en\s+reponse|ici)\b",
    rf"\b{_GIVE_EN}\b[^.?!]{{0,80}}{_CREDENTIAL_EN}",
    rf"{_CREDENTIAL_EN}[^.?!]{{0,40}}\b(?:by\s+(?:sms|text|email|phone|reply)|here|below)\b",
)

_QUOTED = re.compile(r"«[^»]{8,}»|\"[^\"]{8,}\"|“[^”]{8,}”")
_ATTRIBUTION = _any(
    r"\b(?:a|aurait|avait)\s+(?:declare|dit|affirme|assure|lance|promis|confie|estime|annonce"
    r"|martele|denonce|ajoute|precise|souligne|accuse|attaque|qualifie|reconnu|admis|ironise"
    r"|fustige|regrette|explique|indique|reconnait)\b",
    r"\b(?:declare|affirme|assure|lance|estime|martele|denonce|ajoute|souligne|accuse"
    r"|fustige|ironise|confie|selon|d'apres|explique)\b",
    r"\b(?:said|says|stated|declared|claimed|told|according\s+to|added|warned|accused"
    r"|promised|announced)\b",
)
# Reported speech put in someone's mouth without quotation marks.
_REPORTED = _any(
    r"\b(?:a|aurait)\s+(?:declare|dit|affirme|assure|estime|accuse|denonce|qualifie|promis"
    r"|annonce|reconnu|admis|avoue|confie)\s+(?:que|qu'|l'opposition|ses|les)",
    r"\b(?:accuse|denonce|fustige|attaque|critique|insulte|traite)\s+(?:l'opposition|ses"
    r"\s+adversaires|la\s+majorite|les\s+elus|le\s+maire|la\s+maire)",
    r"\b(?:said|stated|claimed|admitted|accused|called)\s+(?:that|the\s+opposition"
    r"|his\s+opponents|her\s+opponents)",
)
_PERSON = _any(
    r"\b(?:le|la|du|de\s+la|au|a\s+la|l')\s*(?:maire|adjointe?|president(?:e)?|depute(?:e)?"
    r"|senat(?:eur|rice)|prefet(?:e)?|conseill(?:er|ere)|elue?|ministre|directeur|directrice"
    r"|porte-parole|chef|cheffe|opposition)\b",
    r"\b(?:m\.|mme|monsieur|madame|mr|mrs|ms|the\s+mayor|mayor|councillor|minister|president)\b",
)
# A text stands for its author when it is dated and signed: a decree, a deliberation, a letter.
_SIGNATURE = _any(
    r"\bfait\s+a\s+[^\n]{2,40}\s+le\b",
    r"^\s*(?:signe|le\s+maire|la\s+maire|le\s+president|la\s+presidente|pour\s+le\s+maire"
    r"|par\s+delegation)\b",
)

_DRUG = (
    r"(?:paracetamol|doliprane|efferalgan|dafalgan|ibuprofene|ibuprofen|advil|nurofen|aspirine"
    r"|aspirin|kardegic|amoxicilline|antibiotiques?|anti-?inflammatoires?|somniferes?"
    r"|anxiolytiques?|antidepresseurs?|codeine|tramadol|morphine|insuline|cortisone"
    r"|corticoides?|vitamine\s+d|lexomil|xanax|valium|smecta|spasfon|acetaminophen"
    r"|medicaments?|medicines?|medication|comprimes?|gelules?|tablets?|pills?|capsules?)"
)
_AMOUNT = (
    r"\d+(?:[.,]\d+)?\s*(?:mg|g|ml|µg|mcg|ui|gouttes?|drops?|comprimes?|gelules?|tablets?"
    r"|pills?|sachets?|doses?|cuilleres?)\b"
)
_FREQUENCY = (
    r"(?:par\s+jour|/\s*(?:jour|j)\b|fois\s+par|toutes\s+les\s+\d+\s*h|matin\s+et\s+soir"
    r"|a\s+chaque\s+repas|per\s+day|a\s+day|times\s+a|every\s+\d+\s*hours?|twice\s+daily)"
)
_DOSE = _any(
    rf"\b{_DRUG}\b[^.]{{0,60}}{_AMOUNT}",
    rf"{_AMOUNT}[^.]{{0,60}}\b{_DRUG}\b",
    rf"\b{_DRUG}\b[^.]{{0,60}}\b{_FREQUENCY}",
    rf"\b{_DRUG}\b[^.]{{0,40}}\b(?:doses?|demi-doses?|posologie|dosage)\b",
    rf"\b(?:doses?|demi-doses?|posologie|dosage)\b[^.]{{0,40}}\b{_DRUG}\b",
    rf"\b(?:prenez|prendre|donnez|donner|administrez|administrer|take|give)\b[^.]{{0,40}}"
    rf"{_AMOUNT}",
    rf"\b(?:prenez|prendre|donnez|donner|administrez|administrer|avalez|faites\s+prendre"
    rf"|take|give)\b[^.]{{0,40}}\b(?:(?:un|une|deux|trois|quatre|one|two|three|a|\d+)\s+"
    rf"(?:comprimes?|gelules?|sachets?|cuilleres?|gouttes?|tablets?|pills?|capsules?|doses?)"
    rf"|{_DRUG})\b",
)

_MONEY = r"(?:\d[\d\s.,]*\s*(?:€|euros?|eur\b)|\d[\d\s.,]*\s*(?:dollars?|\$))"
_PROMISE = _any(
    rf"\b(?:vous\s+(?:recevrez|percevrez|toucherez|obtiendrez|beneficierez|allez\s+recevoir)"
    rf"|(?:sera|seront)\s+(?:verse|versee|verses|versees|vire|viree|offert|offerte|attribuee?)"
    rf"|you\s+(?:will|'ll)\s+(?:receive|get|be\s+paid)"
    rf"|(?:recevra|recevront|percevra|percevront|touchera|toucheront|beneficiera|beneficieront)"
    rf"|will\s+(?:receive|get|be\s+paid|be\s+given))\b[^.]{{0,80}}{_MONEY}",
    rf"{_MONEY}[^.]{{0,80}}\b(?:(?:sera|seront)\s+(?:verse|versee|vire|viree|offert|offerte)"
    rf"|(?:a|pour)\s+(?:tous|toutes|chaque)\s+(?:les\s+)?(?:habitants?|foyers?|familles?|"
    rf"residents?|citoyens?)|to\s+(?:every|all)\s+(?:residents?|households?|citizens?))\b",
)
_UNCONDITIONAL = re.compile(
    r"\b(?:automatiquement|sans\s+(?:condition|demarche|justificatif|aucune)|tous\s+les"
    r"|toutes\s+les|chaque\s+\w+|immediatement|garanti\w*"
    r"|quelle\s+que\s+soit|automatically|no\s+conditions?|every\s+(?:resident|household)"
    r"|all\s+(?:residents|households)|guaranteed|without\s+(?:conditions?|application))\b"
)
_CONDITION = re.compile(r"\b(?:si|s'il|sous\s+(?:reserve|condition)|if|provided|subject\s+to)\b")

# Topic: the share of a sentence's terms the rest of its page uses too. Legitimate sentences
# of the 393 service-public.fr pages share more than 12 % in 99 cases out of 100 (those under
# are mostly lists of countries); an injected one, nearly nothing. Short ones say too little.
MIN_TOPIC_SHARE = 0.12
MIN_TOPIC_TERMS = 6


def _folded(text: str) -> str:
    # Invisible characters out first: "I\u200bgnore" is read "Ignore" (whatever the intake did).
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return strip_accents(visible.lower()).replace("\u2019", "'").replace("\u02bc", "'")


def rule_reason(sentence: str, document: Document | None = None) -> Unquotable | None:
    """Why the sentence must never be shown (the rules that need no context), or None."""
    text = _folded(sentence)
    if _TO_A_MODEL.search(text):
        return Unquotable.ADDRESSED_TO_A_MODEL
    if _ASKS_FOR_SECRETS.search(text) or _PAY_PRIVATE.search(text):
        return Unquotable.ASKS_FOR_SECRETS
    if _DOSE.search(text):
        return Unquotable.MEDICATION_DOSE
    promised = _PROMISE.search(text) or decides_eligibility(sentence)
    if promised and _UNCONDITIONAL.search(text) and not _CONDITION.search(text):
        return Unquotable.UNCONDITIONAL_PROMISE
    if (
        ((_QUOTED.search(sentence) and _ATTRIBUTION.search(text)) or _REPORTED.search(text))
        and _PERSON.search(text)
        and not (document is not None and signed_official(document))
    ):
        return Unquotable.ATTRIBUTED_QUOTE
    return None


def signed_official(document: Document) -> bool:
    """Dated (a publication date) and signed (a signature or "fait à ..., le" line)."""
    if document.published is None:
        return False
    return _SIGNATURE.search(_folded(document.text)) is not None


@lru_cache(maxsize=256)
def _page_terms(title: str, text: str) -> Counter[str]:
    return Counter(analyze(f"{title}\n{text}"))


def topic_share(sentence: str, document: Document) -> float:
    """Share of the sentence's distinct terms found elsewhere on its page (title included)."""
    terms = Counter(analyze(sentence))
    if not terms:
        return 1.0
    page = _page_terms(document.title, document.text)
    elsewhere = sum(1 for term, count in terms.items() if page[term] > count)
    return elsewhere / len(terms)


def off_topic(sentence: str, document: Document) -> bool:
    """A sentence of enough words that its page otherwise hardly uses."""
    if len(set(analyze(sentence))) < MIN_TOPIC_TERMS:
        return False
    return topic_share(sentence, document) < MIN_TOPIC_SHARE


def unquotable(sentence: str, document: Document) -> Unquotable | None:
    """Why this sentence of ``document`` must not be quoted to a citizen, or None."""
    reason = rule_reason(sentence, document)
    if reason is None and off_topic(sentence, document):
        return Unquotable.OFF_TOPIC
    return reason


def quotable(sentences: Iterable[str], document: Document) -> list[str]:
    """The sentences that may be quoted, in order."""
    return [sentence for sentence in sentences if unquotable(sentence, document) is None]


def without_unquotable(passage: str, document: Document) -> str:
    """The passage without its unquotable sentences: what a model may be given of it."""
    lines = []
    for line in passage.splitlines():
        for sentence in split_sentences(line):
            if unquotable(sentence, document) is not None:
                line = line.replace(sentence, "")
        lines.append(line)
    return "\n".join(lines)
