"""The evidence area: every ``ai.used`` event of the suite kept in an append-only,
hash-chained log, verified, purged after the retention period, explained to the person
concerned."""

from __future__ import annotations

from collectivia.ethics_register.evidence import views
from collectivia.ethics_register.evidence.handlers import AiUsedBatchHandler, AiUsedHandler
from collectivia.ethics_register.evidence.models import EvidenceEntry, EvidencePurge
from collectivia.ethics_register.evidence.service import Evidence
from collectivia.ethics_register.evidence.settings import EvidenceSettings
from collectivia.ethics_register.incidents.service import Incidents
from collectivia.ethics_register.systems.service import SystemRegistry
from collectivia.platform.areas import Area, Subscription
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import AI_USED

TABLES = (EvidenceEntry, EvidencePurge)


def build(context: AreaContext) -> Evidence:
    return Evidence(
        context.sessions,
        context.get(SystemRegistry).get,
        context.section(EvidenceSettings).evidence_retention_days,
        context.get(Incidents).count_for,
    )


AREA = Area(
    name="evidence",
    summary="Every AI use of the suite (ai.used) in an append-only, hash-chained log: "
    "verification, retention, usage statistics, explanation of a decision (CRPA R311-3-1-2).",
    build=build,
    routers=(views.router,),
    tables=TABLES,
    subscriptions=(
        Subscription(
            AI_USED,
            handler=lambda evidence: AiUsedHandler(evidence.log),
            batch=lambda evidence: AiUsedBatchHandler(evidence.log),
        ),
    ),
    settings=EvidenceSettings,
)
