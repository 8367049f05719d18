"""Messages that describe an emergency or a danger, recognised before anything else.

A message is read with the retrieval's own analyzer (Snowball French stems, accents and
elisions out), so that inflections (« frappe », « frappé », « frappent ») and missing
accents meet; a stem of five letters or more also matches its longer forms and a form one
typing error away after its first two letters (« suicde », « inconcient »). English cues
are stemmed the same way.

What fires is a *situation*, never the name of a service: « horaires des pompiers » or
« stage au SAMU » name a service and describe nobody in danger. Each situation has:

- strong cues (« ne respire plus », « au feu », « violences conjugales », a partner with a
  violent verb...): enough alone;
- weak cues (« fièvre », « fumée », « police »...): two of them, or one with a call for help
  (« au secours », « vite », « urgent »).

An administrative frame (« recrutement », « horaires », « formation », « subvention »,
« assurance »...) says the message is about the service, not a person in danger: it blocks
the weak cues, and the strong ones unless a call for help comes with them.

Phrases written with a leading ``=`` are matched word for word (accents stripped, stop
words kept), for cues whose meaning lives in the little words (« me tuer », « au secours »).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from collectivia.citizen_chat.knowledge.analyzer import analyze, plain_terms


class Situation(StrEnum):
    """Listed in the order their numbers are given (the most life-threatening first)."""

    SUICIDE = "suicide"
    HEALTH = "health"
    HEATWAVE = "heatwave"
    FIRE = "fire"
    DOMESTIC_VIOLENCE = "domestic-violence"
    CHILD_IN_DANGER = "child-in-danger"
    VIOLENCE = "violence"


# A phrase: its terms, and whether they are plain words (True) or stems (False).
Phrase = tuple[tuple[str, ...], bool]
# A cue: groups of phrases; it matches when one phrase of every group is in the message.
Cue = tuple[tuple[Phrase, ...], ...]

_MIN_LOOSE_STEM = 5


def _phrase(text: str) -> Phrase:
    if text.startswith("="):
        return tuple(plain_terms(text[1:])), True
    return tuple(analyze(text)), False


def _group(texts: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(p for p in map(_phrase, texts) if p[0])


def _cues(*alternatives: str) -> tuple[Cue, ...]:
    """One cue per phrase."""
    groups = (_group([text]) for text in alternatives)
    # Two spellings of one stem (« blessé », « blessée ») are one cue, counted once.
    return tuple(dict.fromkeys((group,) for group in groups if group))


def _together(*groups: Sequence[str]) -> Cue:
    """One cue made of several groups, all needed (« mari » and « frappe »)."""
    return tuple(_group(group) for group in groups)


@dataclass(frozen=True)
class SituationCues:
    situation: Situation
    strong: tuple[Cue, ...]
    weak: tuple[Cue, ...] = ()


_PARTNERS = (
    "mari", "conjoint", "conjointe", "compagnon", "compagne", "copain", "époux", "épouse",
    "concubin", "ex-mari", "=mon ex", "husband", "boyfriend", "partner",
)  # fmt: skip
_CHILDREN = (
    "enfant", "fils", "fille", "bébé", "nourrisson", "gamin", "gamine", "neveu", "nièce",
    "élève", "mineur", "mineure", "adolescent", "=petit garcon", "=petite fille", "child",
    "children", "kid", "kids", "daughter", "=my son",
)  # fmt: skip
_HARM = (
    "frappe", "frapper", "bat", "battre", "battu", "battue", "cogne", "tape", "étrangle",
    "menace", "maltraite", "maltraitance", "viole", "violer", "abuse", "attouchements",
    "brutalise", "insulte", "enfermé", "enferme", "affamé", "=hits", "=hit me", "beats",
    "beaten", "abused", "threatens", "violent",
)  # fmt: skip
_HEAT = (
    "canicule", "chaleur", "=il fait chaud", "=tres chaud", "=trop chaud", "heatwave",
    "=heat wave", "=the heat", "=so hot", "=degres",
)  # fmt: skip
_HEAT_SIGNS = (
    "fièvre", "fiévreux", "malaise", "confus", "confuse", "désorienté", "vomit", "vomissements",
    "déshydraté", "déshydratation", "brûlant", "brûlante", "évanoui", "inconscient", "vertiges",
    "étourdi", "=ne boit plus", "=ne mange plus", "=ne repond plus", "fever", "dizzy",
    "fainted", "confused", "vomiting",
)  # fmt: skip

_SUICIDE_STRONG = (
    "suicide", "suicider", "suicidaire", "=me tuer", "=me foutre en l air", "=veux en finir",
    "=envie d en finir", "=vais en finir", "=en finir avec la vie", "=en finir avec ma vie",
    "=mettre fin a mes jours", "=mettre fin a ma vie", "=plus envie de vivre",
    "=envie de mourir", "=veux mourir", "=idees noires", "=kill myself", "suicidal",
    "=end my life", "=want to die",
)  # fmt: skip
_HEALTH_STRONG = (
    "malaise", "inconscient", "inconsciente", "=perdu connaissance", "=perte de connaissance",
    "évanoui", "évanouie", "=ne respire plus", "=respire plus", "=respire mal",
    "=du mal a respirer", "=arrive plus a respirer", "étouffe", "arrêt cardiaque",
    "crise cardiaque", "infarctus", "=avc", "douleur thoracique", "=douleur dans la poitrine",
    "=mal a la poitrine", "=saigne beaucoup", "hémorragie", "convulsions", "convulse",
    "overdose", "intoxiqué", "intoxiquée", "empoisonné", "=a avale des medicaments",
    "=ne se reveille pas", "=ne reagit plus", "=ne se releve pas", "unconscious",
    "=not breathing", "=can t breathe", "=cannot breathe", "=heart attack", "=chest pain",
    "=stroke", "seizure", "choking", "=passed out", "poisoned",
)  # fmt: skip
_HEALTH_WEAK = (
    "fièvre", "douleur", "blessé", "blessée", "blessure", "tombé", "tombée", "chute", "vomit",
    "malade", "sang", "saigne", "brûlure", "âgé", "âgée", "bébé", "nourrisson", "=urgences",
    "samu", "ambulance", "fever", "hurt", "injured", "sick", "=fell", "bleeding",
)  # fmt: skip
_HEATWAVE_STRONG = (
    "=coup de chaleur", "heatstroke", "=heat stroke",
)  # fmt: skip
_FIRE_STRONG = (
    "=au feu", "=en feu", "=le feu dans", "=le feu chez", "=le feu a", "=prend feu",
    "=pris feu", "incendie", "flammes", "=ca brule", "=brule encore", "=beaucoup de fumee",
    "=fumee noire", "=odeur de gaz", "=sent le gaz", "=fuite de gaz", "explosion", "=on fire",
    "=gas leak", "burning", "=fire",
)  # fmt: skip
_FIRE_WEAK = (
    "=feu", "fumée", "pompiers", "gaz", "smoke",
)  # fmt: skip
_DOMESTIC_VIOLENCE_STRONG = (
    "=violences conjugales", "=violence conjugale", "=domestic violence",
    "=violences intrafamiliales", "=femme battue",
)  # fmt: skip
_CHILD_IN_DANGER_STRONG = (
    "maltraitance", "=enfant en danger", "=enfants en danger", "=child abuse", "attouchements",
)  # fmt: skip
_VIOLENCE_STRONG = (
    "agressé", "agressée", "agression", "=on m agresse", "=me frappe", "=nous frappe",
    "couteau", "=une arme", "pistolet", "=coups de feu", "=me menace", "menacé de mort",
    "cambrioleur", "cambrioleurs", "=cambriolage en cours", "=essaie d entrer",
    "=essaye d entrer", "=est entre chez moi", "kidnappé", "=a ete enleve", "=a ete enlevee",
    "=viol", "violée", "bagarre", "rixe", "=attacked", "knife", "=gun", "=breaking in",
    "=threatening me", "=shooting", "=rape", "=me suit", "=suivie",
)  # fmt: skip
_VIOLENCE_WEAK = (
    "police", "gendarmerie", "menace", "menacé", "=peur", "danger", "crie", "hurle", "violent",
    "violence", "frappe", "=scared", "=afraid",
)  # fmt: skip

SITUATIONS: tuple[SituationCues, ...] = (
    SituationCues(Situation.SUICIDE, strong=_cues(*_SUICIDE_STRONG)),
    SituationCues(Situation.HEALTH, strong=_cues(*_HEALTH_STRONG), weak=_cues(*_HEALTH_WEAK)),
    SituationCues(
        Situation.HEATWAVE,
        strong=(
            *_cues(*_HEATWAVE_STRONG),
            _together(_HEAT, _HEAT_SIGNS),
        ),
    ),
    SituationCues(Situation.FIRE, strong=_cues(*_FIRE_STRONG), weak=_cues(*_FIRE_WEAK)),
    SituationCues(
        Situation.DOMESTIC_VIOLENCE,
        strong=(
            *_cues(*_DOMESTIC_VIOLENCE_STRONG),
            _together(_PARTNERS, _HARM),
        ),
    ),
    SituationCues(
        Situation.CHILD_IN_DANGER,
        strong=(
            *_cues(*_CHILD_IN_DANGER_STRONG),
            _together(_CHILDREN, _HARM),
        ),
    ),
    SituationCues(Situation.VIOLENCE, strong=_cues(*_VIOLENCE_STRONG), weak=_cues(*_VIOLENCE_WEAK)),
)

# A call for help: with a strong cue it overrides an administrative frame; with a weak cue
# it is enough.
_CALLS_FOR_HELP = _cues(
    "=au secours", "=a l aide", "=aidez moi", "=aide moi", "=aidez nous", "=vite", "=urgent",
    "=urgente", "=c est urgent", "=tout de suite", "=immediatement", "=maintenant",
    "=en ce moment", "=sos", "=help", "=please help", "=right now", "=asap",
)  # fmt: skip

# The message is about the service, an event or a rule, not about a person in danger.
_ADMINISTRATIVE = _cues(
    "horaire", "horaires", "recrutement", "recrute", "recruter", "stage", "stagiaire",
    "concours", "formation", "emploi", "candidature", "caserne", "=portes ouvertes",
    "subvention", "budget", "statistiques", "exercice", "simulation", "prévention",
    "sensibilisation", "assurance", "assureur", "indemnisation", "=declaration", "inscription",
    "inscrire", "registre", "réunion", "conférence", "atelier", "permis", "réglementation",
    "interdiction", "=arrete municipal", "=arrete prefectoral", "débroussaillement",
    "=feu d artifice", "=feux d artifice", "tricolore", "=feu rouge", "barbecue",
    "=feu de camp", "bénévole", "volontaire", "exposition", "festival", "spectacle", "film",
    "livre", "=jeu", "tarif", "=job", "=internship", "recruitment", "=opening hours",
    "training", "=fire station", "=code de la route", "=premiers secours", "défibrillateur",
    "vaccination",
)  # fmt: skip


def _stem_matches(word: str, cue: str) -> bool:
    if word == cue:
        return True
    # A typing error in the first two letters is not looked for: « adresse » is not
    # « agresse », and it keeps this fast.
    if len(cue) < _MIN_LOOSE_STEM or word[:2] != cue[:2]:
        return False
    return word.startswith(cue) or _one_edit_apart(word, cue)


def _one_edit_apart(a: str, b: str) -> bool:
    """A typing error: one letter changed, added, removed, or two swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differences = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differences) == 1:
            return True
        first = differences[0] if len(differences) == 2 else -1
        return first >= 0 and differences[1] == first + 1 and a[first] == b[first + 1]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@dataclass(frozen=True)
