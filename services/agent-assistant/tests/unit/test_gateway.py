"""The model gateway with a scripted model: the register's gate, the privacy guard (masked
before the model, restored after), special categories, deadlines, fallbacks, evidence."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from agent_assistant_testing.scripted import ScriptedGenerator, assistant_pathway
from collectivia.agent_assistant import messages
from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.gateway.models import (
    Delta,
    Finished,
    Offline,
    Prompt,
    Started,
    StreamEvent,
    TaskKind,
    TaskSpec,
)
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.ai.use import messages as use_messages
from collectivia.ai.use.decisions import DenialReason
from collectivia.events.v1 import ai_pb2, assistant_pb2
from collectivia.platform.errors import DependencyUnavailable, RuleViolation
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

AGENT = Agent("subject-1", "a" * 32, ("etat-civil",), ("57463",), False)
SOURCE = (
    "Mme Claire Martin (claire.martin@example.fr, 06 12 34 56 78) demande un acte de naissance."
)
EMAIL = "claire.martin@example.fr"


def spec(source: str = SOURCE, instructions: str = "") -> TaskSpec[str]:
    return TaskSpec(
        kind=TaskKind.SUMMARIZE,
        source=source,
        prompt=lambda masked, orders: Prompt("Résume.", f"{orders}|{masked}"),
        offline=lambda: Offline("résumé local", "offline/1", "Résumé local.", "details"),
        contribution="Résumé d'un texte.",
        instructions=instructions,
        template_id="template-1",
        parameters={"max_words": "50"},
    )


def gateway(
    generator: ScriptedGenerator | None = None,
    permission: FixedPermission | None = None,
    publisher: RecordingPublisher | None = None,
    **policy: Any,
) -> ModelGateway:
    publisher = publisher or RecordingPublisher()
    return ModelGateway(
        assistant_pathway(permission or FixedPermission(), publisher),
        generator,
        publisher,
        GatewayPolicy(**policy),
    )


def published(publisher: RecordingPublisher) -> tuple[list[ai_pb2.AiUsed], list[Any]]:
    uses = [p for p in publisher.published if isinstance(p, ai_pb2.AiUsed)]
    tasks = [p for p in publisher.published if isinstance(p, assistant_pb2.TaskCompleted)]
    return uses, tasks


def collect(events: Iterator[StreamEvent[str]]) -> tuple[list[str], Finished[str]]:
    pieces: list[str] = []
    finished = None
    for event in events:
        if isinstance(event, Delta):
            pieces.append(event.text)
        elif isinstance(event, Finished):
            finished = event
    assert finished is not None
    return pieces, finished


def test_without_a_model_the_offline_fallback_runs_and_says_so() -> None:
    publisher = RecordingPublisher()
    result = gateway(publisher=publisher).run(spec(), AGENT)
    assert result.text == "résumé local"
    assert result.details == "details"
    assert not result.production.generative
    assert result.production.model == "offline/1"
    assert result.production.notice == messages.NO_MODEL + "Résumé local."
    assert result.production.register_url.endswith("/registre/system-under-test")
    uses, tasks = published(publisher)
    assert len(uses) == 1 and len(tasks) == 1
    use = uses[0]
    assert use.use_id == result.task_id == tasks[0].task_id
    assert use.actor == AGENT.pseudonym and use.service == "agent-assistant"
    assert use.human_review == ai_pb2.HUMAN_REVIEW_NONE
    assert use.outcome == ai_pb2.OUTCOME_COMPLETED
    assert use.system_id == "system-under-test" and use.system_version == 3
    assert use.purpose == "agent-drafting" and use.model == "offline/1"
    assert use.parameters["mode"] == "offline" and use.parameters["task"] == "summarize"
    assert use.parameters["max_words"] == "50"
    assert list(use.data_sources) == ["template-1"]
    assert tasks[0].task == assistant_pb2.ASSISTANT_TASK_SUMMARIZE
    assert tasks[0].agent == AGENT.pseudonym and tasks[0].department == "etat-civil"
    assert not tasks[0].generative and tasks[0].template_id == "template-1"
    # No text of the task, no personal data, in any event.
    for payload in publisher.published:
        assert EMAIL not in str(payload) and "Martin" not in str(payload)


def test_personal_data_is_masked_before_the_model_and_restored_after() -> None:
    model = ScriptedGenerator(["Le modèle a lu : ", "{input}"])
    publisher = RecordingPublisher()
    result = gateway(model, publisher=publisher).run(spec(), AGENT)
    seen = model.prompts[0].user
    assert EMAIL not in seen and "06 12 34 56 78" not in seen and "Claire Martin" not in seen
    assert "[EMAIL_1]" in seen and "[TELEPHONE_1]" in seen and "[NOM_1]" in seen
    assert result.production.generative and result.production.model == "scripted-model"
    assert result.production.notice == messages.generative("scripted-model")
    assert EMAIL in result.text and "06 12 34 56 78" in result.text
    assert "Claire Martin" in result.text and "[EMAIL_1]" not in result.text
    assert result.details is None
    uses, tasks = published(publisher)
    assert uses[0].parameters["mode"] == "generative" and uses[0].model == "scripted-model"
    assert uses[0].parameters["masked_items"] == "3"
    assert tasks[0].generative


def test_instructions_share_the_placeholders_of_the_source() -> None:
    model = ScriptedGenerator(["{input}"])
    gateway(model).run(spec(instructions=f"Réponds à {EMAIL} en priorité."), AGENT)
    orders, _, masked = model.prompts[0].user.partition("|")
    assert orders == "Réponds à [EMAIL_1] en priorité."
    assert "[EMAIL_1]" in masked and EMAIL not in masked


def test_a_placeholder_split_across_streamed_pieces_is_restored() -> None:
    model = ScriptedGenerator(["Écrire à [EM", "AIL", "_1] et à [NOM_1", "] [§2] fin"])
    events = list(gateway(model).stream(spec(), AGENT))
    assert isinstance(events[0], Started) and events[0].production.generative
    pieces, finished = collect(iter(events))
    assert "".join(pieces) == f"Écrire à {EMAIL} et à Claire Martin [§2] fin"
    assert not any("[EM" in piece or "[NOM" in piece for piece in pieces)
    assert finished.result.text == "".join(pieces)


def test_special_categories_are_refused_before_the_model() -> None:
    model = ScriptedGenerator(["jamais"])
    publisher = RecordingPublisher()
    health = "Mme Martin, diabétique, demande une place de stationnement adaptée."
    with pytest.raises(RuleViolation) as refused:
        gateway(model, publisher=publisher).run(spec(health), AGENT)
    assert refused.value.rule == "special-categories"
    assert "santé" in refused.value.detail and "article 9 du RGPD" in refused.value.detail
    with pytest.raises(RuleViolation):
        gateway(model, publisher=publisher).stream(spec(health), AGENT)
    assert model.prompts == [] and publisher.published == []


def test_special_categories_go_to_a_model_the_register_approved_for_them() -> None:
    model = ScriptedGenerator(["Demande de stationnement adapté."])
    health = "Mme Martin, diabétique, demande une place de stationnement adaptée."
    approved = FixedPermission(special_categories_approved=True)
    result = gateway(model, approved).run(spec(health), AGENT)
    assert result.production.generative and len(model.prompts) == 1


def test_special_categories_are_refused_when_the_register_only_allows_the_use() -> None:
    model = ScriptedGenerator(["jamais"])
    health = "Mme Martin, diabétique, demande une place de stationnement adaptée."
    allowed_only = FixedPermission(special_categories_approved=False)
    with pytest.raises(RuleViolation) as refused:
        gateway(model, allowed_only).run(spec(health), AGENT)
    assert refused.value.rule == "special-categories"
    assert model.prompts == []


def test_a_policy_cannot_approve_special_categories_any_more() -> None:
    with pytest.raises(TypeError):
        GatewayPolicy(special_categories_approved=True)  # type: ignore[call-arg]


def test_special_categories_stay_local_without_a_model() -> None:
    result = gateway().run(spec("Un agent en arrêt de travail demande ses congés."), AGENT)
    assert result.text == "résumé local"


def test_a_use_the_register_refuses_is_refused_in_french_and_nothing_runs() -> None:
    model = ScriptedGenerator(["jamais"])
    publisher = RecordingPublisher()
    denied = FixedPermission(False, DenialReason.NOT_APPROVED)
    with pytest.raises(RuleViolation) as refused:
        gateway(model, denied, publisher).run(spec(), AGENT)
    assert refused.value.rule == "register-gate"
    assert "registre des algorithmes" in refused.value.detail
    assert "/registre/system-under-test" in refused.value.detail
    assert model.prompts == [] and publisher.published == []


def test_an_unreachable_register_means_no_task() -> None:
    unreachable = FixedPermission(False, DenialReason.REGISTER_UNREACHABLE)
    with pytest.raises(DependencyUnavailable) as refused:
        gateway(permission=unreachable).run(spec(), AGENT)
    assert refused.value.detail == use_messages.REGISTER_UNREACHABLE


def test_a_model_that_fails_falls_back_offline() -> None:
    model = ScriptedGenerator(["un début"], fail_after=0)
    result = gateway(model).run(spec(), AGENT)
    assert not result.production.generative
    assert result.production.notice.startswith(messages.MODEL_FAILED)
    streamed = list(gateway(ScriptedGenerator(["x"], fail_after=0)).stream(spec(), AGENT))
    assert isinstance(streamed[0], Started) and not streamed[0].production.generative
    # Run whole, even a failure after some output falls back.
    late = gateway(ScriptedGenerator(["un", " début"], fail_after=1)).run(spec(), AGENT)
    assert late.text == "résumé local"


def test_a_stream_broken_off_after_its_first_words_raises_and_records_the_failure() -> None:
    publisher = RecordingPublisher()
    model = ScriptedGenerator(["Le début", " puis la suite"], fail_after=1)
    events = gateway(model, publisher=publisher).stream(spec(), AGENT)
    assert isinstance(next(events), Started)
    assert next(events) == Delta("Le début")
    with pytest.raises(DependencyUnavailable) as broken:
        next(events)
    assert broken.value.detail == messages.INTERRUPTED
    uses, tasks = published(publisher)
    assert [u.outcome for u in uses] == [ai_pb2.OUTCOME_FAILED] and tasks == []


def test_a_model_past_its_deadline_falls_back_offline() -> None:
    ticks = itertools.count(0, 50)  # each reading of the clock: 50 s later
    model = ScriptedGenerator(["lent", "ement"])
    publisher = RecordingPublisher()
    slow = ModelGateway(
        assistant_pathway(FixedPermission(), publisher),
        model,
        publisher,
        GatewayPolicy(timeout_seconds=60),
        monotonic=lambda: float(next(ticks)),
    )
    result = slow.run(spec(), AGENT)
    assert not result.production.generative
    assert result.production.notice.startswith(messages.MODEL_FAILED)


def test_an_empty_answer_or_a_too_long_input_falls_back_offline() -> None:
    empty = gateway(ScriptedGenerator(["  ", "\n"])).run(spec(), AGENT)
    assert empty.production.notice.startswith(messages.MODEL_EMPTY)
    model = ScriptedGenerator(["jamais"])
    long = gateway(model, max_model_chars=50).run(spec(), AGENT)
    assert long.production.notice.startswith(messages.too_long(50))
    assert model.prompts == []


def test_a_too_long_input_with_special_categories_runs_locally_rather_than_refused() -> None:
    # Nothing would leave for the model: the local path runs, as before special categories
    # are in question.
    model = ScriptedGenerator(["jamais"])
    health = "Mme Martin, diabétique, demande une place de stationnement adaptée."
    long = gateway(model, max_model_chars=20).run(spec(health), AGENT)
    assert long.production.notice.startswith(messages.too_long(20))
    assert long.text == "résumé local" and model.prompts == []


def test_each_use_has_its_own_id() -> None:
    first = gateway().run(spec(), AGENT)
    second = gateway().run(spec(), AGENT)
    assert first.task_id != second.task_id
