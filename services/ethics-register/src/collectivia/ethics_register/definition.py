"""The ethics register, declared: its areas in start order and its maintenance commands."""

from __future__ import annotations

from collectivia.ethics_register.audit.area import AREA as AUDIT
from collectivia.ethics_register.evidence.area import AREA as EVIDENCE
from collectivia.ethics_register.evidence.cli import COMMANDS
from collectivia.ethics_register.incidents.area import AREA as INCIDENTS
from collectivia.ethics_register.jobs import JOBS
from collectivia.ethics_register.literacy.area import AREA as LITERACY
from collectivia.ethics_register.performance.area import AREA as PERFORMANCE
from collectivia.ethics_register.publication.area import AREA as PUBLICATION
from collectivia.ethics_register.settings import RegisterOutboxSettings, RegisterSettings
from collectivia.ethics_register.systems.area import AREA as SYSTEMS
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.outbox.area import outbox_area

SERVICE = ServiceDefinition(
    name="ethics-register",
    summary="The public register of the collectivity's algorithms and AI systems: the AI Act "
    "workflow, the runtime gate every AI use obeys, the hash-chained evidence of every use.",
    settings=RegisterSettings,
    title=lambda _settings: "CollectivIA — Registre des algorithmes et systèmes d'IA",
    areas=(
        outbox_area(RegisterOutboxSettings),
        SYSTEMS,
        INCIDENTS,
        EVIDENCE,
        LITERACY,
        AUDIT,
        PERFORMANCE,
        PUBLICATION,
    ),
    commands=COMMANDS,
    jobs=JOBS,
)
