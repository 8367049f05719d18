"""The SSE translation of a task's stream: a model breaking off becomes an ``error`` event
with problem details, after what was already sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from collectivia.agent_assistant.gateway.models import Delta, Production, Started
from collectivia.agent_assistant.tasks.records import Completed, Produced
from collectivia.agent_assistant.tasks.schemas import DraftRead
from collectivia.agent_assistant.tasks.views import _events
from collectivia.platform.errors import DependencyUnavailable

PRODUCTION = Production(True, "model", "Texte produit avec l'aide d'une IA.", "use-1", "url")


def parsed(chunks: Iterator[str]) -> list[tuple[str, Any]]:
    events = []
    for chunk in chunks:
        head, data = chunk.strip().split("\n")
        events.append((head.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return events


def test_a_broken_stream_ends_with_an_error_event() -> None:
    def broken() -> Iterator[Started | Delta | Completed[Any]]:
        yield Started(PRODUCTION)
        yield Delta("Le début")
        raise DependencyUnavailable("Le modèle génératif s'est interrompu.")

    events = parsed(_events(broken(), DraftRead.of))
    assert [name for name, _ in events] == ["started", "delta", "error"]
    assert events[0][1]["task_id"] == "use-1"
    assert events[2][1]["status"] == 503
    assert events[2][1]["detail"] == "Le modèle génératif s'est interrompu."


def test_a_complete_stream_ends_with_the_whole_answer() -> None:
    from collectivia.agent_assistant.tasks.records import DraftDetails

    produced = Produced("Bonjour.", PRODUCTION, DraftDetails("t", 2, "Titre"), 5, False, False)

    def complete() -> Iterator[Started | Delta | Completed[Any]]:
        yield Started(PRODUCTION)
        yield Delta("Bonjour.")
        yield Completed(produced)

    events = parsed(_events(complete(), DraftRead.of))
    assert [name for name, _ in events] == ["started", "delta", "done"]
    assert events[2][1]["text"] == "Bonjour." and events[2][1]["template_version"] == 2
