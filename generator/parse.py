"""Parse one capture's lines into paper records, rejecting what cannot be a paper."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import lines as L
from .dates import DateText
from .lines import Kind, Line
from .markdown_text import link_target, unescape_inline
from .model import Capture, Diagnostic, Record, Rejection, Severity, Source, SourceRef

TITLE_MAX = 300
_ABBREVIATION = re.compile(r"\b(?:vs|e\.g|i\.e|etc|al|cf|fig|no|vol|approx|resp|eq|sec|dr|mr|st)\.$", re.IGNORECASE)
# Only a full stop breaks sentences here: titles use "!" and "?" mid-line ("Fuse It More Deeply! A ...").
_SENTENCE_END = re.compile(r"\.[\"')\]]*\s+[A-Z(\"]")
# Exporters wrap at 72-120 columns; a longer line is a whole title or abstract.
WRAP_MAX = 160
# Words that cannot end a title, so a line ending in one was wrapped mid-sentence.
_DANGLING_WORD = re.compile(r"\b(?:a|an|the|of|to|in|on|for|and|or|with|by|from|that|which|is|are|as|at|we|our)$",
                            re.IGNORECASE)
# Method names that start lowercase ("kMaX-DeepLab", "iGPT") may still begin a title.
_LOWERCASE_NAME = re.compile(r"^[a-z]+[A-Z0-9]")
# Zero-width characters, direction overrides and isolates, and other controls: invisible in
# a browser, they can reorder or hide what a reader sees ("Trojan Source").
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
_METADATA = {Kind.AUTHORS, Kind.SEPARATOR, Kind.DATE, Kind.VOTES, Kind.URL}


@dataclass(slots=True)
class Unit:
    """A title or prose candidate: a line, a joined paragraph, or a heading."""

    number: int
    text: str
    forced: str | None = None  # "title" for a Markdown heading, "prose" for a Markdown paragraph

    @property
    def is_prose(self) -> bool:
        """True when the text reads as sentences (an abstract) rather than a title."""
        if self.forced:
            return self.forced == "prose"
        return looks_like_prose(self.text)


def looks_like_prose(text: str) -> bool:
    """Abstracts end with a full stop or hold a sentence break; titles do neither."""
    stripped = text.rstrip("\"')] ")
    if stripped.endswith(".") and not _ABBREVIATION.search(stripped[-12:]):
        return True
    return any(not _ABBREVIATION.search(text[max(0, m.start() - 11): m.start() + 1])
               for m in _SENTENCE_END.finditer(text))


@dataclass(slots=True)
class _Draft:
    """A record being assembled; becomes an immutable `Record` when finished."""

    line: int
    title: str
    abstract: list[str] = field(default_factory=list)
    authors: int | None = None
    organization: str | None = None
    date: DateText | None = None
    upvotes: int | None = None
    url: str | None = None
    reference: str | None = None
    metadata_seen: bool = False


def parse_capture(lines: list[str], source: Source) -> Capture:
    """Parse the decoded lines of one capture into records and rejections."""
    classified = _classify_all(lines)
    markdown_level = _paper_heading_level(classified)
    events = _events(classified, markdown_level)
    return _Assembler(source, _lead_kinds(events)).run(events, _references(classified))


def _classify_all(raw_lines: list[str]) -> list[Line]:
    result: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        line = L.classify(number, raw)
        if line.kind is Kind.TEXT:
            result.extend(_split_compound(line))
        else:
            result.append(line)
    for i, line in enumerate(result):
        # An organisation name stands where the author count would, before the "·".
        if line.kind is Kind.TEXT and len(line.text) <= 80 and _next_kind(result, i) is Kind.SEPARATOR:
            result[i] = Line(line.number, Kind.AUTHORS, line.text, L.undouble(line.text))
    return result


def _split_compound(line: Line) -> list[Line]:
    """'11 authors · Sep 25, 2025 · 42 upvotes' on one line becomes three metadata lines."""
    parts = [p.strip() for p in re.split(r"\s+[·•|]\s+", line.text)]
    if len(parts) < 2:
        return [line]
    sub = [L.classify(line.number, part) for part in parts]
    if all(s.kind in _METADATA for s in sub):
        return sub
    if all(s.kind in _METADATA for s in sub[1:]) and len(parts[0]) <= 80:
        org = Line(line.number, Kind.AUTHORS, parts[0], L.undouble(parts[0]))
        return [org, *sub[1:]]
    return [line]


def _next_kind(result: list[Line], i: int) -> Kind | None:
    for j in range(i + 1, len(result)):  # indexes, not a slice: a slice copies the rest of the file
        if result[j].kind is not Kind.BLANK:
            return result[j].kind
    return None


def _paper_heading_level(classified: list[Line]) -> int | None:
    """In a Markdown export, papers are the headings of the most common level."""
    levels = Counter(line.level for line in classified
                     if line.kind is Kind.HEADING and not L.is_chrome(line.text)
                     and not L.match_date_line(line.text))
    if not levels:
        return None
    return max(levels, key=lambda level: (levels[level], level))


def _events(classified: list[Line], markdown_level: int | None) -> list[Line | Unit]:
    """Group text lines into title/prose units, keeping other lines in order."""
    events: list[Line | Unit] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if not paragraph:
            return
        if markdown_level is not None:
            text = " ".join(unescape_inline(p.text) for p in paragraph)
            events.append(Unit(paragraph[0].number, text, "prose"))
        else:
            events.extend(_join_wrapped(paragraph))
        paragraph.clear()

    for line in classified:
        if line.kind is Kind.TEXT:
            paragraph.append(line)
            continue
        flush()
        if line.kind is Kind.HEADING:
            if line.level == markdown_level and not L.is_chrome(line.text):
                events.append(Unit(line.number, line.text, "title"))
            else:
                events.append(Line(line.number, Kind.CHROME, line.text))
        elif line.kind is not Kind.BLANK:
            events.append(line)
    flush()
    return events


def _join_wrapped(paragraph: list[Line]) -> list[Unit]:
    """Plain text: one unit per line, except where a line plainly runs on into the next."""
    units: list[Unit] = []
    previous = ""
    for line in paragraph:
        if units and _runs_on(previous, line.text):
            units[-1].text += " " + line.text
        else:
            units.append(Unit(line.number, line.text))
        previous = line.text
    return units


def _runs_on(previous: str, following: str) -> bool:
    """A hard-wrapped line: no sentence end, and the next line cannot start a title."""
    if previous.endswith((".", "!", "?")) or max(len(previous), len(following)) > WRAP_MAX:
        return False  # a sentence ends, or a line is far longer than any wrapping width
    return following[:1].islower() and not _LOWERCASE_NAME.match(following) \
        or previous.endswith((",", ";", "-", "(")) or _DANGLING_WORD.search(previous) is not None


def _lead_kinds(events: list[Line | Unit]) -> frozenset[Kind]:
    """URL and vote lines before the first title belong to the title after them."""
    lead: set[Kind] = set()
    for event in events:
        if isinstance(event, Unit):
            break
        if event.kind in (Kind.URL, Kind.VOTES):
            lead.add(event.kind)
    return frozenset(lead)


def _references(classified: list[Line]) -> dict[str, str]:
    return {line.text.casefold(): str(line.value) for line in classified if line.kind is Kind.REFERENCE}


class _Assembler:
    """Walks the events of one capture, assembling drafts into records."""

    def __init__(self, source: Source, lead: frozenset[Kind]) -> None:
        self.source = source
        self.file = source.file
        self.lead = lead
        self.current: _Draft | None = None
        self.pending: dict[str, object] = {}
        self.drafts: list[_Draft] = []
        self.rejections: list[Rejection] = []
        self.diagnostics: list[Diagnostic] = []
        self.page_dates: list[str] = []

    def run(self, events: list[Line | Unit], references: dict[str, str]) -> Capture:
        """Consume all events and return the finished capture."""
        for i, event in enumerate(events):
            if isinstance(event, Unit):
                self._unit(event, _next_unit(events, i))
            else:
                self._line(event)
        self._finish()
        records = [r for r in (self._record(d, references) for d in self.drafts) if r]
        return Capture(self.file, tuple(records), tuple(self.rejections), tuple(self.diagnostics),
                       tuple(self.page_dates))

    # -- text -------------------------------------------------------------

    def _unit(self, unit: Unit, following: Unit | None) -> None:
        cur = self.current
        if cur and not cur.abstract:
            title_follows = following is not None and following.is_prose
            if unit.forced == "title" or (not unit.is_prose and title_follows):
                self._reject(cur, "title with no abstract after it")
                self._open(unit)
            else:
                cur.abstract.append(unit.text)
            return
        if not unit.is_prose or unit.forced == "title" or _heads_next_record(unit, following):
            self._finish()
            self._open(unit)
        elif cur and not cur.metadata_seen:
            cur.abstract.append(unit.text)  # a second paragraph of the same abstract
        else:
            self._finish()
            self.rejections.append(Rejection(SourceRef(self.file, unit.number),
                                             "abstract with no title before it", _preview(unit.text)))

    def _open(self, unit: Unit) -> None:
        title, target = link_target(unit.text) if unit.forced == "title" else (unit.text, None)
        draft = _Draft(unit.number, title)
        if target and target.startswith("ref:"):
            draft.reference = target[4:]
        elif target:
            draft.url = target
        draft.url = draft.url or self.pending.pop("url", None)  # type: ignore[assignment]
        draft.upvotes = self.pending.pop("votes", None)  # type: ignore[assignment]
        self.pending.clear()
        self.current = draft

    def _finish(self) -> None:
        cur = self.current
        if cur is None:
            return
        if cur.abstract:
            self.drafts.append(cur)
        else:
            self._reject(cur, "title with no abstract after it")
        self.current = None

    def _reject(self, draft: _Draft, reason: str) -> None:
        self.rejections.append(Rejection(SourceRef(self.file, draft.line), reason, _preview(draft.title)))
        self.current = None

    # -- metadata ---------------------------------------------------------

    def _line(self, line: Line) -> None:
        cur = self.current
        complete = cur is not None and bool(cur.abstract)
        if line.kind is Kind.TOO_LONG:
            self._warn(line.number, f"line is {line.value:,} characters long (limit {L.MAX_LINE_CHARS:,}); skipped")
            if cur and not cur.abstract:
                self._reject(cur, f"its abstract (line {line.number}) is too long to be one")
            return
        if line.kind in (Kind.CHROME, Kind.REFERENCE):
            return
        if line.kind in self.lead and line.kind in (Kind.URL, Kind.VOTES):
            self._pend(line)
            return
        if cur is not None and not complete and line.kind is not Kind.URL:
            self._reject(cur, f"title with no abstract after it (line {line.number} is metadata)")
            cur, complete = None, False
        if line.kind is Kind.DATE:
            self._date(line, cur if complete else None)
        elif not complete or cur is None:
            self._orphan(line)
        elif line.kind is Kind.AUTHORS:
            self._set(cur, line, "authors" if isinstance(line.value, int) else "organization", line.value)
        elif line.kind is Kind.SEPARATOR:
            cur.metadata_seen = True
        elif line.kind is Kind.VOTES:
            self._set(cur, line, "upvotes", line.value)
        elif line.kind is Kind.URL:
            self._url(cur, line)

    def _date(self, line: Line, cur: _Draft | None) -> None:
        date = line.value
        if not isinstance(date, DateText):
            return
        if cur is None or cur.date is not None or (date.year is None and not cur.metadata_seen):
            self.page_dates.append(date.text)  # the listing's own day heading, not a paper's date
            return
        self._set(cur, line, "date", date)
        if date.votes is not None:
            self._set(cur, line, "upvotes", date.votes)

    def _url(self, cur: _Draft, line: Line) -> None:
        url = str(line.value)
        if L.arxiv_id(url) and cur.url is None:
            cur.url = url
            cur.metadata_seen = True
        elif not cur.metadata_seen:
            cur.abstract.append(url)  # a link on its own line still belongs to the abstract
        else:
            self._warn(line.number, f"link {url} follows the paper's metadata; kept in the report only",
                       Severity.INFO)

    def _pend(self, line: Line) -> None:
        key = "url" if line.kind is Kind.URL else "votes"
        if key in self.pending:
            self._warn(line.number, f"second {key} line before a title; the earlier one is ignored")
        self.pending[key] = line.value

    def _set(self, cur: _Draft, line: Line, name: str, value: object) -> None:
        if name != "upvotes" or getattr(cur, name) is None:
            if getattr(cur, name) is not None:
                self._warn(line.number, f"second {name} line for the paper at line {cur.line}; "
                                        f"the later one is used")
            setattr(cur, name, value)
        cur.metadata_seen = True

    def _orphan(self, line: Line) -> None:
        self._warn(line.number, f"{line.kind.value} line {line.text!r} belongs to no paper; ignored")

    def _warn(self, number: int, message: str, severity: Severity = Severity.WARNING) -> None:
        self.diagnostics.append(Diagnostic(self.file, number, message, severity))

    # -- output -----------------------------------------------------------

    def _record(self, d: _Draft, references: dict[str, str]) -> Record | None:
        url = d.url
        if d.reference is not None:
            url = references.get(d.reference.casefold())
            if url is None:
                self._warn(d.line, f"link reference [{d.reference}] is not defined in the file")
        title, hidden_t = _INVISIBLE.subn("", _clean(d.title))
        abstract, hidden_a = _INVISIBLE.subn("", _clean(" ".join(d.abstract)))
        if hidden_t or hidden_a:
            self._warn(d.line, f"removed {hidden_t + hidden_a} invisible or text-direction control "
                               f"character(s) from this record")
        title, abstract = _clean(title), _clean(abstract)
        date = d.date.resolve(self.source.reference_year) if d.date else None
        if d.date and date is None and d.date.year is None:
            self._warn(d.line, f"date {d.date.text!r} has no year and corpus/sources.yaml gives none "
                               f"for this capture; kept unresolved", Severity.INFO)
        elif d.date and date is None:
            self._warn(d.line, f"date {d.date.text!r} is not a real date; kept unresolved")
        return Record(
            ref=SourceRef(self.file, d.line), title=title, abstract=abstract, authors=d.authors,
            organization=d.organization, date=date, date_text=d.date.text if d.date else None,
            upvotes=d.upvotes, arxiv_id=L.arxiv_id(url), url=url,
        )


def _heads_next_record(unit: Unit, following: Unit | None) -> bool:
    """A short sentence-like line followed by a longer abstract is a title, not more abstract."""
    return (unit.forced is None and following is not None and following.is_prose
            and len(unit.text) <= TITLE_MAX
            and len(following.text) > len(unit.text))


def _next_unit(events: list[Line | Unit], i: int) -> Unit | None:
    """The next text unit, or None if metadata or the end comes first."""
    for j in range(i + 1, len(events)):
        event = events[j]
        if isinstance(event, Unit):
            return event
        if event.kind not in (Kind.CHROME, Kind.REFERENCE):
            return None
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _preview(text: str, limit: int = 120) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
