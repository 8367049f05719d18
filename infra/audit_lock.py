"""The lock's vulnerability audit (`make audit`, part of `make test`): every locked package
(uv.lock, every group and extra, the workspace's own excepted) checked by pip-audit against the
advisory data (PyPI's by default, OSV with ``--service osv``). It fails on a known
vulnerability, unless infra/audit-exceptions.toml records it (id, package, reason, reviewer,
expiry date, at most a year ahead); an expired exception counts as none.

When the advisory data cannot be reached (no network, the service down: pip-audit then skips
the packages or stops), nothing was audited. That is said loudly, on every run, and is not
a failure by default: the advisory service is outside the project, and a test run must not
turn red for a cause that no change of the code can fix. ``--require-data`` (or
COLLECTIVIA_AUDIT_REQUIRE_DATA=1), for a pipeline that does reach the data, makes it one.

Exit status: 0 audited clean (or not audited, said so), 1 a vulnerability without a valid
exception, 2 a malformed exceptions file, 3 not audited with ``--require-data``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger("audit")

ROOT = Path(__file__).resolve().parents[1]
EXCEPTIONS = ROOT / "infra" / "audit-exceptions.toml"
WORK = ROOT / ".run" / "audit"
UV = ROOT / ".tools" / "bin" / "uv"
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
# An exception is looked at again within a year at the latest.
LONGEST_EXCEPTION = dt.timedelta(days=366)

EXIT_VULNERABLE = 1
EXIT_BAD_EXCEPTIONS = 2
EXIT_NOT_AUDITED = 3


class BadExceptions(ValueError):
    """The exceptions file does not say what an exception must."""


@dataclass(frozen=True)
class AcceptedRisk:
    """A known vulnerability accepted for a while, and why."""

    id: str
    package: str
    reason: str
    reviewed_by: str
    expires: dt.date

    def covers(self, package: str, ids: Iterable[str]) -> bool:
        return self.package == package and self.id in ids


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    ids: tuple[str, ...]
    fixed_in: tuple[str, ...]
    description: str

    def line(self) -> str:
        fix = ", ".join(self.fixed_in) or "none yet"
        return f"{self.package} {self.version}: {' / '.join(self.ids)} (fixed in: {fix})"


@dataclass
class Verdict:
    audited: int = 0
    not_audited: list[str] = field(default_factory=list)
    vulnerable: list[Finding] = field(default_factory=list)
    accepted: list[tuple[Finding, AcceptedRisk]] = field(default_factory=list)
    expired: list[tuple[Finding, AcceptedRisk]] = field(default_factory=list)
    # Why the service answered nothing at all (pip-audit stopped).
    unreachable: str = ""

    @property
    def complete(self) -> bool:
        return not self.unreachable and not self.not_audited


def read_exceptions(text: str, *, today: dt.date) -> list[AcceptedRisk]:
    """The file's ``[[exception]]`` tables; each must name the id, the package, the reason,
    who reviewed it and an expiry date within a year of ``today``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadExceptions(f"not TOML: {error}") from error
    risks: list[AcceptedRisk] = []
    for number, entry in enumerate(data.get("exception", []), start=1):
        missing = [
            key
            for key in ("id", "package", "reason", "reviewed_by", "expires")
            if not entry.get(key)
        ]
        if missing:
            raise BadExceptions(f"exception {number}: missing {', '.join(missing)}")
        expires = entry["expires"]
        if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
            raise BadExceptions(f"exception {number}: expires must be a date (2027-01-31)")
        if expires > today + LONGEST_EXCEPTION:
            raise BadExceptions(f"exception {number}: expires more than a year ahead")
        risks.append(
            AcceptedRisk(
                id=str(entry["id"]),
                package=_canonical(str(entry["package"])),
                reason=str(entry["reason"]),
                reviewed_by=str(entry["reviewed_by"]),
                expires=expires,
            )
        )
    return risks


def judge(
    report: dict[str, Any] | None,
    risks: Sequence[AcceptedRisk],
    *,
    today: dt.date,
    unreachable: str = "",
) -> Verdict:
    """What pip-audit's JSON ``report`` means, given the accepted risks."""
    verdict = Verdict(unreachable=unreachable)
    if report is None:
        verdict.unreachable = verdict.unreachable or "no report"
        return verdict
    for dependency in report.get("dependencies", []):
        package = _canonical(dependency["name"])
        if "skip_reason" in dependency:
            verdict.not_audited.append(f"{package}: {dependency['skip_reason']}")
            continue
        verdict.audited += 1
        for vuln in dependency.get("vulns", []):
            finding = Finding(
                package=package,
                version=str(dependency.get("version", "")),
                ids=(vuln["id"], *vuln.get("aliases", [])),
                fixed_in=tuple(vuln.get("fix_versions", [])),
                description=str(vuln.get("description", "")),
            )
            risk = next((r for r in risks if r.covers(package, finding.ids)), None)
            if risk is None:
                verdict.vulnerable.append(finding)
            elif risk.expires < today:
                verdict.expired.append((finding, risk))
            else:
                verdict.accepted.append((finding, risk))
    return verdict


