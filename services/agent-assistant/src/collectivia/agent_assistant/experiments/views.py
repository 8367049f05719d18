"""HTTP routes of experiments: translation only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from collectivia.agent_assistant.dependencies import PROBLEM, CurrentAgent
from collectivia.agent_assistant.experiments.schemas import (
    ExperimentDraft,
    ExperimentEdit,
    ExperimentRead,
    ExperimentReport,
    SharingRequest,
    UseCreate,
    UseRead,
)
from collectivia.agent_assistant.experiments.service import Experiments
from collectivia.platform.app import provided

router = APIRouter(prefix="/v1/experiments", tags=["expérimentations"])

ExperimentsService = Annotated[Experiments, Depends(provided(Experiments))]

READ_ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {**READ_ERRORS, 409: PROBLEM, 422: PROBLEM}


@router.get(
    "",
    summary="Expérimentations de mes services, ouvertes à mes services, ou partagées",
    responses={401: PROBLEM, 403: PROBLEM},
)
def list_experiments(experiments: ExperimentsService, agent: CurrentAgent) -> list[ExperimentRead]:
    return experiments.list_visible(agent)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Ouvrir une expérimentation (tâche, modèle, période, services participants)",
    responses=WRITE_ERRORS,
)
def open_experiment(
    body: ExperimentDraft, experiments: ExperimentsService, agent: CurrentAgent
) -> ExperimentRead:
    return experiments.open(body, agent)


@router.get("/{experiment_id}", summary="Lire une expérimentation", responses=READ_ERRORS)
def get_experiment(
    experiment_id: str, experiments: ExperimentsService, agent: CurrentAgent
) -> ExperimentRead:
    return experiments.get(experiment_id, agent)


@router.put(
    "/{experiment_id}",
    summary="Modifier une expérimentation (409 si quelqu'un l'a modifiée entre-temps)",
    responses=WRITE_ERRORS,
)
def edit_experiment(
    experiment_id: str, body: ExperimentEdit, experiments: ExperimentsService, agent: CurrentAgent
) -> ExperimentRead:
    return experiments.edit(experiment_id, body, agent)


@router.post(
    "/{experiment_id}/sharing",
    summary="Partager le bilan avec les autres services (ou cesser de le partager)",
    responses=WRITE_ERRORS,
)
def share_experiment(
    experiment_id: str, body: SharingRequest, experiments: ExperimentsService, agent: CurrentAgent
) -> ExperimentRead:
    return experiments.set_shared(experiment_id, body, agent)


@router.post(
    "/{experiment_id}/participants",
    summary="Rejoindre l'expérimentation",
    responses=WRITE_ERRORS,
)
def join_experiment(
    experiment_id: str, experiments: ExperimentsService, agent: CurrentAgent
) -> ExperimentRead:
    return experiments.join(experiment_id, agent)


@router.post(
    "/{experiment_id}/uses",
    status_code=status.HTTP_201_CREATED,
    summary="Enregistrer une utilisation (note, commentaire, minutes gagnées déclarées)",
    responses=WRITE_ERRORS,
)
def record_use(
    experiment_id: str, body: UseCreate, experiments: ExperimentsService, agent: CurrentAgent
) -> UseRead:
    return experiments.record_use(experiment_id, body, agent)


@router.get(
    "/{experiment_id}/report",
    summary="Bilan : utilisations, notes, temps gagné, commentaires",
    responses=READ_ERRORS,
)
def experiment_report(
    experiment_id: str, experiments: ExperimentsService, agent: CurrentAgent
) -> ExperimentReport:
    return experiments.report(experiment_id, agent)
