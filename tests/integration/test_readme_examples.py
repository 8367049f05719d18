"""The README's examples work as written: each ```sh block marked by an HTML comment line
just before it,

    <!-- example: ethics-register -->

is run by bash (``-euo pipefail``, from the repository's root) against the services the
marker names, started for the tests through their entry points; the real Keycloak stays
where the README says it is (or its address is put in). The marker names the services whose
default addresses (``127.0.0.1:8010``, ``localhost:8020``...) the block may call: each is
replaced by the address of that service under test, and an address the marker does not
cover fails the test rather than reach a server of ``make up``. A service is started by the
fixture ``running_<name>`` (``running_ethics_register``, ``running_citizen_chat``,
``running_agent_assistant``); mark another service's block once its fixture exists, and add
the facts its output must show to ``FACTS``: one check per marked block, in the README's order
among the blocks of the same services. The chat under test reads the demo pages of ``make up``
(``infra/demo/knowledge/``), so that the README's questions find what they find there.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from collectivia.ai.documents import read_document
from collectivia.testkit.french import assert_french
from collectivia.testkit.processes import ServiceProcess
from collectivia.testkit.servers import KeycloakServer

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- example: ([a-z0-9-]+(?: [a-z0-9-]+)*) -->$")
# Loopback addresses as the README writes them: 127.0.0.1:8010, localhost:8020.
ADDRESS = re.compile(r"(?<![\w.])(?:127\.0\.0\.1|localhost):(\d+)(?!\d)")
# What a reader would have to fill in: <answer_id>, <id>...
PLACEHOLDER = re.compile(r"<[a-z_-]+>")
# Files a block sends (curl -F file=@..., -d @...) or reads.
DEMO_FILE = re.compile(r"\binfra/demo/[\w./-]+")
DEMO_DIR = ROOT / "infra/demo"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
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
    "data-lake": Ports(http=8040, grpc=50064),
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


@pytest.fixture(scope="module")
def citizen_chat_pages() -> dict[str, str]:
    """The chat under test reads the demo pages that ``make up`` gives it."""
    return {
        page.name: page.read_text(encoding="utf-8")
        for page in sorted((ROOT / "infra/demo/knowledge").glob("*.md"))
    }


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


def lines_of(run: Run, pattern: str) -> list[re.Match[str]]:
    """The lines of the example's output that match ``pattern`` whole."""
    return list(re.finditer(f"^{pattern}$", run.stdout, re.MULTILINE))


def line_of(run: Run, pattern: str) -> re.Match[str]:
    found = lines_of(run, pattern)
    assert len(found) == 1, f"{len(found)} lines match {pattern!r}:\n{run.stdout}"
    return found[0]


def demo_page(name: str) -> tuple[dict[str, str], str]:
    """(front matter, text) of a demo page of the chat's knowledge folder."""
    text = (DEMO_DIR / "knowledge" / name).read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in header.splitlines() if line)
    return fields, body


def demo_text(name: str) -> str:
    """The text of a demo document as the services read it (one line per paragraph)."""
    content = (DEMO_DIR / name).read_bytes()
    return read_document(content, name, max_bytes=len(content)).text


def quotes(text: str) -> list[str]:
    """The sentences an extractive answer quotes: « ... » [n]."""
    return re.findall(r"« (.+?) » \[\d+\]", text)


def sse_data(run: Run, event: str) -> list[dict[str, Any]]:
    """The data of each Server-Sent Event ``event`` the example printed."""
    found = re.findall(f"^event: {event}\\ndata: (.+)$", run.stdout, re.MULTILINE)
    return [json.loads(data) for data in found]


def without_grpcurl(run: Run) -> bool:
    """True when grpcurl is missing: then the block's guarded part printed nothing."""
    if shutil.which("grpcurl"):
        return False
    assert run.stdout == run.stderr == "", run.stdout + run.stderr
    return True


