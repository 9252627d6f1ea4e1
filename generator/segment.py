"""Cut a text capture into pieces: lines, headings, links that span lines, tables, front matter.

The first pass of the text reader. It knows Markdown's shapes but nothing of papers:
what a piece means is for `lines.classify` and `assemble` to decide. Every step is
linear in the size of the capture, whatever the capture holds.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

import yaml

from .htmltext import is_html_export, markdown_of_html
from .linkgroups import GROUP_MAX_LINES, LinkGroups
from .lynx import read_references
from .markdown_text import Link, find_links, whole_link

MAX_LINE_CHARS = 100_000
# Control characters that never occur in text copied from a page (tab, CR, LF, ESC excepted).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+|$)")
_FENCE = re.compile(r"^(?:`{3,}|~{3,})")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[(?P<label>[^\]]{1,200})\]:\s*<?(?P<url>\S+?)>?(?:\s+[\"'(].*)?$")
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TAG = re.compile(r"<[^<>]{0,400}>")
_DETAILS = re.compile(r"^<details\b", re.IGNORECASE)
_DETAILS_END = re.compile(r"</details\s*>$", re.IGNORECASE)
# Page furniture an HTML-to-Markdown export leaves on lines of their own (`<p align=right>back to top</p>`).
_STRUCTURAL = re.compile(r"^<(?:p|div|center|span|br|hr|a)\b[^<>]*>.*</(?:p|div|center|span|a)>$", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^<>]*>(?P<label>[^<>]*)</summary>", re.IGNORECASE)
# Keys with which front matter or a capture's header says when it was made.
_CAPTURED_KEY = re.compile(
    r"^[\s>*_\-]*\**(?:captured|retrieved|exported|fetched|scraped|saved|crawled|downloaded|archived|clipped)\b"
    r"[^:\n]{0,30}:\**\s*['\"]?(?P<date>(?:19|20)\d\d-\d\d-\d\d)", re.IGNORECASE)
_HEADER_LINES = 40


class Shape(Enum):
    """What a piece looks like on the page."""

    BLANK = "blank"
    LINE = "line"
    LINK = "link"  # the piece is one link, possibly over several lines: text and target
    TABLE = "table"
    FRONT_MATTER = "front matter"
    FENCE = "fence"
    HTML = "html"
    DETAILS_OPEN = "details"
    DETAILS_CLOSE = "end of details"
    REFERENCE = "reference definition"
    TOO_LONG = "too long"
    BINARY = "binary"
    UNCLOSED = "unclosed link"  # a link opened that no later line closes: the capture was cut off


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of lines (`line`..`end`, 1-based) read as one unit."""

    line: int
    end: int
    shape: Shape
    text: str = ""
    target: str | None = None
    level: int = 0  # heading level, 1-6
    quote: bool = False  # the piece stood in a blockquote (`> ...`)
    rows: tuple[tuple[int, tuple[str, ...]], ...] = ()  # a table: (line, cells), header first


@dataclass(frozen=True, slots=True)
class Segments:
    """The pieces of a capture and what its own header says about it."""

    pieces: tuple[Piece, ...]
    captured: dt.date | None
    references: dict[str, str]
    lynx: bool = False  # a lynx dump whose `[n]` markers were read against its reference list


