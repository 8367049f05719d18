"""The national Table Schemas and their example files, read where CI has them:
``../shared/lake/schemas`` beside the repository (never copied into it)."""

from __future__ import annotations

from pathlib import Path


def shared_schemas() -> Path:
    """The folder of the national schemas; required, not skipped: CI has it."""
    root = next(p for p in Path(__file__).resolve().parents if (p / "uv.lock").is_file())
    folder = root.parent / "shared" / "lake" / "schemas"
    assert folder.is_dir(), f"the national schemas are expected in {folder}, as in CI"
    return folder
