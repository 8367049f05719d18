"""The file check of `make images` (infra/collectivia_stack/images/files.py) on a small root
file system made here: what it must flag (a private key, a local database, a copy of the
demo's data, a demo password, files left in the data folder) and what it must let be (a
library's constant naming a key header, a locked package's own test key)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from infra.collectivia_stack.config import INFRA_DIR
from infra.collectivia_stack.images.files import missing_scripts, scan_rootfs

KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
    "-----END PRIVATE KEY-----\n"
)
SITE = "opt/venv/lib/python3.11/site-packages"


def rootfs(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    (tmp_path / "data").mkdir(exist_ok=True)
    return tmp_path


CLEAN = {
    f"{SITE}/collectivia/ethics_register/main.py": "def main() -> None: ...\n",
    f"{SITE}/cryptography/ssh.py": '_SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"\n',
    f"{SITE}/jwcrypto/tests.py": f"PEM = '''{KEY}'''\n",
    "etc/passwd": "collectivia:x:10001:10001::/tmp:/usr/sbin/nologin\n",
}


def test_a_clean_image_passes(tmp_path: Path) -> None:
    report = scan_rootfs(rootfs(tmp_path, CLEAN))
    assert report.problems == []
    assert report.files == len(CLEAN)
    assert dict(report.largest_packages).keys() == {"collectivia", "cryptography", "jwcrypto"}


DEMO_PAGE = INFRA_DIR / "demo" / "knowledge" / "decheteries.md"
FLAGGED = {
    "private key": ("etc/ssl/private/service.key", KEY),
    "own package's key": (f"{SITE}/collectivia/platform/keys.py", f"K = '''{KEY}'''"),
    "database": ("opt/app/ethics-register.db", b"SQLite format 3\x00"),
    "environment file": ("opt/app/.env", "COLLECTIVIA_X=1\n"),
    "demo page": ("opt/app/pages/page.md", DEMO_PAGE.read_bytes()),
    "demo password": (f"{SITE}/collectivia/seed.py", "PASSWORD = 'marc.admin-demo'\n"),
    "data left in": ("data/ethics-register.db-wal", b"\x00"),
    "realm export": ("opt/keycloak/realm-collectivia.json", "{}"),
}


@pytest.mark.parametrize("case", FLAGGED.values(), ids=FLAGGED.keys())
def test_what_must_not_be_in_an_image_is_flagged(
    tmp_path: Path, case: tuple[str, str | bytes]
) -> None:
    relative, content = case
    report = scan_rootfs(rootfs(tmp_path, {**CLEAN, relative: content}))
    assert report.problems != []
    assert any(relative.split("/")[0] in problem for problem in report.problems)


def test_a_command_missing_from_the_venv_is_flagged(tmp_path: Path) -> None:
    root = rootfs(
        tmp_path, {"opt/venv/bin/collectivia-ethics-register": "#!/opt/venv/bin/python\n"}
    )
    commands = ["collectivia-ethics-register", "collectivia-ethics-register-jobs"]
    assert missing_scripts(root, commands[:1]) == []
    assert missing_scripts(root, commands) == [
        "command collectivia-ethics-register-jobs missing from /opt/venv/bin"
    ]
