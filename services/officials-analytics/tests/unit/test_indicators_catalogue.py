"""The declarations: every indicator computes on a small fixture of every analytics table
(its exact figure, so that adding an indicator means adding its expected value here), and a
declaration the engine could not compute is refused at import."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from collectivia.officials_analytics.indicators.access import Viewer
from collectivia.officials_analytics.indicators.catalogue import (
    DIMENSION_LABELS,
    INDICATORS,
    QUESTIONS_ASKED,
    check_catalogue,
)
from collectivia.officials_analytics.indicators.declarations import Dimension, Join
from collectivia.officials_analytics.indicators.engine import Indicators
from collectivia.officials_analytics.sink.tables import TABLES, dataset_id
from collectivia.officials_analytics.storage.area import StorageSettings, Warehouse

WOIPPY = "57480"
MONTH = "2026-03"
AT = datetime(2026, 3, 10, 9, tzinfo=UTC)
ADMIN = Viewer(roles=frozenset({"admin"}), communes=())
OFFICIAL = Viewer(roles=frozenset({"official"}), communes=(WOIPPY,))

# Each indicator's figure over the fixture below (the whole period, no dimension).
EXPECTED: dict[str, float] = {
    "questions-posees": 26,
    "reponses-sourcees": 10,
    "questions-refusees": 6,
    "questions-transmises": 5,
    "taux-de-reponse": 57.7,  # 15 of 26
    "satisfaction": 70.0,  # 7 useful of 10
    "demandes-agent": 6,
    "demandes-agent-repondues": 5,
    "delai-reponse-agent": 6.0,  # 2, 4, 6, 8 and 10 hours
    "taches-assistant": 6,
    "minutes-gagnees": 45,
    "propositions-ia-acceptees": 50.0,  # of the 10 reviewed (4 without review)
    "propositions-ia-modifiees": 30.0,
    "propositions-ia-ecartees": 20.0,
    "usages-ia": 14,
    # 10 uses estimated at 0.1, 0.2 ... 1.0 Wh; 4 without an estimate (a model of unknown
    # size), left out of all three.
    "energie-ia": 5.5,
    "co2-ia": 0.286,  # 5.5 Wh at 52 gCO2e/kWh
    "energie-par-usage": 0.55,  # 5.5 Wh over the 10 estimated uses, not over 14
    "systemes-ia-inscrits": 2,
    "incidents-ia": 2,
    "suspensions-ia": 1,
    "livraisons-dsp-en-retard": 3,
    "consommation-eau": 500.0,  # the daily aggregates of 5 meters, not the hourly ones
    "debit-eau": 5.0,  # 250 m3/h over 50 readings
    # The lake's datasets (lake_rows): 2026's budget, counted in January.
    "depenses-votees": 1500.0,  # the real expenses of the primitive budget
    "depenses-realisees": 1300.0,  # the real expenses of the administrative account
    "taux-execution-depenses": 65.0,  # 1300 of the 2000 opened
    "subventions-attribuees": 6,  # to 5 distinct beneficiaries
    "montant-subventions": 2100.0,
    "deliberations-adoptees": 4,
    "livraisons-dsp-recues": 4,  # not the steward's load nor the telemetry's append
    "livraisons-dsp-a-l-heure": 3,  # 4 received, 1 announced late
    "part-livraisons-dsp-a-l-heure": 75.0,
}
# The period of every query: the budget's exercise counts in January, the rest in March.
FIRST = "2026-01"


def rows_of(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    full = [
        {"event_id": str(uuid.uuid4()), "occurred_at": AT, "month": MONTH, **row} for row in rows
    ]
    return pa.Table.from_pylist(full, schema=TABLES[table])


def fixture_rows() -> dict[str, list[dict[str, Any]]]:
    answers: list[dict[str, Any]] = []
    for outcome, sources, count in (
        ("answered", 1, 10),
        ("answered", 0, 5),
        ("refused", 0, 6),
        ("handed_over", 0, 5),
    ):
        answers += [
            {
                "answer_id": f"a-{outcome}-{sources}-{i}",
                "conversation_id": f"c-{outcome}-{sources}-{i}",
                "commune": WOIPPY,
                "theme": "Eau",
                "outcome": outcome,
                "sources_cited": sources,
                "question": "Quand passe la collecte ?",
            }
            for i in range(count)
        ]
    handoffs = [
        {"handoff_id": f"h{i}", "commune": WOIPPY, "theme": "Eau", "channel": "email"}
        for i in range(6)
    ]
    replies = [
        {"handoff_id": f"h{i}", "department": "Eau", "occurred_at": AT + timedelta(hours=2 * i + 2)}
        for i in range(5)
    ]
    reviews = ["accepted"] * 5 + ["edited"] * 3 + ["overridden"] * 2 + ["none"] * 4
    register = [
        ("system-registered", "s1", "approved"),
        ("system-registered", "s2", "draft"),
        ("system-registered", "s2", "draft"),
        ("incident-reported", "s1", ""),
        ("incident-reported", "s2", ""),
        ("system-status-changed", "s1", "suspended"),
        ("system-status-changed", "s2", "approved"),
    ]
    telemetry: list[dict[str, Any]] = []
    for sensor in range(5):
        for period in ("day", "hour"):
            telemetry += [
                {
                    "dataset_id": "eau",
                    "period": period,
                    "sensor_id": f"m{sensor}",
                    "measure": "consommation",
                    "unit": "m3",
                    "commune": WOIPPY,
                    "count": 24,
                    "total": 100.0,
                    "mean": 100 / 24,
                },
                {
                    "dataset_id": "eau",
                    "period": period,
                    "sensor_id": f"d{sensor}",
                    "measure": "debit",
                    "unit": "m3/h",
                    "commune": WOIPPY,
                    "count": 10,
                    "total": 50.0,
                    "mean": 5.0,
                },
            ]
    return {
        "chat_answers": answers,
        "chat_feedback": [
            {"answer_id": f"a-answered-1-{i}", "useful": i < 7, "reasons": ""} for i in range(10)
        ],
        "chat_handoffs": handoffs,
        "chat_handoff_replies": replies,
        "assistant_tasks": [
            {
                "task_id": f"t{i}",
                "task": "resume",
                "department": "Urbanisme",
                "generative": i % 2 == 0,
                "minutes_saved": 5 + i,
            }
            for i in range(6)
        ],
        "ai_uses": [
            {
                "use_id": f"u{i}",
                "system_id": "s1",
                "purpose": "citizen-information",
                "service": "citizen-chat",
                "outcome": "completed",
                "human_review": review,
                "model": "extractive",
                "energy_wh": (i + 1) / 10 if i < 10 else None,
                "co2_g": (i + 1) / 10 / 1000 * 52 if i < 10 else None,
            }
            for i, review in enumerate(reviews)
        ],
        "register_events": [
            {"system_id": system, "kind": kind, "status": status, "risk_class": "limited"}
            for kind, system, status in register
        ],
        "lake_deliveries": [
            {
                "contract_id": "dsp-eau",
                "dataset_id": "eau",
                "period_start": "2026-03-01",
                "status": status,
            }
            for status in ("missing", "late", "invalid")
        ],
        "lake_telemetry": telemetry,
        "lake_updates": [
            {"dataset_id": "eau", "mode": mode, "contract_id": contract}
            for mode, contract in [("replace", "dsp-eau")] * 4
            + [("replace", ""), ("append", "dsp-eau")]
        ],
    }


def lake_rows() -> dict[str, pa.Table]:
    """The lake's datasets as the lake writes them: the national schemas' column names, the
    years as integers, the days as dates, the amounts as doubles."""
    budget = [
        # (exercise, stage, direction, operation, section, opened, spent)
        (2026, "budget primitif", "dépense", "réel", "fonctionnement", 1000.0, None),
        (2026, "budget primitif", "dépense", "réel", "investissement", 500.0, None),
        (2026, "budget primitif", "recette", "réel", "fonctionnement", 9999.0, None),
        (2026, "budget primitif", "dépense", "ordre", "fonctionnement", 777.0, None),
        (2026, "compte administratif", "dépense", "réel", "fonctionnement", 1200.0, 900.0),
        (2026, "compte administratif", "dépense", "réel", "investissement", 800.0, 400.0),
        (2025, "budget primitif", "dépense", "réel", "fonctionnement", 5000.0, None),
    ]
    grants = [
        (date(2026, 3, day), f"Association {min(day, 5)}", "Fonctionnement", 100.0 * day)
        for day in range(1, 7)
    ] + [(date(2025, 12, 1), "Association 9", "Fonctionnement", 50.0)]
    return {
        "budget": pa.table(
            {
                "BGT_ANNEE": pa.array([b[0] for b in budget], pa.int32()),
                "BGT_NATDEC": [b[1] for b in budget],
                "BGT_CODRD": [b[2] for b in budget],
                "BGT_OPBUDG": [b[3] for b in budget],
                "BGT_SECTION": [b[4] for b in budget],
                "BGT_NATURE_LABEL": ["Charges"] * len(budget),
                "BGT_FONCTION_LABEL": ["Services généraux"] * len(budget),
                "BGT_CREDOUV": pa.array([b[5] for b in budget], pa.float64()),
                "BGT_MTREAL": pa.array([b[6] for b in budget], pa.float64()),
            }
        ),
        "subventions-associations": pa.table(
            {
                "dateConvention": pa.array([g[0] for g in grants], pa.date32()),
                "nomBeneficiaire": [g[1] for g in grants],
                "idBeneficiaire": pa.array([None] * len(grants), pa.string()),
                "rnaBeneficiaire": [f"W57{n:07d}" for n in range(len(grants))],
                "objet": [g[2] for g in grants],
                "nature": ["aide en numéraire"] * len(grants),
                "montant": pa.array([g[3] for g in grants], pa.float64()),
            }
        ),
        "deliberations": pa.table(
            {
                "DELIB_DATE": pa.array([date(2026, 3, 12)] * 4 + [date(2026, 4, 9)], pa.date32()),
                "DELIB_MATIERE_NOM": ["Finances locales/Subventions"] * 3
                + ["Urbanisme/Documents d'urbanisme"] * 2,
            }
        ),
    }


@pytest.fixture(scope="module")
def indicators(tmp_path_factory: pytest.TempPathFactory) -> Indicators:
    folder: Path = tmp_path_factory.mktemp("catalogue")
    settings = StorageSettings(
        catalog_url=f"sqlite:///{folder / 'catalog.db'}", warehouse=str(folder / "warehouse")
    )
    warehouse = Warehouse(
        analytics=settings.open_lakehouse("analytics"),
        lake=settings.open_lakehouse("collectivia"),
    )
    for table, rows in fixture_rows().items():
        warehouse.analytics.write(
            dataset_id(table), rows_of(table, rows), load_id=table, operation="test", replace=False
        )
    for dataset, table in lake_rows().items():
        warehouse.lake.write(dataset, table, load_id=dataset, operation="test", replace=True)
    return Indicators(warehouse, today=lambda: date(2026, 4, 2))


def test_every_indicator_has_its_expected_figure() -> None:
    assert sorted(EXPECTED) == sorted(i.name for i in INDICATORS)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.name)
def test_each_indicator_computes(indicators: Indicators, indicator: Any) -> None:
    result = indicators.query(ADMIN, indicator.name, first_month=FIRST, last_month=MONTH)
    [cell] = result.cells
    assert not cell.suppressed
    assert cell.value == EXPECTED[indicator.name]
    # Every dimension it declares groups it.
    for dimension in indicator.dimension_names:
        grouped = indicators.query(
            ADMIN, indicator.name, group_by=[dimension], first_month=FIRST, last_month=MONTH
        )
        assert grouped.cells and all(len(c.dimensions) == 1 for c in grouped.cells), dimension
    if indicator.per_commune:
        mine = indicators.query(OFFICIAL, indicator.name, first_month=FIRST, last_month=MONTH)
        assert [c.value for c in mine.cells] == [EXPECTED[indicator.name]]


def test_a_boolean_dimension_reads_true_or_false(indicators: Indicators) -> None:
    grouped = indicators.query(
        ADMIN, "taches-assistant", group_by=["generative"], first_month=MONTH, last_month=MONTH
    )
    # 3 and 3 tasks: both under the threshold.
    assert [(c.dimensions, c.suppressed) for c in grouped.cells] == [
        (("false",), True),
        (("true",), True),
    ]


def test_declarations_are_complete() -> None:
    for indicator in INDICATORS:
        assert indicator.label and indicator.definition.endswith(".")
        assert indicator.unit and indicator.owner and indicator.sources
        assert indicator.min_group_size >= 1
        for name in indicator.dimension_names:
            assert DIMENSION_LABELS[name]
    # The threshold is lowered only for facts about systems and contracts, not people.
    lowered = {i.name for i in INDICATORS if i.min_group_size < 5}
    assert lowered == {
        "systemes-ia-inscrits",
        "incidents-ia",
        "suspensions-ia",
        "livraisons-dsp-en-retard",
        "depenses-votees",
        "depenses-realisees",
        "taux-execution-depenses",
        "deliberations-adoptees",
        "livraisons-dsp-recues",
        "livraisons-dsp-a-l-heure",
        "part-livraisons-dsp-a-l-heure",
    }


def test_a_declaration_the_engine_could_not_compute_is_refused() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        check_catalogue([QUESTIONS_ASKED, QUESTIONS_ASKED])
    unknown_column = dataclasses.replace(
        QUESTIONS_ASKED, dimensions=(Dimension("theme", "chat_answers.thème"),)
    )
    with pytest.raises(ValueError, match=r"no column chat_answers\.thème"):
        check_catalogue([unknown_column])
    not_read = dataclasses.replace(
        QUESTIONS_ASKED, dimensions=(Dimension("theme", "chat_handoffs.theme"),)
    )
    with pytest.raises(ValueError, match="not of a table it reads"):
        check_catalogue([not_read])
    no_table = dataclasses.replace(QUESTIONS_ASKED, joins=(Join("chat_nothing", on="answer_id"),))
    with pytest.raises(ValueError, match="no analytics table"):
        check_catalogue([no_table])
    no_label = dataclasses.replace(
        QUESTIONS_ASKED, dimensions=(Dimension("mood", "chat_answers.theme"),)
    )
    with pytest.raises(ValueError, match="no French label"):
        check_catalogue([no_label])
    with pytest.raises(ValueError, match="not a slug"):
        check_catalogue([dataclasses.replace(QUESTIONS_ASKED, name="Questions Posées")])
    with pytest.raises(ValueError, match="under 1"):
        check_catalogue([dataclasses.replace(QUESTIONS_ASKED, min_group_size=0)])
