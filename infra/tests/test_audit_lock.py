"""The lock's vulnerability audit (infra/audit_lock.py): the exceptions file's rules, and the
real pip-audit against an advisory service of the test's own on loopback (an OSV API that
knows one vulnerability): a known vulnerability fails, a recorded exception lets it pass
until it expires, an unreachable service is said and fails only when data is required."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from infra import audit_lock
from infra.audit_lock import (
    EXIT_BAD_EXCEPTIONS,
    EXIT_NOT_AUDITED,
    EXIT_VULNERABLE,
    BadExceptions,
    exit_status,
    judge,
    read_exceptions,
)

TODAY = dt.date(2026, 12, 5)
VULN_ID = "GHSA-essai-0000-0001"
ALIAS = "CVE-2026-99999"
# A locked package (any will do: the advisory service is the test's own).
PACKAGE = "idna"
VERSION = "3.0"


def exception(expires: str, **fields: str) -> str:
    values = {
        "id": VULN_ID,
        "package": PACKAGE,
        "reason": "Only the punycode CLI is affected; the suite never runs it.",
        "reviewed_by": "Nadia Éthique (RSSI)",
        **fields,
    }
    lines = "\n".join(f'{key} = "{value}"' for key, value in values.items())
    return f"[[exception]]\n{lines}\nexpires = {expires}\n"


# --- The exceptions file ----------------------------------------------------------------


def test_an_exception_names_the_id_package_reason_reviewer_and_expiry() -> None:
    (risk,) = read_exceptions(exception("2027-03-31"), today=TODAY)
    assert risk.id == VULN_ID
    assert risk.package == PACKAGE
    assert risk.reviewed_by == "Nadia Éthique (RSSI)"
    assert risk.expires == dt.date(2027, 3, 31)
    assert read_exceptions("# none yet\n", today=TODAY) == []
    shipped = audit_lock.EXCEPTIONS.read_text(encoding="utf-8")
    assert isinstance(read_exceptions(shipped, today=TODAY), list)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (exception("2027-03-31", reason=""), "missing reason"),
        (exception("2027-03-31", reviewed_by=""), "missing reviewed_by"),
        (exception('"bientôt"'), "must be a date"),
        (exception("2028-01-01"), "more than a year ahead"),
        ("[[exception]\n", "not TOML"),
    ],
)
def test_an_incomplete_or_endless_exception_is_refused(text: str, problem: str) -> None:
    with pytest.raises(BadExceptions, match=problem):
        read_exceptions(text, today=TODAY)


def report(*vulns: dict[str, Any]) -> dict[str, Any]:
    return {
        "dependencies": [
            {"name": "IDNA", "version": VERSION, "vulns": list(vulns)},
            {"name": "pyyaml", "version": "6.0.3", "vulns": []},
        ]
    }


VULN = {"id": "PYSEC-2026-1", "aliases": [VULN_ID], "fix_versions": ["3.7"], "description": "…"}


def test_the_verdict_of_a_report() -> None:
    (risk,) = read_exceptions(exception("2027-03-31"), today=TODAY)
    clean = judge(report(), [risk], today=TODAY)
    assert (clean.audited, clean.complete, exit_status(clean, require_data=True)) == (2, True, 0)

    found = judge(report(VULN), [], today=TODAY)
    assert [f.package for f in found.vulnerable] == [PACKAGE]
    assert exit_status(found, require_data=False) == EXIT_VULNERABLE

    # Matched by an alias, the package's name compared in its canonical form.
    accepted = judge(report(VULN), [risk], today=TODAY)
    assert accepted.vulnerable == [] and len(accepted.accepted) == 1
    assert exit_status(accepted, require_data=False) == 0

    later = judge(report(VULN), [risk], today=dt.date(2027, 4, 1))
    assert len(later.expired) == 1
    assert exit_status(later, require_data=False) == EXIT_VULNERABLE

    other = judge(report({**VULN, "id": "PYSEC-2026-2", "aliases": []}), [risk], today=TODAY)
    assert len(other.vulnerable) == 1


def test_packages_the_service_could_not_answer_for_are_not_audited() -> None:
    skipped = {
        "dependencies": [
            {"name": "idna", "skip_reason": "Dependency not found on PyPI and could not be..."}
        ]
    }
    verdict = judge(skipped, [], today=TODAY)
    assert (verdict.audited, verdict.complete) == (0, False)
    assert exit_status(verdict, require_data=False) == 0
    assert exit_status(verdict, require_data=True) == EXIT_NOT_AUDITED
    stopped = judge(None, [], today=TODAY, unreachable="ConnectionError")
    assert exit_status(stopped, require_data=True) == EXIT_NOT_AUDITED


# --- The real pip-audit against an advisory service on loopback --------------------------


class OsvApi(BaseHTTPRequestHandler):
    """OSV's /v1/query: one vulnerability of PACKAGE VERSION, nothing for the rest."""

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        asked = (query["package"]["name"], query["version"])
        body: dict[str, Any] = {}
        if asked == (PACKAGE, VERSION):
            body = {
                "vulns": [
                    {
                        "id": VULN_ID,
                        "aliases": [ALIAS],
                        "summary": "Denial of service on long labels (test advisory).",
                        "affected": [
                            {
                                "package": {"name": PACKAGE, "ecosystem": "PyPI"},
                                "ranges": [
                                    {
                                        "type": "ECOSYSTEM",
                                        "events": [{"introduced": "0"}, {"fixed": "3.7"}],
                                    }
                                ],
                            }
                        ],
                    }
                ]
            }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def osv_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OsvApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()
    server.server_close()


