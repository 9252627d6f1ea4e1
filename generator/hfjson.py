"""Hugging Face Papers API JSON (daily papers, paper search, one paper, JSON Lines) read into entries."""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .dates import DateText, parse_date_value
from .entry import Entry, Reading, preview
from .identifiers import bare_arxiv_id
from .model import Diagnostic, Rejection, Severity, SourceRef

_T = TypeVar("_T")
_FORM = "Hugging Face Papers API JSON"
_NO_PAPERS = "JSON holds no paper objects (objects with a title)"
# json's error messages count the lines before them, so each costs the length of the text read so far.
_MAX_SYNTAX_ERRORS = 100
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
# A string (escapes and all), and the colon that makes it a key; or a bracket.
_TOKEN = re.compile(r'(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")(?P<colon>[ \t\n\r]*:[ \t\n\r]*)?|[{}\[\]]')
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# json keeps lone surrogates ("\ud800"); they cannot be written as UTF-8 later on.
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECODE_ERRORS = (ValueError, RecursionError)  # RecursionError: nesting deeper than the parser's stack


class _Wrong(Exception):
    """A value of the wrong type; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class _Item:
    """One paper object: where it starts, where its keys are, and its dicts, innermost (`paper`) first."""

    at: int
    keys: dict[tuple[str, ...], int]
    sources: tuple[tuple[str, dict[str, Any]], ...]


def read_json(text: str, file: str) -> Reading:
    """Papers from Hugging Face Papers API JSON (daily papers, paper search, one paper), however saved."""
    reader = _Reader(text, file)
    start = _skip(text, 1 if text.startswith("\ufeff") else 0)
    if start >= len(text):
        reader.note(0, "the file is empty: there is no JSON to read")
        return reader.reading("empty JSON")
    if text[start] == "[":
        return reader.reading(reader.array(start, "", top=True))
    return reader.reading(reader.document(start))


class _Reader:
    """One capture being read: its text, a line index, and what has been found so far."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.entries: list[Entry] = []
        self.rejections: list[Rejection] = []
        self.notes: list[Diagnostic] = []

    def line(self, pos: int) -> int:
        """The 1-based line of a character offset."""
        return bisect.bisect_right(self.starts, pos)

    def note(self, pos: int, message: str, severity: Severity = Severity.WARNING) -> None:
        """Report a problem at the line of `pos`."""
        self.notes.append(Diagnostic(self.file, self.line(pos), message, severity))

    def reading(self, form: str) -> Reading:
        """Everything read, as the pipeline takes it."""
        notes = sorted(self.notes, key=lambda d: d.line)
        return Reading(form, tuple(self.entries), tuple(self.rejections), tuple(notes))

    def document(self, start: int) -> str:
        """An object (one paper, or a wrapper around a list of papers), or JSON Lines; its form."""
        try:
            root, end = _DECODER.raw_decode(self.text, start)
        except _DECODE_ERRORS as error:
            if self.is_json_lines(start):
                return self.json_lines()
            self.note(getattr(error, "pos", start), f"not valid JSON ({_reason(error)}); nothing could be read",
                      Severity.ERROR)
            return "unreadable JSON"
        if _skip(self.text, end) < len(self.text) and self.is_json_lines(start):
            return self.json_lines()  # a first object, then more: one per line
        self.trailing(end)
        path = _paper_list(root) if isinstance(root, dict) else None
        if isinstance(root, dict) and (_is_one_paper(root) or (path is None and "title" in root)):
            self.paper(start, end, root)
            return f"{_FORM} (one paper)"
        offset = self.locate(start, path) if path else None
        if offset is None:
            self.note(start, f"{_NO_PAPERS}; found {_describe(root)}")
            return "JSON with no papers"
        return self.array(offset, " in an object")

    def locate(self, start: int | None, path: tuple[str, ...]) -> int | None:
        """The offset of the value that `path` names inside the object at `start`."""
        for key in path:
            start = _value_offsets(self.text, start, len(self.text)).get((key,)) if start is not None else None
        return start

    def array(self, open_at: int, where: str, top: bool = False) -> str:
        """The papers of the list opening at `open_at`; its form."""
        if self.holds_no_paper(open_at, top):
            return "JSON with no papers"
        items = self.items(open_at, top)
        values = [value for _, _, value in items]
        if not values and any(d.severity is Severity.ERROR for d in self.notes):
            return "unreadable JSON"
        if not any(_is_paper(value) for value in values):
            self.note(open_at, f"{_NO_PAPERS}; found {_describe(values)}")
            return "JSON with no papers"
        for start, end, value in items:
            if isinstance(value, dict):
                self.paper(start, end, value)
            else:
                self.note(start, f"list item is {_kind(value)}, not a paper object; skipped")
        dicts = [value for value in values if isinstance(value, dict)]
        if any("highlightedTitle" in v or "highlightedSummary" in v for v in dicts):
            kind = "paper search"
        elif any(isinstance(v.get("paper"), dict) for v in dicts):
            kind = "daily papers"
        else:
            kind = "list of papers"
        return f"{_FORM} ({kind}{where})"

    def holds_no_paper(self, open_at: int, top: bool) -> bool:
        """A list that parses and has no paper in it, told and reported with one C parse, not item by item."""
        try:
            if _is_paper(_DECODER.raw_decode(self.text, _skip(self.text, open_at + 1))[0]):
                return False  # the usual case: papers from the first item on
            whole, end = _DECODER.raw_decode(self.text, open_at)
        except _DECODE_ERRORS:
            return False  # broken somewhere: walked item by item, resynchronising after each error
        # map(type) runs in C: millions of numbers are passed over without a Python call each.
        if dict in set(map(type, whole)) and any(map(_is_paper, whole)):
            return False
        if top:
            self.trailing(end)
        self.note(open_at, f"{_NO_PAPERS}; found {_describe(whole)}")
        return True

    def items(self, open_at: int, top: bool) -> list[tuple[int, int, Any]]:
        """The values of a list, each with its span; past a syntax error, reading resumes at the next item."""
        text, errors = self.text, 0
        found: list[tuple[int, int, Any]] = []
        pos = _skip(text, open_at + 1)
        boundary = self.boundary(pos)
        while pos < len(text) and text[pos] != "]":
            try:
                value, end = _DECODER.raw_decode(text, pos)
            except _DECODE_ERRORS as error:
                at: int = getattr(error, "pos", pos)
                errors += 1
                if errors > _MAX_SYNTAX_ERRORS:
                    self.note(at, f"more than {_MAX_SYNTAX_ERRORS} JSON syntax errors; the rest of the list is skipped",
                              Severity.ERROR)
                    break
                resumed = self.resume(boundary, max(pos + 1, self.starts[self.line(at) - 1] - 1), at, _reason(error))
                if resumed is None:
                    break
                pos = resumed
                continue
            found.append((pos, end, value))
            pos = _skip(text, end)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
            elif pos < len(text) and text[pos] != "]":
                resumed = self.resume(boundary, end, pos, "expected ',' or ']' after a list item")
                if resumed is None:
                    break
                pos = resumed
        else:
            if pos >= len(text):
                self.note(open_at, "the list opened here is never closed with ']'", Severity.ERROR)
            elif top:
                self.trailing(pos + 1)
        return found

    def trailing(self, end: int) -> None:
        """Warn of anything but whitespace after the end of the JSON."""
        if _skip(self.text, end) < len(self.text):
            self.note(_skip(self.text, end), "text after the end of the JSON is ignored")

    def boundary(self, first: int) -> re.Pattern[str] | None:
        """Where later items start: a line opening an object at the first item's indentation."""
        indent = self.text[self.starts[self.line(first) - 1]:first]
        return re.compile("\n" + re.escape(indent) + r"\{") if indent.strip(" \t") == "" else None

    def resume(self, boundary: re.Pattern[str] | None, after: int, at: int, problem: str) -> int | None:
        """Report a syntax error at `at`; the start of the next item after `after`, if the layout shows one."""
        m = boundary.search(self.text, after) if boundary is not None else None
        then = f"reading resumes at line {self.line(m.end() - 1)}" if m else "the rest of the list is skipped"
        self.note(at, f"JSON syntax error ({problem}); {then}", Severity.ERROR)
        return m.end() - 1 if m else None

    def is_json_lines(self, start: int) -> bool:
        """One JSON object per line: the first or second non-blank line is an object on its own."""
        lines = [line for line in self.text[start:].split("\n", 4) if line.strip()][:2]
        return any(isinstance(_line_value(line), dict) for line in lines)

    def json_lines(self) -> str:
        """Papers from JSON Lines, one object a line; a bad line is reported and skipped."""
        for number, line in enumerate(self.text.split("\n"), 1):
            body = line.lstrip(" \t\r\ufeff").rstrip(" \t\r")
            if not body:
                continue
            offset = self.starts[number - 1] + len(line) - len(line.lstrip(" \t\r\ufeff"))
            try:
                value = json.loads(body)  # the line alone, so a bad line cannot make a scan run on
            except _DECODE_ERRORS as error:
                self.note(offset, f"line is not valid JSON ({_reason(error)}); skipped", Severity.ERROR)
                continue
            if isinstance(value, dict):
                self.paper(offset, offset + len(body), value)
            else:
                self.note(offset, f"line holds {_kind(value)}, not a paper object; skipped")
        if not self.entries and not self.rejections:
            self.note(0, f"{_NO_PAPERS}; found no JSON object with a title on any line")
        return "JSON Lines of Hugging Face papers"

    def paper(self, start: int, end: int, obj: dict[str, Any]) -> None:
        """One paper object made an entry, or a rejection when it has no title."""
        inner, keys = obj.get("paper"), _value_offsets(self.text, start, end)
        sources = (("paper.", inner), ("", obj)) if isinstance(inner, dict) else (("", obj),)
        if inner is not None and not isinstance(inner, dict):
            self.note(keys.get(("paper",), start), f"paper is {_kind(inner)}, not an object; skipped")
        item = _Item(start, keys, sources)
        get = functools.partial(self.field, item)
        title, title_at = self.field(item, "title", _text, outer_first=True, located=True)
        paper_id, abstract = get("id", _text), get("summary", _text)
        if title is None:
            shown = preview(abstract) if abstract else paper_id or ""
            self.rejections.append(Rejection(SourceRef(self.file, self.line(start)), "paper with no title", shown))
            return
        arxiv = bare_arxiv_id(paper_id)
        page = arxiv or (paper_id if paper_id and _SAFE_ID.match(paper_id) else None)
        count, names = get("authors", _authors) or (None, ())
        self.entries.append(Entry(
            line=self.line(title_at), title=title, abstract=abstract or "", summary=get("ai_summary", _text) or "",
            authors=count, author_names=names, organization=get("organization", _organization),
            # A daily-papers item's own publishedAt is the day it was featured, not the paper's date.
            date=get("publishedAt", _date, own_only=True), upvotes=get("upvotes", _count),
            comments=get("numComments", _count, outer_first=True), arxiv_id=arxiv,
            url=f"https://huggingface.co/papers/{page}" if page else None, code_url=get("githubRepo", _text),
            stars=get("githubStars", _count), project_page=get("projectPage", _text),
        ))

    def field(self, item: _Item, key: str, convert: Callable[[Any], _T | None], outer_first: bool = False,
              own_only: bool = False, located: bool = False) -> Any:
        """The first usable value of `key` in the item's dicts (with its offset if `located`); wrong types reported."""
        sources = item.sources[:1] if own_only else item.sources[::-1] if outer_first else item.sources
        for prefix, source in sources:
            value = source.get(key)
            if value is None:  # absent or null: nothing to read, nothing wrong
                continue
            at = item.keys.get(("paper", key) if prefix else (key,), item.at)
            try:
                result = convert(value)
            except _Wrong as wrong:
                self.note(at, f"{prefix}{key} is {_kind(value)}, not {wrong}; skipped")
                continue
            if result is not None:
                return (result, at) if located else result
        return (None, item.at) if located else None


