"""The README's examples work as written: each ```sh block marked by an HTML comment line
just before it,

    <!-- example: ethics-register -->

is run by bash (``-euo pipefail``, from the repository's root) against the services the
marker names, started for the tests through their entry points; the real Keycloak stays
where the README says it is (or its address is put in). The marker names the services whose
default addresses (``127.0.0.1:8010``, ``localhost:8020``...) the block may call: each is
replaced by the address of that service under test, and an address the marker does not
cover fails the test rather than reach a server of ``make up``. A service is started by the
fixture ``running_<name>`` (``running_ethics_register``); mark another service's block once
its fixture exists, and add the facts its output must show to ``FACTS``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KeycloakServer

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- example: ([a-z0-9-]+(?: [a-z0-9-]+)*) -->$")
# Loopback addresses as the README writes them: 127.0.0.1:8010, localhost:8020.
ADDRESS = re.compile(r"(?<![\w.])(?:127\.0\.0\.1|localhost):(\d+)(?!\d)")
KEYCLOAK_PORT = 8080


@dataclass(frozen=True)
class Ports:
    """Where ``make up`` serves a service, as the README's table says."""

    http: int
    grpc: int


DEFAULT_PORTS = {
    "ethics-register": Ports(http=8010, grpc=50061),
    "citizen-chat": Ports(http=8020, grpc=50062),
    "agent-assistant": Ports(http=8030, grpc=50063),
}


@dataclass(frozen=True)
class Example:
    services: tuple[str, ...]
    line: int  # of the marker, in the README
    script: str

    @property
    def name(self) -> str:
        return f"{'+'.join(self.services)}@{self.line}"


def examples(text: str) -> list[Example]:
    """The marked ```sh blocks of a Markdown text."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        marker = MARKER.match(line.strip())
        if marker is None:
            continue
        if number + 1 >= len(lines) or lines[number + 1].strip() != "```sh":
            raise ValueError(f"line {number + 1}: an example marker not followed by ```sh")
        end = next((i for i in range(number + 2, len(lines)) if lines[i].strip() == "```"), None)
        if end is None:
            raise ValueError(f"line {number + 1}: the example's block never ends")
        services = tuple(marker.group(1).split())
        unknown = [s for s in services if s not in DEFAULT_PORTS]
        if unknown:
            raise ValueError(f"line {number + 1}: unknown services {unknown}")
        found.append(Example(services, number + 1, "\n".join(lines[number + 2 : end]) + "\n"))
    return found


def localised(script: str, addresses: Mapping[int, str]) -> str:
    """``script`` with each README address replaced by ``addresses[port]`` (``host:port``);
    ValueError naming any loopback address it does not know."""
    unknown = sorted(
        {m.group(0) for m in ADDRESS.finditer(script) if int(m.group(1)) not in addresses}
    )
    if unknown:
        raise ValueError(f"addresses the example's marker does not cover: {unknown}")
    return ADDRESS.sub(lambda m: addresses[int(m.group(1))], script)


def host_and_port(url: str) -> str:
    return urlsplit(url).netloc


def fixture_of(service: str) -> str:
    return "running_" + service.replace("-", "_")


EXAMPLES = examples(README.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Run:
    stdout: str
    stderr: str
    processes: Mapping[str, ServiceProcess]


def register_facts(run: Run) -> None:
    """The register's « Try it »: a complete record taken to "approved", its history, an
    incident, and the gate's answer when grpcurl is there."""
    statuses = re.findall(r"^status: (\w+), version (\d+)$", run.stdout, re.MULTILINE)
    assert statuses == [("draft", "1"), ("draft", "2"), ("in_review", "3"), ("approved", "4")]
    entry = re.search(r"^entry ([0-9a-f-]{36})$", run.stdout, re.MULTILINE)
    assert entry is not None, run.stdout
    record = json.loads((ROOT / "infra/demo/register-record.json").read_text(encoding="utf-8"))
    register = run.processes["ethics-register"]
    public = httpx.get(f"{register.base_url}/v1/systems/{entry.group(1)}", timeout=10)
    assert public.status_code == 200, public.text
    published = public.json()
    assert (published["name"], published["purpose"], published["status"]) == (
        record["name"],
        record["purpose"],
        "approved",
    )
    assert published["triage"]["proposed"] == record["risk_class"] == "limited"
    assert '"change":"approve"' in run.stdout  # the history
    assert re.search(r"^incident: open, due \d{4}-\d\d-\d\d", run.stdout, re.MULTILINE)
    if shutil.which("grpcurl"):
        assert "DECISION_ALLOWED" in run.stdout
    else:
        assert "CheckUse" not in run.stdout + run.stderr


# What each example's output must show, beyond its exit status 0 (by ``Example.services``).
FACTS: dict[tuple[str, ...], Callable[[Run], None]] = {("ethics-register",): register_facts}


def test_the_registers_examples_are_marked() -> None:
    marked = [e for e in EXAMPLES if e.services == ("ethics-register",)]
    assert len(marked) == 1
    assert "infra/demo/register-record.json" in marked[0].script
    assert "http://127.0.0.1:8010/v1/systems" in marked[0].script


def test_markers_and_addresses_are_read_as_meant() -> None:
    text = (
        "<!-- example: citizen-chat ethics-register -->\n```sh\n"
        "curl localhost:8020/a http://127.0.0.1:8010/b 127.0.0.1:50061\n```\n"
        "```sh\nnot marked\n```\n"
    )
    (example,) = examples(text)
    assert example.services == ("citizen-chat", "ethics-register")
    addresses = {8020: "127.0.0.1:41000", 8010: "127.0.0.1:41001", 50061: "127.0.0.1:41002"}
    assert localised(example.script, addresses) == (
        "curl 127.0.0.1:41000/a http://127.0.0.1:41001/b 127.0.0.1:41002\n"
    )
    with pytest.raises(ValueError, match=r"127\.0\.0\.1:8080"):
        localised("curl http://127.0.0.1:8080/realms", addresses)
    with pytest.raises(ValueError, match="unknown services"):
        examples("<!-- example: data-lake -->\n```sh\ntrue\n```\n")
    with pytest.raises(ValueError, match="not followed"):
        examples("<!-- example: ethics-register -->\n\n```sh\ntrue\n```\n")


@pytest.mark.integration
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_readme_example_runs_as_written(
    example: Example, request: pytest.FixtureRequest, keycloak_server: KeycloakServer
) -> None:
    addresses = {KEYCLOAK_PORT: host_and_port(keycloak_server.url)}
    processes: dict[str, ServiceProcess] = {}
    for service in example.services:
        process: ServiceProcess = request.getfixturevalue(fixture_of(service))
        processes[service] = process
        addresses[DEFAULT_PORTS[service].http] = host_and_port(process.base_url)
        addresses[DEFAULT_PORTS[service].grpc] = process.grpc_target
    # The README's own text, run as a reader would paste it.
    done = subprocess.run(  # noqa: S603
        ["bash", "-euo", "pipefail", "-c", localised(example.script, addresses)],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, (
        f"README.md line {example.line}: exit {done.returncode}\n"
        f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}"
    )
    check = FACTS.get(example.services)
    if check is not None:
        check(Run(done.stdout, done.stderr, processes))
