"""Cards and the suite map say what the declarations say, and nothing goes stale unnoticed."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.chat.v1 import chat_pb2, chat_pb2_grpc
from collectivia.platform.areas import Area, Call, GrpcEndpoint, Subscription
from collectivia.platform.cards import (
    BEGIN,
    END,
    Described,
    service_card,
    suite_map,
    with_generated,
)
from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.events.catalogue import AI_USED, HANDOFF_REQUESTED, HANDOFF_RESOLVED
from collectivia.platform.settings import AreaSettings, ServiceSettings


class AskSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_ASK_", populate_by_name=True)

    service_name: str = "ask"
    client_id: str = "ask"
    client_secret: SecretStr = SecretStr("ask-dev-secret")
    # Where the answers are kept.
    database_url: str = "sqlite:///ask.db"


class AnswersSettings(AreaSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_ASK_", extra="ignore")

    # Under this confidence, « je ne sais pas ».
    min_confidence: float = 0.5


class ReplySettings(AskSettings):
    service_name: str = "reply"
    client_id: str = "reply"


router = APIRouter()


@router.post("/v1/questions", summary="Poser une question")
def ask() -> None:
    """Never called."""


ANSWERS = Area(
    name="answers",
    summary="Answers questions.",
    build=lambda context: None,
    routers=(router,),
    grpc=(
        GrpcEndpoint(
            service=chat_pb2.DESCRIPTOR.services_by_name["CitizenChatService"],
            add_to_server=chat_pb2_grpc.add_CitizenChatServiceServicer_to_server,
            servicer=lambda built: object(),
            service_only=("Search",),
        ),
    ),
    publishes=(AI_USED, HANDOFF_REQUESTED),
    subscriptions=(Subscription(HANDOFF_RESOLVED, handler=lambda built: print),),
    settings=AnswersSettings,
)
REPLIES = Area(
    name="replies",
    summary="Replies to handed-over questions.",
    build=lambda context: None,
    publishes=(HANDOFF_RESOLVED,),
    subscriptions=(Subscription(HANDOFF_REQUESTED, handler=lambda built: print),),
    calls=(
        Call("collectivia.chat.v1.CitizenChatService/Search", "the sources of a reply"),
        Call("POST /v1/questions", "asks again"),
        Call("collectivia.elsewhere.v1.Thing/Do", "something outside"),
    ),
)
ASK = Described(
    ServiceDefinition(
        name="ask",
        summary="The asking service.",
        settings=AskSettings,
        areas=(ANSWERS,),
        title=lambda _s: "Ask",
        commands={"purge": lambda _s: 0},
    ),
    "services/ask",
    "collectivia.ask",
)
REPLY = Described(
    ServiceDefinition(
        name="reply",
        summary="The replying service.",
        settings=ReplySettings,
        areas=(REPLIES,),
        title=lambda _s: "Reply",
    ),
    "services/reply",
    "collectivia.reply",
)


def test_a_card_tells_routes_rpcs_events_settings_and_commands() -> None:
    card = service_card(ASK)
    assert "| `POST /v1/questions` | Poser une question |" in card
    assert "`collectivia.chat.v1.CitizenChatService`: `Ask`, `Search`" in card
    assert "service tokens only: Search" in card
    assert "- Publishes: `ai.used.v1`, `chat.handoff-requested.v1`" in card
    assert "- Consumes: `chat.handoff-resolved.v1`" in card
    assert "| `COLLECTIVIA_ASK_MIN_CONFIDENCE` | `0.5` | Under this confidence" in card
    assert "| `COLLECTIVIA_ASK_DATABASE_URL` | `sqlite:///ask.db` | Where the answers" in card
    assert "`collectivia-ask purge`" in card
    assert "CLIENT_SECRET" not in card  # the platform's own settings are told once, elsewhere


def test_the_suite_map_resolves_calls_and_event_flows() -> None:
    suite = suite_map([ASK, REPLY])
    assert "| reply (replies) | `collectivia.chat.v1.CitizenChatService/Search` | ask |" in suite
    assert "| reply (replies) | `POST /v1/questions` | ask |" in suite
    assert "`collectivia.elsewhere.v1.Thing/Do` | outside the suite |" in suite
    assert "| `chat.handoff-requested.v1` | ask | reply |" in suite
    assert "| `chat.handoff-resolved.v1` | reply | ask |" in suite
    assert "| `ai.used.v1` | ask | — |" in suite
    assert "  ask -->|chat.handoff-requested.v1| reply" in suite
    assert "  reply -.->|Search| ask" in suite
    assert "  reply -.->|POST /v1/questions| ask" in suite


def test_regenerating_keeps_what_people_wrote_around_the_generated_part() -> None:
    document = with_generated("# Notes\n\nWritten by hand.\n", "generated one\n")
    assert document.startswith("# Notes\n\nWritten by hand.\n")
    again = with_generated(document + "\nAfter.\n", "generated two\n")
    assert "generated one" not in again and "generated two" in again
    assert again.endswith(f"{END}\n\nAfter.\n")
    assert with_generated("", "only\n") == f"{BEGIN}\nonly\n{END}\n"