@pytest.fixture
def requirements(tmp_path: Path) -> Path:
    path = tmp_path / "requirements.txt"
    hashed = " \\\n    --hash=sha256:" + "0" * 64
    path.write_text(f"{PACKAGE}=={VERSION}{hashed}\npyyaml==6.0.3{hashed}\n", encoding="utf-8")
    return path


def audit(tmp_path: Path, requirements: Path, url: str, exceptions: str, *more: str) -> int:
    file = tmp_path / "exceptions.toml"
    file.write_text(exceptions, encoding="utf-8")
    return audit_lock.main(
        [
            "--requirements",
            str(requirements),
            "--exceptions",
            str(file),
            "--work",
            str(tmp_path / "work"),
            "--service",
            "osv",
            "--osv-url",
            url,
            *more,
        ]
    )


def test_a_known_vulnerability_fails_the_audit(
    tmp_path: Path, requirements: Path, osv_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="audit"):
        assert audit(tmp_path, requirements, osv_url, "") == EXIT_VULNERABLE
    assert f"VULNERABLE {PACKAGE} {VERSION}: " in caplog.text
    assert VULN_ID in caplog.text and ALIAS in caplog.text and "(fixed in: 3.7)" in caplog.text
    assert "2 packages audited, 0 not audited, 1 vulnerable" in caplog.text


def test_a_recorded_exception_lets_it_pass_until_it_expires(
    tmp_path: Path, requirements: Path, osv_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    valid = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)).isoformat()
    with caplog.at_level(logging.INFO, logger="audit"):
        assert audit(tmp_path, requirements, osv_url, exception(valid, id=ALIAS)) == 0
    assert f"accepted until {valid} (reviewed by Nadia Éthique (RSSI))" in caplog.text
    expired = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="audit"):
        assert audit(tmp_path, requirements, osv_url, exception(expired)) == EXIT_VULNERABLE
    assert f"its exception expired on {expired}" in caplog.text


def test_a_malformed_exceptions_file_stops_the_audit(
    tmp_path: Path, requirements: Path, osv_url: str
) -> None:
    missing_reason = exception("2027-01-31", reason="")
    assert audit(tmp_path, requirements, osv_url, missing_reason) == EXIT_BAD_EXCEPTIONS


def test_an_unreachable_service_is_said_and_fails_only_when_data_is_required(
    tmp_path: Path, requirements: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A port nothing listens on (the server of the fixture above is another one).
    nowhere = "http://127.0.0.1:9/v1/query"
    with caplog.at_level(logging.INFO, logger="audit"):
        assert audit(tmp_path, requirements, nowhere, "") == 0
    assert "VULNERABILITY AUDIT NOT DONE" in caplog.text
    assert "(service unreachable)" in caplog.text
    assert audit(tmp_path, requirements, nowhere, "", "--require-data") == EXIT_NOT_AUDITED