def _value_offsets(text: str, start: int, end: int) -> dict[tuple[str, ...], int]:
    """Where the values of the object at `start` begin, and those of its `paper` object."""
    found: dict[tuple[str, ...], int] = {}
    inside: tuple[str, ...] = ()  # ("paper",) while inside the paper object
    pos = start + 1
    while m := _TOKEN.search(text, pos, end):
        pos = m.end()
        if m["colon"] is not None:
            key = m["string"][1:-1] if "\\" not in m["string"] else json.loads(m["string"])
            found[(*inside, key)] = pos
            if not inside and key == "paper" and text.startswith("{", pos):
                inside, pos = ("paper",), pos + 1
            elif text[pos] in "{[":
                # Keys deeper down are never needed: skip the whole value in one C call (it parsed already).
                pos = _DECODER.raw_decode(text, pos)[1]
        elif m.group() == "}":
            if not inside:
                break
            inside = ()
    return found


def _is_paper(value: object) -> bool:
    return isinstance(value, dict) and (isinstance(value.get("paper"), dict) or "title" in value)


def _is_one_paper(root: dict[str, Any]) -> bool:
    """A paper page's own object, told from a wrapper that merely has a title."""
    return isinstance(root.get("paper"), dict) or (
        isinstance(root.get("title"), str) and any(k in root for k in ("id", "authors", "summary", "publishedAt")))


