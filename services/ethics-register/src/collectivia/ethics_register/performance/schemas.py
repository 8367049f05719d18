"""What the register says of a measurement: the history's API and the exports."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class MetricRead(BaseModel):
    name: str = Field(description="Nom stable de la mesure, par exemple mase_median.")
    value: float
    unit: str = Field(description="Unité : « % » pour un MAPE, vide pour un rapport (MASE).")
    description: str = Field(description="Ce que dit la mesure, en français.")


class MeasurementRead(BaseModel):
    system_id: str
    system_version: int = Field(description="La version de l'entrée au moment de la mesure.")
    service: str = Field(description="Le service qui a mesuré.")
    measured_at: datetime
    method: str = Field(description="Comment la mesure a été faite, en français.")
    metrics: list[MetricRead]
    data_sources: list[str] = Field(description="Les données sur lesquelles porte la mesure.")
    samples: int = Field(description="Nombre de séries ou d'échantillons évalués.")
    run_id: str | None = Field(description="Le calcul qui a produit la mesure.")
