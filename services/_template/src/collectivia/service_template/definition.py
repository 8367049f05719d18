"""The service, declared: its areas in start order. Adding an area is adding its package
and one line here."""

from __future__ import annotations

from collectivia.platform.definition import ServiceDefinition
from collectivia.service_template.notes.area import AREA as NOTES
from collectivia.service_template.settings import ServiceTemplateSettings

SERVICE = ServiceDefinition(
    name="service-template",
    summary="The template every new CollectivIA service starts from: one area with a route, "
    "a table, a settings section and French messages.",
    settings=ServiceTemplateSettings,
    title=lambda _settings: "CollectivIA — Modèle de service",
    areas=(NOTES,),
)
