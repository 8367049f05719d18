"""Demo activity for ``make up``: months of plausible activity of the suite for the demo
communes, as the events the services would have published, mapped by the sink's own
functions and written through its row writer (not through Kafka: thirty months are about a
hundred thousand facts).

What it shows: bigger communes ask more; the assistant is adopted over the months; fewer
questions at weekends and at night; seasons by theme (identity papers and civil status
before the summer holidays, waste and waste centres in spring, school canteens at the start
of the school year, the municipal elections of March 2026); a share of questions refused or
handed to an agent, most of them on themes the knowledge base lacks (town planning, school
canteens, swimming pools: the content gaps); agents' replies; citizens' feedback; the agents'
assistant by department, with the human review of its proposals; the register's systems and
a few incidents; the water delegate's deliveries (some late) and its network's daily
telemetry per commune.

Deterministic and idempotent: each day's activity comes from a random generator seeded by
the seed and the day, and every event id is derived from what it is (a UUID v5), so a second
run adds nothing and a later run adds only the days (and the replies) that came since."""

from __future__ import annotations

import logging
import math
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from collectivia.events.v1 import ai_pb2, assistant_pb2, chat_pb2, lake_pb2, register_pb2
from collectivia.officials_analytics.settings import OfficialsAnalyticsSettings
from collectivia.officials_analytics.sink import mapping
from collectivia.officials_analytics.sink.area import AREA, SinkSettings
from collectivia.officials_analytics.sink.demo_energy import with_consumption
from collectivia.officials_analytics.sink.mapping import PARIS, Fact
from collectivia.officials_analytics.sink.writer import SinkWriter
from collectivia.officials_analytics.storage.area import StorageSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.register.v1 import types_pb2

log = logging.getLogger(__name__)

SEED = 57
# Thirty months: the forecasts need two yearly cycles of history (24 months) and more.
MONTHS = 30
# Every demo id is a UUID v5 in this namespace, from what the object is.
NAMESPACE = uuid.UUID("6f1d3c1e-52a4-4b5e-9d43-6d0a8e5c2a57")
# Facts staged per transaction.
_STAGE_CHUNK = 20_000


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    population: int


COMMUNES = (
    Commune("57463", "Metz", 118_000),
    Commune("57480", "Montigny-lès-Metz", 21_500),
    Commune("57751", "Woippy", 14_000),
    Commune("57447", "Marly", 10_000),
    Commune("57412", "Longeville-lès-Metz", 4_000),
)
# When the citizens' assistant opened (its adoption grows from there).
LAUNCH = date(2024, 6, 1)
# Questions per inhabitant and weekday once the assistant is adopted.
QUESTIONS_PER_INHABITANT = 0.0006
WEEKDAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 0.95, 0.55, 0.35)
# Hours of the day (Paris) the questions come at, by weight.
HOURS = tuple(range(24))
HOUR_WEIGHTS = (
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 3.5, 5.0, 5.5, 5.0,
    3.5, 3.5, 4.5, 4.8, 4.6, 4.2, 3.6, 3.0, 2.6, 2.0, 1.2, 0.5,
)  # fmt: skip


@dataclass(frozen=True)
class Theme:
    name: str
    weight: float
    department: str
    # Month (1-12) -> factor; missing months: 1.
    season: dict[int, float]
    refused: float
    handed_over: float
    # Masked questions, as the chat would send them.
    questions: tuple[str, ...]


