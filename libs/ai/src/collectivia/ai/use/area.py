"""The AI-use area every service that uses AI lists first: its entry in the register, the
gate (kept fresh by the register's status events) and the pathway its other areas take."""

from __future__ import annotations

from dataclasses import dataclass

from collectivia.ai.privacy import default_guard
from collectivia.ai.use.gate import RegisterGate
from collectivia.ai.use.own_entry import OwnRegisterEntry
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.ai.use.settings import AiUseSettings
from collectivia.events.v1.register_pb2 import SystemStatusChanged
from collectivia.platform.areas import Area, Call, Stoppable, Subscription, Worker
from collectivia.platform.assembly import AreaContext
from collectivia.platform.events.catalogue import AI_USED, SYSTEM_STATUS_CHANGED
from collectivia.platform.events.consumer import ReceivedEvent
from collectivia.register.v1 import register_pb2

_REGISTER = register_pb2.DESCRIPTOR.services_by_name["RegisterService"].full_name


@dataclass(frozen=True)
class AiUse:
    gate: RegisterGate
    pathway: AiUsePathway


class StatusChangedHandler:
    """A suspension stops the service's uses at once: the gate forgets what it cached."""

    def __init__(self, gate: RegisterGate) -> None:
        self._gate = gate

    def __call__(self, event: ReceivedEvent) -> None:
        if isinstance(event.payload, SystemStatusChanged):
            self._gate.on_status_changed(event.payload)

    def batch(self, events: list[ReceivedEvent]) -> None:
        """A poll's status changes (so that another area's batch handler of the same events,
        e.g. the analytics sink's, is not turned into one transaction per event)."""
        for event in events:
            self(event)


class _Loaded:
    """Nothing to stop: the model stays for the process."""

    def stop(self) -> None:
        return None


def warm_up_privacy_model(_: AiUse) -> Stoppable:
    """The guard's French model loads at start (a few seconds), before the service says it is
    ready: loaded in the background, the first questions would wait for it and outlast their
    deadlines (a search, a gate) while a load balancer already sent them here."""
    default_guard().warm_up()
    return _Loaded()


def ai_use_area(settings: type[AiUseSettings]) -> Area[AiUse]:
    """The area, reading ``settings`` (the service's subclass: its prefix, its purpose)."""

    def build(context: AreaContext) -> AiUse:
        section = context.section(settings)
        channel = context.channel(section.register_grpc_target)
        gate = RegisterGate(channel, deadline_seconds=section.gate_deadline_seconds)
        entry = OwnRegisterEntry(
            gate,
            channel,
            purpose=section.purpose,
            system_name=section.system_name,
            system_id=section.system_id,
            public_url=section.register_public_url,
            deadline_seconds=section.gate_deadline_seconds,
        )
        pathway = AiUsePathway(
            entry,
            context.publisher,
            service=context.settings.service_name,
            purpose=section.purpose,
            energy=section.energy(),
        )
        context.provide(pathway)
        return AiUse(gate, pathway)

    return Area(
        name="ai-use",
        summary="The service's entry in the ethics register, the runtime gate (fail-closed, "
        "cached, dropped on status changes) and the one pathway of every AI use: gate, "
        "privacy guard, evidence (ai.used).",
        build=build,
        subscriptions=(
            Subscription(
                SYSTEM_STATUS_CHANGED,
                handler=lambda ai: StatusChangedHandler(ai.gate),
                batch=lambda ai: StatusChangedHandler(ai.gate).batch,
            ),
        ),
        publishes=(AI_USED,),
        workers=(Worker("privacy-model-warm-up", start=warm_up_privacy_model),),
        calls=(
            Call(f"{_REGISTER}/CheckUse", "may this system be used for this purpose, now?"),
            Call(f"{_REGISTER}/ListSystems", "this service's approved entry, by purpose"),
        ),
        settings=settings,
    )
