"""Commands of ``collectivia-ethics-register`` on the evidence log."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import sessionmaker

from collectivia.ethics_register.evidence.models import EvidenceEntry, EvidencePurge
from collectivia.ethics_register.evidence.retention import purge_expired
from collectivia.ethics_register.evidence.settings import EvidenceSettings
from collectivia.ethics_register.evidence.verification import verify
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.platform.assembly import create_tables
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.platform.errors import DomainError


@contextmanager
def evidence_database(settings: RegisterSettings) -> Iterator[sessionmaker[Any]]:
    engine = create_database_engine(settings.database_url)
    try:
        create_tables(engine, [EvidenceEntry.__table__, EvidencePurge.__table__])  # type: ignore[list-item]
        yield create_session_factory(engine)
    finally:
        engine.dispose()


def verify_evidence(settings: RegisterSettings) -> int:
    """Print the verification report (JSON); 0 when the chain is intact, 1 when not."""
    with evidence_database(settings) as sessions:
        report = verify(sessions)
    sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    return 0 if report.intact else 1


def purge_evidence(settings: RegisterSettings) -> int:
    """Remove the entries older than the retention period; 1 when the chain is broken."""
    try:
        with evidence_database(settings) as sessions:
            result = purge_expired(sessions, EvidenceSettings().evidence_retention_days)
    except DomainError as error:
        sys.stdout.write(f"{error.detail}\n")
        return 1
    sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    return 0


COMMANDS: dict[str, Callable[[RegisterSettings], int]] = {
    "verify-evidence": verify_evidence,
    "purge-evidence": purge_evidence,
}