THEMES = (
    Theme(
        "Papiers > Carte d'identité et passeport",
        18,
        "etat-civil",
        {3: 1.3, 4: 1.6, 5: 1.9, 6: 1.8, 7: 1.2, 11: 0.8, 12: 0.7},
        0.05,
        0.06,
        (
            "Comment faire une demande de passeport ?",
            "Quels documents pour renouveler ma carte d'identité ?",
            "Combien de temps pour obtenir un passeport ?",
        ),
    ),
    Theme(
        "État civil > Actes",
        13,
        "etat-civil",
        {5: 1.3, 6: 1.6, 7: 1.5, 8: 0.8},
        0.06,
        0.11,
        (
            "Comment obtenir un acte de naissance ?",
            "Comment demander une copie d'acte de mariage ?",
            "Où déclarer une naissance ?",
        ),
    ),
    Theme(
        "Déchets > Collecte",
        15,
        "dechets",
        {1: 1.3, 3: 1.4, 4: 1.6, 5: 1.5, 6: 1.2, 12: 1.2},
        0.07,
        0.06,
        (
            "Quel jour passe le camion des ordures ménagères ?",
            "Le bac jaune n'a pas été collecté, que faire ?",
            "Comment obtenir un composteur ?",
        ),
    ),
    Theme(
        "Déchets > Déchèteries",
        11,
        "dechets",
        {3: 1.5, 4: 1.9, 5: 1.8, 6: 1.4, 9: 1.2, 10: 1.4, 11: 1.2, 1: 0.7},
        0.06,
        0.04,
        (
            "Quels sont les horaires de la déchèterie ?",
            "Où déposer des déchets verts ?",
            "Faut-il un badge pour la déchèterie ?",
        ),
    ),
    Theme(
        "Mairie > Horaires",
        9,
        "etat-civil",
        {7: 1.3, 8: 1.4, 12: 1.4},
        0.04,
        0.02,
        ("La mairie est-elle ouverte le samedi ?", "Quels sont les horaires de la mairie ?"),
    ),
    Theme(
        "Citoyenneté > Élections",
        2,
        "etat-civil",
        {},
        0.05,
        0.05,
        (
            "Comment m'inscrire sur les listes électorales ?",
            "Où est mon bureau de vote ?",
            "Comment donner procuration ?",
        ),
    ),
    Theme(
        "Déplacements > Stationnement",
        10,
        "mobilites",
        {9: 1.4, 10: 1.1, 12: 1.2, 8: 0.8},
        0.08,
        0.07,
        (
            "Comment obtenir une carte de stationnement résidentiel ?",
            "Combien coûte le stationnement en centre-ville ?",
        ),
    ),
    # Themes the knowledge base lacks: mostly refused or handed over (the content gaps).
    Theme(
        "Urbanisme > Travaux",
        5,
        "urbanisme",
        {4: 1.3, 5: 1.4, 6: 1.3},
        0.55,
        0.25,
        (
            "Faut-il un permis pour une véranda de 15 m² ?",
            "Comment déposer une déclaration préalable de travaux ?",
            "Puis-je construire un abri de jardin sans autorisation ?",
        ),
    ),
    Theme(
        "Écoles > Restauration scolaire",
        4,
        "etat-civil",
        {7: 0.5, 8: 2.0, 9: 2.2, 10: 1.2},
        0.6,
        0.2,
        ("Comment inscrire mon enfant à la cantine ?", "Quel est le tarif de la cantine ?"),
    ),
    Theme(
        "Sports > Piscines",
        3,
        "etat-civil",
        {6: 1.6, 7: 2.2, 8: 2.0, 1: 0.6},
        0.7,
        0.1,
        ("Quels sont les horaires de la piscine municipale ?",),
    ),
)
# The municipal elections of 15 and 22 March 2026: the elections theme, multiplied.
ELECTIONS = {(2026, 1): 4.0, (2026, 2): 7.0, (2026, 3): 9.0}