def chat_conversation_facts(run: Run) -> None:
    """A sourced answer quoting the demo page, the streamed follow-up, the feedback reported
    to the register, the handover accepted (202), the erasure."""
    conversation = line_of(run, f"conversation ({UUID})").group(1)
    page, body = demo_page("horaires-hotel-de-ville-metz.md")
    line_of(run, r"answered \(extractive, confidence 0\.\d+\):")
    answer = run.stdout.split("\nevent: meta\n", 1)[0]
    quoted = quotes(answer)
    assert quoted and all(sentence in body for sentence in quoted), answer
    line_of(run, re.escape(f"source [1]: Horaires de l'hôtel de ville de Metz, {page['url']}"))
    # The follow-up, streamed: meta, then each sentence, then the whole answer.
    events = re.findall(r"^event: (\w+)$", run.stdout, re.MULTILINE)
    assert events[0] == "meta" and events[-1] == "done" and "sentence" in events, events
    (done,) = sse_data(run, "done")
    assert done["outcome"] == "answered" and done["conversation_id"] == conversation
    assert [c["document_id"] for c in done["citations"]][:1] == [page["id"]]
    streamed = [s["text"] for s in sse_data(run, "sentence")]
    assert streamed == [s["text"] for s in done["sentences"]]
    assert any("samedi" in sentence and sentence in body for sentence in streamed), streamed
    line_of(run, "feedback: useful False, reported to the register: True")
    receipt = json.loads(line_of(run, r'(\{"handoff_id":.+\}) \(HTTP 202\)').group(1))
    assert receipt["channel"] == "email" and receipt["message"], receipt
    line_of(run, re.escape(f"handover {receipt['handoff_id']}: requested"))
    line_of(run, re.escape("erased (HTTP 204)"))
    line_of(run, "read again: HTTP 404")
    chat = run.processes["citizen-chat"]
    gone = httpx.get(f"{chat.base_url}/v1/conversations/{conversation}", timeout=10)
    assert gone.status_code == 404, gone.text


def chat_grpc_facts(run: Run) -> None:
    """The integrator's Ask answered from the demo page, and a Search's passages."""
    if without_grpcurl(run):
        return
    assert '"outcome": "OUTCOME_ANSWERED"' in run.stdout, run.stdout
    assert '"documentId": "demo-horaires-mairie-metz"' in run.stdout
    assert '"documentId": "demo-decheteries"' in run.stdout  # a passage Search found


def chat_library_facts(run: Run) -> None:
    """The data steward's import of the demo guide (a PDF), indexed and listed; the chat
    quotes it at once, and no longer once it is withdrawn."""
    line_of(run, f"import ({UUID}): pdf, 1 document")
    line_of(run, "import done: 1 indexed, 0 unchanged")
    line_of(run, "guide-compostage import indexed [0-9a-f]{12}")
    for name in sorted(p.name for p in (DEMO_DIR / "knowledge").glob("*.md")):
        line_of(run, re.escape(demo_page(name)[0]["id"]) + " folder indexed [0-9a-f]{12}")
    guide = demo_text("guide-compostage.pdf")
    answered = run.stdout.split("\nsource [1]:", 1)[0].split("\nanswered: ", 1)[-1]
    quoted = quotes(answered)
    assert quoted and all(sentence in guide for sentence in quoted), answered
    line_of(run, re.escape("source [1]: guide-compostage"))
    line_of(run, re.escape("document guide-compostage: withdrawn (Remplacé par le guide 2027)"))
    after = line_of(run, r"(\w+), sources: (.+)")
    assert "guide-compostage" not in after.group(2).split(), after.group(0)


def agent_assistant_facts(run: Run) -> None:
    """The charter accepted; a summary quoting the deliberation; a plain-language rewrite; a
    draft from the library's template, rated; a handover from the chat routed, suggested,
    answered and read by the citizen; the register's evidence of the uses."""
    charter = line_of(run, r"charter: .+, version (\d+), accepted: (True|False)").group(1)
    line_of(run, f"accepted: version {charter}")
    deliberation = demo_text("deliberation-compostage.docx")
    summary = lines_of(run, r"(.+) \[§(\d+)\]")
    assert len(summary) >= 2, run.stdout
    assert all(s.group(1) in deliberation for s in summary), summary
    assert "Résumé extractif" in run.stdout
    rewrite = line_of(run, "Les usagers sont invités .+").group(0)
    assert "afin de" not in rewrite, rewrite
    template = line_of(run, r"template: Courrier de réponse à une demande d'acte .+")
    assert "['destinataire', 'type_acte', 'date_demande', 'suite_donnee']" in template.group(0)
    # The draft: the template filled with the variables (the names restored after the guard).
    line_of(run, "Destinataire : Madame Jeanne Martin")
    line_of(run, "Acte demandé : copie intégrale d'acte de naissance")
    line_of(run, re.escape("rated 4/5"))
    # Routed by the theme of the cited page (Mairie) to julien.agent's department.
    line_of(run, f"handover ({UUID}): open, theme Mairie > Horaires, department etat-civil")
    line_of(run, "citing: Horaires de l'hôtel de ville de Metz")
    line_of(run, "reply: resolved, human review: edited")
    reply = run.stdout.split("\nthe citizen reads: ", 1)[-1]
    assert reply.startswith("Réponse d'un agent (etat-civil) : Bonjour"), reply
    assert "Bonne journée, le service de l\u2019état civil.\nevidence " in reply
    uses = lines_of(run, f"evidence ({UUID}): (.+), (\\w+), .+")
    assert [u.group(3) for u in uses] == ["none", "edited"], run.stdout
    register = run.processes["ethics-register"]
    for use in uses:
        found = httpx.get(
            f"{register.base_url}/v1/decisions/{use.group(1)}/explanation", timeout=10
        )
        assert found.status_code == 200, found.text
        explanation = found.json()
        assert explanation["service"] == "agent-assistant"
        assert explanation["system"]["purpose"] == "agent-drafting"
        assert explanation["system"]["name"] == use.group(2)


