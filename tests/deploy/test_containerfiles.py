"""The services' Containerfiles, read without building them (`make images` builds them):
multi-stage, the locked dependencies only, a numeric non-root user, nothing secret in the
image's environment, the entry point `make up` runs (infra/collectivia_stack/services.py), the
ports it serves, and a build context (.containerignore) that lets no local data in. Each check
is also shown to refuse a Containerfile that breaks it."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from infra.collectivia_stack.images.base import DATA_DIR, UID
from infra.collectivia_stack.services import SERVICES, Service

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL|SALT|_KEYS?\b")
SECRET_VALUE = re.compile(r"-dev-secret|-demo\b|PRIVATE KEY|^eyJ")
# Where `make names-model` writes the privacy guard's names model, as the Makefile says.
NAMES_MODEL = re.search(
    r"^NAMES_MODEL := (\S+)$", (ROOT / "Makefile").read_text(), re.MULTILINE
).group(1)  # type: ignore[union-attr]
NAMES_MODEL_ENV = "COLLECTIVIA_PRIVACY_NAMES_MODEL"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def instructions(text: str) -> list[Instruction]:
    """The instructions, continuation lines joined and comments dropped (as buildah reads)."""
    parsed: list[Instruction] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        parsed.append(Instruction(keyword.upper(), arguments.strip()))
        pending = ""
    return parsed


def stages(text: str) -> list[list[Instruction]]:
    found: list[list[Instruction]] = []
    for instruction in instructions(text):
        if instruction.keyword == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


def environment(stage: list[Instruction]) -> dict[str, str]:
    pairs = [
        word for i in stage if i.keyword in {"ENV", "ARG"} for word in shlex.split(i.arguments)
    ]
    return dict(pair.partition("=")[::2] for pair in pairs)


def problems(text: str, service: Service) -> list[str]:
    found = stages(text)
    if len(found) < 2:
        return ["not multi-stage"]
    final, build = found[-1], [i for stage in found[:-1] for i in stage]
    return [
        *_install_problems(build, final, service),
        *_user_problems(final),
        *_environment_problems(found, service),
        *_entry_problems(final, service),
        *_names_model_problems(final, service),
    ]


def _install_problems(
    build: list[Instruction], final: list[Instruction], service: Service
) -> list[str]:
    runs = [i.arguments for i in build if i.keyword == "RUN" and "uv sync" in i.arguments]
    wanted = ("--frozen", "--no-dev", f"--package collectivia-{service.name}")
    found = []
    if len(runs) != 1 or any(flag not in runs[0] for flag in wanted):
        found.append("dependencies not installed by one `uv sync --frozen --no-dev --package`")
    if any(flag in " ".join(runs) for flag in ("--all-groups", "--group", "--dev ", "--extra dev")):
        found.append("a dependency group installed besides the service's own dependencies")
    if any(i.keyword == "RUN" for i in final):
        found.append("the final stage runs commands: it must only copy the built venv")
    if not any(i.keyword == "COPY" and i.arguments.startswith("--from=") for i in final):
        found.append("the final stage copies nothing from the build stage")
    return found


def _user_problems(final: list[Instruction]) -> list[str]:
    users = [i.arguments for i in final if i.keyword == "USER"]
    if len(users) != 1 or not re.fullmatch(r"[0-9]+(:[0-9]+)?", users[0]):
        return [f"USER must be one numeric uid[:gid], found {users}"]
    if int(users[0].split(":")[0]) == 0:
        return ["USER is root"]
    return []


def _environment_problems(found: list[list[Instruction]], service: Service) -> list[str]:
    problems_found = [
        f"{name} looks like a secret"
        for stage in found
        for name, value in environment(stage).items()
        if SECRET_NAME.search(name) or SECRET_VALUE.search(value)
    ]
    final_env = environment(found[-1])
    if final_env.get(f"{service.env_prefix}HTTP_HOST") != "0.0.0.0":  # noqa: S104 (a pod's port)
        problems_found.append("the service does not listen on the pod's address (HTTP_HOST)")
    if final_env.get("HOME") != "/tmp":  # noqa: S108 (the pod's emptyDir)
        problems_found.append("HOME is not /tmp: caches would be written on the read-only root")
    return problems_found


def _entry_problems(final: list[Instruction], service: Service) -> list[str]:
    keywords = {i.keyword: i.arguments for i in final}
    found = []
    entry = json.loads(keywords.get("ENTRYPOINT", "null"))
    if entry != ["/opt/venv/bin/python", "-m", service.module]:
        found.append(f"ENTRYPOINT {entry} is not what `make up` runs (-m {service.module})")
    exposed = set(keywords.get("EXPOSE", "").split())
    if not {str(service.http_port), str(service.grpc_port)} <= exposed:
        found.append(f"EXPOSE {sorted(exposed)} lacks the HTTP or gRPC port")
    if keywords.get("WORKDIR") != DATA_DIR:
        found.append(f"WORKDIR is not the data volume {DATA_DIR}")
    if "HEALTHCHECK" in keywords:
        found.append("HEALTHCHECK: the pods' probes check health")
    return found


def masks_personal_data(service: Service) -> bool:
    """Whether the service's code runs the privacy guard (and so its names model)."""
    sources = (ROOT / "services" / service.name / "src").rglob("*.py")
    return any("collectivia.ai.privacy" in path.read_text() for path in sources)