# The agents' assistant: tasks per weekday by department (besides replies to handoffs).
DEPARTMENT_TASKS = {
    "etat-civil": 7.0,
    "dechets": 3.5,
    "mobilites": 3.0,
    "urbanisme": 4.0,
    "action-sociale": 6.0,
    "numerique": 2.5,
}
TASK_MIX = (
    (assistant_pb2.ASSISTANT_TASK_DRAFT, 0.4),
    (assistant_pb2.ASSISTANT_TASK_SUMMARIZE, 0.25),
    (assistant_pb2.ASSISTANT_TASK_CLASSIFY, 0.2),
    (assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE, 0.15),
)
# How agents review the assistant's proposals, by task: (accepted, edited, overridden, none).
REVIEWS = {
    assistant_pb2.ASSISTANT_TASK_DRAFT: (0.40, 0.50, 0.10, 0.0),
    assistant_pb2.ASSISTANT_TASK_SUMMARIZE: (0.70, 0.25, 0.05, 0.0),
    assistant_pb2.ASSISTANT_TASK_CLASSIFY: (0.35, 0.0, 0.05, 0.60),
    assistant_pb2.ASSISTANT_TASK_PLAIN_LANGUAGE: (0.55, 0.40, 0.05, 0.0),
    assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY: (0.35, 0.55, 0.10, 0.0),
}
REVIEW_VALUES = (
    ai_pb2.HUMAN_REVIEW_ACCEPTED,
    ai_pb2.HUMAN_REVIEW_EDITED,
    ai_pb2.HUMAN_REVIEW_OVERRIDDEN,
    ai_pb2.HUMAN_REVIEW_NONE,
)
FEEDBACK_REASONS = ("imprecise", "outdated", "missing-source", "too-long", "unclear")
CHANNELS = (("conversation", 0.6), ("email", 0.3), ("phone", 0.1))
MODEL = "mistral-small-3.2"
# The offline paths, as the services name them in the evidence.
EXTRACTIVE = "extractive"
OFFLINE_SUMMARY = "extractive-summary/1"

# The water delegate's network: meters (consumption) per commune, and sensors.
WATER_DATASET = "eau-telemetrie"
WATER_CONTRACT = "dsp-eau-potable"
FOUNTAINS_DATASET = "fontaines-eau-potable"
LITRES_PER_INHABITANT_DAY = 145.0


@dataclass(frozen=True)
class DemoSystem:
    key: str
    purpose: str
    service: str
    risk_class: int

    @property
    def system_id(self) -> str:
        return _id("system", self.key)


CHAT_SYSTEM = DemoSystem(
    "assistant-citoyen", "citizen-information", "citizen-chat", types_pb2.RISK_CLASS_LIMITED
)
AGENTS_SYSTEM = DemoSystem(
    "assistant-agents", "agent-drafting", "agent-assistant", types_pb2.RISK_CLASS_LIMITED
)
FORECAST_SYSTEM = DemoSystem(
    "previsions-elus",
    "territorial-forecasting",
    "officials-analytics",
    types_pb2.RISK_CLASS_MINIMAL,
)
WASTE_SYSTEM = DemoSystem(
    "prevision-decheteries", "waste-centre-forecast", "data-lake", types_pb2.RISK_CLASS_MINIMAL
)


@dataclass(frozen=True)
class DemoOutcome:
    days: int
    events: int
    staged: int
    committed_rows: int


def _now() -> datetime:
    return datetime.now(UTC)


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _stamp(moment: datetime) -> Timestamp:
    value = Timestamp()
    value.FromDatetime(moment)
    return value


