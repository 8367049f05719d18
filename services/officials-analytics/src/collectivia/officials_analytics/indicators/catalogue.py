"""The indicators, each declared once: what it measures (French label and definition, as the
pages show them), its unit, its formula over the analytics tables, the dimensions it may be
grouped by, who answers for it, where it comes from and its privacy threshold.

Adding an indicator is adding a declaration here (and its test in
``tests/unit/test_indicators_catalogue.py``); ``check_catalogue`` refuses, at import, a
declaration that names a table or column the analytics tables do not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from collectivia.officials_analytics.indicators.declarations import (
    AtLeast,
    Average,
    Count,
    CountDistinct,
    CountLess,
    Dimension,
    Elapsed,
    Equals,
    Indicator,
    Join,
    Median,
    MonthOf,
    OneOf,
    RatioOfSums,
    Share,
    Source,
    Sum,
    referenced_columns,
    split,
)
from collectivia.officials_analytics.indicators.territory import TERRITORY
from collectivia.officials_analytics.sink.tables import TABLES

# The dimensions' French names, for the pages and the exports' documentation.
DIMENSION_LABELS: Mapping[str, str] = {
    "month": "Mois",
    "commune": "Commune (code INSEE)",
    "theme": "Thème",
    "outcome": "Issue",
    "channel": "Canal de réponse demandé",
    "department": "Service",
    "task": "Tâche",
    "generative": "Rédigée par le modèle génératif",
    "purpose": "Finalité déclarée au registre",
    "service": "Application",
    "risk": "Classe de risque",
    "contract": "Contrat de DSP",
    "dataset": "Jeu de données",
    "status": "Statut",
    "exercise": "Exercice budgétaire",
    "section": "Section (fonctionnement, investissement)",
    "nature": "Nature (chapitre)",
    "function": "Fonction",
    "object": "Objet de la subvention",
    "aid_nature": "Nature de l'aide",
    "beneficiary_category": "Catégorie de bénéficiaire",
    "subject": "Matière de la délibération",
}

# The values the sink writes (sink/tables.py): the chat's outcomes, the reviews of AI uses,
# the register's kinds of events.
ANSWERED, REFUSED, HANDED_OVER = "answered", "refused", "handed_over"
REVIEWED = ("accepted", "edited", "overridden")
SYSTEM_REGISTERED = "system-registered"
SYSTEM_STATUS_CHANGED = "system-status-changed"
INCIDENT_REPORTED = "incident-reported"

CITIZEN_RELATIONS = "Direction de la relation citoyenne"
DIGITAL = "Direction du numérique"
WATER = "Direction de l'eau et de l'assainissement"
CONTRACTS = "Direction de la commande publique"

# --- the citizen chat ---------------------------------------------------------------------

_ANSWERS = Source("chat_answers")
_ANSWER_DIMENSIONS = (
    Dimension("theme", "chat_answers.theme"),
    Dimension("outcome", "chat_answers.outcome"),
)


def _answers(name: str, label: str, definition: str, *where: Equals | OneOf | AtLeast) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=definition,
        unit="questions",
        source=_ANSWERS,
        aggregate=Count(),
        month="chat_answers.month",
        commune="chat_answers.commune",
        owner=CITIZEN_RELATIONS,
        sources=("chat.answer-produced",),
        dimensions=_ANSWER_DIMENSIONS,
        where=where,
        # A group is shown when enough distinct conversations (people) make it.
        privacy_unit="chat_answers.conversation_id",
    )


QUESTIONS_ASKED = _answers(
    "questions-posees",
    "Questions posées",
    "Nombre de questions posées à l'assistant de la collectivité par les habitants, quelle "
    "qu'en soit l'issue.",
)
ANSWERED_WITH_SOURCES = _answers(
    "reponses-sourcees",
    "Réponses avec sources",
    "Nombre de questions auxquelles l'assistant a répondu en citant au moins une page "
    "publiée par la collectivité.",
    Equals("chat_answers.outcome", ANSWERED),
    AtLeast("chat_answers.sources_cited", 1),
)
REFUSED_QUESTIONS = _answers(
    "questions-refusees",
    "Questions sans réponse",
    "Nombre de questions auxquelles l'assistant a répondu « je ne sais pas » (confiance "
    "insuffisante, ou hors des compétences de la collectivité).",
    Equals("chat_answers.outcome", REFUSED),
)
HANDED_OVER_QUESTIONS = _answers(
    "questions-transmises",
    "Questions transmises à un agent",
    "Nombre de questions dont la réponse a été confiée à un agent de la collectivité.",
    Equals("chat_answers.outcome", HANDED_OVER),
)
ANSWER_RATE = Indicator(
    name="taux-de-reponse",
    label="Taux de réponse",
    definition="Part des questions posées auxquelles l'assistant a répondu lui-même (ni refus "
    "ni transmission à un agent).",
    unit="%",
    source=_ANSWERS,
    aggregate=Share((Equals("chat_answers.outcome", ANSWERED),)),
    month="chat_answers.month",
    commune="chat_answers.commune",
    owner=CITIZEN_RELATIONS,
    sources=("chat.answer-produced",),
    dimensions=(Dimension("theme", "chat_answers.theme"),),
    privacy_unit="chat_answers.conversation_id",
    decimals=1,
)
SATISFACTION = Indicator(
    name="satisfaction",
    label="Réponses jugées utiles",
    definition="Part des avis donnés par les habitants sur une réponse de l'assistant qui la "
    "jugent utile (mois de l'avis ; commune et thème de la question).",
    unit="%",
    source=Source("chat_feedback"),
    joins=(Join("chat_answers", on="answer_id"),),
    aggregate=Share((Equals("chat_feedback.useful", True),)),
    month="chat_feedback.month",
    commune="chat_answers.commune",
    owner=CITIZEN_RELATIONS,
    sources=("chat.feedback-given", "chat.answer-produced"),
    dimensions=(Dimension("theme", "chat_answers.theme"),),
    privacy_unit="chat_answers.conversation_id",
    decimals=1,
)

# --- handoffs to agents ------------------------------------------------------------------

_HANDOFFS = Source("chat_handoffs")
_HANDOFF_DIMENSIONS = (
    Dimension("theme", "chat_handoffs.theme"),
    Dimension("channel", "chat_handoffs.channel"),
)
_FIRST_REPLY = Join("chat_handoff_replies", on="handoff_id", first_only=True)

HANDOFFS = Indicator(
    name="demandes-agent",
    label="Demandes transmises à un agent",
    definition="Nombre de demandes d'habitants transmises par l'assistant à un agent de la "
    "collectivité (mois de la demande).",
    unit="demandes",
    source=_HANDOFFS,
    aggregate=Count(),
    month="chat_handoffs.month",
    commune="chat_handoffs.commune",
    owner=CITIZEN_RELATIONS,
    sources=("chat.handoff-requested",),
    dimensions=_HANDOFF_DIMENSIONS,
)
HANDOFFS_REPLIED = Indicator(
    name="demandes-agent-repondues",
    label="Demandes auxquelles un agent a répondu",
    definition="Nombre de demandes transmises à un agent dont la réponse est parvenue à "
    "l'habitant (mois de la demande).",
    unit="demandes",
    source=_HANDOFFS,
    joins=(_FIRST_REPLY,),
    aggregate=CountDistinct("chat_handoffs.handoff_id"),
    month="chat_handoffs.month",
    commune="chat_handoffs.commune",
    owner=CITIZEN_RELATIONS,
    sources=("chat.handoff-requested", "chat.handoff-resolved"),
    dimensions=(*_HANDOFF_DIMENSIONS, Dimension("department", "chat_handoff_replies.department")),
    privacy_unit="chat_handoffs.handoff_id",
)
HANDOFF_REPLY_DELAY = Indicator(
    name="delai-reponse-agent",
    label="Délai médian de réponse d'un agent",
    definition="Temps médian, en heures, entre la demande d'un habitant transmise à un agent et "
    "la première réponse de l'agent (demandes répondues, mois de la demande).",
    unit="heures",
    source=_HANDOFFS,
    joins=(_FIRST_REPLY,),
    aggregate=Median(Elapsed("chat_handoffs.occurred_at", "chat_handoff_replies.occurred_at")),
    month="chat_handoffs.month",
    commune="chat_handoffs.commune",
    owner=CITIZEN_RELATIONS,
    sources=("chat.handoff-requested", "chat.handoff-resolved"),
    dimensions=(*_HANDOFF_DIMENSIONS, Dimension("department", "chat_handoff_replies.department")),
    privacy_unit="chat_handoffs.handoff_id",
    decimals=1,
)

# --- the agents' assistant (the whole collectivity: tasks have no commune) ---------------

_TASKS = Source("assistant_tasks")
_TASK_DIMENSIONS = (
    Dimension("department", "assistant_tasks.department"),
    Dimension("task", "assistant_tasks.task"),
)
ASSISTANT_TASKS = Indicator(
    name="taches-assistant",
    label="Tâches faites avec l'assistant des agents",
    definition="Nombre de tâches (résumés, brouillons de réponse, routage...) menées à bien par "
    "les agents avec leur assistant, par service.",
    unit="tâches",
    source=_TASKS,
    aggregate=Count(),
    month="assistant_tasks.month",
    commune=None,
    owner=DIGITAL,
    sources=("assistant.task-completed",),
    dimensions=(*_TASK_DIMENSIONS, Dimension("generative", "assistant_tasks.generative")),
)
MINUTES_SAVED = Indicator(
    name="minutes-gagnees",
    label="Temps gagné déclaré",
    definition="Somme des minutes que les agents déclarent avoir gagnées grâce à leur "
    "assistant, par service.",
    unit="minutes",
    source=_TASKS,
    aggregate=Sum("assistant_tasks.minutes_saved"),
    month="assistant_tasks.month",
    commune=None,
    owner=DIGITAL,
    sources=("assistant.task-completed",),
    dimensions=_TASK_DIMENSIONS,
)

# --- AI uses (ai.used; the whole collectivity) -------------------------------------------

_USES = Source("ai_uses")
_USE_DIMENSIONS = (
    Dimension("purpose", "ai_uses.purpose"),
    Dimension("service", "ai_uses.service"),
)


def _reviewed(name: str, label: str, review: str, what: str) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=f"Part des propositions d'une IA relues par un agent que l'agent {what} "
        "(parmi celles acceptées, modifiées ou écartées).",
        unit="%",
        source=_USES,
        aggregate=Share((Equals("ai_uses.human_review", review),)),
        month="ai_uses.month",
        commune=None,
        owner=DIGITAL,
        sources=("ai.used",),
        dimensions=_USE_DIMENSIONS,
        where=(OneOf("ai_uses.human_review", REVIEWED),),
        decimals=1,
    )


AI_ACCEPTED = _reviewed(
    "propositions-ia-acceptees",
    "Propositions de l'IA acceptées",
    "accepted",
    "a acceptées telles quelles",
)
AI_EDITED = _reviewed(
    "propositions-ia-modifiees", "Propositions de l'IA modifiées", "edited", "a modifiées"
)
AI_OVERRIDDEN = _reviewed(
    "propositions-ia-ecartees",
    "Propositions de l'IA écartées",
    "overridden",
    "a écartées pour décider autrement",
)
AI_USES = Indicator(
    name="usages-ia",
    label="Usages de l'IA",
    definition="Nombre d'usages d'un système d'IA inscrit au registre, par finalité déclarée "
    "et par application.",
    unit="usages",
    source=_USES,
    aggregate=Count(),
    month="ai_uses.month",
    commune=None,
    owner=DIGITAL,
    sources=("ai.used",),
    dimensions=(*_USE_DIMENSIONS, Dimension("outcome", "ai_uses.outcome")),
)

# What the uses consumed, as the services estimated it (ai.used's energy_wh; co2_g from it
# with the sink's factor). Only the uses with an estimate count (a model whose size was not
# declared has none): the filter keeps them, their sums and counts agree.
_ESTIMATED = (AtLeast("ai_uses.energy_wh", 0),)
_ENERGY_METHOD = (
    "Traitements sur les serveurs de la collectivité (réponses citées, résumés locaux, "
    "prévisions) : temps de processeur mesuré, multiplié par la puissance d'un cœur (3,5 W "
    "par défaut, coefficients de Cloud Carbon Footprint) et par le PUE du centre de données. "
    "Appels au modèle génératif : méthode publiée d'EcoLogits, à partir de la taille déclarée "
    "du modèle, des jetons générés et de la durée de l'appel ; elle suppose un serveur type "
    "(8 GPU) et non l'infrastructure réelle de l'hébergeur. Une estimation, pas une mesure : "
    "les usages d'un modèle dont la taille n'est pas déclarée ne sont pas comptés."
)
AI_ENERGY = Indicator(
    name="energie-ia",
    label="Énergie consommée par l'IA (estimation)",
    definition="Estimation de l'énergie électrique consommée par les usages de l'IA de la "
    f"suite, en wattheures, par finalité et par application. {_ENERGY_METHOD}",
    unit="Wh",
    source=_USES,
    aggregate=Sum("ai_uses.energy_wh"),
    month="ai_uses.month",
    commune=None,
    owner=DIGITAL,
    sources=("ai.used",),
    dimensions=_USE_DIMENSIONS,
    where=_ESTIMATED,
    decimals=3,
)
AI_CO2 = Indicator(
    name="co2-ia",
    label="Émissions de CO2 de l'IA (estimation)",
    definition="Estimation des émissions de gaz à effet de serre dues à l'électricité "
    "consommée par les usages de l'IA, en grammes d'équivalent CO2 : l'énergie estimée "
    "multipliée par le facteur d'émission de l'électricité en France (ADEME, Base Empreinte, "
    "mix moyen de consommation : 52 g CO2e par kWh par défaut). Ni la fabrication des "
    f"serveurs et des GPU, ni le réseau ne sont comptés. {_ENERGY_METHOD}",
    unit="g CO2e",
    source=_USES,
    aggregate=Sum("ai_uses.co2_g"),
    month="ai_uses.month",
    commune=None,
    owner=DIGITAL,
    sources=("ai.used",),
    dimensions=_USE_DIMENSIONS,
    where=_ESTIMATED,
    decimals=3,
)
AI_ENERGY_PER_USE = Indicator(
    name="energie-par-usage",
    label="Énergie par usage de l'IA (estimation)",
    definition="Énergie estimée des usages de l'IA divisée par leur nombre (rapport de deux "
    "sommes sur la période et le groupe), en wattheures par usage : une réponse qui cite ses "
    "sources consomme bien moins qu'un brouillon écrit par un modèle génératif. "
    f"{_ENERGY_METHOD}",
    unit="Wh par usage",
    source=_USES,
    aggregate=Average("ai_uses.energy_wh"),
    month="ai_uses.month",
    commune=None,
    owner=DIGITAL,
    sources=("ai.used",),
    dimensions=_USE_DIMENSIONS,
    where=_ESTIMATED,
    decimals=5,
)

# --- the ethics register: facts about systems, not people (threshold 1) ------------------

_REGISTER = Source("register_events")


def _register(
    name: str, label: str, definition: str, unit: str, *where: Equals, distinct: bool = False
) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=definition,
        unit=unit,
        source=_REGISTER,
        aggregate=CountDistinct("register_events.system_id") if distinct else Count(),
        month="register_events.month",
        commune=None,
        owner="Comité d'éthique du numérique",
        sources=(f"register.{where[0].value}",),
        dimensions=(Dimension("risk", "register_events.risk_class"),),
        where=where,
        # Systems, incidents and statuses are the collectivity's, not a person's: no
        # threshold.
        min_group_size=1,
    )


SYSTEMS_REGISTERED = _register(
    "systemes-ia-inscrits",
    "Systèmes d'IA inscrits au registre",
    "Nombre de systèmes d'IA inscrits au registre public de la collectivité.",
    "systèmes",
    Equals("register_events.kind", SYSTEM_REGISTERED),
    distinct=True,
)
INCIDENTS = _register(
    "incidents-ia",
    "Incidents signalés sur une IA",
    "Nombre d'incidents signalés au registre sur une sortie d'un système d'IA.",
    "incidents",
    Equals("register_events.kind", INCIDENT_REPORTED),
)
SUSPENSIONS = _register(
    "suspensions-ia",
    "Suspensions de systèmes d'IA",
    "Nombre de fois où un système d'IA a été suspendu par le comité d'éthique.",
    "suspensions",
    Equals("register_events.kind", SYSTEM_STATUS_CHANGED),
    Equals("register_events.status", "suspended"),
)

# --- the territory: DSP operators and water telemetry ------------------------------------

LATE_DELIVERIES = Indicator(
    name="livraisons-dsp-en-retard",
    label="Livraisons de données des délégataires en retard",
    definition="Nombre de livraisons de données dues par un délégataire de service public "
    "(DSP) absentes, invalides ou arrivées après l'échéance, par contrat.",
    unit="livraisons",
    source=Source("lake_deliveries"),
    aggregate=Count(),
    month="lake_deliveries.month",
    commune=None,
    owner=CONTRACTS,
    sources=("lake.delivery-late",),
    dimensions=(
        Dimension("contract", "lake_deliveries.contract_id"),
        Dimension("dataset", "lake_deliveries.dataset_id"),
        Dimension("status", "lake_deliveries.status"),
    ),
    # A company's obligations under a public contract, not a person's.
    min_group_size=1,
)


def _water(
    name: str,
    label: str,
    definition: str,
    unit: str,
    measure: str,
    aggregate: Sum | RatioOfSums,
    decimals: int = 0,
) -> Indicator:
    return Indicator(
        name=name,
        label=label,
        definition=definition,
        unit=unit,
        source=Source("lake_telemetry"),
        month="lake_telemetry.month",
        commune="lake_telemetry.commune",
        owner=WATER,
        sources=("lake.telemetry-aggregated",),
        dimensions=(Dimension("dataset", "lake_telemetry.dataset_id"),),
        # The daily aggregates only (the hourly ones cover the same readings).
        where=(
            Equals("lake_telemetry.period", "day"),
            Equals("lake_telemetry.measure", measure),
        ),
        # A meter may be a household's: a commune's figure needs enough sensors.
        privacy_unit="lake_telemetry.sensor_id",
        aggregate=aggregate,
        decimals=decimals,
    )


WATER_CONSUMPTION = _water(
    "consommation-eau",
    "Consommation d'eau relevée",
    "Somme des volumes d'eau relevés par les compteurs télérelevés du délégataire (agrégats "
    "journaliers), par commune.",
    "m3",
    "consommation",
    aggregate=Sum("lake_telemetry.total"),
)
WATER_FLOW = _water(
    "debit-eau",
    "Débit moyen du réseau d'eau",
    "Débit moyen mesuré par les capteurs du réseau d'eau (moyenne des relevés, agrégats "
    "journaliers), par commune.",
    "m3/h",
    "debit",
    aggregate=RatioOfSums("lake_telemetry.total", "lake_telemetry.count"),
    decimals=2,
)

INDICATORS: tuple[Indicator, ...] = (
    QUESTIONS_ASKED,
    ANSWERED_WITH_SOURCES,
    REFUSED_QUESTIONS,
    HANDED_OVER_QUESTIONS,
    ANSWER_RATE,
    SATISFACTION,
    HANDOFFS,
    HANDOFFS_REPLIED,
    HANDOFF_REPLY_DELAY,
    ASSISTANT_TASKS,
    MINUTES_SAVED,
    AI_ACCEPTED,
    AI_EDITED,
    AI_OVERRIDDEN,
    AI_USES,
    AI_ENERGY,
    AI_CO2,
    AI_ENERGY_PER_USE,
    SYSTEMS_REGISTERED,
    INCIDENTS,
    SUSPENSIONS,
    LATE_DELIVERIES,
    WATER_CONSUMPTION,
    WATER_FLOW,
    *TERRITORY,
)

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def check_catalogue(indicators: Sequence[Indicator]) -> None:
    """Refuse a declaration the engine could not compute: a repeated or malformed name, a
    table or column the analytics tables lack, a join on an undeclared table, a dimension
    without a French label, a threshold under 1. Lake datasets' columns are not known here:
    they are checked when read."""
    names = [i.name for i in indicators]
    if len(set(names)) != len(names):
        raise ValueError(
            f"indicator declared twice: {sorted(n for n in names if names.count(n) > 1)}"
        )
    for indicator in indicators:
        if not indicator.name or not set(indicator.name) <= _NAME_CHARS:
            raise ValueError(f"indicator name not a slug: {indicator.name!r}")
        if indicator.min_group_size < 1:
            raise ValueError(f"{indicator.name}: min_group_size under 1")
        dimension_names = indicator.dimension_names
        if len(set(dimension_names)) != len(dimension_names):
            raise ValueError(f"{indicator.name}: a dimension declared twice")
        for name in dimension_names:
            if name not in DIMENSION_LABELS:
                raise ValueError(f"{indicator.name}: dimension {name!r} has no French label")
        tables = dict(indicator.tables)
        for column in referenced_columns(indicator):
            table, name = split(column)
            if table not in tables:
                raise ValueError(f"{indicator.name}: {column} is not of a table it reads")
            if tables[table] == "analytics":
                schema = TABLES.get(table)
                if schema is None:
                    raise ValueError(f"{indicator.name}: no analytics table {table!r}")
                if name not in schema.names:
                    raise ValueError(f"{indicator.name}: no column {column}")
        _check_derived(indicator, tables)


def _check_derived(indicator: Indicator, tables: Mapping[str, str]) -> None:
    """A month derived from a date only on a lake dataset (the analytics tables have their
    month); the difference of two tables' counts without joins or privacy unit (its groups'
    size is the rows counted), on plain months."""
    if isinstance(indicator.month, MonthOf):
        table, _name = split(indicator.month.column)
        if tables.get(table) != "lake":
            raise ValueError(
                f"{indicator.name}: a month derived from a date of {table!r}, not a lake dataset"
            )
    if isinstance(indicator.aggregate, CountLess):
        if indicator.joins or isinstance(indicator.month, MonthOf) or indicator.privacy_unit:
            raise ValueError(
                f"{indicator.name}: CountLess needs no joins, a month column, no privacy unit"
            )
        if any(split(d.column)[0] != indicator.source.table for d in indicator.all_dimensions):
            raise ValueError(f"{indicator.name}: CountLess groups by the source's columns only")


check_catalogue(INDICATORS)
