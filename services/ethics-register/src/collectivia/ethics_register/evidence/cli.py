"""Commands of ``collectivia-ethics-register`` on the evidence log."""

from __future__ import annotations

import sys
from collections.abc import Callable

from collectivia.core.errors import DomainError
from collectivia.ethics_register.database import (
    create_database_engine,
    create_schema,
    create_session_factory,
)
from collectivia.ethics_register.evidence.retention import purge_expired
from collectivia.ethics_register.evidence.verification import verify
from collectivia.ethics_register.settings import RegisterSettings


def verify_evidence(settings: RegisterSettings) -> int:
    """Print the verification report (JSON); 0 when the chain is intact, 1 when not."""
    engine = create_database_engine(settings.database_url)
    try:
        create_schema(engine)
        report = verify(create_session_factory(engine))
    finally:
        engine.dispose()
    sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    return 0 if report.intact else 1


def purge_evidence(settings: RegisterSettings) -> int:
    """Remove the entries older than the retention period; 1 when the chain is broken."""
    engine = create_database_engine(settings.database_url)
    try:
        create_schema(engine)
        result = purge_expired(create_session_factory(engine), settings.evidence_retention_days)
    except DomainError as error:
        sys.stdout.write(f"{error.detail}\n")
        return 1
    finally:
        engine.dispose()
    sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    return 0


COMMANDS: dict[str, Callable[[RegisterSettings], int]] = {
    "verify-evidence": verify_evidence,
    "purge-evidence": purge_evidence,
}
