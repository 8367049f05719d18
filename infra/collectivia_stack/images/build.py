"""One service's image from its Containerfile: the locked dependencies installed by uv from
the machine's wheel cache (the one `make venv` filled), nothing downloaded twice."""

from __future__ import annotations

import os
import subprocess
import time
import tomllib
from pathlib import Path

from ..config import REPO_ROOT, StackError
from ..services import Service
from .base import BaseImages
from .buildah import Buildah

UV = REPO_ROOT / ".tools" / "bin" / "uv"
DEFAULT_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


def version() -> str:
    """The suite's version (the workspace's pyproject.toml): every image's tag."""
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        project: dict[str, str] = tomllib.load(handle)["project"]
    return project["version"]


def image_name(service: Service, tag: str) -> str:
    return f"localhost/collectivia/{service.name}:{tag}"


def containerfile(service: Service) -> Path:
    return REPO_ROOT / "services" / service.name / "Containerfile"


def console_scripts(service: Service) -> list[str]:
    """The service's commands (its server, its jobs): the CronJobs run them from the image."""
    with (REPO_ROOT / "services" / service.name / "pyproject.toml").open("rb") as handle:
        scripts: dict[str, str] = tomllib.load(handle)["project"].get("scripts", {})
    return sorted(scripts)


def uv_cache_dir() -> Path:
    result = subprocess.run([str(UV), "cache", "dir"], capture_output=True, text=True, check=True)
    return Path(result.stdout.strip())


def ca_bundle() -> Path | None:
    """The CA certificates this machine trusts (a proxy's too), lent to the build stage."""
    named = os.environ.get("SSL_CERT_FILE")
    for candidate in (Path(named) if named else None, DEFAULT_CA_BUNDLE):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def build_command(service: Service, bases: BaseImages, tag: str) -> list[str]:
    uv_cache = uv_cache_dir()
    uv_cache.mkdir(parents=True, exist_ok=True)
    volumes = ["-v", f"{uv_cache}:/var/cache/uv"]
    bundle = ca_bundle()
    if bundle is not None:
        volumes += ["-v", f"{bundle.resolve()}:/etc/ssl/certs/ca-certificates.crt:ro"]
    # No intermediate layers: with vfs each would be a full copy of the file system; the
    # wheel cache makes a rebuild cheap instead.
    return [
        "bud", "--isolation", "chroot", "--layers=false", "--pull=never", *volumes,
        "--build-arg", f"BASE_IMAGE={bases.base}",
        "--build-arg", f"BUILDER_IMAGE={bases.builder}",
        "-f", str(containerfile(service)), "-t", image_name(service, tag), str(REPO_ROOT),
    ]  # fmt: skip


def build(buildah: Buildah, service: Service, bases: BaseImages, tag: str, log: Path) -> float:
    """Seconds the build took; its output in log."""
    began = time.monotonic()
    with log.open("wb") as out:
        result = subprocess.run(
            buildah.command(*build_command(service, bases, tag)),
            stdout=out, stderr=subprocess.STDOUT, timeout=3600, check=False,
        )  # fmt: skip
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise StackError(f"images: build {service.name}", tail)
    return round(time.monotonic() - began, 1)
