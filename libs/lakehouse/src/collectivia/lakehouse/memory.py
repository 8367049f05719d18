"""Arrow's memory pool for the services that hold tables in memory for hours.

pyarrow's default pool (mimalloc since pyarrow 26) kept the pages of freed buffers in its
arena when long-lived buffers (the analytics' cached rows) sit among every query's short-lived
ones: `make soak` measured the analytics' resident memory rising by 50 to 60 MiB after about
ten minutes while Arrow counted 33 MiB allocated, all of it inside mimalloc's 1 GiB arena
(/proc/PID/smaps). jemalloc, in the same wheel, gives freed pages back after its decay time;
with it the same soak stayed flat, and 200 MiB lower from the start.

Arrow's C++ side (Parquet reads, DuckDB's and pyiceberg's scans) takes its pool once, from
``ARROW_DEFAULT_MEMORY_POOL``, at its first allocation: ``pyarrow.set_memory_pool`` only
changes what Python-level calls use. So the variable is set before pyarrow is imported; an
operator's own value is kept.
"""

from __future__ import annotations

import logging
import os
import sys

logger = logging.getLogger(__name__)

POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
RETURNING_POOL = "jemalloc"


def choose_memory_pool() -> str:
    """Give Arrow jemalloc for this process unless the operator chose a pool; the pool named.
    Call it before anything imports pyarrow (first thing in a service's entry point)."""
    if "pyarrow" in sys.modules:
        logger.warning("pyarrow was loaded before its memory pool was chosen")
    return os.environ.setdefault(POOL_VARIABLE, RETURNING_POOL)
