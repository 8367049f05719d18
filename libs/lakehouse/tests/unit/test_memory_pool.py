"""Arrow's pool for the lake and the analytics: jemalloc unless the operator chose one (each
case in a process of its own: the pool is the whole process's)."""

from __future__ import annotations

import os
import subprocess
import sys

import pyarrow as pa

PROBE = """
import pyarrow as pa
from collectivia.lakehouse.memory import use_returning_memory_pool
chosen = use_returning_memory_pool()
table = pa.table({"n": list(range(100_000))})
print(chosen, pa.default_memory_pool().backend_name, table.nbytes > 0)
"""


def probe(**variables: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run(  # noqa: S603 (this interpreter)
        [sys.executable, "-c", PROBE],
        env={**environment, **variables},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.split()


def test_jemalloc_replaces_the_default_pool() -> None:
    expected = "jemalloc" if "jemalloc" in pa.supported_memory_backends() else "system"
    assert probe() == [expected, expected, "True"]


def test_the_operator_s_choice_is_obeyed() -> None:
    assert probe(ARROW_DEFAULT_MEMORY_POOL="system") == ["system", "system", "True"]
