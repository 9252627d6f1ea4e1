"""Typed, immutable records that cross every stage boundary of the pipeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a diagnostic is: errors fail `check`, warnings fail `--strict`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about the input, located at a file and 1-based line."""

    file: str
    line: int
    message: str
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity.value}: {self.message}"


@dataclass(frozen=True, slots=True)
class Source:
    """One capture described in `corpus/sources.yaml`."""

    file: str
    description: str = ""
    captured: dt.date | None = None
    year: int | None = None
    url: str | None = None
    encoding: str | None = None

    @property
    def reference_year(self) -> int | None:
        """The year that dates printed without one (\"Mar 26\") belong to."""
        if self.year is not None:
            return self.year
        return self.captured.year if self.captured else None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record came from: capture file name and the line of its title."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as one capture shows it, before deduplication."""

    ref: SourceRef
    title: str
    abstract: str
    authors: int | None = None
    organization: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    upvotes: int | None = None
    arxiv_id: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that could not be used, with where it was and why."""

    ref: SourceRef
    reason: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Capture:
    """Everything one capture file yielded: records, rejections, diagnostics."""

    file: str
    records: tuple[Record, ...]
    rejections: tuple[Rejection, ...]
    diagnostics: tuple[Diagnostic, ...]
    page_dates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two merged records disagree on a field; the chosen value is recorded."""

    field: str
    chosen: str
    values: tuple[tuple[str, SourceRef], ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link from one paper to another, with the reason it was made."""

    paper_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Paper:
    """One real paper: the merge of every record that shows it."""

    id: str
    title: str
    abstract: str
    sources: tuple[SourceRef, ...]
    authors: int | None = None
    organization: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    upvotes: int | None = None
    arxiv_id: str | None = None
    url: str | None = None
    conflicts: tuple[Conflict, ...] = ()
    versions: tuple[Link, ...] = ()
    near_duplicates: tuple[Link, ...] = ()
    topics: tuple[str, ...] = ()
    code_urls: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()

    @property
    def page_url(self) -> str:
        """Site-relative URL of the paper's page."""
        return f"papers/{self.id}/"


@dataclass(frozen=True, slots=True)
class Merge:
    """Records that were merged into one paper, and why."""

    paper_id: str
    kept: SourceRef
    merged: tuple[SourceRef, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two papers that look alike but were kept apart."""

    first: str
    second: str
    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """The deduplicated corpus and the account of how it was made."""

    papers: tuple[Paper, ...]
    captures: tuple[Capture, ...]
    merges: tuple[Merge, ...] = ()
    near_duplicates: tuple[NearDuplicate, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def records_read(self) -> int:
        """Every paper record found in the captures, good or rejected."""
        return sum(len(c.records) + len(c.rejections) for c in self.captures)


@dataclass(frozen=True, slots=True)
class CurationEntry:
    """One hand correction from `corpus/curation.yaml`, with its line there."""

    action: str  # "merge", "split" or "hide"
    refs: tuple[SourceRef, ...]
    reason: str
    line: int


@dataclass(frozen=True, slots=True)
class Curation:
    """All hand corrections; empty when `corpus/curation.yaml` has none."""

    file: str = "corpus/curation.yaml"
    entries: tuple[CurationEntry, ...] = ()

    def of(self, action: str) -> tuple[CurationEntry, ...]:
        """The entries of one action, in file order."""
        return tuple(e for e in self.entries if e.action == action)
