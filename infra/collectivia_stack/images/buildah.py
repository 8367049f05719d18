"""buildah with the repository's own image storage (vfs: works without overlay or fuse, in
an unprivileged sandbox), kept in the ignored cache folder."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import StackError


@dataclass(frozen=True)
class Buildah:
    storage: Path

    @property
    def base_command(self) -> list[str]:
        executable = shutil.which("buildah")
        if executable is None:
            raise StackError(
                "images", "buildah is missing: apt-get install -y buildah mmdebstrap (as root)"
            )
        return [
            executable,
            "--root",
            str(self.storage / "root"),
            "--runroot",
            str(self.storage / "runroot"),
            "--storage-driver",
            "vfs",
        ]

    def command(self, *args: str) -> list[str]:
        return [*self.base_command, *args]

    def run(self, *args: str, timeout: float = 1800) -> str:
        result = subprocess.run(
            self.command(*args), capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise StackError(f"buildah {args[0]}", (result.stderr or result.stdout)[-3000:])
        return result.stdout.strip()

    def image_exists(self, name: str) -> bool:
        result = subprocess.run(
            self.command("inspect", "--type", "image", name),
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def inspect_image(self, name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.run("inspect", "--type", "image", name))
        return data

    def remove_container(self, name: str) -> None:
        subprocess.run(self.command("rm", name), capture_output=True, check=False)

    @contextlib.contextmanager
    def container(self, image: str, name: str) -> Iterator[str]:
        """A working container of image, removed afterwards (a stale one of the same name
        first: an earlier run that was interrupted)."""
        self.remove_container(name)
        container = self.run("from", "--pull-never", "--name", name, image)
        try:
            yield container
        finally:
            self.remove_container(container)

    def mount(self, container: str) -> Path:
        return Path(self.run("mount", container))


def compressed_bytes(buildah: Buildah, image: str, work: Path) -> int:
    """What a node pulls: the image's layers gzip-compressed, as a registry would serve them
    (pushed to an OCI layout in a scratch folder, then summed)."""
    with tempfile.TemporaryDirectory(dir=work) as folder:
        buildah.run("push", "--compression-format", "gzip", image, f"oci:{folder}")
        return sum(blob.stat().st_size for blob in (Path(folder) / "blobs").rglob("*"))


def layer_sizes(image: dict[str, Any]) -> list[int]:
    """Uncompressed sizes of the image's layers, base first (buildah's local manifest)."""
    manifest = json.loads(image["Manifest"])
    return [int(layer["size"]) for layer in manifest["layers"]]


def entry_command(image: dict[str, Any]) -> Sequence[str]:
    config = image["OCIv1"]["config"]
    return [*(config.get("Entrypoint") or []), *(config.get("Cmd") or [])]
