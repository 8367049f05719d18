"""A citizen who leaves mid-answer (the SSE stream closed, the gRPC call cancelled): the answer
streamed so far is kept, marked interrupted, its use evidenced, the model stopped; and
``answer-produced`` says how every answer was made. Over HTTP and gRPC, with real clients:
``tests/integration/test_interrupted_answer.py``."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from sqlalchemy import create_engine, inspect, text

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.ai.generation import ChatMessage
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.citizen_chat.answering import texts
from collectivia.citizen_chat.answering.generative import GenerationPolicy, GenerativeAnswerer
from collectivia.citizen_chat.answering.interruption import interrupt
from collectivia.citizen_chat.answering.models import Answer, AnswerMode, AnswerSentence, Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy
from collectivia.citizen_chat.conversations import events
from collectivia.citizen_chat.conversations.models import add_interrupted
from collectivia.citizen_chat.conversations.questions import QuestionPolicy, Questions
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.conversations.views import answer_events, closed_in_a_thread
from collectivia.citizen_chat.database import create_database_engine
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.base import KnowledgeBase
from collectivia.events.v1 import ai_pb2, chat_pb2
from collectivia.platform.database import create_session_factory
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher
from collectivia.testkit.knowledge_pages import METZ

T = TypeVar("T")
SATURDAY = "Quels sont les horaires de l'hôtel de ville le samedi ?"
FIRST = "Le samedi, l'hôtel de ville de Metz est ouvert de 9 h à 12 h."
SECOND = "En semaine, il accueille le public de 8 h 30 à 17 h 30."
THIRD = "Le samedi, l'état civil est ouvert de 9 h à 12 h."


class SlowModel:
    """Writes three sentences citing the source of the town hall's hours, a few characters
    at a time; says whether the reply was read to its end and whether it was closed."""

    name = "scripted-model"

    def __init__(self) -> None:
        self.delivered = 0
        self.finished = False
        self.closed = False

    def stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        found = re.search(
            r'<source numero="(\d+)">\nTitre : Horaires de l\'hôtel de ville de Metz',
            messages[1].content,
        )
        assert found, "the town hall's hours are not among the sources"
        number = found.group(1)
        reply = " ".join(f"{s[:-1]} [{number}]." for s in (FIRST, SECOND, THIRD))
        try:
            for start in range(0, len(reply), 4):
                self.delivered += 1
                yield reply[start : start + 4]
            self.finished = True
        finally:
            self.closed = True


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return sample_knowledge_base()


@dataclass
class Chat:
    conversations: Conversations
    questions: Questions
    publisher: RecordingPublisher
    model: SlowModel


def chat_of(base: KnowledgeBase, folder: Path, *, generative: bool) -> Chat:
    engine = create_database_engine(f"sqlite:///{folder / 'chat.db'}")
    SERVICE.create_schema(engine)
    conversations = Conversations(create_session_factory(engine), retention_days=30)
    publisher = RecordingPublisher()
    answerer = Answerer(base, AnsweringPolicy(member_communes=(METZ,)))
    model = SlowModel()
    generator = GenerativeAnswerer(answerer, model, GenerationPolicy()) if generative else None
    pathway = AiUsePathway(
        FixedPermission(system_id="sys-1"),
        publisher,
        service="citizen-chat",
        purpose="citizen-information",
    )
    questions = Questions(
        conversations,
        answerer,
        pathway,
        publisher,
        QuestionPolicy(model="extractive/test", pseudonym_salt="salt"),
        generator,
    )
    return Chat(conversations, questions, publisher, model)


@pytest.fixture
def generative(base: KnowledgeBase, tmp_path: Path) -> Chat:
    return chat_of(base, tmp_path, generative=True)


@pytest.fixture
def extractive(base: KnowledgeBase, tmp_path: Path) -> Chat:
    return chat_of(base, tmp_path, generative=False)


def of_type(publisher: RecordingPublisher, kind: type[T]) -> list[T]:
    return [p for p in publisher.published if isinstance(p, kind)]


def left_after_first_sentence(chat: Chat, question: str = SATURDAY) -> tuple[str, str]:
    """The citizen's page: the SSE events read until the first sentence, then closed (as the
    server does when the page goes away); returns the conversation and the first sentence."""
    conversation = chat.conversations.start(METZ, None).id
    events = answer_events(chat.questions.ask_streamed(conversation, question, None))
    chunks = [next(events)]
    while "event: sentence" not in chunks[-1]:
        chunks.append(next(events))
    events.close()
    return conversation, chunks[-1]


def test_a_generated_answer_left_mid_stream_is_kept_interrupted_and_evidenced(
    generative: Chat,
) -> None:
    conversation, shown = left_after_first_sentence(generative)
    assert FIRST in shown
    model = generative.model
    assert model.closed and not model.finished, "the model kept writing for nobody"
    [question, kept] = generative.conversations.get(conversation, None).turns
    assert question.role == "citizen" and question.text == SATURDAY
    assert kept.role == "assistant" and kept.interrupted and kept.outcome == "answered"
    assert "Le samedi, l'hôtel de ville de Metz est ouvert de 9 h à 12 h [1]." in kept.text
    assert "8 h 30" not in kept.text and "état civil" not in kept.text, "never streamed"
    assert kept.text.endswith(texts.INTERRUPTED)
    assert [c["document_id"] for c in kept.citations] == ["mairie-metz"]
    [used] = of_type(generative.publisher, ai_pb2.AiUsed)
    assert used.use_id == kept.answer_id and used.outcome == ai_pb2.OUTCOME_COMPLETED
    assert used.parameters["interrupted"] == "true"
    assert used.parameters["mode"] == "generative"
    assert used.model == "generative/scripted-model"
    assert list(used.data_sources) == ["mairie-metz"]
    [produced] = of_type(generative.publisher, chat_pb2.AnswerProduced)
    assert produced.answer_id == kept.answer_id and produced.interrupted
    assert produced.mode == chat_pb2.ANSWER_MODE_GENERATIVE


def test_a_quoted_answer_left_mid_stream_keeps_the_quotes_streamed(extractive: Chat) -> None:
    question = "Quels sont les horaires de l'hôtel de ville de Metz en semaine et le samedi ?"
    whole = extractive.questions.ask(
        extractive.conversations.start(METZ, None).id, question, None
    ).answer
    assert len(whole.sentences) >= 2, "the question must be answered by several quotes"
    conversation, shown = left_after_first_sentence(extractive, question)
    assert whole.sentences[0].text in shown
    [_, kept] = extractive.conversations.get(conversation, None).turns
    assert kept.interrupted and f"« {whole.sentences[0].text} »" in kept.text
    assert all(f"« {s.text} »" not in kept.text for s in whole.sentences[1:])
    used = of_type(extractive.publisher, ai_pb2.AiUsed)
    assert [u.parameters.get("interrupted") for u in used] == [None, "true"]
    produced = of_type(extractive.publisher, chat_pb2.AnswerProduced)
    assert [p.interrupted for p in produced] == [False, True]
    assert {p.mode for p in produced} == {chat_pb2.ANSWER_MODE_EXTRACTIVE}


def test_a_refusal_left_before_its_text_is_kept_whole_and_interrupted(
    generative: Chat,
) -> None:
    conversation = generative.conversations.start(METZ, None).id
    events = answer_events(
        generative.questions.ask_streamed(conversation, "Quel temps fera-t-il à Brest ?", None)
    )
    assert next(events).startswith("event: meta")
    events.close()
    [_, kept] = generative.conversations.get(conversation, None).turns
    assert kept.outcome == "refused" and kept.interrupted
    assert texts.DONT_KNOW in kept.text
    assert generative.model.delivered == 0, "a refusal never calls the model"
    [used] = of_type(generative.publisher, ai_pb2.AiUsed)
    assert used.outcome == ai_pb2.OUTCOME_REFUSED and used.parameters["interrupted"] == "true"
    [produced] = of_type(generative.publisher, chat_pb2.AnswerProduced)
    assert produced.mode == chat_pb2.ANSWER_MODE_REFUSAL and produced.interrupted


def test_a_page_closed_before_the_answer_started_keeps_nothing(generative: Chat) -> None:
    conversation = generative.conversations.start(METZ, None).id
    events = answer_events(generative.questions.ask_streamed(conversation, SATURDAY, None))
    events.close()  # never read: nothing was produced, nothing is used
    assert generative.conversations.get(conversation, None).turns == ()
    assert generative.publisher.published == []
    assert generative.model.delivered == 0


def test_a_finished_answer_is_not_interrupted_and_says_its_mode(
    generative: Chat, extractive: Chat
) -> None:
    for chat, mode in (
        (generative, chat_pb2.ANSWER_MODE_GENERATIVE),
        (extractive, chat_pb2.ANSWER_MODE_EXTRACTIVE),
    ):
        conversation = chat.conversations.start(METZ, None).id
        asked = chat.questions.ask(conversation, SATURDAY, None)
        [_, kept] = chat.conversations.get(conversation, None).turns
        assert not kept.interrupted and not kept.text.endswith(texts.INTERRUPTED)
        [used] = of_type(chat.publisher, ai_pb2.AiUsed)
        assert "interrupted" not in used.parameters
        [produced] = of_type(chat.publisher, chat_pb2.AnswerProduced)
        assert produced.answer_id == asked.answer_id
        assert (produced.mode, produced.interrupted) == (mode, False)


def test_an_answer_stream_that_cannot_stop_gives_no_partial_answer() -> None:
    def stubborn() -> Iterator[AnswerSentence]:
        while True:
            try:
                yield AnswerSentence("Une phrase.", 1, 1.0)
            except Exception:  # noqa: S112 - a stream that ignores being told to stop
                continue

    stream: Any = stubborn()
    next(stream)
    assert interrupt(stream) is None
    with pytest.raises(StopIteration):
        next(stream)


def test_a_database_made_before_the_flag_gains_it_false_for_its_turns(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE turns (id INTEGER PRIMARY KEY, conversation_id VARCHAR(36), "
                "role VARCHAR(16), text TEXT, at DATETIME, answer_id VARCHAR(36), "
                "outcome VARCHAR(16), confidence FLOAT, citations TEXT)"
            )
        )
        connection.execute(
            text("INSERT INTO turns (conversation_id, role, text) VALUES ('c', 'citizen', 'q')")
        )
    add_interrupted(engine)
    add_interrupted(engine)  # once is enough: a second start changes nothing
    columns = {c["name"] for c in inspect(engine).get_columns("turns")}
    assert "interrupted" in columns
    with engine.connect() as connection:
        assert connection.execute(text("SELECT interrupted FROM turns")).scalar_one() in (0, False)
    engine.dispose()


def test_a_stream_whose_response_ends_early_is_closed_in_a_worker_thread() -> None:
    """The SSE response's wrapper: when the server drops the response (the citizen left), the
    answer's events are closed, and the interrupted answer kept, off the event loop."""
    closed_in: list[str] = []

    def chunks() -> Iterator[str]:
        try:
            yield "event: meta\n\n"
            yield "event: sentence\n\n"
        finally:
            closed_in.append(threading.current_thread().name)

    async def page_closed_after_the_first_chunk() -> tuple[str, list[str]]:
        events = chunks()
        stream = closed_in_a_thread(events)  # type: ignore[arg-type]
        received = [await anext(stream)]
        await stream.aclose()  # what the server does with a response it drops
        return threading.current_thread().name, received

    # A loop of its own, in a thread of its own: an earlier test's loop may still be
    # current in this one.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="server-loop") as pool:
        loop_thread, received = pool.submit(anyio.run, page_closed_after_the_first_chunk).result()
    assert received == ["event: meta\n\n"]
    assert len(closed_in) == 1 and closed_in[0] != loop_thread


