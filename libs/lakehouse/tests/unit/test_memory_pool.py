"""Arrow's pool for the lake and the analytics: jemalloc unless the operator chose one, for
the Python side and the C++ side (Parquet) alike (each case in a process of its own: the
pool is the whole process's, chosen once)."""

from __future__ import annotations

import os
import subprocess
import sys

import pyarrow as pa

PROBE = """
{prelude}
import pyarrow as pa, pyarrow.parquet as pq, tempfile, os
path = os.path.join(tempfile.mkdtemp(), "t.parquet")
pq.write_table(pa.table({{"n": list(range(100_000))}}), path)
pool = pa.default_memory_pool()
before = pool.bytes_allocated()
table = pq.read_table(path)  # read by Arrow's C++ side, in its default pool
print(pool.backend_name, pool.bytes_allocated() > before, table.num_rows)
"""
ENTRY_POINTS = ("collectivia.officials_analytics.main", "collectivia.data_lake.main")


def probe(prelude: str, **variables: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run(  # noqa: S603 (this interpreter)
        [sys.executable, "-c", PROBE.format(prelude=prelude)],
        env={**environment, **variables},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.split()


def test_the_services_give_arrow_jemalloc() -> None:
    assert "jemalloc" in pa.supported_memory_backends()
    for entry_point in ENTRY_POINTS:
        assert probe(f"import {entry_point}") == ["jemalloc", "True", "100000"], entry_point


def test_the_operator_s_choice_is_obeyed() -> None:
    prelude = "from collectivia.lakehouse.memory import choose_memory_pool; choose_memory_pool()"
    assert probe(prelude, ARROW_DEFAULT_MEMORY_POOL="system") == ["system", "True", "100000"]
    # ...and without the choice, pyarrow 26's own default is not jemalloc: the test can fail.
    assert probe("pass")[0] != "jemalloc"
