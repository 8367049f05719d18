"""The explanation of a decision (CRPA R311-3-1-2), and a system's usage statistics."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from collectivia.ethics_register import messages
from collectivia.ethics_register.definition import SERVICE
from collectivia.ethics_register.evidence.explanation import Degree, degree_of, french_moment
from collectivia.ethics_register.evidence.models import HumanReview, Outcome, UseRecord
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import NotFound

USED_AT = datetime(2026, 3, 3, 13, 5, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    name: str
    version: int
    description: str | None
    owner: str | None
    risk_class: str


def find_system(system_id: str) -> Entry:
    if system_id != "sys-chat":
        raise NotFound(messages.system_not_found(system_id))
    return Entry(
        "Assistant virtuel citoyen",
        3,
        "Répond aux questions sur les services publics locaux.",
        "Direction du numérique",
        "limited",
    )


def use(**overrides: Any) -> UseRecord:
    fields: dict[str, Any] = {
        "use_id": str(uuid.uuid4()),
        "system_id": "sys-chat",
        "system_version": 2,
        "purpose": "citizen-information",
        "service": "citizen-chat",
        "outcome": Outcome.COMPLETED,
        "human_review": HumanReview.EDITED,
        "used_at": USED_AT,
        "contribution": "Projet de réponse rédigé à partir des délibérations.",
        "data_sources": ("deliberation-2025-114", "faq-etat-civil"),
        "parameters": {"seuil": "0.7"},
        "model": "mistral-small-3.2",
    }
    return UseRecord(**{**fields, **overrides})


@pytest.fixture
def evidence(tmp_path: Path) -> Evidence:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'evidence.db'}")
    SERVICE.create_schema(engine)
    SERVICE.create_schema(engine)
    return Evidence(create_session_factory(engine), find_system, 183)


def test_a_decision_is_explained_in_french(evidence: Evidence) -> None:
    record = use()
    evidence.log.append(record)
    explanation = evidence.explain(record.use_id)
    assert explanation.system.name == "Assistant virtuel citoyen"
    assert explanation.system.version_used == 2
    assert explanation.system.current_version == 3
    assert explanation.contribution.degree is Degree.ASSISTED
    assert explanation.data_sources == ["deliberation-2025-114", "faq-etat-civil"]
    assert explanation.parameters == {"seuil": "0.7"}
    assert [s.title for s in explanation.sections] == [
        "Système utilisé",
        "Degré et mode de contribution à la décision",
        "Données traitées et leurs sources",
        "Paramètres de traitement appliqués",
        "Modèle",
        "Date",
    ]
    text = explanation.text
    assert text.startswith(f"Explication de la décision {record.use_id}")
    assert "« Assistant virtuel citoyen », version 2" in text
    assert "depuis passée à la version 3" in text
    assert "risque limité" in text
    assert "Apport du système : Projet de réponse rédigé" in text
    assert "Un agent a examiné le résultat et l'a modifié avant de l'appliquer." in text
    assert "partielle : le système a aidé un agent" in text
    assert "deliberation-2025-114 ; faq-etat-civil" in text
    assert "seuil = 0.7" in text
    assert "mistral-small-3.2" in text
    assert "le 3 mars 2026 à 14 h 05 (heure de Paris)" in text
    assert "R311-3-1-2" in explanation.legal_basis


def test_a_decision_without_review_sources_or_register_entry(evidence: Evidence) -> None:
    record = use(
        system_id="sys-gone",
        human_review=HumanReview.NONE,
        data_sources=(),
        parameters={},
        model="",
    )
    evidence.log.append(record)
    explanation = evidence.explain(record.use_id)
    assert explanation.system.name is None
    assert explanation.contribution.degree is Degree.DECISIVE
    assert "ne figure pas au registre public" in explanation.text
    assert "Aucun agent n'a examiné ce résultat" in explanation.text
    assert "aucune source de données" in explanation.text
    assert "Aucun paramètre" in explanation.text
    assert "n'a pas précisé le modèle" in explanation.text


def test_an_unknown_decision_is_not_found(evidence: Evidence) -> None:
    with pytest.raises(NotFound):
        evidence.explain("no-such-use")


@pytest.mark.parametrize(
    ("outcome", "review", "degree"),
    [
        (Outcome.COMPLETED, HumanReview.NONE, Degree.DECISIVE),
        (Outcome.COMPLETED, HumanReview.ACCEPTED, Degree.ASSISTED),
        (Outcome.COMPLETED, HumanReview.OVERRIDDEN, Degree.OVERRIDDEN),
        (Outcome.COMPLETED, HumanReview.UNSPECIFIED, Degree.UNKNOWN),
        (Outcome.HANDED_OVER, HumanReview.NONE, Degree.NONE),
        (Outcome.REFUSED, HumanReview.ACCEPTED, Degree.NONE),
    ],
)
def test_degree_of_contribution(outcome: Outcome, review: HumanReview, degree: Degree) -> None:
    assert degree_of(outcome, review) is degree


def test_french_dates_in_summer_time() -> None:
    assert french_moment(datetime(2026, 8, 1, 6, 0, tzinfo=UTC)) == (
        "le 1 août 2026 à 8 h 00 (heure de Paris)"
    )


def test_usage_statistics(evidence: Evidence) -> None:
    first = USED_AT - timedelta(days=3)
    evidence.log.append_many(
        [
            use(used_at=first, human_review=HumanReview.NONE),
            use(human_review=HumanReview.ACCEPTED),
            use(human_review=HumanReview.OVERRIDDEN),
            use(human_review=HumanReview.OVERRIDDEN, outcome=Outcome.HANDED_OVER),
            use(outcome=Outcome.REFUSED, human_review=HumanReview.UNSPECIFIED),
            use(outcome=Outcome.FAILED, used_at=USED_AT + timedelta(hours=1)),
            use(system_id="sys-other", used_at=USED_AT + timedelta(days=9)),
        ]
    )
    stats = evidence.usage("sys-chat")
    assert stats.total_uses == 6
    assert stats.by_outcome.model_dump() == {
        "completed": 3,
        "refused": 1,
        "handed_over": 1,
        "failed": 1,
    }
    assert stats.human_review.model_dump() == {
        "none": 1,
        "accepted": 1,
        "edited": 1,
        "overridden": 2,
        "unspecified": 1,
    }
    assert stats.first_use == first
    assert stats.last_use == USED_AT + timedelta(hours=1)
    assert stats.retention_days == 183


def test_usage_of_a_registered_system_never_used(evidence: Evidence) -> None:
    stats = evidence.usage("sys-chat")
    assert stats.total_uses == 0
    assert stats.first_use is None
    assert stats.by_outcome.completed == 0


def test_usage_of_an_unknown_system_is_not_found(evidence: Evidence) -> None:
    with pytest.raises(NotFound):
        evidence.usage("sys-unknown")