def segment(lines: list[str]) -> Segments:
    """Cut decoded lines into pieces, in order."""
    pieces: list[Piece] = []
    captured = _header_date(lines)
    if is_html_export("\n".join(lines[:20_000])):
        lines = markdown_of_html(lines)  # pandoc's Markdown with the page's HTML left in
    dump = read_references(lines)
    lines = dump.lines
    start = 0
    front_end = _front_matter_end(lines)
    if front_end:
        pieces.append(Piece(1, front_end, Shape.FRONT_MATTER, "\n".join(lines[1: front_end - 1])))
        captured = _front_matter_date(lines[1: front_end - 1]) or captured
        start = front_end
    groups = LinkGroups(lines)
    references: dict[str, str] = {}
    junk = junk_lines(lines)
    i = start
    n = len(lines) if dump.references_at is None else dump.references_at
    if dump.references_at is not None:  # the reference list itself is the dump's furniture
        pieces_after = [Piece(k + 1, k + 1, Shape.REFERENCE, lines[k]) for k in range(dump.references_at, len(lines))]
    while i < n:
        raw = lines[i]
        number = i + 1
        if len(raw) > MAX_LINE_CHARS:
            pieces.append(Piece(number, number, Shape.TOO_LONG, str(len(raw))))
            i += 1
            continue
        if i in junk:
            pieces.append(Piece(number, number, Shape.BINARY))
            i += 1
            continue
        text = raw.strip().lstrip("\ufeff").strip()
        if not text:
            pieces.append(Piece(number, number, Shape.BLANK))
        elif _FENCE.match(text):
            pieces.append(Piece(number, number, Shape.FENCE, text))
        elif text.startswith("<") and (html := _html(number, text)) is not None:
            _add_html(pieces, html)
        elif m := _REFERENCE_DEFINITION.match(raw):
            references[m["label"].strip().casefold()] = m["url"]
            pieces.append(Piece(number, number, Shape.REFERENCE, m["label"], m["url"]))
        elif "|" in text and i + 1 < n and _DELIMITER_ROW.match(lines[i + 1].strip()):
            i = _table(lines, i, pieces)
            continue
        else:
            i = _content(lines, i, text, groups, pieces)
            continue
        i += 1
    if dump.references_at is not None:
        pieces.extend(pieces_after)
    return Segments(tuple(pieces), captured, references, dump.references_at is not None)


def _content(lines: list[str], i: int, text: str, groups: LinkGroups, pieces: list[Piece]) -> int:
    """A line of content: a heading, a link over one or more lines, or plain text. Returns the next index."""
    number = i + 1
    quote = False
    if text.startswith(">"):
        quote, text = True, text.lstrip(">").strip()
    level = 0
    underlined = False
    if m := _HEADING.match(text):
        level, text = len(m[1]), _closing_hashes(text[m.end():])
    elif i + 1 < len(lines) and (level := _setext_level(text, lines[i + 1])):
        underlined = True
    if underlined:
        # `Title` over `=====` (or a `-----` as long as it): a heading, its underline part of it.
        link = whole_link(text)
        pieces.append(Piece(number, number + 1, Shape.LINK if link else Shape.LINE, link.text if link else text,
                            link.target if link else None, level, quote))
        return i + 2
    if text.startswith("[") and groups.opens(i):
        close = groups.closing(i)
        if close is not None:
            end, link, rest = _group(lines, i, close, level)
            pieces.append(Piece(number, end + 1, Shape.LINK, link.text, link.target, level, quote))
            if rest.strip():
                pieces.append(Piece(end + 1, end + 1, Shape.LINE, rest.strip(), None, 0, quote))
            return end + 1
        if groups.never_closed(i):
            pieces.append(Piece(number, number, Shape.UNCLOSED, text, None, level, quote))
            return i + 1
    end = i
    if level and text:
        # A long title wraps onto an indented or lowercase line right under its heading.
        while end + 1 < len(lines) and _continues_heading(lines[end + 1]):
            end += 1
            text += " " + lines[end].strip()
    link = whole_link(text)
    if link is not None:
        pieces.append(Piece(number, end + 1, Shape.LINK, link.text, link.target, level, quote))
    elif not level and (first := _leading_link(text)) is not None:
        # `[abstract ...](paper)- [![](avatar)](paper)`: a link glued to the next ones on its line.
        pieces.append(Piece(number, end + 1, Shape.LINK, first.text, first.target, 0, quote))
        pieces.append(Piece(number, end + 1, Shape.LINE, text[first.end:].strip(), None, 0, quote))
    else:
        pieces.append(Piece(number, end + 1, Shape.LINE, text, None, level, quote))
    return end + 1