@pytest.mark.parametrize(
    ("outcome", "mode", "expected"),
    [
        (Outcome.ANSWERED, AnswerMode.EXTRACTIVE, chat_pb2.ANSWER_MODE_EXTRACTIVE),
        (Outcome.ANSWERED, AnswerMode.GENERATIVE, chat_pb2.ANSWER_MODE_GENERATIVE),
        (Outcome.REFUSED, AnswerMode.GENERATIVE, chat_pb2.ANSWER_MODE_REFUSAL),
        (Outcome.UNAVAILABLE, AnswerMode.EXTRACTIVE, chat_pb2.ANSWER_MODE_REFUSAL),
        (Outcome.HANDED_OVER, AnswerMode.EXTRACTIVE, chat_pb2.ANSWER_MODE_HANDOVER),
    ],
)
def test_answer_produced_says_how_the_answer_was_made(
    outcome: Outcome, mode: AnswerMode, expected: chat_pb2.AnswerMode.ValueType
) -> None:
    answer = Answer(outcome, "Texte", (), (), 0.5, "", "", METZ, False, mode=mode)
    produced = events.answer_produced("c-1", "a-1", "Question ?", answer, 12, datetime.now(UTC))
    assert produced.mode == expected and not produced.interrupted
    assert len(chat_pb2.AnswerMode.keys()) == 5, "a new mode needs its mapping here"


class FailingModel(SlowModel):
    """A model server that is down: the generative answer quotes the sources instead."""

    def stream(self, messages: Sequence[ChatMessage]) -> Iterator[str]:
        raise ConnectionError("the model server is unreachable")
        yield ""  # a generator, as the served model's reply: it fails when first read


def test_quotes_given_when_the_model_failed_are_kept_as_far_as_streamed(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    chat = chat_of(base, tmp_path, generative=True)
    assert chat.questions.generator is not None
    chat.questions.generator.model = FailingModel()
    question = "Quels sont les horaires de l'hôtel de ville de Metz en semaine et le samedi ?"
    conversation, shown = left_after_first_sentence(chat, question)
    [_, kept] = chat.conversations.get(conversation, None).turns
    assert kept.interrupted and kept.text.count("« ") == 1
    assert kept.text.split("« ")[1].split(" »")[0] in shown
    [used] = of_type(chat.publisher, ai_pb2.AiUsed)
    assert used.parameters["fallback"] == "model-failed"
    assert used.parameters["interrupted"] == "true" and used.parameters["mode"] == "extractive"
