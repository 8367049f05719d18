"""DSP contracts without Kafka or HTTP: the periods owed and their deadlines, the rules of a
declaration, each period's status as deliveries come and the clock turns, and the lateness
watch announcing each status once — again after a restart, never twice."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from google.protobuf.message import Message
from sqlalchemy import Table
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake.contracts.compliance import Compliance, late_key, status_of
from collectivia.data_lake.contracts.models import (
    ContractDatasetRow,
    ContractRow,
    DeliveryPeriodRow,
    DeliveryRow,
)
from collectivia.data_lake.contracts.periods import (
    DeliveryFrequency,
    Period,
    period_of,
    periods_owed,
)
from collectivia.data_lake.contracts.registry import ContractRegistry
from collectivia.data_lake.contracts.schemas import ContractCreate, DeliveryStatus
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.models import DatasetRow
from collectivia.data_lake.datasets.schemas import DatasetCreate
from collectivia.data_lake.datasets.service import Datasets
from collectivia.events.v1 import lake_pb2
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import (
    Conflict,
    DependencyUnavailable,
    PermissionDenied,
    RuleViolation,
)
from collectivia.testkit.french import assert_french

PARIS = ZoneInfo("Europe/Paris")
STEWARD = Reader(roles=frozenset({"data-steward"}), communes=(), client_id="cli", subject="s-1")
WATER = Reader(
    roles=frozenset({"dsp-operator"}), communes=(), client_id="operator-eau-demo", subject="sa-1"
)
OTHER = Reader(
    roles=frozenset({"dsp-operator"}), communes=(), client_id="operator-dechets-demo", subject="x"
)


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[tuple[str, Message]] = []
        self.fail = False

    def add(
        self, session: Session, payload: Message, *, key: str, subject: str | None = None
    ) -> str:
        assert session.in_transaction(), "written with the data it announces"
        if self.fail:  # the outbox could not be written: nothing of the period recorded
            raise DependencyUnavailable("Base de données injoignable.")
        self.published.append((key, payload))
        return "event-id"


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'lake.db'}")
    tables = (DatasetRow, ContractRow, ContractDatasetRow, DeliveryRow, DeliveryPeriodRow)
    create_tables(engine, [cast(Table, t.__table__) for t in tables])
    yield create_session_factory(engine)
    engine.dispose()


@pytest.fixture
def datasets(sessions: sessionmaker[Any]) -> Datasets:
    return Datasets(sessions=sessions)


@pytest.fixture
def registry(sessions: sessionmaker[Any], datasets: Datasets) -> ContractRegistry:
    return ContractRegistry(sessions=sessions, datasets=datasets)


def declare_dataset(datasets: Datasets, dataset_id: str, contract_id: str, **fields: Any) -> None:
    body: dict[str, Any] = {
        "id": dataset_id,
        "title": f"Jeu {dataset_id}",
        "description": "Un jeu de données livré par le délégataire.",
        "publisher": "Métropole de démonstration",
        "contact_name": "Service de la donnée",
        "contact_email": "donnees@collectivite.example",
        "owner_department": "eau",
        "steward": "Thomas Petit",
        "provider": "Eaux de la Métropole",
        "contract_id": contract_id,
    }
    body.update(fields)
    datasets.create(DatasetCreate(**body), by=STEWARD)


def contract_body(contract_id: str, **fields: Any) -> ContractCreate:
    body: dict[str, Any] = {
        "id": contract_id,
        "title": "Délégation du service public de l'eau potable",
        "public_service": "eau-potable",
        "operator_client_id": "operator-eau-demo",
        "operator_name": "Eaux de la Métropole SAS",
        "starts_on": "2025-01-01",
        "ends_on": "2036-12-31",
        "clauses": {"open_data": True, "clause_text": "Article 42 : données du service."},
        "datasets": [
            {"dataset_id": f"{contract_id}-volumes", "frequency": "monthly", "deadline_days": 15}
        ],
    }
    body.update(fields)
    return ContractCreate(**body)


@pytest.fixture
def contract_id(datasets: Datasets, registry: ContractRegistry) -> str:
    contract_id = "dsp-eau-" + uuid.uuid4().hex[:6]
    declare_dataset(datasets, f"{contract_id}-volumes", contract_id)
    registry.declare(contract_body(contract_id), by=STEWARD)
    return contract_id


def compliance_at(
    sessions: sessionmaker[Any], registry: ContractRegistry, publisher: RecordingPublisher
) -> Compliance:
    return Compliance(sessions=sessions, registry=registry, outbox=publisher, zone=PARIS)


def delivery(
    contract_id: str, start: date, *, received_at: datetime, valid: bool = True, rows: int = 10
) -> DeliveryRow:
    period = period_of(DeliveryFrequency.MONTHLY, start)
    deadline = period.deadline(15, PARIS)
    return DeliveryRow(
        id=uuid.uuid4().hex,
        contract_id=contract_id,
        dataset_id=f"{contract_id}-volumes",
        period_start=period.start,
        period_end=period.end,
        deadline=deadline,
        received_at=received_at,
        on_time=received_at < deadline,
        valid=valid,
        complete=valid and rows > 0,
        rows=rows if valid else 0,
        filename="volumes.csv",
        load_id=uuid.uuid4().hex,
        quarantine_id=None if valid else uuid.uuid4().hex,
        snapshot_id=1 if valid else None,
        detail="" if valid else "Le fichier n'est pas conforme.",
    )


def test_periods_are_calendar_periods_with_deadlines_at_midnight_in_paris() -> None:
    assert period_of(DeliveryFrequency.MONTHLY, date(2026, 1, 20)) == Period(
        date(2026, 1, 1), date(2026, 2, 1)
    )
    assert period_of(DeliveryFrequency.QUARTERLY, date(2026, 11, 3)) == Period(
        date(2026, 10, 1), date(2027, 1, 1)
    )
    assert period_of(DeliveryFrequency.YEARLY, date(2026, 6, 1)).end == date(2027, 1, 1)
    assert period_of(DeliveryFrequency.DAILY, date(2026, 2, 28)).end == date(2026, 3, 1)
    january = period_of(DeliveryFrequency.MONTHLY, date(2026, 1, 1))
    # Due before 16 February, 00:00 Paris time (23:00 UTC the day before, in winter).
    assert january.deadline(15, PARIS) == datetime(2026, 2, 15, 23, 0, tzinfo=UTC)
    owed = list(
        periods_owed(
            DeliveryFrequency.QUARTERLY,
            date(2025, 2, 15),
            date(2025, 12, 31),
            until=date(2030, 1, 1),
        )
    )
    # The quarter the contract starts in is owed, up to the term's last day.
    assert [p.start for p in owed] == [
        date(2025, 1, 1),
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
    ]
    assert (
        list(
            periods_owed(
                DeliveryFrequency.CONTINUOUS,
                date(2025, 1, 1),
                date(2026, 1, 1),
                until=date(2026, 1, 1),
            )
        )
        == []
    )


def test_a_period_status_follows_the_facts_and_the_clock() -> None:
    deadline = datetime(2026, 2, 15, 23, tzinfo=UTC)
    before, after = deadline - timedelta(hours=1), deadline + timedelta(hours=1)
    assert status_of(deadline=deadline, received=0, settled_at=None, now=before) is (
        DeliveryStatus.PENDING
    )
    assert status_of(deadline=deadline, received=0, settled_at=None, now=after) is (
        DeliveryStatus.MISSING
    )
    assert status_of(deadline=deadline, received=2, settled_at=None, now=after) is (
        DeliveryStatus.INVALID
    )
    assert status_of(deadline=deadline, received=1, settled_at=before, now=after) is (
        DeliveryStatus.ON_TIME
    )
    assert status_of(deadline=deadline, received=1, settled_at=after, now=after) is (
        DeliveryStatus.LATE
    )


def test_a_declaration_keeps_the_rules_of_data_clauses(
    datasets: Datasets, registry: ContractRegistry
) -> None:
    declare_dataset(datasets, "dsp-x-volumes", "dsp-x")
    declare_dataset(datasets, "dsp-y-volumes", "dsp-y")
    with pytest.raises(PermissionDenied):
        registry.declare(contract_body("dsp-x"), by=WATER)
    with pytest.raises(RuleViolation) as no_exemption:
        registry.declare(
            contract_body("dsp-x", clauses={"open_data": False, "open_data_exemption": "Secret."}),
            by=STEWARD,
        )
    assert no_exemption.value.rule == "exemption-open-data-publiee"
    assert "L3131-2" in no_exemption.value.detail
    with pytest.raises(RuleViolation) as term:
        registry.declare(contract_body("dsp-x", ends_on="2024-12-31"), by=STEWARD)
    assert term.value.rule == "duree-du-contrat"
    with pytest.raises(RuleViolation) as assets:
        registry.declare(
            contract_body(
                "dsp-x", clauses={"returned_assets": True, "returned_assets_dataset_id": "autre"}
            ),
            by=STEWARD,
        )
    assert assets.value.rule == "inventaire-des-biens-de-retour"
    with pytest.raises(RuleViolation) as wrong:
        registry.declare(
            contract_body(
                "dsp-x",
                datasets=[
                    {"dataset_id": "dsp-y-volumes", "frequency": "monthly"},
                    {"dataset_id": "inconnu", "frequency": "monthly"},
                    {"dataset_id": "dsp-x-volumes", "frequency": "continuous"},
                ],
            ),
            by=STEWARD,
        )
    assert wrong.value.rule == "jeux-de-donnees-du-contrat"
    assert [e.field for e in wrong.value.errors] == ["datasets[0]", "datasets[1]", "datasets[2]"]
    assert_french(wrong.value.detail)
    exempted = registry.declare(
        contract_body(
            "dsp-x",
            clauses={
                "open_data": False,
                "open_data_exemption": "Décision motivée n° 2025-12 : secret industriel.",
                "open_data_exemption_url": "https://collectivite.example/deliberations/2025-12",
                "returned_assets": True,
                "returned_assets_dataset_id": "dsp-x-volumes",
            },
        ),
        by=STEWARD,
    )
    assert exempted.clauses.returned_assets_dataset_id == "dsp-x-volumes"
    with pytest.raises(Conflict):
        registry.declare(contract_body("dsp-x"), by=STEWARD)
    # Each operator sees its own contracts; a steward sees them all.
    assert [c.id for c in registry.list_visible(reader=WATER)] == ["dsp-x"]
    assert registry.list_visible(reader=OTHER) == []
    with pytest.raises(PermissionDenied):
        registry.get("dsp-x", reader=OTHER)


def test_compliance_counts_on_time_late_invalid_missing_and_pending(
    sessions: sessionmaker[Any], registry: ContractRegistry, contract_id: str
) -> None:
    compliance = compliance_at(sessions, registry, RecordingPublisher())
    compliance.record_delivery(
        registry.describe(contract_id),
        delivery(contract_id, date(2025, 1, 1), received_at=datetime(2025, 2, 3, tzinfo=UTC)),
    )
    compliance.record_delivery(
        registry.describe(contract_id),
        delivery(contract_id, date(2025, 2, 1), received_at=datetime(2025, 4, 1, tzinfo=UTC)),
    )
    compliance.record_delivery(
        registry.describe(contract_id),
        delivery(
            contract_id, date(2025, 3, 1), received_at=datetime(2025, 4, 2, tzinfo=UTC), valid=False
        ),
    )
    report = compliance.report(contract_id, reader=WATER, now=datetime(2025, 5, 10, tzinfo=UTC))
    (volumes,) = report.datasets
    statuses = [p.status.value for p in volumes.periods]
    # January on time, February late, March invalid; April is due by 16 May (pending on
    # 10 May), May under way.
    assert statuses == ["on_time", "late", "invalid", "pending", "pending"]
    assert (volumes.expected, volumes.received, volumes.on_time, volumes.late) == (5, 3, 1, 1)
    assert (volumes.invalid, volumes.missing, volumes.pending) == (1, 0, 2)
    later = compliance.report(contract_id, reader=STEWARD, now=datetime(2025, 5, 20, tzinfo=UTC))
    assert later.datasets[0].periods[3].status is DeliveryStatus.MISSING
    assert later.datasets[0].periods[3].status_label == "manquante, délai dépassé"
    with pytest.raises(PermissionDenied):
        compliance.report(contract_id, reader=OTHER)


def test_the_watch_announces_each_status_once_even_after_a_restart(
    sessions: sessionmaker[Any], registry: ContractRegistry, contract_id: str
) -> None:
    publisher = RecordingPublisher()
    compliance = compliance_at(sessions, registry, publisher)
    contract = registry.describe(contract_id)
    compliance.record_delivery(
        contract,
        delivery(contract_id, date(2025, 1, 1), received_at=datetime(2025, 2, 3, tzinfo=UTC)),
    )
    compliance.record_delivery(
        contract,
        delivery(
            contract_id, date(2025, 2, 1), received_at=datetime(2025, 3, 2, tzinfo=UTC), valid=False
        ),
    )
    now = datetime(2025, 4, 20, tzinfo=UTC)
    # February: invalid; March: missing (due 16 April); January was on time; April pending.
    assert compliance.announce_overdue(now) == 2
    assert [key for key, _ in publisher.published] == [
        late_key(contract_id, f"{contract_id}-volumes", date(2025, 2, 1)),
        late_key(contract_id, f"{contract_id}-volumes", date(2025, 3, 1)),
    ]
    event = publisher.published[1][1]
    assert isinstance(event, lake_pb2.DeliveryLate)
    assert (event.status, event.period_start, event.period_end) == (
        "missing",
        "2025-03-01",
        "2025-04-01",
    )
    assert event.operator == "Eaux de la Métropole SAS"
    assert event.deadline.ToDatetime(UTC) == datetime(2025, 4, 15, 22, tzinfo=UTC)
    # Another round, and a restarted service: nothing new to say.
    assert compliance.announce_overdue(now) == 0
    assert compliance_at(sessions, registry, publisher).announce_overdue(now) == 0
    # March comes, late: announced as late, once.
    compliance.record_delivery(
        contract,
        delivery(contract_id, date(2025, 3, 1), received_at=datetime(2025, 4, 21, tzinfo=UTC)),
    )
    march = period_of(DeliveryFrequency.MONTHLY, date(2025, 3, 1))
    assert compliance.announce_period(
        contract, f"{contract_id}-volumes", march, now=datetime(2025, 4, 21, tzinfo=UTC)
    )
    assert [e.status for _, e in publisher.published] == ["invalid", "missing", "late"]  # type: ignore[attr-defined]
    assert compliance.announce_overdue(datetime(2025, 4, 22, tzinfo=UTC)) == 0


def test_an_announcement_that_cannot_be_written_is_left_for_the_next_round(
    sessions: sessionmaker[Any], registry: ContractRegistry, contract_id: str
) -> None:
    publisher = RecordingPublisher()
    compliance = compliance_at(sessions, registry, publisher)
    publisher.fail = True
    assert compliance.announce_overdue(datetime(2025, 3, 20, tzinfo=UTC)) == 0
    publisher.fail = False
    # January and February missing, both announced at the next round.
    assert compliance.announce_overdue(datetime(2025, 3, 20, tzinfo=UTC)) == 2
