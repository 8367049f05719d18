"""The images' base (Debian bookworm's Python 3.11, made with mmdebstrap: there is no
container registry to pull one from) and the build stage's (the base and the repository's
pinned uv). Each is tagged by a hash of its inputs and built only when that tag is missing."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import StackError
from .buildah import Buildah

log = logging.getLogger(__name__)

SUITE = "bookworm"
SOURCES = (
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
)
# bookworm's python3 is 3.11, the suite's; the wheels bring their own libraries except
# OpenMP (numba's and scikit-learn's threads), the CA certificates and the time zones.
PACKAGES = ("python3", "ca-certificates", "libgomp1", "tzdata")
# The services' user (numeric, as the pods' runAsUser), and their working folder: the data
# volume's mount point, where the relative default paths (SQLite files, Qdrant) land.
UID = 10001
DATA_DIR = "/data"
HOOKS = (
    f'echo "collectivia:x:{UID}:{UID}:CollectivIA:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"',
    f'echo "collectivia:x:{UID}:" >> "$1/etc/group"',
    f'mkdir -p "$1{DATA_DIR}" && chown {UID}:{UID} "$1{DATA_DIR}"',
    'rm -rf "$1/var/lib/apt/lists/"* "$1/var/cache/apt/"* "$1/var/log/"*.log',
)
# Documentation and translations are never read in a container.
EXCLUDED_PATHS = tuple(f"/usr/share/{folder}/*" for folder in ("doc", "man", "locale", "info"))
UV_ENVIRONMENT = {
    "UV_PROJECT_ENVIRONMENT": "/opt/venv",
    "UV_PYTHON": "/usr/bin/python3.11",
    "UV_PYTHON_DOWNLOADS": "never",
    # The wheel cache is a volume of the build (another file system): copies, not links.
    "UV_LINK_MODE": "copy",
    "UV_CACHE_DIR": "/var/cache/uv",
    # The system's CA certificates (those of the machine that builds, mounted in).
    "UV_SYSTEM_CERTS": "1",
}


@dataclass(frozen=True)
class BaseImages:
    base: str
    builder: str
    base_seconds: float | None
    builder_seconds: float | None


def mmdebstrap_command(output: Path) -> list[str]:
    command = ["mmdebstrap", "--variant=minbase", f"--include={','.join(PACKAGES)}"]
    command += [f"--dpkgopt=path-exclude={path}" for path in EXCLUDED_PATHS]
    command += [f"--customize-hook={hook}" for hook in HOOKS]
    return [*command, SUITE, str(output), *SOURCES]


def base_key() -> str:
    """What the base is made of; the mmdebstrap command names it all (packages, sources, hooks)."""
    return hashlib.sha256(json.dumps(mmdebstrap_command(Path("-"))).encode()).hexdigest()[:12]


def builder_key(base: str, uv_version: str) -> str:
    inputs = json.dumps([base, uv_version, sorted(UV_ENVIRONMENT.items())])
    return hashlib.sha256(inputs.encode()).hexdigest()[:12]


def uv_version(uv: Path) -> str:
    result = subprocess.run([str(uv), "--version"], capture_output=True, text=True, check=True)
    return result.stdout.split()[1]


def _make_base(buildah: Buildah, name: str, work: Path) -> None:
    if shutil.which("mmdebstrap") is None:
        raise StackError("images", "mmdebstrap is missing: apt-get install -y mmdebstrap (as root)")
    with tempfile.TemporaryDirectory(dir=work) as folder:
        tarball = Path(folder) / "rootfs.tar"
        result = subprocess.run(
            mmdebstrap_command(tarball), capture_output=True, text=True, timeout=1800, check=False
        )
        if result.returncode != 0:
            raise StackError("images: mmdebstrap", result.stderr[-3000:])
        container = buildah.run("from", "scratch")
        try:
            buildah.run("add", container, str(tarball), "/")
            buildah.run("config", "--user", f"{UID}:{UID}", "--workingdir", DATA_DIR, container)
            buildah.run("commit", "--rm", container, name)
        except StackError:
            buildah.remove_container(container)
            raise


def _make_builder(buildah: Buildah, name: str, base: str, uv: Path) -> None:
    container = buildah.run("from", "--pull-never", base)
    try:
        buildah.run("copy", "--chmod", "0755", container, str(uv), "/usr/local/bin/uv")
        settings = [f"--env={key}={value}" for key, value in UV_ENVIRONMENT.items()]
        buildah.run("config", "--user", "0:0", "--workingdir", "/src", *settings, container)
        buildah.run("commit", "--rm", container, name)
    except StackError:
        buildah.remove_container(container)
        raise


def ensure_base_images(buildah: Buildah, *, uv: Path, work: Path) -> BaseImages:
    """The base and builder images, built only when their inputs changed."""
    base = f"localhost/collectivia/base:{base_key()}"
    base_seconds = None
    if not buildah.image_exists(base):
        log.info("base image %s: mmdebstrap (about 1.5 min)", base)
        began = time.monotonic()
        _make_base(buildah, base, work)
        base_seconds = time.monotonic() - began
    builder = f"localhost/collectivia/builder:{builder_key(base, uv_version(uv))}"
    builder_seconds = None
    if not buildah.image_exists(builder):
        began = time.monotonic()
        _make_builder(buildah, builder, base, uv)
        builder_seconds = time.monotonic() - began
    # The Containerfiles' defaults: a plain `buildah bud` on this storage finds them too.
    buildah.run("tag", base, "localhost/collectivia/base:latest")
    buildah.run("tag", builder, "localhost/collectivia/builder:latest")
    return BaseImages(base, builder, base_seconds, builder_seconds)
