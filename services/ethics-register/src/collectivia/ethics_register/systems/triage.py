"""Risk triage: a guided questionnaire that proposes the AI Act risk class, with reasons.

It proposes; the ethics officer decides (and approval refuses a declared class below the
proposal). Questions follow Art. 5 (prohibited practices), Annex III and Art. 6(3)
(high risk) and Art. 50 (transparency obligations, "limited" risk).
"""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.ethics_register import messages
from collectivia.ethics_register.systems.record import RiskClass
from collectivia.platform.errors import FieldError, InvalidInput


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    leads_to: RiskClass
    reference: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "social_scoring",
        "Le système note-t-il des personnes selon leur comportement social ou leur personnalité, avec un traitement défavorable qui en découle ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(c)",
    ),
    Question(
        "manipulation",
        "Utilise-t-il des techniques subliminales, manipulatrices ou exploite-t-il la vulnérabilité de personnes (âge, handicap, situation sociale) ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(a)-(b)",
    ),
    Question(
        "predictive_policing",
        "Évalue-t-il le risque qu'une personne commette une infraction sur la seule base de son profil ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(d)",
    ),
    Question(
        "facial_scraping",
        "Constitue-t-il des bases de reconnaissance faciale par moissonnage non ciblé d'images ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(e)",
    ),
    Question(
        "emotion_workplace",
        "Infère-t-il les émotions de personnes au travail ou dans un établissement d'enseignement ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(f)",
    ),
    Question(
        "biometric_sensitive",
        "Catégorise-t-il des personnes d'après des données biométriques pour en déduire des données sensibles (origine, opinions, orientation...) ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(g)",
    ),
    Question(
        "realtime_biometric_id",
        "Identifie-t-il à distance et en temps réel des personnes dans l'espace public à des fins répressives ?",
        RiskClass.PROHIBITED,
        "AI Act art. 5(1)(h)",
    ),
    Question(
        "biometric_identification",
        "Identifie-t-il ou catégorise-t-il des personnes à partir de données biométriques ?",
        RiskClass.HIGH,
        "AI Act annexe III, 1",
    ),
    Question(
        "critical_infrastructure",
        "Est-il un composant de sécurité d'une infrastructure critique (eau, gaz, chauffage, électricité, trafic routier) ?",
        RiskClass.HIGH,
        "AI Act annexe III, 2",
    ),
    Question(
        "education",
        "Décide-t-il de l'accès à une formation ou évalue-t-il des élèves ou étudiants ?",
        RiskClass.HIGH,
        "AI Act annexe III, 3",
    ),
    Question(
        "employment",
        "Sert-il au recrutement, à la promotion, à l'évaluation ou à la répartition des tâches d'agents ?",
        RiskClass.HIGH,
        "AI Act annexe III, 4",
    ),
    Question(
        "public_benefits",
        "Évalue-t-il l'éligibilité de personnes à des prestations ou services publics essentiels, ou les accorde, réduit ou retire-t-il ?",
        RiskClass.HIGH,
        "AI Act annexe III, 5(a)",
    ),
    Question(
        "emergency_triage",
        "Trie-t-il des appels d'urgence ou priorise-t-il l'envoi de secours ?",
        RiskClass.HIGH,
        "AI Act annexe III, 5(d)",
    ),
    Question(
        "law_enforcement_migration_justice",
        "Est-il utilisé pour le maintien de l'ordre, les migrations, la justice ou les processus électoraux ?",
        RiskClass.HIGH,
        "AI Act annexe III, 6-8",
    ),
    Question(
        "interacts_with_people",
        "Dialogue-t-il directement avec des personnes (assistant conversationnel) ?",
        RiskClass.LIMITED,
        "AI Act art. 50(1)",
    ),
    Question(
        "generates_content",
        "Génère-t-il des textes, images, sons ou vidéos diffusés au public ?",
        RiskClass.LIMITED,
        "AI Act art. 50(2) et 50(4)",
    ),
    Question(
        "emotion_or_biometric_categorisation",
        "Reconnaît-il des émotions ou catégorise-t-il des personnes hors des cas interdits ?",
        RiskClass.LIMITED,
        "AI Act art. 50(3)",
    ),
)
# Art. 6(3): an Annex III system is not high-risk when it only performs a narrow procedural
# task, improves a completed human activity, detects patterns without replacing human
# assessment, or prepares an assessment — unless it profiles natural persons.
DEROGATION = Question(
    "narrow_task_only",
    "Le système se limite-t-il à une tâche procédurale étroite, à améliorer un travail humain déjà fait, ou à préparer une évaluation qu'un agent mène ?",
    RiskClass.MINIMAL,
    "AI Act art. 6(3)",
)
PROFILING = Question(
    "profiling",
    "Établit-il un profil de personnes physiques ?",
    RiskClass.HIGH,
    "AI Act art. 6(3), dernier alinéa",
)

ALL_QUESTIONS = (*QUESTIONS, DEROGATION, PROFILING)
_BY_ID = {question.id: question for question in ALL_QUESTIONS}
_ORDER = (RiskClass.MINIMAL, RiskClass.LIMITED, RiskClass.HIGH, RiskClass.PROHIBITED)


@dataclass(frozen=True)
class TriageResult:
    proposed: RiskClass
    reasons: tuple[str, ...]


def rank(risk_class: RiskClass) -> int:
    return _ORDER.index(risk_class)


def triage(answers: dict[str, bool]) -> TriageResult:
    unknown = sorted(set(answers) - set(_BY_ID))
    if unknown:
        raise InvalidInput(
            messages.unknown_questions(unknown),
            [FieldError(f"answers.{name}", messages.UNKNOWN_QUESTION) for name in unknown],
        )
    yes = [question for question in QUESTIONS if answers.get(question.id)]
    reasons: list[str] = []
    proposed = RiskClass.MINIMAL
    for question in yes:
        if question.leads_to is RiskClass.HIGH and _derogation_applies(answers):
            reasons.append(
                f"{question.reference} : {question.text} — oui, mais dérogation "
                f"({DEROGATION.reference}) : tâche limitée et pas de profilage."
            )
            continue
        reasons.append(f"{question.reference} : {question.text} — oui.")
        if rank(question.leads_to) > rank(proposed):
            proposed = question.leads_to
    if not reasons:
        reasons.append(
            "Aucun critère d'interdiction, de haut risque ou de transparence : risque minimal."
        )
    return TriageResult(proposed, tuple(reasons))


def _derogation_applies(answers: dict[str, bool]) -> bool:
    return bool(answers.get(DEROGATION.id)) and not answers.get(PROFILING.id)
