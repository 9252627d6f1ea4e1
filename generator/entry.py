"""What every reader hands on: entries as found, and the one step that makes them records."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DateText
from .identifiers import arxiv_id_in, bare_arxiv_id
from .links import canonical_code_url, is_web_url
from .escape import HIDDEN
from .model import Capture, Diagnostic, Record, Rejection, Severity, Source, SourceRef

NAME_MAX = 120


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper as a reader found it: raw text and values, located at the line of its title."""

    line: int
    title: str
    abstract: str = ""
    summary: str = ""
    authors: int | None = None
    author_names: tuple[str, ...] = ()
    organization: str | None = None
    date: DateText | None = None
    upvotes: int | None = None
    comments: int | None = None
    arxiv_id: str | None = None
    url: str | None = None
    code_url: str | None = None
    stars: int | None = None
    project_page: str | None = None
    venue: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader made of one capture: its form, entries, rejects and notes."""

    form: str
    entries: tuple[Entry, ...]
    rejections: tuple[Rejection, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    page_dates: tuple[str, ...] = ()
    captured: dt.date | None = None


def finish(reading: Reading, source: Source) -> Capture:
    """Clean every entry into a `Record`: invisible characters out, dates resolved, ids and URLs checked."""
    file = source.file
    notes = list(reading.diagnostics)
    records: list[Record] = []
    rejections = list(reading.rejections)
    captured = source.captured or reading.captured
    reference_year = source.reference_year or (reading.captured.year if reading.captured else None)
    for entry in reading.entries:
        title, hidden = _text(entry.title)
        abstract, hidden_a = _text(entry.abstract)
        summary, hidden_s = _text(entry.summary)
        if hidden + hidden_a + hidden_s:
            notes.append(Diagnostic(file, entry.line, f"removed {hidden + hidden_a + hidden_s} invisible or "
                                                      f"text-direction control character(s) from this record"))
        if not title:
            rejections.append(Rejection(SourceRef(file, entry.line), "entry with no title", preview(abstract)))
            continue
        date = _resolve(entry.date, reference_year, captured, file, entry.line, notes)
        names = _names(entry.author_names)
        authors = entry.authors if entry.authors is not None else None
        if authors is not None and names and authors < len(names):
            notes.append(Diagnostic(file, entry.line, f"{len(names)} author names but an author count of "
                                                      f"{authors}; the count is dropped"))
            authors = None
        if authors is None and names and not _truncated(entry.author_names):
            authors = len(names)
        url = entry.url if entry.url and is_web_url(entry.url) else None
        arxiv = bare_arxiv_id(entry.arxiv_id) or arxiv_id_in(entry.arxiv_id) or arxiv_id_in(url)
        records.append(Record(
            ref=SourceRef(file, entry.line), title=title, abstract=abstract, authors=authors,
            organization=_name(entry.organization), date=date,
            date_text=" ".join(entry.date.text.split()) if entry.date else None,
            upvotes=entry.upvotes, arxiv_id=arxiv, url=url, summary=summary or None,
            author_names=names, comments=entry.comments,
            code_url=canonical_code_url(entry.code_url) if entry.code_url and is_web_url(entry.code_url) else None,
            stars=entry.stars,
            project_page=entry.project_page if entry.project_page and is_web_url(entry.project_page) else None,
            venue=_name(entry.venue),
        ))
    return Capture(file, tuple(records), tuple(sorted(rejections, key=lambda j: j.ref.line)), tuple(notes),
                   reading.page_dates, source.description, reading.form, reading.captured)


def _text(text: str | None) -> tuple[str, int]:
    """Whitespace collapsed, invisible characters removed (and counted)."""
    if not text:
        return "", 0
    cleaned, hidden = HIDDEN.subn("", text)  # invisible in a browser, they can reorder what a reader sees
    return " ".join(cleaned.split()), hidden


def _name(text: str | None) -> str | None:
    cleaned, _ = _text(text)
    return cleaned[:NAME_MAX] if cleaned else None


_ET_AL = re.compile(r"^(?:et\.?\s*al\.?|and others|others|…|\.\.\.)$", re.IGNORECASE)


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Author names, cleaned and unrepeated; "et al." is not a name."""
    found: list[str] = []
    for raw in names:
        name = _name(raw)
        if name and not _ET_AL.match(name) and name not in found:
            found.append(name)
    return tuple(found)


def _truncated(names: tuple[str, ...]) -> bool:
    """A list ending in "et al." names only the first authors."""
    return any(_ET_AL.match(_name(n) or "") for n in names)


def _resolve(date: DateText | None, reference_year: int | None, captured: dt.date | None, file: str, line: int,
             notes: list[Diagnostic]) -> dt.date | None:
    """The ISO date of a printed date; a year is borrowed only from the capture itself or sources.yaml."""
    if date is None:
        return None
    resolved = date.resolve(reference_year)
    if resolved is None:
        if date.month is None or date.day is None:
            return None  # "2023" or "Sep 2023": known as printed, no day to resolve
        if date.year is None:
            notes.append(Diagnostic(file, line, f"date {date.text!r} has no year and neither the capture nor "
                                                f"corpus/sources.yaml gives one; kept unresolved", Severity.INFO))
        else:
            notes.append(Diagnostic(file, line, f"date {date.text!r} is not a real date; kept unresolved"))
        return None
    if date.year is None and captured is not None and resolved > captured:
        notes.append(Diagnostic(file, line, f"date {date.text!r} would fall after the capture's own date "
                                            f"({captured.isoformat()}) in {resolved.year}; kept unresolved",
                                Severity.INFO))
        return None
    return resolved


def preview(text: str, limit: int = 120) -> str:
    """The start of a text, for a report line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
