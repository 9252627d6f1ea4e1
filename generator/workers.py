"""Per-paper work on every core, with output identical to one process.

Tagging, names, mentions and paper pages are each a function of one paper and of inputs
every paper shares (the taxonomy, the name index, the template). `map_in_order` runs such
a function over all papers in forked worker processes: the function and the shared inputs
are inherited by the fork, never pickled; only item numbers go out and results come back,
in order. The results are those of a plain loop, so the output is the same for any number
of jobs (`tests/test_jobs.py`).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more (forking, sending results back) than it saves:
# the real corpus's 376 papers are done faster in one process.
POOL_MIN = 1500
# Chunks per worker: enough that one slow chunk does not leave a core idle at the end.
CHUNKS_PER_JOB = 4

_TASK: tuple[Callable[[object], object], Sequence[object]] | None = None  # inherited by the forked workers


def available_cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU quota or taskset)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_in_order(work: Callable[[T], R], items: Sequence[T], jobs: int = 1) -> list[R]:
    """`[work(item) for item in items]`, on up to `jobs` processes when there are many items."""
    if jobs <= 1 or len(items) < POOL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    global _TASK
    _TASK = (work, items)  # type: ignore[assignment]  # erased to object: the workers only call it
    size = -(-len(items) // (jobs * CHUNKS_PER_JOB))
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            done = list(pool.map(_run_span, spans))
    finally:
        _TASK = None
    return [result for part in done for result in part]  # type: ignore[misc]


def _run_span(span: tuple[int, int]) -> list[object]:
    assert _TASK is not None, "a worker runs only inside map_in_order"
    work, items = _TASK
    return [work(items[n]) for n in range(*span)]
