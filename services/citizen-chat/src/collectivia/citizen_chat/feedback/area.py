"""The feedback area: ratings of answers (useful or not, reasons, a masked comment), and the
problems a citizen reports, sent to the ethics register as incidents."""

from __future__ import annotations

from collectivia.ai.use.pathway import AiUsePathway
from collectivia.citizen_chat.conversations.models import FeedbackRow
from collectivia.citizen_chat.conversations.service import Conversations
from collectivia.citizen_chat.feedback import views
from collectivia.citizen_chat.feedback.incidents import RegisterIncidents
from collectivia.citizen_chat.feedback.service import Feedbacks
from collectivia.citizen_chat.settings import ChatSection
from collectivia.platform.areas import Area, Call
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import FEEDBACK_GIVEN
from collectivia.platform.events.outbox.writer import Outbox


class FeedbackSettings(ChatSection):
    # The ethics register's HTTP API, where reported problems become incidents.
    register_url: str = "http://127.0.0.1:8010"


def build(context: AreaContext) -> Feedbacks:
    register = context.http_client(context.section(FeedbackSettings).register_url)
    # The incident names the chat's entry in the register: the one permission's system id.
    return Feedbacks(
        context.get(Conversations),
        context.get(Outbox),
        RegisterIncidents(register),
        context.get(AiUsePathway),
    )


AREA = Area(
    name="feedback",
    summary="Ratings of answers (useful or not, reasons, a masked comment); a reported problem "
    "becomes an incident in the ethics register.",
    build=build,
    routers=(views.router,),
    tables=(FeedbackRow,),
    publishes=(FEEDBACK_GIVEN,),
    calls=(Call("POST /v1/incidents", "a problem a citizen reported with an answer"),),
    settings=FeedbackSettings,
)
