"""Prerequisites: a Java 17+ runtime and Maven (to resolve artifacts from Maven Central)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .config import StackError

MIN_JAVA = 17
_INSTALL_JAVA = (
    "install OpenJDK 17 or newer (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`, "
    "macOS: `brew install openjdk@17`) or point JAVA_HOME at one"
)


def find_java() -> Path:
    """JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH; must be Java 17+."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if not java.is_file():
            raise StackError(
                "check java", f"JAVA_HOME={java_home} has no bin/java; {_INSTALL_JAVA}"
            )
    else:
        found = shutil.which("java")
        if found is None:
            raise StackError(
                "check java", f"no `java` on PATH and JAVA_HOME unset: {_INSTALL_JAVA}"
            )
        java = Path(found).resolve()
    major = java_major(java)
    if major < MIN_JAVA:
        raise StackError(
            "check java", f"{java} is Java {major}, Kafka 4 needs 17+: {_INSTALL_JAVA}"
        )
    return java


def java_major(java: Path) -> int:
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError as exc:
        raise StackError("check java", f"cannot run {java}: {exc}; {_INSTALL_JAVA}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if match is None:
        raise StackError("check java", f"cannot read the version of {java}:\n{out.stderr}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def java_home_of(java: Path) -> Path:
    return java.resolve().parent.parent


def find_mvn() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StackError(
            "check maven",
            "no `mvn` on PATH; it downloads Kafka and Keycloak from Maven Central. Install "
            "Apache Maven 3.6+ (Debian/Ubuntu: `sudo apt-get install maven`, macOS: "
            "`brew install maven`)",
        )
    return mvn


def run_mvn(step: str, args: Sequence[str], *, cwd: Path, java: Path) -> None:
    env = dict(os.environ, JAVA_HOME=str(java_home_of(java)))
    cmd = [find_mvn(), "-q", "-B", "-Dstyle.color=never", *args]
    try:
        out = subprocess.run(
            cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise StackError(step, "Maven did not finish within 30 min: check network") from exc
    if out.returncode != 0:
        lines = (out.stdout + out.stderr).strip().splitlines()[-25:]
        raise StackError(
            step,
            "Maven resolution failed (exit {}). Check network access to Maven Central "
            "(https://repo.maven.apache.org) or the mirror in ~/.m2/settings.xml.\n"
            "Command: {}\n{}".format(out.returncode, " ".join(cmd), "\n".join(lines)),
        )
