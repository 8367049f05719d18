"""The DSP contracts the collectivity holds: who operates which public service, until when,
what the contract says about data (returned assets, open data or its published exemption,
Code de la commande publique L3131-2 et suivants), and which datasets the operator owes,
how often and by when.

Data stewards declare contracts; each operator sees its own (its client credentials'
client id, the token's ``azp``, names it in the contract)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collectivia.data_lake import messages
from collectivia.data_lake.contracts.models import ContractDatasetRow, ContractRow
from collectivia.data_lake.contracts.periods import DeliveryFrequency
from collectivia.data_lake.contracts.schemas import (
    ContractCreate,
    ContractRead,
    DataClauses,
    DatasetObligation,
    MeasureRange,
    PublicService,
)
from collectivia.data_lake.datasets.access import Reader
from collectivia.data_lake.datasets.schemas import DatasetKind
from collectivia.data_lake.datasets.service import Datasets
from collectivia.platform.errors import (
    Conflict,
    FieldError,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

# The realm role of the DSP operators' service accounts.
OPERATOR_ROLE = "dsp-operator"
# Rules a declaration can break (the problem's ``rule``).
TERM_RULE = "duree-du-contrat"
OPEN_DATA_RULE = "exemption-open-data-publiee"
RETURNED_ASSETS_RULE = "inventaire-des-biens-de-retour"
DATASETS_RULE = "jeux-de-donnees-du-contrat"


def _now() -> datetime:
    return datetime.now(UTC)


def is_operator_of(contract: ContractRead, reader: Reader) -> bool:
    """``reader`` is the contract's operator: its service account, by client id."""
    return OPERATOR_ROLE in reader.roles and reader.client_id == contract.operator_client_id