def agent_assistant_grpc_facts(run: Run) -> None:
    """The integrator's Summarize of the demo deliberation, with the evidence's use id."""
    if without_grpcurl(run):
        return
    answer = json.loads(run.stdout)
    sentences = re.findall(r"^(.+) \[§\d+\]$", answer["summary"], re.MULTILINE)
    deliberation = demo_text("deliberation-compostage.docx")
    assert sentences and all(s in deliberation for s in sentences), answer
    assert re.fullmatch(UUID, answer["production"]["useId"]), answer


# What each marked block's output must show, beyond its exit status 0: by the block's
# services (``Example.services``), one check per block, in the README's order.
def data_lake_facts(run: Run) -> None:
    """The lake's « Try it »: the SCDL example accepted as the one version, the invalid
    example refused with French rows of its report, the rows and the CSV readable, the
    dataset in the public catalogue."""
    accepted = line_of(run, r"accepted: 29 rows, version (\d+)")
    line_of(run, r"refused: 422")
    reported = lines_of(run, r"  Ligne \d+, .+")
    assert len(reported) == 3, run.stdout
    for issue in reported:
        assert_french(issue.group(0))
    line_of(run, r"versions: 1")
    line_of(run, r"rows: 29 - first: .+")
    line_of(run, r'29 CSV rows under "nomAttribuant","idAttribuant",.*')
    assert int(run.stdout.strip().splitlines()[-1]) >= 1  # datasets in the catalogue
    dataset_id = line_of(run, r"dataset (subventions-\d+)").group(1)
    lake = run.processes["data-lake"]
    versions = httpx.get(f"{lake.base_url}/v1/datasets/{dataset_id}/versions", timeout=10)
    assert [v["snapshot_id"] for v in versions.json()] == [accepted.group(1)]


FACTS: dict[tuple[str, ...], tuple[Callable[[Run], None], ...]] = {
    ("ethics-register",): (register_facts,),
    ("citizen-chat",): (chat_conversation_facts, chat_grpc_facts, chat_library_facts),
    ("agent-assistant", "citizen-chat", "ethics-register"): (agent_assistant_facts,),
    ("agent-assistant",): (agent_assistant_grpc_facts,),
    ("data-lake",): (data_lake_facts,),
}


def facts_of(example: Example) -> Callable[[Run], None] | None:
    """The check of ``example``: its rank among the marked blocks of the same services."""
    same = [e for e in EXAMPLES if e.services == example.services]
    checks = FACTS.get(example.services, ())
    rank = same.index(example)
    return checks[rank] if rank < len(checks) else None


def test_every_marked_example_has_its_facts() -> None:
    counts: dict[tuple[str, ...], int] = {}
    for example in EXAMPLES:
        counts[example.services] = counts.get(example.services, 0) + 1
    assert {services: len(checks) for services, checks in FACTS.items()} == counts


def test_the_chat_and_assistant_examples_are_marked_and_complete() -> None:
    """Every block of the two sections is marked (so it runs), fills in nothing by hand, and
    sends only files that exist."""
    text = README.read_text(encoding="utf-8")
    for section in ("### Citizen chat", "### Agents' assistant"):
        body = text.split(section + "\n", 1)[1].split("\n### ", 1)[0]
        blocks = body.count("```sh\n")
        marked = examples(body)
        assert blocks == len(marked) >= 2, section
        for example in marked:
            assert not PLACEHOLDER.search(example.script), (example.name, example.script)
            for used in DEMO_FILE.findall(example.script):
                assert (ROOT / used).is_file(), used
    scripts = "\n".join(e.script for e in EXAMPLES)
    for demo in ("infra/demo/guide-compostage.pdf", "infra/demo/deliberation-compostage.docx"):
        assert demo in scripts


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
        examples("<!-- example: officials-analytics -->\n```sh\ntrue\n```\n")
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
    check = facts_of(example)
    if check is not None:
        check(Run(done.stdout, done.stderr, processes))