def _paper_list(root: dict[str, Any]) -> tuple[str, ...] | None:
    """The keys leading to the first list of paper objects, looking up to three objects deep."""
    queue: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), root)]
    for path, obj in queue:
        for key, value in obj.items():
            if isinstance(value, list) and any(_is_paper(v) for v in value):
                return (*path, key)
            if isinstance(value, dict) and len(path) < 2:
                queue.append(((*path, key), value))
    return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        raise _Wrong("text")
    return _SURROGATE.sub("\ufffd", value).strip() or None


def _count(value: object) -> int | None:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)  # 12.0: JSON has one kind of number
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Wrong("a count (a whole number, zero or more)")
    return value


def _date(value: object) -> DateText | None:
    text = _text(value)
    date = parse_date_value(text) if text else None
    if text and date is None:
        raise _Wrong("a date")
    return date


def _authors(value: object) -> tuple[int, tuple[str, ...]] | None:
    """The author count and names; nameless (hidden) authors count but have no name."""
    if not isinstance(value, list) or not all(
            isinstance(a, dict) and isinstance(a.get("name"), (str, type(None))) for a in value):
        raise _Wrong("a list of authors, each an object with a name")
    names = tuple(name for a in value if (name := _text(a.get("name") or "")))
    return (len(value), names) if value else None


def _organization(value: object) -> str | None:
    if not isinstance(value, dict):
        raise _Wrong("an object with a name")
    for key in ("fullname", "name"):
        if isinstance(value.get(key), str) and value[key].strip():
            return _text(value[key])
    return None


def _skip(text: str, pos: int) -> int:
    m = _SPACE.match(text, pos)  # it matches the empty string too: always a match
    return m.end() if m else pos


def _line_value(line: str) -> object:
    try:
        return json.loads(line)
    except _DECODE_ERRORS:
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return error.msg if isinstance(error, json.JSONDecodeError) else preview(str(error), 80)


def _kind(value: object) -> str:
    """What a JSON value is, for a message."""
    if isinstance(value, str):
        return f"the text {preview(value, 40)!r}"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"the number {preview(repr(value), 24)}"
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else "null"


def _describe(value: object) -> str:
    """What was found instead of papers."""
    if isinstance(value, dict):
        keys = ", ".join(repr(preview(k, 30)) for k in list(value)[:5])
        return f"an object with keys {keys}{', ...' if len(value) > 5 else ''}" if value else "an empty object"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s), none an object with a title" if value else "an empty list"
    return _kind(value)
