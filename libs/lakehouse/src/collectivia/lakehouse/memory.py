"""Arrow's memory pool for the services that hold tables in memory for hours.

pyarrow's default pool (mimalloc since pyarrow 26) kept the pages of freed buffers in its
arena when long-lived buffers (the analytics' cached rows) sit among every query's short-lived
ones: `make soak` measured the analytics' resident memory rising by 50 to 60 MiB after about ten
minutes while Arrow counted 33 MiB allocated, and all of it inside mimalloc's 1 GiB arena
(/proc/PID/smaps). jemalloc, in the same wheel, gives freed pages back after its decay time;
with it the same soak stayed flat, and 200 MiB lower from the start. The system allocator is
the fallback where a build lacks jemalloc. ``ARROW_DEFAULT_MEMORY_POOL``, when an operator sets
it, is obeyed as Arrow documents it.
"""

from __future__ import annotations

import logging
import os

import pyarrow as pa

logger = logging.getLogger(__name__)

POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def use_returning_memory_pool() -> str:
    """Make jemalloc (else the system allocator) Arrow's pool for this process, unless the
    operator chose one; the pool's name. Call it at the process's start, before any table is
    read: buffers allocated earlier stay in the pool that made them."""
    if os.environ.get(POOL_VARIABLE, "").strip():
        chosen = str(pa.default_memory_pool().backend_name)
        logger.info("Arrow memory pool: %s (%s)", chosen, POOL_VARIABLE)
        return chosen
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    logger.info("Arrow memory pool: %s", pool.backend_name)
    return str(pool.backend_name)
