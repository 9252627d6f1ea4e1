"""The physical memory of a process and all its descendants, sampled while they run.

`ru_maxrss` cannot measure a process that forks workers: each worker's RSS counts the
pages it shares with its parent (copy-on-write, inherited at the fork), so adding the
parent's peak to a worker's counts those pages twice, and taking the larger of the two
misses what the workers add. The proportional set size (Pss in /proc/PID/smaps_rollup)
divides each shared page among the processes that map it, so the Pss of a process tree
sums to the memory it really holds. A thread samples that sum; its largest value is the
tree's peak, to within what a spike shorter than one interval can hide.
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")
INTERVAL = 0.05  # seconds between samples


def available() -> bool:
    """Whether this kernel reports Pss (Linux 4.14 and later) and each task's children, without
    which a tree would silently be measured as its root alone."""
    me = PROC / "self"
    return (me / "smaps_rollup").exists() and any((task / "children").exists() for task in (me / "task").iterdir())


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended between listing and reading: it holds nothing now
    return 0


def tree_pss_kb(root: int) -> int:
    """The summed Pss of `root` and every process below it, in kB."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _pss_kb(pid)
        todo += _children(pid)
    return total


class PeakSampler:
    """Samples a process tree until stopped; `peaks` holds its largest Pss in each phase, in kB.

    The measured process names its current phase by writing it to `phase_file`, so that one
    run's steps (the generator, then the site build) each get their own peak. The sampler runs
    in the waiting parent, not in the measured process, so that it takes no time from it.
    """

    def __init__(self, root: int, phase_file: Path, interval: float = INTERVAL) -> None:
        self.root, self.phase_file, self.interval = root, phase_file, interval
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            phase = self.phase_file.read_text(encoding="utf-8").strip()
        except OSError:
            phase = ""
        if phase:
            self.peaks[phase] = max(self.peaks.get(phase, 0), tree_pss_kb(self.root))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def mb(self, phase: str) -> float | None:
        """The phase's peak in MB, or None if it was never sampled."""
        return self.peaks[phase] / 1024 if phase in self.peaks else None