def _setext_level(text: str, below: str) -> int:
    """1 or 2 when `below` underlines `text` as a Setext heading; 0 when it does not."""
    mark = below.strip()
    if len(mark) < 3 or mark.strip(mark[0]) or mark[0] not in "=-" or text.startswith(("-", "*", "+", "|", "<")):
        return 0
    if mark[0] == "=":
        return 1
    # A dashed line is a heading's underline only when it is about as long as the heading: a rule of
    # dashes under a line of text is a separator.
    return 2 if abs(len(mark) - len(text)) <= 2 else 0


def _leading_link(text: str) -> Link | None:
    """The link a line opens with, when what follows it is only more links, images and list marks."""
    if not text.startswith("["):
        return None
    links = find_links(text)
    if len(links) < 2 or links[0].start != 0 or links[0].image:
        return None
    rest = text[links[0].end:]
    for link in reversed(links[1:]):
        rest = rest[: link.start - links[0].end] + rest[link.end - links[0].end:]
    return links[0] if not rest.strip(" -*•·|") else None


# Around binary lines, a line with any undecodable byte is binary too: a binary tail has short lines.
JUNK_REACH = 4


def junk_lines(lines: list[str]) -> set[int]:
    """The (0-based) lines that are binary data: control bytes, mostly undecodable bytes, or
    any undecodable byte within JUNK_REACH lines of such a line (a binary tail's short lines,
    which would otherwise read as titles made of U+FFFD)."""
    junk = {i for i, raw in enumerate(lines) if len(raw) <= MAX_LINE_CHARS and (_CONTROL.search(raw) or
                                                                                _undecodable(raw))}
    if not junk:
        return junk
    near = sorted(junk)
    grown = set(junk)
    for i, raw in enumerate(lines):
        if i not in junk and "\ufffd" in raw and len(raw) <= MAX_LINE_CHARS:
            at = bisect.bisect_left(near, i)
            if any(0 <= k < len(near) and abs(near[k] - i) <= JUNK_REACH for k in (at - 1, at)):
                grown.add(i)
    return grown | _binary_tail(lines, grown)


def _binary_tail(lines: list[str], junk: set[int]) -> set[int]:
    """Every line from the first damaged line of a tail in which most non-blank lines are junk
    or hold an undecodable byte (a file that ends in binary data): read as text, its stray printable lines would make the
    whole file look like another form, and become papers."""
    solid = junk_seen = 0
    start = None
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip():
            continue
        solid += 1
        if i in junk or "\ufffd" in lines[i]:  # in a tail, one undecodable byte is enough
            junk_seen += 1
            if junk_seen >= 3 and junk_seen * 2 >= solid:
                start = i
    return set(range(start, len(lines))) if start is not None else set()


def _undecodable(raw: str) -> bool:
    """A line that was mostly bytes in no text encoding (U+FFFD after decoding): binary junk."""
    bad = raw.count("\ufffd")
    return bad >= 4 and bad * 10 >= len(raw)


def _continues_heading(raw: str) -> bool:
    if len(raw) > 300 or not raw.strip():
        return False
    stripped = raw.strip()
    return (raw.startswith("  ") or stripped[:1].islower()) and not stripped.startswith(("-", "*", "[", "<", "#", "|", ">"))


