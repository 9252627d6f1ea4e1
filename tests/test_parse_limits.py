"""No input makes the text reader backtrack: each hostile line costs time linear in its length.

Speed is not timed here (the machine is shared and noisy); growth is. A line eight
times longer may cost about eight times more, never the sixty-four times a quadratic
pattern would, and the papers around the hostile line are always kept.
"""

from __future__ import annotations

import time
from typing import Callable

import pytest

from generator.model import Source
from generator.parse import parse_capture

BEFORE = ["Good Paper", "", "A good abstract. It survives whatever follows.", ""]
AFTER = ["", "Another Paper", "", "A second abstract. It is kept as well.", ""]
SIZE = 100_000
# The inputs of issue 11 and 16 (a 100 KB line, a run of spaces, a run of `[`, `# x` and `[`s),
# and the other shapes each pattern of segment.py, lines.py and markdown_text.py could choke on.
HOSTILE: dict[str, Callable[[int], str]] = {
    "a long line": lambda n: "word " * (n // 5),
    "a run of spaces": lambda n: "x" + " " * n + "y",
    "spaces around a separator": lambda n: "a ·" + " " * n + "· b",
    "a run of [": lambda n: "[" * n,
    "a heading then a run of [": lambda n: "# x" + "[" * n,
    "a heading then spaces": lambda n: "# x" + " " * n + "#",
    "a heading then spaces then a word": lambda n: "# x" + " " * n + "#x",
    "a heading then spaces and digits then a word": lambda n: "## x" + " 1" * (n // 2) + " y",
    "link closers": lambda n: "](" * (n // 2),
    "a link destination of spaces": lambda n: "[a](" + " " * n,
    "a link title never closed": lambda n: "[a](x" + " " * n + '"t',
    "a reference of spaces": lambda n: "[a][" + " " * n,
    "backslashes": lambda n: "\\" * n,
    "nested images": lambda n: "[![" * (n // 3),
    "pipes": lambda n: "|" * n,
    "sentence ends": lambda n: ". " * (n // 2),
    "angle brackets": lambda n: "<" * n,
    "unclosed tags": lambda n: "<a " * (n // 3),
    "a field label": lambda n: "**" + "A" * n + ":",
    "vote digits": lambda n: "[-] " + "1" * n,
    "a date then spaces": lambda n: "Sep 25, 2025 " + " " * n,
    "separators": lambda n: " · ".join(["a"] * (n // 4)),
    "italic names": lambda n: "*a, " * (n // 4) + "*",
    "lines of [": lambda n: "\n".join(["["] * (n // 5)),
    "a table": lambda n: "| a | b |\n|---|---|\n" + ("| " + "x" * 46 + " |\n") * (n // 50),
}


def _parse(text: str):
    return parse_capture([*BEFORE, *text.split("\n"), *AFTER], Source("hostile.txt"))


def _best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_line_keeps_the_papers_around_it(name: str) -> None:
    capture = _parse(HOSTILE[name](SIZE))
    assert [r.title for r in capture.records] == ["Good Paper", "Another Paper"]
    assert capture.records[0].abstract == "A good abstract. It survives whatever follows."


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_line_costs_linear_time(name: str) -> None:
    small, large = HOSTILE[name](SIZE // 8), HOSTILE[name](SIZE)
    _parse(small)  # warm caches and imports
    t_small = _best_of(5, lambda: _parse(small))
    t_large = _best_of(3, lambda: _parse(large))
    # Linear growth is 8x; quadratic would be 64x. A floor absorbs timer noise on tiny times.
    assert t_large <= 24 * max(t_small, 0.002), f"{t_small:.4f}s at {SIZE // 8:,} chars, {t_large:.4f}s at {SIZE:,}"
