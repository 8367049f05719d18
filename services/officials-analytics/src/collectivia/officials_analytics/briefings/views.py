"""HTTP route of the monthly briefing: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from collectivia.officials_analytics.briefings.facts import Fact, Sentence
from collectivia.officials_analytics.briefings.service import Briefing, Briefings
from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.platform.app import provided
from collectivia.platform.auth.fastapi_dependencies import verify_bearer_token
from collectivia.platform.auth.principal import Principal

router = APIRouter(prefix="/v1/briefings", tags=["briefings"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: PROBLEM for code in (401, 403, 404, 422, 503)}

Service = Annotated[Briefings, Depends(provided(Briefings))]


def viewer(principal: Annotated[Principal, Depends(verify_bearer_token)]) -> Viewer:
    return Viewer.of(principal)


class FactRead(BaseModel):
    indicator: str = Field(
        description="L'indicateur (/v1/kpis/{indicator}), ou les questions sans réponse (/v1/gaps)."
    )
    label: str
    filters: dict[str, str] = Field(description="Commune, mois, thème de la valeur.")
    value: float
    unit: str
    decimals: int


class SentenceRead(BaseModel):
    text: str
    facts: list[FactRead]


class BriefingRead(BaseModel):
    commune: str
    commune_label: str
    month: str
    title: str
    method: str = Field(description="« template » (phrases types) ou « model » (reformulé).")
    mention: str
    method_text: str
    sentences: list[SentenceRead]
    dropped: int = Field(description="Phrases du modèle écartées : un chiffre non vérifié.")
    dropped_text: str
    note: str
    model: str
    register_url: str
    use_id: str = Field(description="L'usage de l'IA au registre (/v1/decisions/{use_id}).")


def _fact(fact: Fact) -> FactRead:
    return FactRead(
        indicator=fact.indicator,
        label=fact.label,
        filters=fact.filters,
        value=fact.value,
        unit=fact.unit,
        decimals=fact.decimals,
    )


def _sentence(sentence: Sentence) -> SentenceRead:
    return SentenceRead(text=sentence.text, facts=[_fact(f) for f in sentence.facts])


def read(briefing: Briefing) -> BriefingRead:
    return BriefingRead(
        commune=briefing.commune,
        commune_label=briefing.commune_label,
        month=briefing.month,
        title=briefing.title,
        method=briefing.method.value,
        mention=briefing.mention,
        method_text=briefing.method_text,
        sentences=[_sentence(s) for s in briefing.sentences],
        dropped=briefing.dropped,
        dropped_text=briefing.dropped_text,
        note=briefing.note,
        model=briefing.model,
        register_url=briefing.register_url,
        use_id=briefing.use_id,
    )


@router.get(
    "/{commune}",
    summary="La synthèse mensuelle d'une commune pour ses élus : les principales évolutions "
    "en phrases simples, chaque chiffre calculé",
    responses=ERRORS,
)
def commune_briefing(
    commune: str,
    briefings: Service,
    caller: Annotated[Viewer, Depends(viewer)],
    month: Annotated[
        str, Query(description="Le mois, AAAA-MM ; aucun : le dernier mois complet.")
    ] = "",
) -> BriefingRead:
    return read(briefings.briefing(caller, commune=commune, month=month))
