"""The explanation of one decision, in French, for the person concerned (CRPA R311-3-1-2):
the system and its version, the degree and mode of its contribution, the data and their
sources, the parameters applied, the model, and when."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel

from collectivia.ethics_register.evidence.models import EvidenceEntry, HumanReview, Outcome
from collectivia.platform.errors import NotFound

logger = logging.getLogger(__name__)

LEGAL_BASIS = "article R311-3-1-2 du code des relations entre le public et l'administration"

_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_RISK_CLASSES = {
    "minimal": "risque minimal",
    "limited": "risque limité (obligations de transparence)",
    "high": "haut risque",
    "prohibited": "pratique interdite",
}
_OUTCOMES = {
    Outcome.COMPLETED: "Le système a produit un résultat (réponse, projet, prévision ou score).",
    Outcome.REFUSED: "Le système s'est abstenu de répondre (confiance insuffisante ou demande "
    "hors de son périmètre).",
    Outcome.HANDED_OVER: "Le système a transmis le dossier à un agent.",
    Outcome.FAILED: "Le système n'a pas pu produire de résultat (défaillance).",
}
_REVIEWS = {
    HumanReview.NONE: "Aucun agent n'a examiné ce résultat avant qu'il ne produise ses effets.",
    HumanReview.ACCEPTED: "Un agent a examiné le résultat et l'a retenu tel quel.",
    HumanReview.EDITED: "Un agent a examiné le résultat et l'a modifié avant de l'appliquer.",
    HumanReview.OVERRIDDEN: "Un agent a écarté ou remplacé le résultat du système.",
    HumanReview.UNSPECIFIED: "Le service n'a pas indiqué si un agent a examiné le résultat.",
}


class RegisteredSystem(Protocol):
    """What an explanation reads of a register entry (the record holds much more)."""

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def description(self) -> str | None: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def risk_class(self) -> str: ...


FindSystem = Callable[[str], RegisteredSystem]


class Degree(StrEnum):
    # The output took effect with no human review.
    DECISIVE = "decisive"
    # A human reviewed the output, kept or edited it.
    ASSISTED = "assisted"
    # A human set the output aside: the decision is the human's.
    OVERRIDDEN = "overridden"
    # The system produced nothing that entered the decision.
    NONE = "none"
    UNKNOWN = "unknown"


_DEGREES = {
    Degree.DECISIVE: "déterminante : le résultat du système a produit ses effets sans "
    "intervention humaine",
    Degree.ASSISTED: "partielle : le système a aidé un agent, qui a pris la décision",
    Degree.OVERRIDDEN: "écartée : la décision repose sur l'appréciation d'un agent",
    Degree.NONE: "nulle : le système n'a fourni aucun élément à la décision",
    Degree.UNKNOWN: "non précisée par le service",
}


def degree_of(outcome: Outcome, review: HumanReview) -> Degree:
    if outcome is not Outcome.COMPLETED:
        return Degree.NONE
    return {
        HumanReview.NONE: Degree.DECISIVE,
        HumanReview.ACCEPTED: Degree.ASSISTED,
        HumanReview.EDITED: Degree.ASSISTED,
        HumanReview.OVERRIDDEN: Degree.OVERRIDDEN,
        HumanReview.UNSPECIFIED: Degree.UNKNOWN,
    }[review]


def _paris() -> tzinfo:
    try:
        return ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:  # a host without a time-zone database
        return UTC


def french_moment(moment: datetime) -> str:
    """« le 3 mars 2026 à 14 h 05 (heure de Paris) »"""
    zone = _paris()
    local = moment.astimezone(zone)
    where = "heure de Paris" if zone is not UTC else "UTC"
    return (
        f"le {local.day} {_MONTHS[local.month - 1]} {local.year} "
        f"à {local.hour} h {local.minute:02d} ({where})"
    )


class ExplainedSystem(BaseModel):
    id: str
    name: str | None
    version_used: int
    current_version: int | None
    purpose: str
    description: str | None
    owner: str | None
    risk_class: str | None


class Contribution(BaseModel):
    degree: Degree
    degree_label: str
    description: str
    outcome: Outcome
    human_review: HumanReview


class ExplanationSection(BaseModel):
    title: str
    text: str


class DecisionExplanation(BaseModel):
    use_id: str
    used_at: datetime
    service: str
    system: ExplainedSystem
    contribution: Contribution
    data_sources: list[str]
    parameters: dict[str, str]
    model: str
    legal_basis: str
    sections: list[ExplanationSection]
    text: str


def explain(entry: EvidenceEntry, find_system: FindSystem) -> DecisionExplanation:
    """Assemble the explanation of a logged use from its entry and the register."""
    try:
        system: RegisteredSystem | None = find_system(entry.system_id)
    except NotFound:
        logger.warning(
            "use %s names system %s, absent from the register", entry.use_id, entry.system_id
        )
        system = None
    explained = ExplainedSystem(
        id=entry.system_id,
        name=system.name if system else None,
        version_used=entry.system_version,
        current_version=system.version if system else None,
        purpose=entry.purpose,
        description=(system.description or None) if system else None,
        owner=system.owner if system else None,
        risk_class=str(system.risk_class) if system else None,
    )
    outcome, review = Outcome(entry.outcome), HumanReview(entry.human_review)
    degree = degree_of(outcome, review)
    contribution = Contribution(
        degree=degree,
        degree_label=_DEGREES[degree],
        description=entry.contribution,
        outcome=outcome,
        human_review=review,
    )
    sources: list[str] = json.loads(entry.data_sources)
    parameters: dict[str, str] = json.loads(entry.parameters)
    sections = [
        ExplanationSection(title="Système utilisé", text=_system_text(explained)),
        ExplanationSection(
            title="Degré et mode de contribution à la décision",
            text=_contribution_text(contribution),
        ),
        ExplanationSection(title="Données traitées et leurs sources", text=_sources_text(sources)),
        ExplanationSection(
            title="Paramètres de traitement appliqués", text=_parameters_text(parameters)
        ),
        ExplanationSection(
            title="Modèle",
            text=f"Modèle ou version des règles : {entry.model}."
            if entry.model
            else "Le service n'a pas précisé le modèle utilisé.",
        ),
        ExplanationSection(
            title="Date",
            text=f"Utilisation {french_moment(entry.used_at)}, par le service « {entry.service} ».",
        ),
    ]
    text = "\n\n".join(f"{s.title}\n{s.text}" for s in sections)
    return DecisionExplanation(
        use_id=entry.use_id,
        used_at=entry.used_at,
        service=entry.service,
        system=explained,
        contribution=contribution,
        data_sources=sources,
        parameters=parameters,
        model=entry.model,
        legal_basis=LEGAL_BASIS,
        sections=sections,
        text=f"Explication de la décision {entry.use_id} ({LEGAL_BASIS}).\n\n{text}",
    )


def _system_text(system: ExplainedSystem) -> str:
    if system.name is None:
        return (
            f"Système {system.id}, version {system.version_used}, utilisé pour la finalité "
            f"« {system.purpose} ». Ce système ne figure pas au registre public de la collectivité."
        )
    parts = [
        f"« {system.name} », version {system.version_used}, inscrit au registre des "
        f"algorithmes de la collectivité (identifiant {system.id}).",
        f"Finalité : {system.purpose}.",
    ]
    if system.current_version is not None and system.current_version != system.version_used:
        parts.append(
            f"L'entrée du registre est depuis passée à la version {system.current_version}."
        )
    if system.description:
        parts.append(system.description)
    if system.owner:
        parts.append(f"Service responsable : {system.owner}.")
    if system.risk_class:
        label = _RISK_CLASSES.get(system.risk_class, system.risk_class)
        parts.append(f"Classe de risque au sens du règlement européen sur l'IA : {label}.")
    return " ".join(parts)


def _contribution_text(contribution: Contribution) -> str:
    parts = []
    if contribution.description:
        parts.append(f"Apport du système : {contribution.description}")
    parts += [_OUTCOMES[contribution.outcome], _REVIEWS[contribution.human_review]]
    parts.append(f"Contribution du système à la décision : {contribution.degree_label}.")
    return " ".join(parts)


def _sources_text(sources: list[str]) -> str:
    if not sources:
        return "Le service n'a déclaré aucune source de données pour cette utilisation."
    return "Données et sources utilisées : " + " ; ".join(sources) + "."


def _parameters_text(parameters: dict[str, str]) -> str:
    if not parameters:
        return "Aucun paramètre particulier n'a été appliqué."
    return "Paramètres appliqués : " + " ; ".join(f"{k} = {v}" for k, v in parameters.items()) + "."
