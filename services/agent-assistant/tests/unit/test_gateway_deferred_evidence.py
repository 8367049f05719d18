"""The gateway for outputs a person reviews before use: the evidence deferred and recorded
once with the review, the output checked before it is shown (else the fallback, said),
placeholders already in the input kept apart from the guard's own, special categories
sent to the fallback rather than refused when the task asks for it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from agent_assistant_testing.scripted import ScriptedGenerator, assistant_pathway
from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import (
    Delta,
    Finished,
    HumanReview,
    Offline,
    Prompt,
    Started,
    TaskKind,
    TaskSpec,
)
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.events.v1 import ai_pb2, assistant_pb2
from collectivia.platform.events.outbox.models import OutboxBase
from collectivia.platform.events.outbox.writer import Outbox, pending_events
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

AGENT = Agent("subject-1", "a" * 32, ("etat-civil",), ("57463",), False)
AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SOURCE = "Mme Claire Martin demande un acte de naissance pour [NOM_1]."


def spec(source: str = SOURCE, **fields: Any) -> TaskSpec[str]:
    values: dict[str, Any] = {
        "kind": TaskKind.HANDOFF_REPLY,
        "source": source,
        "prompt": lambda masked, _: Prompt("Réponds.", masked),
        "offline": lambda: Offline("réponse locale", "offline/1", "Réponse locale.", "details"),
        "contribution": "Réponse suggérée.",
    }
    return TaskSpec(**(values | fields))


def gateway(
    model: ScriptedGenerator | None, publisher: RecordingPublisher, **policy: Any
) -> ModelGateway:
    return ModelGateway(
        assistant_pathway(FixedPermission(), publisher, clock=lambda: AT),
        model,
        publisher,
        GatewayPolicy(**policy),
        clock=lambda: AT,
    )


def test_deferred_evidence_is_published_once_when_recorded_with_the_review() -> None:
    publisher = RecordingPublisher()
    service = gateway(ScriptedGenerator(["Bien reçu."]), publisher)
    result = service.run(spec(), AGENT, defer_evidence=True)
    assert publisher.published == [] and result.evidence is not None
    use = result.evidence
    assert use.use_id == result.task_id and use.generative and use.model == "scripted-model"
    assert use.kind is TaskKind.HANDOFF_REPLY and use.used_at == AT and use.completed

    service.record_use(
        use,
        HumanReview.EDITED,
        actor="b" * 32,
        department="etat-civil",
        parameters={"suggestion": "replied"},
    )
    used, done = publisher.published
    assert isinstance(used, ai_pb2.AiUsed) and isinstance(done, assistant_pb2.TaskCompleted)
    assert used.use_id == use.use_id and used.human_review == ai_pb2.HUMAN_REVIEW_EDITED
    assert used.actor == "b" * 32 and used.parameters["suggestion"] == "replied"
    assert used.parameters["mode"] == "generative" and used.model == "scripted-model"
    assert done.task == assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY and done.generative
    assert (done.task_id, done.agent, done.department) == (use.use_id, "b" * 32, "etat-civil")

    service.record_use(use, HumanReview.NONE, actor="c", department="x", task_completed=False)
    assert len(publisher.published) == 3  # the use alone, no completion


def test_a_checked_output_is_kept_as_checked_or_replaced_by_the_fallback_saying_so() -> None:
    publisher = RecordingPublisher()
    model = ScriptedGenerator(["bon. ", "mauvais."])
    kept = gateway(model, publisher).run(
        spec(check_output=lambda text: text.replace("mauvais.", "")), AGENT
    )
    assert kept.production.generative and kept.text == "bon."
    unusable = gateway(model, publisher).run(spec(check_output=lambda _: "  "), AGENT)
    assert not unusable.production.generative and unusable.text == "réponse locale"
    assert unusable.production.notice == messages.MODEL_UNUSABLE + "Réponse locale."
    fallbacks = [
        u.parameters.get("fallback") for u in publisher.published if isinstance(u, ai_pb2.AiUsed)
    ]
    assert fallbacks == [None, "model-unusable"]


def test_a_checked_output_is_streamed_whole_once_checked() -> None:
    model = ScriptedGenerator(["un ", "deux ", "trois"])
    events = list(
        gateway(model, RecordingPublisher()).stream(
            spec(check_output=lambda text: text.upper()), AGENT
        )
    )
    started, delta, finished = events
    assert isinstance(started, Started) and started.production.generative
    assert isinstance(delta, Delta) and delta.text == "UN DEUX TROIS"
    assert isinstance(finished, Finished) and finished.result.text == "UN DEUX TROIS"


def test_placeholders_already_in_the_input_come_back_as_they_were() -> None:
    model = ScriptedGenerator(["Pour {input}"])
    result = gateway(model, RecordingPublisher()).run(spec(), AGENT)
    seen = model.prompts[0].user
    assert seen == "Mme [NOM_1] demande un acte de naissance pour [NOM_9001]."
    assert result.text == "Pour Mme Claire Martin demande un acte de naissance pour [NOM_1]."


def test_special_categories_go_to_the_fallback_when_the_task_asks_for_it() -> None:
    model, publisher = ScriptedGenerator(["Réponse."]), RecordingPublisher()
    result = gateway(model, publisher).run(
        spec(
            "Le centre de vaccination est ouvert. Je suis malade.",
            personal_text="Je suis malade.",
            special_categories_fallback=True,
        ),
        AGENT,
    )
    assert model.prompts == [] and not result.production.generative
    assert result.production.notice == (
        messages.special_categories_local("santé") + "Réponse locale."
    )
    [used] = [u for u in publisher.published if isinstance(u, ai_pb2.AiUsed)]
    assert used.parameters["fallback"] == "special-categories"
    # Only the personal part is searched: a public text about health goes to the model.
    public = gateway(model, publisher).run(
        spec("Le centre de vaccination est ouvert.", personal_text="Quand ?"), AGENT
    )
    assert public.production.generative and len(model.prompts) == 1


def test_evidence_recorded_with_stored_data_leaves_with_its_transaction() -> None:
    """The real outbox: ai.used and task-completed written in the transaction that stores
    what the use produced; a rolled-back one takes them away, nothing published directly."""
    publisher = RecordingPublisher()
    service = gateway(ScriptedGenerator(["Bien reçu."]), publisher)
    use = service.run(spec(), AGENT, defer_evidence=True).evidence
    assert use is not None
    engine = create_engine("sqlite://")
    OutboxBase.metadata.create_all(engine)
    sessions, outbox = sessionmaker(engine), Outbox("agent-assistant")
    with pytest.raises(RuntimeError), sessions.begin() as session:
        service.record_use(
            use, HumanReview.EDITED, actor="b", department="d", outbox=outbox, session=session
        )
        raise RuntimeError("the reply could not be stored")
    assert pending_events(sessions) == []
    with sessions.begin() as session:
        service.record_use(
            use, HumanReview.EDITED, actor="b", department="d", outbox=outbox, session=session
        )
    used, done = pending_events(sessions)
    assert isinstance(used, ai_pb2.AiUsed) and used.human_review == ai_pb2.HUMAN_REVIEW_EDITED
    assert isinstance(done, assistant_pb2.TaskCompleted) and done.task_id == use.use_id
    assert publisher.published == []
    with pytest.raises(ValueError, match="together"):
        service.record_use(use, HumanReview.NONE, actor="b", department="d", outbox=outbox)
