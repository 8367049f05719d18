"""The DSP contracts' records, kept in the service's database: the contracts and the datasets
each operator owes, every delivery received, and the compliance of every period owed (kept
over time, with what was announced about it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collectivia.data_lake.database import Base, UtcDateTime


class ContractRow(Base):
    """A delegated public service contract (délégation de service public)."""

    __tablename__ = "dsp_contracts"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    public_service: Mapped[str] = mapped_column(String(40))
    # The operator's Keycloak client (the ``azp`` of its client-credentials tokens).
    operator_client_id: Mapped[str] = mapped_column(String(100), index=True)
    operator_name: Mapped[str] = mapped_column(String(300))
    operator_siren: Mapped[str] = mapped_column(String(9), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # The data clauses: {"clause_text", "returned_assets", "returned_assets_clause",
    # "returned_assets_dataset_id", "open_data", "open_data_exemption",
    # "open_data_exemption_url"}.
    clauses: Mapped[dict[str, Any]] = mapped_column(JSON)
    declared_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ContractDatasetRow(Base):
    """A dataset the operator must deliver under the contract, and when."""

    __tablename__ = "dsp_contract_datasets"

    contract_id: Mapped[str] = mapped_column(
        String(80), ForeignKey("dsp_contracts.id", ondelete="CASCADE"), primary_key=True
    )
    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)
    # daily, monthly, quarterly, yearly, or continuous (telemetry).
    frequency: Mapped[str] = mapped_column(String(20))
    # Days after each period's end.
    deadline_days: Mapped[int] = mapped_column(Integer)
    # Telemetry only: the measures the operator sends, with their unit and plausible range
    # ([{"measure", "unit", "minimum", "maximum"}]); empty: the service's defaults.
    measures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class DeliveryRow(Base):
    """One file an operator delivered for a dataset and a period, valid or not."""

    __tablename__ = "dsp_deliveries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(80), index=True)
    dataset_id: Mapped[str] = mapped_column(String(120))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    on_time: Mapped[bool] = mapped_column(Boolean)
    valid: Mapped[bool] = mapped_column(Boolean)
    # Valid and not empty: what settles the period.
    complete: Mapped[bool] = mapped_column(Boolean)
    rows: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(300))
    # The ingestion's load, its quarantine entry when refused, the version when accepted.
    load_id: Mapped[str] = mapped_column(String(32))
    quarantine_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    snapshot_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # Why it was refused, in French (the validation summary); empty when valid.
    detail: Mapped[str] = mapped_column(Text, default="")


class DeliveryPeriodRow(Base):
    """The compliance record of one period owed: what came, when, and what was announced.
    Written at each delivery and by the lateness watch once the deadline has passed."""

    __tablename__ = "dsp_delivery_periods"

    contract_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    period_end: Mapped[date] = mapped_column(Date)
    deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    received: Mapped[int] = mapped_column(Integer, default=0)
    valid_received: Mapped[int] = mapped_column(Integer, default=0)
    first_received_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The first complete delivery (valid, not empty): the period is settled then.
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    settled_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The status as last evaluated (pending, on_time, late, invalid, missing).
    status: Mapped[str] = mapped_column(String(16))
    # The status published as fr.collectivia.lake.delivery-late.v1 (missing, invalid, late),
    # so that a restart never announces it twice.
    announced_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
