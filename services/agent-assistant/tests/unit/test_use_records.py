"""A suggestion's use waits in its handover's row until it is recorded: kept as one flat
JSON object, the same as before the evidence came from the AI-use pathway, so that a
suggestion made before an upgrade is still recorded once, whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from collectivia.agent_assistant.gateway.models import TaskKind, TaskUse
from collectivia.agent_assistant.inbox.records import use_evidence_json, use_evidence_of
from collectivia.ai.use.evidence import UseEvidence, UseOutcome

AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
STORED_BEFORE = {
    "use_id": "use-1",
    "kind": "handoff-reply",
    "system_id": "system-1",
    "system_version": 3,
    "purpose": "agent-drafting",
    "service": "agent-assistant",
    "actor": "a" * 32,
    "department": "etat-civil",
    "generative": True,
    "model": "scripted-model",
    "completed": True,
    "contribution": "Réponse suggérée.",
    "data_sources": ["mairie-metz"],
    "parameters": {"mode": "generative", "masked_items": "2"},
    "template_id": "",
    "trace_id": "0" * 32,
    "used_at": AT.isoformat(),
    "latency_ms": 12,
}


def test_a_use_stored_before_reads_back_whole() -> None:
    use = use_evidence_of(json.dumps(STORED_BEFORE))
    assert use.kind is TaskKind.HANDOFF_REPLY and use.department == "etat-civil"
    assert use.generative and use.latency_ms == 12 and use.completed
    evidence = use.evidence
    assert (evidence.use_id, evidence.system_id, evidence.system_version) == (
        "use-1",
        "system-1",
        3,
    )
    assert evidence.outcome is UseOutcome.COMPLETED and evidence.used_at == AT
    assert evidence.data_sources == ("mairie-metz",) and evidence.parameters["mode"] == "generative"
    assert json.loads(use_evidence_json(use)) == STORED_BEFORE


def test_a_broken_off_use_keeps_its_outcome() -> None:
    evidence = UseEvidence(
        use_id="use-2",
        system_id="system-1",
        system_version=3,
        purpose="agent-drafting",
        service="agent-assistant",
        actor="b" * 32,
        outcome=UseOutcome.FAILED,
        model="scripted-model",
        contribution="Résumé.",
        used_at=AT,
        trace_id="",
    )
    use = TaskUse(evidence, TaskKind.SUMMARIZE, "etat-civil", True, "template-1", 5)
    again = use_evidence_of(use_evidence_json(use))
    assert again == use and not again.completed
