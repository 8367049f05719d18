"""``collectivia-ethics-register-jobs JOB``: the evidence log's scheduled work, once, for a
scheduler (the chart's CronJobs). ``verify-evidence`` walks the hash chain: exit 1 and the
first bad entry when it is broken, and the report (JSON: the head's sequence and hash, to
archive elsewhere) either way; ``purge-evidence`` removes the entries past the retention
period after verifying them (exit 1, nothing removed, when they do not verify)."""

from __future__ import annotations

from collectivia.ethics_register import messages
from collectivia.ethics_register.evidence.cli import evidence_database
from collectivia.ethics_register.evidence.retention import purge_expired
from collectivia.ethics_register.evidence.settings import EvidenceSettings
from collectivia.ethics_register.evidence.verification import verify
from collectivia.ethics_register.settings import RegisterSettings
from collectivia.platform.jobs import Job, JobOutcome


def verify_evidence(settings: RegisterSettings) -> JobOutcome:
    with evidence_database(settings) as sessions:
        report = verify(sessions)
    if report.intact:
        message = messages.job_chain_intact(
            report.checked_entries, report.anchor.sequence, report.head_sequence, report.head_hash
        )
    else:
        message = messages.job_chain_broken(
            report.first_bad_sequence, report.message, report.checked_entries
        )
    return JobOutcome(succeeded=report.intact, message=message, report=report.model_dump_json())


def purge_evidence(settings: RegisterSettings) -> JobOutcome:
    days = EvidenceSettings().evidence_retention_days
    with evidence_database(settings) as sessions:
        result = purge_expired(sessions, days)
    message = messages.job_evidence_purged(
        result.purged_entries,
        result.cutoff.strftime("%Y-%m-%d %H:%M UTC"),
        days,
        result.anchor_sequence,
    )
    return JobOutcome(succeeded=True, message=message, report=result.model_dump_json())


JOBS: dict[str, Job[RegisterSettings]] = {
    "verify-evidence": verify_evidence,
    "purge-evidence": purge_evidence,
}
