"""The benchmark's memory sampler (bench/memory.py) counts a process tree's memory once.

A forked worker shares its parent's pages; RSS counts them in both, Pss splits them. These
tests fork real processes holding a known allocation and read the kernel's own figures, so
they fail if the sampler double counts shared pages, misses a descendant, or drops a phase.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
MB = 1024  # kB
HELD = 160  # MB each test process writes and keeps


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_memory", ROOT / "bench" / "memory.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


memory = _load()
pytestmark = pytest.mark.skipif(not memory.available(), reason="optional: the kernel reports no Pss or task children")

# A parent writes HELD MB, then forks `workers` children that keep the shared pages and add
# `own` MB each of their own. It prints one line when every process holds its memory, and
# exits when its stdin closes.
TREE = textwrap.dedent("""
    import os, sys
    held = b"x" * ({held} << 20)
    own, pids = {own}, []
    for _ in range({workers}):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            mine = b"y" * (own << 20)
            os.write(ready_w, b"!")
            sys.stdin.read()
            os._exit(0)
        os.read(ready_r, 1)
        pids.append(pid)
    print("ready", flush=True)
    sys.stdin.read()
    for pid in pids:
        os.waitpid(pid, 0)
""")


@pytest.fixture
def tree(request: pytest.FixtureRequest) -> Iterator[subprocess.Popen[str]]:
    workers, own = request.param
    code = TREE.format(held=HELD, own=own, workers=workers)
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    yield child
    assert child.stdin is not None
    child.stdin.close()
    child.wait(timeout=30)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def _children_by_ppid(pid: int) -> list[int]:
    """The processes whose parent is `pid`, found by scanning /proc rather than as the sampler does."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("tree", [(3, 0)], indirect=True)
def test_shared_pages_count_once(tree: subprocess.Popen[str]) -> None:
    """Three forked workers share the parent's HELD MB: RSS sums it four times, Pss once."""
    workers = _children_by_ppid(tree.pid)
    assert len(workers) == 3
    rss_sum = sum(_rss_kb(pid) for pid in [tree.pid, *workers])
    pss = memory.tree_pss_kb(tree.pid)
    assert rss_sum > 4 * HELD * MB  # what a sum of RSS (or a parent's peak plus a worker's) reports
    assert HELD * MB <= pss < 1.5 * HELD * MB, pss  # the interpreter itself is tens of MB, not HELD


@pytest.mark.parametrize("tree", [(2, HELD)], indirect=True)
def test_every_descendant_counts(tree: subprocess.Popen[str]) -> None:
    """Each worker's own HELD MB is counted: the tree holds three allocations, not one."""
    pss = memory.tree_pss_kb(tree.pid)
    assert 3 * HELD * MB <= pss < 3.5 * HELD * MB, pss
    assert memory.tree_pss_kb(tree.pid) > memory._pss_kb(tree.pid) + 2 * HELD * MB


@pytest.mark.parametrize("tree", [(1, 0)], indirect=True)
def test_sampler_keeps_each_phase_peak(tree: subprocess.Popen[str], tmp_path: Path) -> None:
    """Samples land in the phase the phase file names; an empty phase is not recorded."""
    phase = tmp_path / "phase"
    sampler = memory.PeakSampler(tree.pid, phase, interval=0.01)
    phase.write_text("", encoding="utf-8")
    sampler._sample()
    assert sampler.peaks == {}
    phase.write_text("generator\n", encoding="utf-8")
    with sampler:
        deadline = time.monotonic() + 10
        while "generator" not in sampler.peaks and time.monotonic() < deadline:
            time.sleep(0.01)
    assert sampler.mb("generator") >= HELD
    assert sampler.mb("build") is None


def test_a_vanished_process_holds_nothing() -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    assert memory.tree_pss_kb(int(done.stdout)) == 0
