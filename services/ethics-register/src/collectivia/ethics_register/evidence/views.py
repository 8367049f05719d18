"""HTTP routes of the evidence: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from collectivia.ethics_register.evidence.explanation import DecisionExplanation
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.ethics_register.evidence.usage import UsageStatistics
from collectivia.ethics_register.evidence.verification import VerificationReport
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import require_roles
from collectivia.platform.auth.principal import Principal

router = APIRouter(tags=["evidence"])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
VERIFIERS = ("ethics-officer", "dpo", "admin")


get_evidence = provided(Evidence)


@router.get(
    "/v1/evidence/verification",
    summary="Vérifier l'intégrité du journal des utilisations d'IA",
    description="Parcourt la chaîne d'empreintes depuis son ancre et signale la première "
    "entrée modifiée, supprimée, déplacée ou mal chaînée.",
    responses={401: PROBLEM, 403: PROBLEM},
)
def verify_evidence(
    _principal: Annotated[Principal, Depends(require_roles(*VERIFIERS))],
    evidence: Annotated[Evidence, Depends(get_evidence)],
) -> VerificationReport:
    return evidence.verify()


@router.get(
    "/v1/decisions/{use_id}/explanation",
    summary="Explication d'une décision prise avec l'aide d'un système d'IA (public)",
    description="Article R311-3-1-2 du code des relations entre le public et "
    "l'administration. L'identifiant de la décision est communiqué à la personne concernée.",
    responses={404: PROBLEM},
)
def explain_decision(
    use_id: str, evidence: Annotated[Evidence, Depends(get_evidence)]
) -> DecisionExplanation:
    return evidence.explain(use_id)


@router.get(
    "/v1/systems/{system_id}/usage",
    summary="Statistiques d'utilisation d'un système (public)",
    responses={404: PROBLEM},
)
def system_usage(
    system_id: str, evidence: Annotated[Evidence, Depends(get_evidence)]
) -> UsageStatistics:
    return evidence.usage(system_id)
