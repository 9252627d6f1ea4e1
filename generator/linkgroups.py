"""Where a link that opens at the start of a line closes, found in linear time.

A link's text may span lines: a hard-wrapped abstract inside `[...](url)`, a lynx
dump's `[` on a line of its own. Bracket depths are prefix sums over the lines, and
the lowest depth between two lines that could close a link is precomputed, so each
opener costs O(1) per closing candidate whatever the capture holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A link's text may run over this many lines (a hard-wrapped abstract inside a link).
GROUP_MAX_LINES = 300
_BRACKET = re.compile(r"\\.|[\[\]]")
_NO_DIP = 1 << 62  # deeper than any line goes: no line between here and the next closer dips


@dataclass(frozen=True, slots=True)
class _Brackets:
    """Bracket depths of one line: where it ends, how low it dips, where it first reaches -d."""

    net: int
    low: int
    first_close: dict[int, int]


class LinkGroups:
    """Finds, in linear time, the line on which a `[` opened at the start of a line closes.

    A link's text may span lines (a hard-wrapped abstract inside `[...](url)`). The group
    opened on line i closes on the first later line where the bracket depth, counted from
    line i, falls back to zero; it is a link only if a `(` or `[` follows that bracket.
    Depths are prefix sums, and the lowest depth between two lines that could close a
    link (`](` or `][`) is precomputed, so each opener costs O(1) per closing candidate.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        n = len(lines)
        self.stats: list[_Brackets | None] = [None] * n
        self.prefix = [0] * (n + 1)  # depth before line k
        for k, line in enumerate(lines):
            self.prefix[k + 1] = self.prefix[k] + self._net(k)
        self.next_closer = [n] * (n + 1)
        self.low_until_closer = [0] * (n + 1)
        running = _NO_DIP
        for k in reversed(range(n)):
            closer = "](" in lines[k] or "][" in lines[k]
            self.next_closer[k] = k if closer else self.next_closer[k + 1]
            running = _NO_DIP if closer else min(running, self.prefix[k] + self._low(k))
            self.low_until_closer[k] = running

    def _net(self, k: int) -> int:
        line = self.lines[k]
        if "\\" in line:
            return self._stats(k).net
        return line.count("[") - line.count("]")

    def _low(self, k: int) -> int:
        line = self.lines[k]
        return self._stats(k).low if "]" in line else 0

    def _stats(self, k: int) -> _Brackets:
        cached = self.stats[k]
        if cached is None:
            depth = low = 0
            first: dict[int, int] = {}
            for m in _BRACKET.finditer(self.lines[k]):
                token = m.group()
                if token == "[":
                    depth += 1
                elif token == "]":
                    depth -= 1
                    if depth < low:
                        low = depth
                        first[-depth] = m.start()
            cached = self.stats[k] = _Brackets(depth, low, first)
        return cached

    def opens(self, i: int) -> bool:
        """True when the first `[` of line i is still open at the end of the line."""
        line = self.lines[i]
        depth = 0
        for m in _BRACKET.finditer(line, line.find("[")):
            token = m.group()
            if token == "[":
                depth += 1
            elif token == "]":
                depth -= 1
                if depth <= 0:
                    return False
        return depth > 0

    def closing(self, i: int) -> tuple[int, int] | None:
        """(line, column) of the bracket that closes the group opened on line i, when a link closes there."""
        opened_at = self.prefix[i]  # the group is closed when the depth falls back to this
        limit = min(len(self.lines), i + 1 + GROUP_MAX_LINES)
        k = i + 1
        while k < limit:
            c = self.next_closer[k]
            if c >= limit or (k < c and self.low_until_closer[k] <= opened_at):
                return None  # no closing line in reach, or the bracket closes first with no link
            stats = self._stats(c)
            depth = self.prefix[c] - opened_at
            if depth + stats.low <= 0:
                column = stats.first_close.get(depth)
                line = self.lines[c]
                if column is None or column + 1 >= len(line) or line[column + 1] not in "([":
                    return None
                return c, column
            k = c + 1
        return None

    def never_closed(self, i: int) -> bool:
        """True when no later line could close a group opened on line i: the capture ends inside it."""
        return self.next_closer[i + 1] >= len(self.lines) and self.prefix[-1] > self.prefix[i]

