"""The briefings area: a commune's monthly briefing for its officials, from the indicators
and the content gaps; with a model, through the AI-use pathway of its own register entry
(« Synthèses mensuelles pour les élus », purpose ``official-briefing``), beside the
forecasts' entry: the same gate (and its cache, dropped on status changes), another entry."""

from __future__ import annotations

from pydantic import Field

from collectivia.ai.generation import GenerationClient, GenerationSettings
from collectivia.ai.use.area import AiUse
from collectivia.ai.use.own_entry import OwnRegisterEntry
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.officials_analytics.briefings import views
from collectivia.officials_analytics.briefings.service import (
    BriefingPolicy,
    Briefings,
    CommuneLabel,
)
from collectivia.officials_analytics.briefings.writer import OpenAiCompatibleWriter
from collectivia.officials_analytics.gaps.service import Gaps
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.settings import (
    AnalyticsAiUseSettings,
    OfficialsAnalyticsSection,
)
from collectivia.platform.areas import Area
from collectivia.platform.assembly import AreaContext


class BriefingsSettings(OfficialsAnalyticsSection):
    # The briefing's own entry in the register; empty: the approved entry whose purpose is
    # ``briefing_purpose`` and whose name is ``briefing_system_name`` is looked up.
    briefing_system_id: str = ""
    # The name of the briefing's entry, when its id is looked up.
    briefing_system_name: str = "Synthèses mensuelles pour les élus"
    # The purpose the entry was approved for (asked to the gate before each model call).
    briefing_purpose: str = Field("official-briefing", pattern=r"^[a-z0-9][a-z0-9-]*$")
    # The OpenAI-compatible endpoint (COLLECTIVIA_GENERATION_...); without a base URL the
    # briefing is the template's.
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    # At most this many tokens per briefing the model writes.
    briefing_max_output_tokens: int = Field(800, ge=64, le=8192)
    # The most frequent unanswered themes stated (questions: the first one).
    briefing_gap_themes: int = Field(3, ge=0, le=20)
    # Model briefings kept in memory, each for the facts it was written from.
    briefing_cache_entries: int = Field(64, ge=0, le=10_000)

    def production_problems(self) -> list[str]:
        return self.generation.production_problems()


def _commune_label(indicators: Indicators) -> CommuneLabel:
    """The commune's name from the lake's reference; without the reference, its code (a
    commune the reference does not list is unknown)."""

    def label(code: str) -> str | None:
        directory = indicators.commune_directory()
        if not directory.communes:
            return code
        return directory.name(code) if directory.known(code) else None

    return label


def build(context: AreaContext) -> Briefings:
    section = context.section(BriefingsSettings)
    register = context.section(AnalyticsAiUseSettings)
    entry = OwnRegisterEntry(
        context.get(AiUse).gate,
        context.channel(register.register_grpc_target),
        purpose=section.briefing_purpose,
        system_name=section.briefing_system_name,
        system_id=section.briefing_system_id,
        public_url=register.register_public_url,
        deadline_seconds=register.gate_deadline_seconds,
    )
    pathway = AiUsePathway(
        entry,
        context.publisher,
        service=context.settings.service_name,
        purpose=section.briefing_purpose,
        energy=register.energy(),
    )
    writer = None
    if section.generation.enabled:  # else every briefing is the template's
        client = GenerationClient(section.generation, telemetry=context.telemetry)
        context.on_stop(client.close)
        writer = OpenAiCompatibleWriter(client, max_tokens=section.briefing_max_output_tokens)
    return Briefings(
        context.get(Indicators),
        context.get(Gaps),
        pathway,
        writer,
        actor=context.settings.service_name,
        commune_label=_commune_label(context.get(Indicators)),
        policy=BriefingPolicy(
            gap_themes=section.briefing_gap_themes,
            cache_entries=section.briefing_cache_entries,
        ),
    )


AREA = Area(
    name="briefings",
    summary="A commune's monthly briefing for its officials: the key changes in plain French "
    "from the indicators and the content gaps (template by default, stating only computed "
    "facts); with a model, through its own register entry, every figure checked against "
    "the computed values; marked as such.",
    build=build,
    routers=(views.router,),
    settings=BriefingsSettings,
)