def _closing_hashes(text: str) -> str:
    """`Title ##` becomes `Title`: ATX headings may close with hashes after a space."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.rstrip()
    return text


def _group(lines: list[str], i: int, close: tuple[int, int], level: int) -> tuple[int, Link, str]:
    """The link that opens on line i and closes on line close[0] at column close[1]."""
    end, column = close
    first = lines[i].strip().lstrip(">").strip()
    if level:
        if heading := _HEADING.match(first):
            first = first[heading.end():]
    parts = [first]
    for k in range(i + 1, end + 1):
        line = lines[k]
        if k == end:
            line = line[: column + 1]
        stripped = line.strip()
        if level and (m := _HEADING.match(stripped)):
            stripped = stripped[m.end():]  # a title wrapped onto a second `###` line
        parts.append(stripped)
    body = "\n".join(parts)
    rest_line = lines[end][column + 1:]
    # The destination or reference follows the closing bracket on the same line.
    text = body + rest_line
    links = find_links(text)
    link = next((ln for ln in links if ln.start == 0), None)
    if link is None:  # the bracket closed without a destination after all
        link = Link(0, len(body), body[1:-1], "")
    rest = text[link.end:]
    return end, Link(0, link.end, link.text, link.target), rest


def _front_matter_end(lines: list[str]) -> int:
    """The 1-based line of the closing `---` of YAML front matter at the top, or 0."""
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        return 0
    for k in range(1, min(len(lines), 200)):
        if lines[k].strip() in ("---", "..."):
            return k + 1 if k > 1 else 0
    return 0


def _front_matter_date(lines: list[str]) -> dt.date | None:
    text = "\n".join(lines)
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if len(text) < 20_000 else None
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        for key in ("captured", "retrieved", "exported", "fetched", "scraped", "saved", "crawled", "downloaded",
                    "clipped", "created"):
            value = data.get(key)
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str) and (found := _iso_date(value)):
                return found
    return _header_date(lines)


def _header_date(lines: list[str]) -> dt.date | None:
    """The capture date a header line states ("Captured (UTC): 2026-06-29T16:31", "retrieved: ...")."""
    for raw in lines[:_HEADER_LINES]:
        if len(raw) < 300 and (m := _CAPTURED_KEY.match(raw)):
            return _iso_date(m["date"])
    return None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _add_html(pieces: list[Piece], html: list[Piece]) -> None:
    """Add HTML pieces; a `<summary>` line right after `<details>` labels that block instead of opening one."""
    first = html[0]
    if first.shape is Shape.DETAILS_OPEN and first.text and len(html) == 1 and first.target == "summary":
        for k in range(len(pieces) - 1, -1, -1):
            if pieces[k].shape is Shape.BLANK:
                continue
            if pieces[k].shape is Shape.DETAILS_OPEN and not pieces[k].text:
                pieces[k] = Piece(pieces[k].line, first.end, Shape.DETAILS_OPEN, first.text)
                return
            break
    pieces.extend(Piece(p.line, p.end, p.shape, p.text) for p in html)


def _html(number: int, text: str) -> list[Piece] | None:
    """A line of HTML tags only: a details block opening or closing, an anchor, a break."""
    visible = _TAG.sub("", text).strip()
    if not text.endswith(">"):
        return None
    pieces: list[Piece] = []
    if _DETAILS.match(text):
        label = _SUMMARY.search(text)
        pieces.append(Piece(number, number, Shape.DETAILS_OPEN, label["label"].strip() if label else ""))
        if _DETAILS_END.search(text):
            pieces.append(Piece(number, number, Shape.DETAILS_CLOSE))
        return pieces
    if _DETAILS_END.search(text) and not visible:
        return [Piece(number, number, Shape.DETAILS_CLOSE)]
    if m := _SUMMARY.fullmatch(text):
        return [Piece(number, number, Shape.DETAILS_OPEN, m["label"].strip(), "summary")]
    if visible and not (_STRUCTURAL.match(text) and len(visible) <= 40):
        return None  # text among the tags is content (or an attack to show as text), not markup
    return [Piece(number, number, Shape.HTML, visible)]


def _table(lines: list[str], i: int, pieces: list[Piece]) -> int:
    """A pipe table from its header at line i; returns the index after its last row."""
    rows = [(i + 1, split_cells(lines[i]))]
    k = i + 2
    while k < len(lines):
        row = lines[k].strip()
        if not row or "|" not in row or len(row) > MAX_LINE_CHARS:
            break
        line = k + 1
        # A cell that runs over several lines (a broken export) ends at a line ending with `|`.
        while not row.endswith("|") and k + 1 < len(lines) and lines[k + 1].strip() \
                and k + 1 - line < GROUP_MAX_LINES:
            k += 1
            row += " " + lines[k].strip()
        rows.append((line, split_cells(row)))
        k += 1
    pieces.append(Piece(i + 1, k, Shape.TABLE, rows=tuple(rows)))
    return k


def split_cells(row: str) -> tuple[str, ...]:
    """The cells of a pipe-table row, outer pipes dropped, escaped `\\|` kept in its cell."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return tuple(cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(row))