def _names_model_problems(final: list[Instruction], service: Service) -> list[str]:
    """A service that masks carries the trained names model and points the guard at it; the
    stock model it would fall back to finds far fewer names."""
    if not masks_personal_data(service):
        return []
    copied = [
        i.arguments.split()
        for i in final
        if i.keyword == "COPY" and i.arguments.split()[0].rstrip("/") == NAMES_MODEL
    ]
    if len(copied) != 1 or len(copied[0]) != 2:
        return [f"the names model ({NAMES_MODEL}) is not copied into the image"]
    if environment(final).get(NAMES_MODEL_ENV) != copied[0][1]:
        return [f"{NAMES_MODEL_ENV} does not name the copied model ({copied[0][1]})"]
    return []


def containerfile(service: Service) -> str:
    return (ROOT / "services" / service.name / "Containerfile").read_text()


def test_every_service_and_only_services_have_a_containerfile() -> None:
    with_file = {path.parent.name for path in (ROOT / "services").glob("*/Containerfile")}
    assert with_file == {service.name for service in SERVICES}


@pytest.mark.parametrize("service", SERVICES, ids=lambda service: service.name)
def test_containerfile(service: Service) -> None:
    assert problems(containerfile(service), service) == []


REGISTER = SERVICES[0]
BROKEN = {
    "root": ("USER 10001:10001", "USER root"),
    "uid zero": ("USER 10001:10001", "USER 0:0"),
    "not frozen": ("--frozen ", ""),
    "dev group": ("--no-dev ", "--all-groups "),
    "secret env": ("HOME=/tmp \\", "HOME=/tmp COLLECTIVIA_ETHICS_REGISTER_CLIENT_SECRET=x \\"),
    "demo secret value": ("HOME=/tmp \\", "HOME=/tmp COLLECTIVIA_CLIENT=register-dev-secret \\"),
    "other entry point": ("ethics_register.main", "ethics_register.jobs"),
    "loopback only": ("_HTTP_HOST=0.0.0.0", "_HTTP_HOST=127.0.0.1"),
    "missing port": ("EXPOSE 8010 50061", "EXPOSE 8010"),
    "single stage": ("FROM ${BUILDER_IMAGE} AS build", "# no build stage"),
    "healthcheck": ("USER 10001:10001", "USER 10001:10001\nHEALTHCHECK CMD true"),
    "installs at the end": ("USER 10001:10001", "USER 10001:10001\nRUN pip install requests"),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_containerfile_is_refused(change: tuple[str, str]) -> None:
    before, after = change
    text = containerfile(REGISTER)
    assert before in text
    assert problems(text.replace(before, after, 1), REGISTER) != []


CHAT = next(service for service in SERVICES if service.name == "citizen-chat")
WITHOUT_NAMES_MODEL = {
    "model not copied": (f"COPY {NAMES_MODEL} /opt/models/names-fr\n", ""),
    "model elsewhere": (f"{NAMES_MODEL_ENV}=/opt/models/names-fr", f"{NAMES_MODEL_ENV}=/opt/x"),
    "stock model": (f"    {NAMES_MODEL_ENV}=/opt/models/names-fr \\\n", ""),
}


def test_the_services_that_mask_are_known() -> None:
    masking = {service.name for service in SERVICES if masks_personal_data(service)}
    assert {"citizen-chat", "agent-assistant", "officials-analytics"} <= masking
    assert "ethics-register" not in masking


@pytest.mark.parametrize("change", WITHOUT_NAMES_MODEL.values(), ids=WITHOUT_NAMES_MODEL.keys())
def test_an_image_that_masks_without_the_names_model_is_refused(change: tuple[str, str]) -> None:
    before, after = change
    text = containerfile(CHAT)
    assert before in text
    assert problems(text.replace(before, after, 1), CHAT) != []


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's and buildah's rule: the last pattern matching the path or a folder above it
    decides; `!` lets in again; `*` stays within a folder, `**` crosses folders."""
    verdict = False
    parts = path.split("/")
    for raw in patterns:
        negated = raw.startswith("!")
        pattern = raw.lstrip("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(regex, "/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            verdict = not negated
    return verdict


def ignore_patterns() -> list[str]:
    lines = (ROOT / ".containerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


KEPT_OUT = [
    ".venv/lib/python3.11/site-packages/x.py",
    ".run/ethics-register.db",
    ".cache/kafka-4.3.1/bin/kafka-server-start.sh",
    ".git/config",
    ".tools/bin/uv",
    "infra/demo/knowledge/decheteries.md",
    "infra/keycloak/realm-collectivia.json",
    "tests/integration/test_fuzzing.py",
    "services/citizen-chat/tests/unit/test_x.py",
    "libs/platform/tests/unit/test_settings.py",
    "services/ethics-register/src/collectivia/ethics_register/__pycache__/main.cpython-311.pyc",
    "services/ethics-register/ethics-register.db",
    "services/citizen-chat/.env",
    "charts/collectivia/values.yaml",
    ".cache/models/other-model/meta.json",
]
LET_IN = [
    "pyproject.toml",
    "uv.lock",
    "libs/platform/pyproject.toml",
    "libs/platform/src/collectivia/platform/app.py",
    "services/data-lake/src/collectivia/data_lake/main.py",
    f"{NAMES_MODEL}/meta.json",
    f"{NAMES_MODEL}/ner/model",
]


def test_the_build_context_keeps_local_data_out() -> None:
    patterns = ignore_patterns()
    assert [path for path in KEPT_OUT if not ignored(path, patterns)] == []
    assert [path for path in LET_IN if ignored(path, patterns)] == []


def test_the_ignore_rule_reading_can_tell_in_from_out() -> None:
    # The reader above, on a file with a hole in it: .venv let in.
    assert not ignored(".venv/x.py", ["*", "!.venv"])
    assert ignored(".venv/x.py", ["*", "!.venv", ".venv"])
    assert ignored("a/tests/b.py", ["**/tests"])
    assert not ignored("a/testsuite.py", ["**/tests"])


def test_the_chart_runs_the_images_user_and_mounts_their_data_folder() -> None:
    values = yaml.safe_load((ROOT / "charts" / "collectivia" / "values.yaml").read_text())
    security = values["global"]["podSecurity"]
    assert (security["runAsUser"], security["runAsGroup"]) == (UID, UID)
    for service in SERVICES:
        persistence = values["components"][service.name].get("persistence") or {}
        assert persistence.get("mountPath", DATA_DIR) == DATA_DIR, service.name
