"""The per-paper work on several processes writes exactly what one process writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import CORPUS
from generator import pipeline, workers


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_map_in_order_runs_in_other_processes_and_keeps_the_order(monkeypatch) -> None:
    import multiprocessing

    monkeypatch.setattr(workers, "POOL_MIN", 1)
    items = list(range(103))  # not a multiple of the chunk count
    # Each worker's first item waits for the other worker's: on a busy machine one worker could
    # otherwise take every chunk before the second starts, and the pool would be right to let it.
    meet, started = multiprocessing.get_context("fork").Barrier(2), []

    def work(n: int) -> tuple[int, int]:
        if not started:  # this process's copy of the list
            started.append(n)
            meet.wait(timeout=60)
        return n * n, os.getpid()

    done = workers.map_in_order(work, items, jobs=2)
    assert [square for square, _ in done] == [n * n for n in items]
    pids = {pid for _, pid in done}
    assert os.getpid() not in pids and len(pids) == 2, "the work ran in two worker processes"


def test_few_items_stay_in_this_process() -> None:
    done = workers.map_in_order(lambda n: os.getpid(), list(range(workers.POOL_MIN - 1)), jobs=2)
    assert set(done) == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_caller(monkeypatch) -> None:
    monkeypatch.setattr(workers, "POOL_MIN", 1)

    def work(n: int) -> int:
        if n == 7:
            raise ValueError("item 7")
        return n

    with pytest.raises(ValueError, match="item 7"):
        workers.map_in_order(work, list(range(20)), jobs=2)


def test_docs_are_byte_identical_for_one_and_two_jobs(real_corpus, tmp_path: Path, monkeypatch) -> None:
    """The real corpus generated in one process and with the pool forced on for its 376 papers."""
    pipeline.generate(real_corpus, tmp_path / "one", jobs=1)
    monkeypatch.setattr(workers, "POOL_MIN", 1)
    pipeline.generate(real_corpus, tmp_path / "two", jobs=2)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sorted(one) == sorted(two) and len(one) > len(real_corpus.papers)
    assert [name for name in one if one[name] != two[name]] == []


def test_jobs_must_be_a_positive_number(capsys) -> None:
    from generator.cli import main

    for bad in ("0", "two"):
        with pytest.raises(SystemExit) as exit_info:
            main(["generate", "--corpus", str(CORPUS), "--jobs", bad])
        assert exit_info.value.code == 2
        assert "--jobs" in capsys.readouterr().err