class _Message:
    stems: tuple[str, ...]
    plain: tuple[str, ...]

    def has(self, phrase: Phrase) -> bool:
        terms, plain = phrase
        if plain and terms[0] not in self.plain:
            return False
        words = self.plain if plain else self.stems
        size = len(terms)
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if plain and window == terms:
                return True
            if not plain and all(map(_stem_matches, window, terms)):
                return True
        return False

    def matches(self, cue: Cue) -> bool:
        return all(any(self.has(phrase) for phrase in group) for group in cue)

    def count(self, cues: Sequence[Cue]) -> int:
        return sum(self.matches(cue) for cue in cues)


def detect(text: str) -> tuple[Situation, ...]:
    """The situations ``text`` describes, most life-threatening first; () for an ordinary
    question."""
    message = _Message(tuple(analyze(text)), tuple(plain_terms(text)))
    calls_for_help = message.count(_CALLS_FOR_HELP) > 0
    administrative = message.count(_ADMINISTRATIVE) > 0
    found: list[Situation] = []
    for cues in SITUATIONS:
        strong = message.count(cues.strong)
        weak = message.count(cues.weak)
        if administrative and not calls_for_help:
            continue
        if strong or (not administrative and (weak >= 2 or (weak and calls_for_help))):
            found.append(cues.situation)
    return tuple(found)
