from __future__ import annotations

import pytest

from collectivia.chat.v1 import chat_pb2
from collectivia.citizen_chat.answering.models import Answer, Citation, Outcome
from collectivia.citizen_chat.conversations.grpc_servicer import answer_message
from collectivia.citizen_chat.conversations.questions import AskedAnswer


def asked(outcome: Outcome) -> AskedAnswer:
    citation = Citation(1, "doc", "Titre", "https://demo.example/doc", "", None, False, True)
    answer = Answer(
        outcome,
        "Texte [1]",
        (),
        (citation,),
        0.75,
        "Réponse produite par une IA.",
        "https://reg.example/registre/sys-1",
        None,
        offer_handoff=outcome is not Outcome.ANSWERED,
    )
    return AskedAnswer("answer-1", "conversation-1", answer, 12)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.ANSWERED, chat_pb2.OUTCOME_ANSWERED),
        (Outcome.REFUSED, chat_pb2.OUTCOME_REFUSED),
        (Outcome.HANDED_OVER, chat_pb2.OUTCOME_HANDED_OVER),
        (Outcome.UNAVAILABLE, chat_pb2.OUTCOME_UNAVAILABLE),
    ],
)
def test_every_outcome_has_its_contract_value(
    outcome: Outcome, expected: chat_pb2.Outcome.ValueType
) -> None:
    message = answer_message(asked(outcome))
    assert message.outcome == expected
    assert message.offer_handoff is (outcome is not Outcome.ANSWERED)


def test_the_answer_is_translated_field_by_field() -> None:
    message = answer_message(asked(Outcome.ANSWERED))
    assert (message.conversation_id, message.answer_id) == ("conversation-1", "answer-1")
    assert message.text == "Texte [1]" and message.confidence == 0.75
    assert message.disclosure == "Réponse produite par une IA."
    assert message.register_url == "https://reg.example/registre/sys-1"
    assert [(c.number, c.document_id, c.title, c.url) for c in message.citations] == [
        (1, "doc", "Titre", "https://demo.example/doc")
    ]
