"""What an image holds: nothing that looks like a secret or the demo's data, an empty data
folder, and where its size goes (the largest installed packages)."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..config import INFRA_DIR
from .base import DATA_DIR

# Files that hold a secret, a person's data or a local database, by name.
SECRET_NAMES = re.compile(
    r"(^\.env(\..*)?$|^id_(rsa|dsa|ecdsa|ed25519)$|\.(db|sqlite3?|p12|pfx|jks|keystore|kdbx)$"
    r"|^(credentials|secrets?)\.(json|ya?ml|toml)$|^realm-.*\.json$|^DEMO_USERS\.md$)"
)
# A whole PEM block, not a library's constant naming its header.
PRIVATE_KEY = re.compile(
    rb"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----\s+[A-Za-z0-9+/=\s]{40,}-----END"
)
# Third-party packages come from the lock, each file checked against its hash: their own
# test fixtures (jwcrypto's test keys) are theirs. The suite's packages and everything
# outside site-packages are read.
THIRD_PARTY = re.compile(r"/site-packages/(?!collectivia/)")
# Text files read whole for a private key or a demo password; larger ones are data.
TEXT_SUFFIXES = frozenset(
    {
        ".py",
        ".json",
        ".toml",
        ".yaml",
        ".yml",
        ".md",
        ".txt",
        ".cfg",
        ".ini",
        ".env",
        ".pem",
        ".key",
        ".crt",
        ".conf",
        ".sh",
    }
)
MAX_TEXT_BYTES = 2 * 1024 * 1024
# The demo's own material: knowledge pages, register entries, lake files, the realm and its
# users (matched by content, whatever their name in the image).
DEMO_FOLDERS = (INFRA_DIR / "demo", INFRA_DIR / "keycloak")
SKIPPED_TOP = frozenset({"proc", "sys", "dev"})


@dataclass
class FileReport:
    problems: list[str] = field(default_factory=list)
    files: int = 0
    largest_packages: list[tuple[str, int]] = field(default_factory=list)


def demo_fingerprints(folders: Iterable[Path] = DEMO_FOLDERS) -> dict[int, set[str]]:
    """SHA-256 of every demo file, by size (an image's files are hashed only on a size hit)."""
    prints: dict[int, set[str]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and path.stat().st_size > 0:
                prints.setdefault(path.stat().st_size, set()).add(_sha256(path))
    return prints


def demo_passwords(users_file: Path = INFRA_DIR / "keycloak" / "DEMO_USERS.md") -> list[bytes]:
    """The demo logins' passwords (username + '-demo'), as DEMO_USERS.md lists the users."""
    names = re.findall(r"^\| `([a-z]+\.[a-z]+)` \|", users_file.read_text(), flags=re.MULTILINE)
    return [f"{name}-demo".encode() for name in names]


def scan_rootfs(root: Path) -> FileReport:
    report = FileReport()
    prints = demo_fingerprints()
    passwords = demo_passwords()
    package_sizes: Counter[str] = Counter()
    for path, relative in _files(root):
        report.files += 1
        size = path.lstat().st_size
        package = _site_package(relative)
        if package:
            package_sizes[package] += size
        report.problems.extend(_file_problems(path, relative, size, prints, passwords))
    data_dir = root / DATA_DIR.lstrip("/")
    for folder in (data_dir, root / "tmp"):
        if folder.is_dir() and any(folder.iterdir()):
            report.problems.append(f"/{folder.relative_to(root)} is not empty in the image")
    report.largest_packages = package_sizes.most_common(8)
    return report


def missing_scripts(root: Path, scripts: Iterable[str]) -> list[str]:
    folder = root / "opt" / "venv" / "bin"
    return [
        f"command {name} missing from /opt/venv/bin"
        for name in scripts
        if not (folder / name).is_file()
    ]


def _file_problems(
    path: Path, relative: str, size: int, prints: dict[int, set[str]], passwords: list[bytes]
) -> Iterator[str]:
    if SECRET_NAMES.search(path.name):
        yield f"/{relative}: a secret's or a database's file name"
    if size in prints and _sha256(path) in prints[size]:
        yield f"/{relative}: a copy of a demo file (infra/demo or infra/keycloak)"
    if path.suffix in TEXT_SUFFIXES and size <= MAX_TEXT_BYTES and not THIRD_PARTY.search(relative):
        content = path.read_bytes()
        if PRIVATE_KEY.search(content):
            yield f"/{relative}: holds a private key"
        if any(password in content for password in passwords):
            yield f"/{relative}: holds a demo login's password"


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    for folder, dirs, names in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [name for name in dirs if name not in SKIPPED_TOP]
        for name in names:
            path = Path(folder) / name
            if not path.is_symlink() and path.is_file():
                yield path, str(path.relative_to(root))


def _site_package(relative: str) -> str | None:
    marker = "/site-packages/"
    if marker not in relative:
        return None
    return relative.split(marker, 1)[1].split("/", 1)[0]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
