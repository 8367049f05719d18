"""Every message the register says to people and integrators, in French, in one place.

What a user or an integrator can read comes from here: the ``detail`` of the HTTP problem
details, the gRPC status messages, the field messages of ``errors``, the errors of the public
pages. Domain code raises its errors with these constants and functions; it writes no message
of its own. The ``rule`` slugs of :class:`~collectivia.platform.errors.RuleViolation` and the
field names are API: they stay as they are, in the messages too.

Left in English on purpose, for operators only: log lines, the reasons of
:class:`~collectivia.platform.events.envelope.InvalidEvent` written into the dead-letter
topics' headers (``audit/handlers.py``, ``literacy/handlers.py``, ``evidence/handlers.py``),
and ``GateDecision.message`` of the runtime gate (``systems/directory.py``), which the README
documents as "English, for logs and operators".

Conventions: a ``detail`` is a sentence, with its full stop; a field's message and a page
title are short phrases, without; a colon has a space before it; ids are quoted as Python
writes them (``'abc'``), so that an empty or odd id shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from collectivia.platform import messages as platform_messages

# -- who may do what ------------------------------------------------------------------------

# The moves of an entry (``Transition`` values), as verbs: « Approuver est réservé... ».
MOVE_VERBS = {
    "submit": "soumettre à l'examen",
    "request-changes": "demander des modifications",
    "approve": "approuver",
    "suspend": "suspendre",
    "reinstate": "rétablir",
    "retire": "retirer du service",
}
# The other guarded actions.
REGISTER_SYSTEM = "inscrire un système"
EDIT_ENTRY = "modifier une entrée"
GIVE_DPO_OPINION = "donner l'avis du DPO"
ANSWER_TRIAGE = "répondre au questionnaire de classification des risques"
READ_HISTORY = "consulter l'historique d'une entrée"
REVIEW_INCIDENTS = "examiner les incidents"


def role_required(action: str, roles: Iterable[str]) -> str:
    """« Suspendre est réservé au rôle : admin ou ethics-officer. »"""
    return platform_messages.role_required(action, roles)


def move_role_required(move: str, roles: Iterable[str]) -> str:
    return role_required(MOVE_VERBS[move], roles)


# -- entries and their lifecycle ------------------------------------------------------------

SYSTEM_NOT_FOUND = "Aucune entrée {system_id} dans le registre."
# The statuses of an entry (``SystemStatus`` values), as said of « l'entrée ».
STATUS_WORDS = {
    "draft": "en brouillon",
    "in_review": "en cours d'examen",
    "approved": "approuvée",
    "suspended": "suspendue",
    "retired": "retirée du service",
}
# The AI Act risk classes (``RiskClass`` values).
RISK_WORDS = {
    "minimal": "risque minimal",
    "limited": "risque limité",
    "high": "haut risque",
    "prohibited": "pratique interdite",
}
STALE_VERSION = (
    "L'entrée est à la version {current}, et non {sent} : quelqu'un l'a modifiée entre-temps. "
    "Rechargez-la et refaites votre modification."
)
CHANGED_MEANWHILE = (
    "L'entrée vient d'être modifiée par quelqu'un d'autre : rechargez-la et refaites votre "
    "modification."
)
RETIRED_IS_FINAL = "Une entrée retirée du service est conservée telle quelle : elle ne change plus."
REASON_REQUIRED = "Indiquez un motif (champ reason) pour {verb}."
DPO_REVIEWS_ENTRIES_IN_REVIEW = "Le DPO ne donne son avis que sur une entrée en cours d'examen."
TRANSITION_NOT_ALLOWED = "Impossible {of_verb} : l'entrée est {status}."
RECORD_INCOMPLETE = "L'entrée est incomplète ; à remplir avant l'examen : {fields}."
REQUIRED_FOR_REVIEW = "requis pour l'examen et la publication"
PROHIBITED_PRACTICE = (
    "Un système qui relève d'une pratique interdite par le règlement sur l'IA (art. 5) ne peut "
    "pas être approuvé."
)
TRIAGE_REQUIRED = (
    "Répondez au questionnaire de classification des risques avant d'approuver l'entrée."
)
RISK_CLASS_BELOW_TRIAGE = (
    "Le questionnaire propose « {proposed} » ({proposed_code}), au-dessus de la classe "
    "déclarée « {declared} » ({declared_code}) : corrigez la classe de risque de l'entrée."
)
HIGH_RISK_REQUIRES_FRIA = (
    "Un système à haut risque ne peut être approuvé qu'avec une analyse d'impact sur les "
    "droits fondamentaux complète (règlement sur l'IA, art. 27) ; il manque : {fields}."
)
REQUIRED_BY_FRIA = "requis (règlement sur l'IA, art. 27)"
HIGH_RISK_REQUIRES_OVERSIGHT_PERSONS = (
    "Un système à haut risque doit nommer les personnes chargées du contrôle humain "
    "(règlement sur l'IA, art. 26, paragraphe 2)."
)
PERSONAL_DATA_REQUIRES_DPO_REVIEW = (
    "L'entrée utilise des données personnelles : un avis favorable du DPO sur cette version "
    "est requis avant l'approbation."
)
SPECIAL_CATEGORY_DATA_REQUIRES_DPIA = (
    "L'entrée déclare des catégories particulières de données personnelles (RGPD, art. 9) : "
    "une analyse d'impact relative à la protection des données (AIPD) est requise avant "
    "l'approbation."
)
REQUIRED_FOR_SPECIAL_CATEGORIES = "requis pour les données sensibles (RGPD, art. 9 et 35)"
# The data sources' datasets, looked up in the data lake (systems/datasets.py).
DATASETS_UNKNOWN = (
    "Le lac de données ne connaît aucun jeu de données {ids} : corrigez l'identifiant "
    "(dataset_id) de la source. Une entrée examinée ou publiée ne peut pas renvoyer à des "
    "données qui n'existent pas."
)
DATASET_UNKNOWN = "jeu de données inconnu du lac de données"
LAKE_UNAVAILABLE = (
    "Le lac de données ne répond pas : les jeux de données des sources n'ont pas pu être "
    "vérifiés, et rien n'a été modifié. Réessayez dans quelques instants."
)


def system_not_found(system_id: str) -> str:
    return SYSTEM_NOT_FOUND.format(system_id=platform_messages.quoted_identifier(system_id))


def stale_version(current: int, sent: int) -> str:
    return STALE_VERSION.format(current=current, sent=sent)


def reason_required(move: str) -> str:
    return REASON_REQUIRED.format(verb=MOVE_VERBS[move])


def transition_not_allowed(move: str, status: str) -> str:
    return TRANSITION_NOT_ALLOWED.format(of_verb=_of(MOVE_VERBS[move]), status=STATUS_WORDS[status])


def record_incomplete(fields: Iterable[str]) -> str:
    return RECORD_INCOMPLETE.format(fields=", ".join(fields))


def datasets_unknown(dataset_ids: Iterable[str]) -> str:
    return DATASETS_UNKNOWN.format(ids=", ".join(repr(i) for i in dataset_ids))


def risk_class_below_triage(proposed: str, declared: str) -> str:
    return RISK_CLASS_BELOW_TRIAGE.format(
        proposed=RISK_WORDS[proposed],
        proposed_code=proposed,
        declared=RISK_WORDS[declared],
        declared_code=declared,
    )


def high_risk_requires_fria(fields: Iterable[str]) -> str:
    return HIGH_RISK_REQUIRES_FRIA.format(fields=", ".join(fields))


# -- the risk triage ------------------------------------------------------------------------

UNKNOWN_QUESTIONS = "Questions inconnues du questionnaire : {names}."
UNKNOWN_QUESTION = "question inconnue"


def unknown_questions(names: Iterable[str]) -> str:
    return UNKNOWN_QUESTIONS.format(names=", ".join(names))


# -- the runtime gate (gRPC) ----------------------------------------------------------------

CHECK_USE_FIELDS_REQUIRED = "system_id et purpose sont requis : l'entrée et l'usage à vérifier."

# -- incidents ------------------------------------------------------------------------------

INCIDENT_NOT_FOUND = "Aucun incident {incident_id!r} dans le registre."
RESOLUTION_REQUIRED = "Pour clore un incident, indiquez sa résolution (champ resolution)."
NOTIFICATION_NOT_REQUIRED = "Seuls les incidents graves sont notifiés."


# Unknown and unpublished alike: a report never tells whether a draft exists.
INCIDENT_SYSTEM_NOT_PUBLISHED = (
    "Aucun système publié du registre ne porte l'identifiant {system_id} : un problème ne "
    "peut être signalé que sur un système que le public peut consulter (en service, suspendu "
    "ou retiré du service)."
)


def incident_system_not_published(system_id: str) -> str:
    return INCIDENT_SYSTEM_NOT_PUBLISHED.format(
        system_id=platform_messages.quoted_identifier(system_id)
    )


def incident_not_found(incident_id: str) -> str:
    return INCIDENT_NOT_FOUND.format(incident_id=incident_id)


# -- the evidence log -----------------------------------------------------------------------

USE_NOT_FOUND = "Aucune décision n° {use_id!r} dans le journal des utilisations d'IA."
INVALID_USE = "Utilisation d'IA non valide : {fields}."
REQUIRED = "requis"
AT_MOST_CHARACTERS = "au plus {limit} caractères"
TIME_ZONE_REQUIRED = "le fuseau horaire est requis"
OUTCOME_REQUIRED = "le résultat est requis"
UNKNOWN_VALUE = "valeur inconnue"
RETENTION_TOO_SHORT = (
    "Les preuves sont conservées au moins {days} jours (règlement sur l'IA, art. 26, paragraphe 6)."
)
EVIDENCE_CHAIN_BROKEN = (
    "La chaîne des preuves est rompue à l'entrée {sequence} : rien n'est supprimé tant que "
    "la rupture n'a pas été examinée."
)


def use_not_found(use_id: str) -> str:
    return USE_NOT_FOUND.format(use_id=use_id)


def invalid_use(fields: Iterable[str]) -> str:
    return INVALID_USE.format(fields=", ".join(fields))


def at_most_characters(limit: int) -> str:
    return AT_MOST_CHARACTERS.format(limit=limit)


def retention_too_short(days: int) -> str:
    return RETENTION_TOO_SHORT.format(days=days)


def evidence_chain_broken(sequence: int | None) -> str:
    return EVIDENCE_CHAIN_BROKEN.format(sequence=sequence)


# -- measured performance (performance/, publication/) --------------------------------------

INVALID_MEASUREMENT = "Mesure de performance non valide : {fields}."
FINITE_NUMBER_REQUIRED = "un nombre fini est requis"
AT_LEAST_ONE_METRIC = "au moins une mesure est requise"
AT_MOST_ITEMS = "au plus {limit} éléments"
NOT_NEGATIVE = "ne peut pas être négatif"
# The entry's public page and its exports (« Performances mesurées »).
PAGE_PERFORMANCE_TITLE = "Performances mesurées"
PAGE_PERFORMANCE_DECLARED = "Performance attendue et façon de la mesurer"
PAGE_PERFORMANCE_NONE = (
    "Aucune mesure de performance n'a encore été transmise au registre par le service qui "
    "utilise ce système."
)
PAGE_PERFORMANCE_MEASURED_AT = "Dernière mesure"
PAGE_PERFORMANCE_MEASURED_ON = "le {date} à {time} (UTC), par le service {service}"
PAGE_PERFORMANCE_METHOD = "Méthode d'évaluation"
PAGE_PERFORMANCE_SAMPLES = "Séries ou échantillons évalués"
PAGE_PERFORMANCE_SOURCES = "Données de l'évaluation"
PAGE_PERFORMANCE_FIGURES = "Résultats"
PAGE_PERFORMANCE_HISTORY = "Historique des mesures (JSON)"
# The ATRS ``model_performance`` and the native export's summary line.
MEASURED_PERFORMANCE_SUMMARY = "Dernière mesure, le {date} ({method}) : {figures}."

# -- the public pages (plain text: the pages escape it and put the links in) ---------------

# What runs, from the evidence (publication/wording.py): the page says it beside what the
# entry declares.
PAGE_MODELS_IN_USE = "Modèles et méthodes utilisés, d'après le journal des utilisations"
PAGE_MODELS_IN_USE_NONE = "Aucune utilisation enregistrée pour le moment."
PAGE_MODEL_IN_USE = "« {model} » : {uses}, aucune par un modèle génératif"
PAGE_MODEL_IN_USE_MODE_UNKNOWN = "« {model} » : {uses}, sans indication du mode (génératif ou non)"
PAGE_MODEL_IN_USE_GENERATIVE = "« {model} » : {uses}, dont {generative} par un modèle génératif"
PAGE_MODELS_IN_USE_MORE = "Et {count} autres modèles ou méthodes."
PAGE_MODEL_UNNAMED = "(non précisé)"
RUNNING_UNDECLARED_GENERATIVE = (
    "Attention : la fiche déclare « {declared} », mais le journal des utilisations montre un "
    "modèle génératif à l'œuvre ({models}) : {generative} sur {total}. La fiche doit être "
    "corrigée et examinée à nouveau."
)
RUNNING_NO_GENERATIVE = (
    "La fiche déclare « {declared} », mais aucune des {total} n'a fait appel à un modèle "
    "génératif : elles ont été produites par {models}."
)
RUNNING_NO_GENERATIVE_ONCE = (
    "La fiche déclare « {declared} », mais la seule utilisation enregistrée n'a pas fait appel "
    "à un modèle génératif : elle a été produite par {models}."
)
ALGORITHM_NOT_DECLARED = "type non renseigné"


def recorded_uses(count: int) -> str:
    """« 1 utilisation enregistrée », « 12 345 utilisations enregistrées »."""
    number = f"{count:,}".replace(",", "\u202f")
    return f"{number} utilisation{'s' if count > 1 else ''} enregistrée{'s' if count > 1 else ''}"


# Special categories of personal data (GDPR Art. 9), as the gate applies them.
PAGE_SPECIAL_CATEGORIES = "Catégories particulières de données (RGPD, art. 9)"
PAGE_SPECIAL_CATEGORIES_APPROVED = (
    "Autorisées : leur traitement a été approuvé avec cette version de la fiche, après l'avis "
    "du délégué à la protection des données et une analyse d'impact (AIPD)."
)
PAGE_SPECIAL_CATEGORIES_NOT_IN_USE = (
    "Déclarées, mais non autorisées : le système n'est pas en service."
)
PAGE_SPECIAL_CATEGORIES_NONE = "Non autorisées : le système n'est pas approuvé pour en traiter."

EXPLANATION_REQUEST_INCOMPLETE = "La demande d'explication est incomplète."
DECISION_NUMBER_MISSING = "Indiquez le numéro de la décision."
DECISION_NUMBER_INVALID = (
    "Le numéro de décision comporte au plus 64 lettres, chiffres, points, tirets ou "
    "deux-points, sans espace : recopiez-le tel qu'il figure sur la décision."
)
FORM_NOT_SENT = "La demande n'a pas pu être envoyée"
ERROR_TITLE = "Erreur — {title}"
PAGE_SYSTEM_NOT_FOUND_TITLE = "Fiche introuvable"
PAGE_SYSTEM_NOT_FOUND = "Aucun système publié ne correspond à cette adresse. Consultez la {list}."
PAGE_SYSTEM_LIST_LINK = "liste des systèmes publiés"
PAGE_DECISION_NOT_FOUND_TITLE = "Décision introuvable"
PAGE_DECISION_NOT_FOUND = (
    "Aucune décision prise avec l'aide d'un système du registre ne porte le numéro "
    "« {decision} ». Vérifiez le numéro sur la décision ou le courrier reçu, puis {retry}. "
    "Si le numéro est exact, écrivez au service qui a pris la décision."
)
PAGE_DECISION_RETRY_LINK = "refaites votre demande"


# -- scheduled jobs (collectivia-ethics-register-jobs, read in the CronJob's log) -------------

JOB_CHAIN_INTACT = (
    "Chaîne de preuves intègre : {checked} entrée(s) vérifiée(s) depuis l'ancre {anchor} ; "
    "dernière entrée {head}, empreinte {head_hash}."
)
JOB_CHAIN_BROKEN = (
    "Chaîne de preuves rompue à l'entrée {sequence} : {reason}. Les {checked} entrée(s) "
    "précédente(s) sont intègres ; conservez ce rapport et prévenez le responsable du registre."
)
JOB_EVIDENCE_PURGED = (
    "Purge des preuves : {count} entrée(s) enregistrée(s) avant le {cutoff} supprimée(s) "
    "(conservation : {days} jours) ; la vérification repart de l'entrée {anchor}."
)
JOB_EVIDENCE_NOTHING_TO_PURGE = (
    "Purge des preuves : aucune entrée enregistrée avant le {cutoff} (conservation : {days} "
    "jours) ; rien n'est supprimé."
)


def job_chain_intact(checked: int, anchor: int, head: int, head_hash: str) -> str:
    return JOB_CHAIN_INTACT.format(checked=checked, anchor=anchor, head=head, head_hash=head_hash)


def job_chain_broken(sequence: int | None, reason: str, checked: int) -> str:
    return JOB_CHAIN_BROKEN.format(sequence=sequence, reason=reason, checked=checked)


def job_evidence_purged(count: int, cutoff: str, days: int, anchor: int | None) -> str:
    if anchor is None:
        return JOB_EVIDENCE_NOTHING_TO_PURGE.format(cutoff=cutoff, days=days)
    return JOB_EVIDENCE_PURGED.format(count=count, cutoff=cutoff, days=days, anchor=anchor)


# -- helpers --------------------------------------------------------------------------------

_VOWELS = frozenset("aâàeéèêëiîïoôuûùyh")


def _of(verb: str) -> str:
    """« d'approuver », « de suspendre »."""
    return f"d'{verb}" if verb[:1] in _VOWELS else f"de {verb}"