def _at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=PARIS).astimezone(UTC)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method for small means, a rounded normal above)."""
    if mean <= 0:
        return 0
    if mean > 60:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([value for value, _ in weighted], [w for _, w in weighted])[0]


def adoption(day: date) -> float:
    """The assistant's adoption, by the calendar (so that a day's activity never depends on
    when the demo runs): 45 % of its use at its launch, all of it a year later, then a slow
    growth."""
    months = (day - LAUNCH).days / 30.4
    return max(0.3, min(1.0, 0.45 + 0.55 * months / 12) + max(0.0, months - 12) * 0.01)


def theme_weights(day: date) -> list[float]:
    weights = []
    for theme in THEMES:
        weight = theme.weight * theme.season.get(day.month, 1.0)
        if theme.name.startswith("Citoyenneté"):
            weight *= ELECTIONS.get((day.year, day.month), 1.0)
        weights.append(weight)
    return weights


class _Day:
    """One day's events, drawn in a fixed order from the day's generator (what is drawn never
    depends on the current time: events after ``now`` are only left out, so a later run adds
    them with the same ids)."""

    def __init__(self, day: date, first: date, now: datetime, seed: int) -> None:
        self.day = day
        self.first = first
        self.now = now
        self.rng = random.Random(f"{seed}/{day.isoformat()}")  # noqa: S311 - demo activity
        self.facts: list[Fact] = []

    def emit(self, fact: Fact, at: datetime) -> None:
        """Keep ``fact``, published at ``at``, unless that is still to come."""
        if at <= self.now:
            self.facts.append(fact)

    def run(self) -> list[Fact]:
        self.chat()
        self.assistant()
        self.lake()
        self.register()
        return self.facts

    # --- the citizens' chat -----------------------------------------------------------------

    def chat(self) -> None:
        rng, day = self.rng, self.day
        weights = theme_weights(day)
        factor = adoption(day) * WEEKDAY_FACTOR[day.weekday()]
        for commune in COMMUNES:
            count = _poisson(rng, commune.population * QUESTIONS_PER_INHABITANT * factor)
            for index in range(count):
                theme = rng.choices(THEMES, weights)[0]
                at = _at(
                    day,
                    rng.choices(HOURS, HOUR_WEIGHTS)[0],
                    rng.randrange(60),
                    rng.randrange(60),
                )
                self.question(commune, theme, at, f"{commune.code}/{index}")

    def question(self, commune: Commune, theme: Theme, at: datetime, key: str) -> None:
        rng, day = self.rng, self.day
        draw = rng.random()
        if draw < theme.refused:
            outcome = chat_pb2.ANSWER_OUTCOME_REFUSED
        elif draw < theme.refused + theme.handed_over:
            outcome = chat_pb2.ANSWER_OUTCOME_HANDED_OVER
        else:
            outcome = chat_pb2.ANSWER_OUTCOME_ANSWERED
        answered = outcome == chat_pb2.ANSWER_OUTCOME_ANSWERED
        confidence = (
            rng.uniform(0.62, 0.97)
            if answered
            else rng.uniform(0.08, 0.4)
            if outcome == chat_pb2.ANSWER_OUTCOME_REFUSED
            else rng.uniform(0.3, 0.65)
        )
        latency = int(rng.lognormvariate(math.log(1600 if answered else 700), 0.45))
        question = rng.choice(theme.questions)
        conversation_id = _id("conversation", day, key)
        answer_id = _id("answer", day, key)
        payload = chat_pb2.AnswerProduced(
            conversation_id=conversation_id,
            answer_id=answer_id,
            theme=theme.name,
            commune=commune.code,
            latency_ms=latency,
            confidence=round(confidence, 3),
            cited_source_ids=[_id("source", theme.name, n) for n in range(rng.randint(1, 3))]
            if answered
            else [],
            outcome=outcome,
            answered_at=_stamp(at),
            question=question,
        )
        self.emit(mapping.answer_produced(_id("event", "answer", day, key), at, payload), at)
        use_outcome = {
            chat_pb2.ANSWER_OUTCOME_ANSWERED: ai_pb2.OUTCOME_COMPLETED,
            chat_pb2.ANSWER_OUTCOME_REFUSED: ai_pb2.OUTCOME_REFUSED,
            chat_pb2.ANSWER_OUTCOME_HANDED_OVER: ai_pb2.OUTCOME_HANDED_OVER,
        }[outcome]
        self.ai_use(CHAT_SYSTEM, ("answer", day, key), at, use_outcome, ai_pb2.HUMAN_REVIEW_NONE)
        if outcome == chat_pb2.ANSWER_OUTCOME_HANDED_OVER or (
            outcome == chat_pb2.ANSWER_OUTCOME_REFUSED and rng.random() < 0.3
        ):
            self.handoff(commune, theme, at, key)
        if answered and rng.random() < 0.12:
            useful = rng.random() < 0.8
            reasons = [] if useful else rng.sample(FEEDBACK_REASONS, rng.randint(1, 2))
            given = at + timedelta(seconds=rng.randint(20, 600))
            feedback = chat_pb2.FeedbackGiven(
                conversation_id=conversation_id,
                answer_id=answer_id,
                useful=useful,
                reasons=reasons,
                has_comment=rng.random() < 0.2,
                given_at=_stamp(given),
            )
            self.emit(
                mapping.feedback_given(_id("event", "feedback", day, key), given, feedback), given
            )

    def handoff(self, commune: Commune, theme: Theme, at: datetime, key: str) -> None:
        rng, day = self.rng, self.day
        handoff_id = _id("handoff", day, key)
        requested = at + timedelta(seconds=rng.randint(5, 90))
        payload = chat_pb2.HandoffRequested(
            handoff_id=handoff_id,
            conversation_id=_id("conversation", day, key),
            commune=commune.code,
            theme=theme.name,
            contact_channel=_pick(rng, CHANNELS),
            requested_at=_stamp(requested),
        )
        self.emit(
            mapping.handoff_requested(_id("event", "handoff", day, key), requested, payload),
            requested,
        )
        if rng.random() < 0.05:
            return  # still waiting for an agent
        # Office hours: a reply within hours, more at weekends and at night.
        resolved = requested + timedelta(hours=rng.lognormvariate(math.log(5), 0.9))
        reply = chat_pb2.HandoffResolved(
            handoff_id=handoff_id,
            conversation_id=_id("conversation", day, key),
            department=theme.department,
            resolved_at=_stamp(resolved),
        )
        self.emit(
            mapping.handoff_resolved(_id("event", "reply", day, key), resolved, reply), resolved
        )
        self.task(
            theme.department,
            assistant_pb2.ASSISTANT_TASK_HANDOFF_REPLY,
            resolved - timedelta(minutes=rng.randint(2, 20)),
            ("reply", day, key),
        )

    # --- the agents' assistant --------------------------------------------------------------

    def assistant(self) -> None:
        rng, day = self.rng, self.day
        factor = adoption(day) * (1.0 if day.weekday() < 5 else 0.03)
        for department, per_day in DEPARTMENT_TASKS.items():
            for index in range(_poisson(rng, per_day * factor)):
                task = _pick(rng, TASK_MIX)
                at = _at(day, rng.randint(8, 17), rng.randrange(60), rng.randrange(60))
                self.task(department, task, at, ("task", day, department, index))

    def task(self, department: str, task: int, at: datetime, key: tuple[object, ...]) -> None:
        rng = self.rng
        generative = rng.random() < 0.75
        latency = int(rng.lognormvariate(math.log(4200 if generative else 450), 0.4))
        declared = rng.randint(5, 40) if rng.random() < 0.45 else 0
        payload = assistant_pb2.TaskCompleted(
            task_id=_id("task", *key),
            task=task,  # type: ignore[arg-type]
            department=department,
            generative=generative,
            latency_ms=latency,
            declared_minutes_saved=declared,
            completed_at=_stamp(at),
        )
        self.emit(mapping.task_completed(_id("event", "task", *key), at, payload), at)
        review = rng.choices(REVIEW_VALUES, REVIEWS[task])[0]  # type: ignore[index]
        self.ai_use(
            AGENTS_SYSTEM,
            key,
            at,
            ai_pb2.OUTCOME_COMPLETED,
            review,
            model=MODEL if generative else OFFLINE_SUMMARY,
            latency_ms=latency if generative else 0,
        )

    def ai_use(
        self,
        system: DemoSystem,
        key: tuple[object, ...],
        at: datetime,
        outcome: int,
        review: int,
        *,
        model: str = EXTRACTIVE,
        latency_ms: int = 0,
    ) -> None:
        """``latency_ms`` > 0: a model's call that long; else an offline path (the chat
        quotes its sources, the assistant's local fallback)."""
        payload = ai_pb2.AiUsed(
            use_id=_id("use", *key),
            system_id=system.system_id,
            system_version=1,
            purpose=system.purpose,
            service=system.service,
            outcome=outcome,  # type: ignore[arg-type]
            human_review=review,  # type: ignore[arg-type]
            used_at=_stamp(at),
            model=model,
        )
        offline_cpu = 0.006 if model == EXTRACTIVE else 0.015
        with_consumption(payload, offline_cpu_seconds=offline_cpu, latency_ms=latency_ms)
        self.emit(mapping.ai_used(_id("event", "use", *key), at, payload), at)

    # --- the data lake ----------------------------------------------------------------------

    def lake(self) -> None:
        rng, day = self.rng, self.day
        # Yesterday's readings, aggregated and announced early in the morning.
        yesterday = day - timedelta(days=1)
        if yesterday >= self.first:
            self.telemetry(yesterday, _at(day, 1, 5))
        # The fountains, monthly, due 15 days after the month: late some months.
        if day.day == 1 and day > self.first:
            self.fountains(day)
        if day.day == 2 and day.month in (1, 4, 7, 10):
            at = _at(day, 10, rng.randrange(60))
            payload = lake_pb2.DatasetUpdated(
                dataset_id="subventions-associations",
                snapshot_id=str(rng.getrandbits(62)),
                mode="replace",
                rows_added=rng.randint(180, 260),
                total_rows=rng.randint(180, 260),
                access_rights="public",
                updated_at=_stamp(at),
            )
            self.emit(mapping.dataset_updated(_id("event", "subventions", day), at, payload), at)

    def telemetry(self, day: date, at: datetime) -> None:
        rng = self.rng
        summer = 1.0 + 0.25 * math.cos((day.timetuple().tm_yday - 200) / 365 * 2 * math.pi)
        aggregates = []
        readings = 0
        for commune in COMMUNES:
            meters = max(5, commune.population // 8_000)
            volume = commune.population * LITRES_PER_INHABITANT_DAY / 1000 * summer
            for meter in range(meters):
                total = volume / meters * rng.uniform(0.8, 1.2)
                aggregates.append(
                    lake_pb2.TelemetryAggregate(
                        sensor_id=f"{commune.code}-compteur-{meter + 1:02d}",
                        measure="consommation",
                        unit="m3",
                        commune=commune.code,
                        count=24,
                        minimum=round(total / 24 * 0.3, 2),
                        maximum=round(total / 24 * 2.1, 2),
                        mean=round(total / 24, 3),
                        total=round(total, 2),
                    )
                )
            for sensor in range(5):
                flow = volume / 24 / 5 * rng.uniform(0.85, 1.15)
                pressure = rng.uniform(3.6, 4.8)
                for measure, unit, mean in (("debit", "m3/h", flow), ("pression", "bar", pressure)):
                    aggregates.append(
                        lake_pb2.TelemetryAggregate(
                            sensor_id=f"{commune.code}-capteur-{sensor + 1:02d}",
                            measure=measure,
                            unit=unit,
                            commune=commune.code,
                            count=96,
                            minimum=round(mean * 0.6, 3),
                            maximum=round(mean * 1.5, 3),
                            mean=round(mean, 3),
                            total=round(mean * 96, 2),
                        )
                    )
            readings += meters * 24 + 5 * 2 * 96
        payload = lake_pb2.TelemetryAggregated(
            dataset_id=WATER_DATASET,
            period="day",
            period_start=_stamp(_at(day, 0)),
            contract_id=WATER_CONTRACT,
            aggregates=aggregates,
        )
        self.emit(mapping.telemetry_aggregated(_id("event", "telemetry", day), at, payload), at)
        update = lake_pb2.DatasetUpdated(
            dataset_id=WATER_DATASET,
            snapshot_id=str(rng.getrandbits(62)),
            mode="append",
            rows_added=readings,
            access_rights="restricted",
            contract_id=WATER_CONTRACT,
            updated_at=_stamp(at),
        )
        self.emit(mapping.dataset_updated(_id("event", "telemetry-update", day), at, update), at)

    def fountains(self, day: date) -> None:
        """The previous month's fountains: on time most months; some late (announced missing
        after the deadline, then late once they came), one refused at the door first."""
        rng = self.rng
        period = (day - timedelta(days=1)).replace(day=1)
        fate = rng.random()
        deadline = day + timedelta(days=15)
        if fate < 0.7:
            delivered = _at(day + timedelta(days=rng.randint(2, 12)), 11)
        else:
            delivered = _at(deadline + timedelta(days=rng.randint(2, 9)), 15)
            missing = _at(deadline + timedelta(days=1), 2)
            self.late(period, "missing", missing)
            if fate > 0.92:
                self.late(period, "invalid", delivered - timedelta(days=1))
            self.late(period, "late", delivered + timedelta(hours=1))
        payload = lake_pb2.DatasetUpdated(
            dataset_id=FOUNTAINS_DATASET,
            snapshot_id=str(rng.getrandbits(62)),
            mode="replace",
            rows_added=rng.randint(140, 160),
            total_rows=rng.randint(140, 160),
            access_rights="public",
            contract_id=WATER_CONTRACT,
            updated_at=_stamp(delivered),
        )
        self.emit(
            mapping.dataset_updated(_id("event", "fountains", period), delivered, payload),
            delivered,
        )

    def late(self, period: date, status: str, at: datetime) -> None:
        end = (period + timedelta(days=32)).replace(day=1)
        payload = lake_pb2.DeliveryLate(
            contract_id=WATER_CONTRACT,
            operator="Eaux de la Métropole (démo)",
            dataset_id=FOUNTAINS_DATASET,
            period_start=period.isoformat(),
            period_end=end.isoformat(),
            deadline=_stamp(_at(end + timedelta(days=15), 0)),
            status=status,
            observed_at=_stamp(at),
        )
        self.emit(mapping.delivery_late(_id("event", "late", period, status), at, payload), at)

    # --- the register -----------------------------------------------------------------------

    def register(self) -> None:
        rng, day = self.rng, self.day
        since = (day - self.first).days
        lifecycle = {
            0: (CHAT_SYSTEM, "registered", types_pb2.SYSTEM_STATUS_DRAFT),
            6: (CHAT_SYSTEM, "review", types_pb2.SYSTEM_STATUS_IN_REVIEW),
            13: (CHAT_SYSTEM, "approved", types_pb2.SYSTEM_STATUS_APPROVED),
            20: (AGENTS_SYSTEM, "registered", types_pb2.SYSTEM_STATUS_DRAFT),
            27: (AGENTS_SYSTEM, "review", types_pb2.SYSTEM_STATUS_IN_REVIEW),
            35: (AGENTS_SYSTEM, "approved", types_pb2.SYSTEM_STATUS_APPROVED),
            190: (FORECAST_SYSTEM, "registered", types_pb2.SYSTEM_STATUS_DRAFT),
            200: (FORECAST_SYSTEM, "review", types_pb2.SYSTEM_STATUS_IN_REVIEW),
            214: (FORECAST_SYSTEM, "approved", types_pb2.SYSTEM_STATUS_APPROVED),
            260: (AGENTS_SYSTEM, "suspended", types_pb2.SYSTEM_STATUS_SUSPENDED),
            268: (AGENTS_SYSTEM, "approved-again", types_pb2.SYSTEM_STATUS_APPROVED),
            300: (WASTE_SYSTEM, "registered", types_pb2.SYSTEM_STATUS_DRAFT),
            310: (WASTE_SYSTEM, "review", types_pb2.SYSTEM_STATUS_IN_REVIEW),
        }
        if since in lifecycle:
            system, step, status = lifecycle[since]
            at = _at(day, 10, 30)
            event_id = _id("event", "register", system.key, step)
            if step == "registered":
                registered = register_pb2.SystemRegistered(
                    system_id=system.system_id,
                    purpose=system.purpose,
                    risk_class=system.risk_class,  # type: ignore[arg-type]
                    status=status,
                    version=1,
                    registered_at=_stamp(at),
                )
                self.emit(mapping.system_registered(event_id, at, registered), at)
            else:
                changed = register_pb2.SystemStatusChanged(
                    system_id=system.system_id,
                    status=status,
                    purpose=system.purpose,
                    risk_class=system.risk_class,  # type: ignore[arg-type]
                    changed_at=_stamp(at),
                )
                self.emit(mapping.system_status_changed(event_id, at, changed), at)
        # Problems reported with an answer or a proposal: a few a month.
        if since >= 14 and rng.random() < 0.06:
            system = CHAT_SYSTEM if rng.random() < 0.7 or since < 36 else AGENTS_SYSTEM
            at = _at(day, rng.randint(8, 20), rng.randrange(60))
            severity = _pick(rng, (("low", 0.55), ("medium", 0.33), ("high", 0.12)))
            incident = register_pb2.IncidentReported(
                incident_id=_id("incident", day),
                system_id=system.system_id,
                category=rng.choice(("invented-content", "outdated", "wrong-source")),
                severity=severity,
                reported_at=_stamp(at),
            )
            self.emit(mapping.incident_reported(_id("event", "incident", day), at, incident), at)


def first_day(today: date, months: int = MONTHS) -> date:
    """The first day of the month ``months - 1`` months before ``today``'s."""
    month_index = today.year * 12 + today.month - 1 - (months - 1)
    return date(month_index // 12, month_index % 12 + 1, 1)


def demo_days(today: date, months: int = MONTHS) -> list[date]:
    first = first_day(today, months)
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def demo_facts(
    today: date, *, now: datetime | None = None, months: int = MONTHS, seed: int = SEED
) -> Iterator[Fact]:
    """The demo's facts, day by day, from the first day of the first month to ``today``,
    up to ``now`` (by default, the end of ``today`` in Paris)."""
    first = first_day(today, months)
    until = now if now is not None else _at(today + timedelta(days=1), 0)
    for day in demo_days(today, months):
        yield from _Day(day, first, until, seed).run()


def seed_demo_into(
    writer: SinkWriter,
    today: date,
    *,
    now: datetime | None = None,
    months: int = MONTHS,
    seed: int = SEED,
) -> DemoOutcome:
    """Stage the demo's facts (what was staged before is skipped) and commit them."""
    events = staged = 0
    chunk: list[Fact] = []
    for fact in demo_facts(today, now=now, months=months, seed=seed):
        chunk.append(fact)
        if len(chunk) >= _STAGE_CHUNK:
            events += len(chunk)
            staged += writer.stage(chunk)
            chunk = []
    events += len(chunk)
    staged += writer.stage(chunk)
    committed = writer.flush(force=True)
    return DemoOutcome(
        days=len(demo_days(today, months)), events=events, staged=staged, committed_rows=committed
    )


def seed_demo(settings: OfficialsAnalyticsSettings) -> int:
    """``collectivia-officials-analytics seed-demo``: the demo's months of activity in the
    analytics tables, once (a second run adds only what came since)."""
    storage = StorageSettings()
    engine = create_database_engine(settings.database_url)
    try:
        create_tables(engine, [model.__table__ for model in AREA.tables])
        writer = SinkWriter(
            create_session_factory(engine),
            storage.open_lakehouse(storage.namespace),
            limits=SinkSettings().limits(),
        )
        writer.ensure_tables()
        now = _now()
        outcome = seed_demo_into(writer, now.astimezone(PARIS).date(), now=now, months=MONTHS)
    finally:
        engine.dispose()
    log.info(
        "demo activity: %d days, %d events, %d new, %d rows committed",
        outcome.days,
        outcome.events,
        outcome.staged,
        outcome.committed_rows,
    )
    return 0