class ContractRegistry:
    def __init__(
        self,
        *,
        sessions: sessionmaker[Any],
        datasets: Datasets,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._sessions = sessions
        self._datasets = datasets
        self._clock = clock

    def declare(self, body: ContractCreate, *, by: Reader) -> ContractRead:
        if not by.is_steward:
            raise PermissionDenied(messages.CONTRACT_STEWARD_REQUIRED)
        self._check(body)
        contract = ContractRow(
            id=body.id,
            title=body.title,
            public_service=body.public_service.value,
            operator_client_id=body.operator_client_id,
            operator_name=body.operator_name,
            operator_siren=body.operator_siren,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            clauses=body.clauses.model_dump(),
            declared_by=by.subject or by.client_id,
            created_at=self._clock(),
        )
        obligations = [
            ContractDatasetRow(
                contract_id=body.id,
                dataset_id=o.dataset_id,
                frequency=o.frequency.value,
                deadline_days=o.deadline_days,
                measures=[m.model_dump() for m in o.measures],
            )
            for o in body.datasets
        ]
        with self._sessions.begin() as session:
            if session.get(ContractRow, body.id) is not None:
                raise Conflict(messages.CONTRACT_EXISTS.format(contract_id=body.id))
            session.add(contract)
            session.flush()
            session.add_all(obligations)
        return _read(contract, obligations)

    def get(self, contract_id: str, *, reader: Reader) -> ContractRead:
        """The contract, for a data steward or its operator."""
        contract = self.describe(contract_id)
        if not (reader.is_steward or is_operator_of(contract, reader)):
            raise PermissionDenied(messages.CONTRACT_READERS.format(contract_id=contract_id))
        return contract

    def list_visible(self, *, reader: Reader) -> list[ContractRead]:
        """Every contract for a data steward; its own for an operator."""
        if not (reader.is_steward or OPERATOR_ROLE in reader.roles):
            raise PermissionDenied(messages.CONTRACTS_READERS)
        query = select(ContractRow).order_by(ContractRow.id)
        if not reader.is_steward:
            query = query.where(ContractRow.operator_client_id == reader.client_id)
        with self._sessions() as session:
            return [self._read(session, row) for row in session.scalars(query)]

    def describe(self, contract_id: str) -> ContractRead:
        """The contract, whoever asks: for the service's own work."""
        with self._sessions() as session:
            row = session.get(ContractRow, contract_id)
            if row is None:
                raise NotFound(messages.CONTRACT_NOT_FOUND.format(contract_id=contract_id[:80]))
            return self._read(session, row)

    def all(self) -> list[ContractRead]:
        with self._sessions() as session:
            return [
                self._read(session, row)
                for row in session.scalars(select(ContractRow).order_by(ContractRow.id))
            ]

    def stream_obligation(
        self, *, operator: Reader, dataset_id: str, on: date
    ) -> tuple[ContractRead, DatasetObligation]:
        """The contract in force on ``on`` under which ``operator`` streams ``dataset_id``
        (a continuous dataset); PermissionDenied otherwise."""
        if OPERATOR_ROLE not in operator.roles or not operator.client_id:
            raise PermissionDenied(messages.TELEMETRY_OPERATORS_ONLY)
        query = (
            select(ContractRow, ContractDatasetRow)
            .join(ContractDatasetRow, ContractDatasetRow.contract_id == ContractRow.id)
            .where(
                ContractRow.operator_client_id == operator.client_id,
                ContractDatasetRow.dataset_id == dataset_id,
                ContractDatasetRow.frequency == DeliveryFrequency.CONTINUOUS.value,
                ContractRow.starts_on <= on,
                ContractRow.ends_on >= on,
            )
            .order_by(ContractRow.starts_on.desc())
        )
        with self._sessions() as session:
            found = session.execute(query).first()
            if found is None:
                raise PermissionDenied(
                    messages.TELEMETRY_NOT_IN_CONTRACT.format(
                        dataset_id=dataset_id[:120], client_id=operator.client_id
                    )
                )
            contract = self._read(session, found[0])
        obligation = obligation_of(contract, dataset_id)
        assert obligation is not None
        return contract, obligation

    def _check(self, body: ContractCreate) -> None:
        if body.ends_on <= body.starts_on:
            raise RuleViolation(
                messages.CONTRACT_TERM_INVALID.format(
                    starts_on=body.starts_on.isoformat(), ends_on=body.ends_on.isoformat()
                ),
                TERM_RULE,
            )
        clauses = body.clauses
        if not clauses.open_data and not (
            clauses.open_data_exemption and clauses.open_data_exemption_url
        ):
            raise RuleViolation(messages.OPEN_DATA_EXEMPTION_REQUIRED, OPEN_DATA_RULE)
        dataset_ids = [o.dataset_id for o in body.datasets]
        asset_inventory = clauses.returned_assets_dataset_id
        if asset_inventory is not None and asset_inventory not in dataset_ids:
            raise RuleViolation(
                messages.RETURNED_ASSETS_DATASET.format(dataset_id=asset_inventory),
                RETURNED_ASSETS_RULE,
            )
        errors = [
            FieldError(f"datasets[{index}]", problem)
            for index, obligation in enumerate(body.datasets)
            for problem in self._problems(body.id, obligation, dataset_ids)
        ]
        if errors:
            raise RuleViolation(
                messages.contract_datasets_invalid([e.message for e in errors]),
                DATASETS_RULE,
                errors,
            )

    def _problems(
        self, contract_id: str, obligation: DatasetObligation, dataset_ids: list[str]
    ) -> list[str]:
        dataset_id = obligation.dataset_id
        if dataset_ids.count(dataset_id) > 1:
            return [messages.CONTRACT_DATASET_REPEATED.format(dataset_id=dataset_id)]
        try:
            dataset = self._datasets.describe(dataset_id)
        except NotFound:
            return [messages.CONTRACT_DATASET_UNKNOWN.format(dataset_id=dataset_id)]
        problems: list[str] = []
        if dataset.contract_id != contract_id:
            problems.append(
                messages.CONTRACT_DATASET_OTHER_CONTRACT.format(
                    dataset_id=dataset_id,
                    contract_id=contract_id,
                    declared=dataset.contract_id or messages.NO_CONTRACT,
                )
            )
        telemetry = dataset.kind is DatasetKind.TELEMETRY
        continuous = obligation.frequency is DeliveryFrequency.CONTINUOUS
        if telemetry and not continuous:
            problems.append(messages.TELEMETRY_IS_CONTINUOUS.format(dataset_id=dataset_id))
        if not telemetry and continuous:
            problems.append(messages.FILES_ARE_PERIODIC.format(dataset_id=dataset_id))
        if obligation.measures and not telemetry:
            problems.append(messages.MEASURES_TELEMETRY_ONLY.format(dataset_id=dataset_id))
        problems.extend(_measure_problems(obligation.measures))
        return problems

    def _read(self, session: Session, row: ContractRow) -> ContractRead:
        obligations = session.scalars(
            select(ContractDatasetRow)
            .where(ContractDatasetRow.contract_id == row.id)
            .order_by(ContractDatasetRow.dataset_id)
        ).all()
        return _read(row, list(obligations))


def obligation_of(contract: ContractRead, dataset_id: str) -> DatasetObligation | None:
    return next((o for o in contract.datasets if o.dataset_id == dataset_id), None)


def _measure_problems(measures: list[MeasureRange]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for measure in measures:
        if measure.measure in seen:
            problems.append(messages.MEASURE_REPEATED.format(measure=measure.measure))
        seen.add(measure.measure)
        if measure.minimum >= measure.maximum:
            problems.append(
                messages.MEASURE_RANGE_EMPTY.format(
                    measure=measure.measure, minimum=measure.minimum, maximum=measure.maximum
                )
            )
    return problems


def _read(row: ContractRow, obligations: list[ContractDatasetRow]) -> ContractRead:
    return ContractRead(
        id=row.id,
        title=row.title,
        public_service=PublicService(row.public_service),
        operator_client_id=row.operator_client_id,
        operator_name=row.operator_name,
        operator_siren=row.operator_siren,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        clauses=DataClauses(**row.clauses),
        datasets=[
            DatasetObligation(
                dataset_id=o.dataset_id,
                frequency=DeliveryFrequency(o.frequency),
                deadline_days=o.deadline_days,
                measures=[MeasureRange(**m) for m in o.measures or []],
            )
            for o in obligations
        ],
        created_at=row.created_at,
    )
