"""Text dumps by lynx: `[12]Title` link markers, and the numbered `References` list at the end.

`lynx -dump` writes each link's text after a marker `[n]` and lists the targets at
the end of the page (`  12. https://...`, under "Visible links" and "Hidden links").
Rewritten as Markdown links, with the line numbers kept, such a dump reads like any
other Markdown export: a marker at the start of a paragraph with no other marker
makes the whole paragraph the link's text (a title, an abstract); elsewhere the
text runs to the next marker or the end of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^\s*References\s*$")
_TARGET = re.compile(r"^\s*(?P<n>\d{1,6})\.\s+(?P<url>\S+)\s*$")
_SUBHEADING = re.compile(r"^\s*(?:Visible|Hidden) links:?\s*$")  # ELinks writes no colon
_BARE_TARGET = re.compile(r"^\s*(?:https?|ftp|mailto|file):\S+\s*$")  # `lynx -nonumbers` lists bare URLs
# A marker the list does not hold, glued to what follows: a form control ELinks numbered (`[15]Copy markdown`).
_UNLISTED = re.compile(r"\[(?P<n>\d{1,6})\](?=\S)")
_MARKER = re.compile(r"\[(?P<n>\d{1,6})\]")
# lynx wraps at 76 columns or so: a line this long was probably wrapped, a shorter one ends its paragraph.
WRAPPED = 60
_LEAD = re.compile(r"^(?P<lead>\s*(?:[*+•-]\s+)?)\[(?P<n>\d{1,6})\](?P<rest>.*)$")


@dataclass(frozen=True, slots=True)
class Dump:
    """The dump's lines with its markers made Markdown links, and where its reference list starts (0-based)."""

    lines: list[str]
    references_at: int | None


def read_references(lines: list[str]) -> Dump:
    """Markers resolved against the dump's own reference list; lines without one are returned as they are."""
    start, targets = _references(lines)
    if start is None:
        return Dump(lines, None)
    if not targets:
        return Dump(lines, start)  # a list of bare URLs no marker points into: the dump's furniture all the same
    out = list(lines[:start])
    k = 0
    while k < start:
        end = k
        while end < start and out[end].strip():
            end += 1
        if end > k:
            _paragraph(out, k, end, targets)
        k = end + 1
    return Dump(out + lines[start:], start)


def _references(lines: list[str]) -> tuple[int | None, dict[str, str]]:
    """Where the dump's reference list starts (its `References` heading, or `Visible links:` when
    `-nonumbers` leaves the heading out), and its numbered targets."""
    for k in range(len(lines) - 1, -1, -1):
        if not (_HEADING.match(lines[k]) or _SUBHEADING.match(lines[k])):
            continue
        above = k - 1
        while above >= 0 and not lines[above].strip():
            above -= 1
        if _SUBHEADING.match(lines[k]) and above >= 0 and (_HEADING.match(lines[above]) or _SUBHEADING.match(
                lines[above]) or _TARGET.match(lines[above]) or _BARE_TARGET.match(lines[above])):
            continue  # inside the list: its start is further up
        targets: dict[str, str] = {}
        listed = 0
        for line in lines[k + 1:]:
            if m := _TARGET.match(line):
                targets[m["n"]] = m["url"]
            elif _BARE_TARGET.match(line):
                listed += 1
            elif line.strip() and not _SUBHEADING.match(line):
                break
        return (k, targets) if targets or listed else (None, {})
    return None, {}


def _paragraph(out: list[str], start: int, end: int, targets: dict[str, str]) -> None:
    """Rewrite the markers of the paragraph out[start:end] in place."""
    first = _LEAD.match(out[start])
    if first is not None and first["n"] in targets and not _MARKER.search(first["rest"]):
        # The link's text wraps on while lines are full: a long title, an abstract in a link.
        last = start
        while last + 1 < end and len(out[last].rstrip()) >= WRAPPED and not _MARKER.search(out[last + 1]):
            last += 1
        out[start] = f"{first['lead']}[{_escape(first['rest'])}"
        for k in range(start + 1, last + 1):
            out[k] = _escape(out[k])
        out[last] += f"]({targets[first['n']]})"
        start = last + 1
    for k in range(start, end):
        out[k] = _inline(out[k], targets)


def _inline(line: str, targets: dict[str, str]) -> str:
    """`Mar 11 [21]3` becomes `Mar 11 [3](url)`: each marker's text runs to the next marker."""
    line = _UNLISTED.sub(lambda m: "" if m["n"] not in targets else m.group(), line)
    marks = [m for m in _MARKER.finditer(line) if m["n"] in targets]
    if not marks:
        return line
    pieces = [line[: marks[0].start()]]
    for n, m in enumerate(marks):
        stop = marks[n + 1].start() if n + 1 < len(marks) else len(line)
        text = line[m.end(): stop]
        pieces.append(f"[{_escape(text.rstrip())}]({targets[m['n']]})" + text[len(text.rstrip()):])
    return "".join(pieces)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