def exit_status(verdict: Verdict, *, require_data: bool) -> int:
    if verdict.vulnerable or verdict.expired:
        return EXIT_VULNERABLE
    if not verdict.complete and require_data:
        return EXIT_NOT_AUDITED
    return 0


def tell(verdict: Verdict) -> None:
    for finding in verdict.vulnerable:
        logger.error("VULNERABLE %s — %s", finding.line(), finding.description[:200])
    for finding, risk in verdict.expired:
        logger.error(
            "VULNERABLE %s — its exception expired on %s (%s)",
            finding.line(),
            risk.expires,
            risk.reason,
        )
    for finding, risk in verdict.accepted:
        logger.warning(
            "accepted until %s (reviewed by %s): %s — %s",
            risk.expires,
            risk.reviewed_by,
            finding.line(),
            risk.reason,
        )
    if verdict.unreachable:
        logger.warning(
            "\n*** VULNERABILITY AUDIT NOT DONE: the advisory service could not be reached "
            "(%s). Nothing is known about the locked packages' vulnerabilities. Run `make "
            "audit` where the advisory service is reachable. ***\n",
            verdict.unreachable,
        )
    elif verdict.not_audited:
        logger.warning(
            "\n*** VULNERABILITY AUDIT NOT DONE for %d of %d locked packages: their advisory "
            "data could not be reached (%s). Nothing is known about their vulnerabilities. "
            "Run `make audit` where the advisory service is reachable. ***\n",
            len(verdict.not_audited),
            verdict.audited + len(verdict.not_audited),
            verdict.not_audited[0],
        )
    logger.info(
        "audit: %d packages audited, %d not audited%s, %d vulnerable, %d accepted, %d expired",
        verdict.audited,
        len(verdict.not_audited),
        " (service unreachable)" if verdict.unreachable else "",
        len(verdict.vulnerable),
        len(verdict.accepted),
        len(verdict.expired),
    )


def export_requirements(target: Path) -> None:
    """The lock as a hashed requirements file: every group and extra, not the workspace's
    packages."""
    subprocess.run(
        [
            str(UV),
            "export",
            "--frozen",
            "--all-packages",
            "--all-groups",
            "--all-extras",
            "--no-emit-workspace",
            "--format",
            "requirements.txt",
            "--quiet",
            "--output-file",
            str(target),
        ],
        cwd=ROOT,
        check=True,
    )


def run_pip_audit(
    requirements: Path, report: Path, *, service: str, osv_url: str | None
) -> tuple[dict[str, Any] | None, str]:
    """pip-audit's JSON report, or None and why the service could not answer."""
    command = [
        str(PIP_AUDIT),
        "--requirement",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--require-hashes",
        "--format",
        "json",
        "--output",
        str(report),
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        service,
        "--timeout",
        "20",
    ]
    if osv_url:
        command += ["--osv-url", osv_url]
    report.unlink(missing_ok=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not report.is_file():
        lines = (done.stderr or done.stdout).strip().splitlines()
        return None, lines[-1] if lines else f"pip-audit exited {done.returncode}"
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data, ""


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requirements", type=Path, help="audit this file, not the lock")
    parser.add_argument("--exceptions", type=Path, default=EXCEPTIONS)
    parser.add_argument("--work", type=Path, default=WORK, help="where the files are written")
    parser.add_argument("--service", choices=("pypi", "osv"), default="pypi")
    parser.add_argument("--osv-url", help="another OSV API (a mirror)")
    parser.add_argument(
        "--require-data",
        action="store_true",
        default=os.environ.get("COLLECTIVIA_AUDIT_REQUIRE_DATA") == "1",
        help="fail when the advisory data cannot be reached",
    )
    options = parser.parse_args(argv)
    today = dt.datetime.now(dt.UTC).date()
    try:
        risks = read_exceptions(options.exceptions.read_text(encoding="utf-8"), today=today)
    except BadExceptions as error:
        logger.error("%s: %s", options.exceptions, error)
        return EXIT_BAD_EXCEPTIONS
    options.work.mkdir(parents=True, exist_ok=True)
    requirements = options.requirements or options.work / "requirements.txt"
    if options.requirements is None:
        export_requirements(requirements)
    report, unreachable = run_pip_audit(
        requirements, options.work / "report.json", service=options.service, osv_url=options.osv_url
    )
    verdict = judge(report, risks, today=today, unreachable=unreachable)
    tell(verdict)
    return exit_status(verdict, require_data=options.require_data)


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


if __name__ == "__main__":
    sys.exit(main())
