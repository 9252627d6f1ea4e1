"""Typed, immutable records that cross every stage boundary of the pipeline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum

from .links import repo_key


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
    line: int = 1  # of its entry in corpus/sources.yaml

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
    """One paper as one capture shows it, before deduplication.

    `abstract` is the authors' abstract as captured, or "" when the capture shows none;
    `summary` is a machine-written summary (Hugging Face's "AI summary"), never passed
    off as the abstract. `authors` is the author count; `author_names` the names where
    shown (possibly only the first few: then `authors` is None or larger). `stars` is the
    code repository's star count on the day of the capture.
    """

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
    summary: str | None = None
    author_names: tuple[str, ...] = ()
    comments: int | None = None
    code_url: str | None = None
    stars: int | None = None
    project_page: str | None = None
    venue: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that could not be used, with where it was and why."""

    ref: SourceRef
    reason: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Capture:
    """Everything one capture file yielded: records, rejections, diagnostics.

    `form` names the shape the reader found (a Markdown page export, an arXiv feed, ...);
    `captured` is the day the capture itself says it was made, when it says so.
    """

    file: str
    records: tuple[Record, ...]
    rejections: tuple[Rejection, ...]
    diagnostics: tuple[Diagnostic, ...]
    page_dates: tuple[str, ...] = ()
    description: str = ""
    form: str = ""
    captured: dt.date | None = None


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
class Tag:
    """A topic on a paper, with the rule or curation entry that put it there."""

    topic: str
    reason: str


@dataclass(frozen=True, slots=True)
class Related:
    """A related paper, its similarity score and what the two have in common."""

    paper_id: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A corpus paper named in an abstract, at characters start:end."""

    paper_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CandidateNote:
    """A paper a service offered that was not accepted, and why: for a person to decide."""

    service: str
    title: str
    why: str
    arxiv_id: str | None = None


@dataclass(frozen=True, slots=True)
class PaperFacts:
    """What `paper-atlas resolve` learnt about one paper, from which service, on which day.

    `status` is `resolved` (a service's paper matched strictly), `unresolved` (candidates wait
    for a person) or `absent` (no service knows a paper of that title). `title` is the title
    that was looked up: facts are applied only while the paper still has that title.
    """

    paper_id: str
    title: str
    status: str
    checked: dt.date
    source: str | None = None
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    venue: str | None = None
    on_huggingface: bool = False
    url: str | None = None
    pinned: bool = False
    candidates: tuple[CandidateNote, ...] = ()


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """What the GitHub API said of one code repository, and on which day.

    `status` is `ok`, `renamed` (now at `moved_to`) or `missing` (deleted, private or blocked).
    """

    url: str
    checked: dt.date
    status: str
    stars: int | None = None
    archived: bool = False
    pushed: dt.date | None = None
    moved_to: str | None = None
    source: str = "github"


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
    summary: str | None = None
    author_names: tuple[str, ...] = ()
    comments: int | None = None
    code_url: str | None = None
    stars: int | None = None
    project_page: str | None = None
    venue: str | None = None
    conflicts: tuple[Conflict, ...] = ()
    # Code links one record gives and the paper's other records contradict: never shown until
    # corpus/curation.yaml accepts them (a new capture must not swap a paper's code button).
    disputed_code: tuple[tuple[str, SourceRef], ...] = ()
    versions: tuple[Link, ...] = ()
    near_duplicates: tuple[Link, ...] = ()
    tags: tuple[Tag, ...] = ()
    removed_tags: tuple[Tag, ...] = ()  # topics removed by hand, with the curator's reason
    code_urls: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    mentions: tuple[Mention, ...] = ()
    facts: PaperFacts | None = None  # from corpus/resolved.yaml, when it holds this paper
    repository_facts: tuple[RepoFacts, ...] = ()
    seen: tuple[Sighting, ...] = ()  # each capture's sighting of the paper, oldest capture first

    @property
    def first_seen(self) -> Sighting | None:
        """The sighting by the oldest capture that shows the paper: when it entered the corpus."""
        return self.seen[0] if self.seen else None

    @property
    def published(self) -> dt.date | None:
        """The publication date a service gave, else None (the capture's date is `date`)."""
        return self.facts.published if self.facts and self.facts.status == "resolved" else None

    @property
    def year(self) -> int | None:
        """The publication year: a service's date first, else the capture's."""
        day = self.published or self.date
        return day.year if day else None

    @property
    def arxiv_url(self) -> str | None:
        """The arXiv abstract page."""
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def pdf_url(self) -> str | None:
        """The arXiv PDF."""
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def hf_url(self) -> str | None:
        """The Hugging Face paper page, where Hugging Face is known to have one."""
        if not self.arxiv_id:
            return None
        known = (self.facts is not None and self.facts.on_huggingface) or "huggingface.co/papers/" in (self.url or "")
        return f"https://huggingface.co/papers/{self.arxiv_id}" if known else None

    @property
    def text(self) -> str:
        """What the paper is about in prose: the abstract, else the summary, else ""."""
        return self.abstract or self.summary or ""

    @property
    def repositories(self) -> tuple[str, ...]:
        """Every code repository: the abstract's, then the one the capture's own code button showed."""
        if self.code_url and self.code_url not in self.code_urls:
            return (*self.code_urls, self.code_url)
        return self.code_urls

    @property
    def topics(self) -> tuple[str, ...]:
        """The ids of the paper's topics."""
        return tuple(tag.topic for tag in self.tags)

    @property
    def mentioned_ids(self) -> tuple[str, ...]:
        """Ids of the corpus papers this abstract names, in order of first mention."""
        return tuple(dict.fromkeys(m.paper_id for m in self.mentions))

    @property
    def page_url(self) -> str:
        """Site-relative URL of the paper's page."""
        return f"papers/{self.id}/"


@dataclass(frozen=True, slots=True)
class Sighting:
    """What one capture showed of a paper's popularity, and when it was captured.

    `captured` is the capture's own day (from sources.yaml, or the capture itself), or None;
    `order` is the capture's place among all captures, oldest first: by that day where
    known, else by the order the captures were added (their file names).
    """

    ref: SourceRef
    captured: dt.date | None
    order: int
    upvotes: int | None = None
    stars: int | None = None


@dataclass(frozen=True, slots=True)
class Merge:
    """Records that were merged into one paper, and why."""

    paper_id: str
    kept: SourceRef
    merged: tuple[SourceRef, ...]
    reason: str


# How a pair kept apart by a `split:` entry of corpus/curation.yaml is described (dedup and similar).
SPLIT_BY_HAND = "split by hand in corpus/curation.yaml"


class Alike(Enum):
    """What made two records look like one paper."""

    ARXIV_ID = "same arXiv id"
    TITLE = "same title"
    ABSTRACT = "same abstract"
    BY_HAND = "merged by corpus/curation.yaml"


class Apart(Enum):
    """What kept two records that looked alike apart."""

    ARXIV_IDS = "different arXiv ids"
    SPLIT = SPLIT_BY_HAND
    DIFFERENT_WORK = "the texts describe different work"


@dataclass(frozen=True, slots=True)
class KeptApart:
    """Two records that looked like one paper but were kept apart: what made them alike, what
    kept them apart, and the whole explanation as the report shows it."""

    first: SourceRef
    second: SourceRef
    alike: Alike
    apart: Apart
    reason: str


class LookAlike(StrEnum):
    """How two papers kept apart are linked: as versions of one method, or as near-duplicates."""

    VERSION = "version"
    NEAR_DUPLICATE = "near-duplicate"


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two papers that look alike but were kept apart."""

    first: str
    second: str
    kind: LookAlike
    reason: str


@dataclass(frozen=True, slots=True)
class TopicLabels:
    """Hand labels from `corpus/topic_labels.yaml`: the learned topic scorer's training data."""

    file: str = "corpus/topic_labels.yaml"
    papers: tuple[tuple[str, tuple[str, ...], int], ...] = ()  # paper id, its topics, the line


@dataclass(frozen=True, slots=True)
class Published:
    """What the committed `corpus/papers.yaml` held before this run, to report what changed."""

    ids: dict[SourceRef, str] = field(default_factory=dict)  # each record's paper id
    titles: dict[str, str] = field(default_factory=dict)  # each paper's title, by id


@dataclass(frozen=True, slots=True)
class Resolved:
    """What `paper-atlas resolve` cached in corpus/resolved.yaml: facts by paper id, and by repository URL (its `repo_key`)."""

    papers: dict[str, PaperFacts] = field(default_factory=dict)
    repositories: dict[str, RepoFacts] = field(default_factory=dict)

    def paper(self, paper_id: str) -> PaperFacts | None:
        """The facts cached for one paper id."""
        return self.papers.get(paper_id)

    def repository(self, url: str) -> RepoFacts | None:
        """The facts cached for one repository URL."""
        return self.repositories.get(repo_key(url))

    def with_paper(self, facts: PaperFacts) -> Resolved:
        """The cache with `facts` replacing any entry for the same paper."""
        return replace(self, papers={**self.papers, facts.paper_id: facts})

    def with_repository(self, facts: RepoFacts) -> Resolved:
        """The cache with `facts` replacing any entry for the same repository."""
        return replace(self, repositories={**self.repositories, repo_key(facts.url): facts})


class Action(StrEnum):
    """What a `corpus/curation.yaml` entry does."""

    MERGE = "merge"
    SPLIT = "split"
    HIDE = "hide"
    TOPICS = "topics"
    PIN = "pin"
    REFUSE = "refuse"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class CurationEntry:
    """One hand correction from `corpus/curation.yaml`, with its line there."""

    action: Action
    refs: tuple[SourceRef, ...]
    reason: str
    line: int
    paper_id: str | None = None
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    arxiv_ids: tuple[str, ...] = ()  # the id pinned, or the ids refused
    key_lines: tuple[tuple[str, int], ...] = ()  # the line of each key, where it is not the entry's

    def line_of(self, *keys: str) -> int:
        """The line of the first of `keys` the entry has (`add`, `paper`, `records`...), else the entry's."""
        lines = dict(self.key_lines)
        return next((lines[k] for k in keys if k in lines), self.line)


@dataclass(frozen=True, slots=True)
class Curation:
    """All hand corrections; empty when `corpus/curation.yaml` has none."""

    file: str = "corpus/curation.yaml"
    entries: tuple[CurationEntry, ...] = ()

    def of(self, action: Action) -> tuple[CurationEntry, ...]:
        """The entries of one action, in file order."""
        return tuple(e for e in self.entries if e.action == action)


# The abstract score a topic's rules need when the taxonomy does not say (`match.min_score`).
DEFAULT_MIN_SCORE = 3


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of the taxonomy and the rules that decide which papers carry it."""

    id: str
    name: str
    facet: str
    description: str
    title: tuple[re.Pattern[str], ...]
    abstract: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...] = ()
    min_score: int = DEFAULT_MIN_SCORE
    line: int = 0
    includes: str = ""  # what a careful reader files under it, in a few words


@dataclass(frozen=True, slots=True)
class Facet:
    """A way of grouping topics: the task studied, or the method used."""

    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """All facets and topics, in the order the taxonomy file gives them."""

    facets: tuple[Facet, ...] = ()
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicSummary:
    """What a topic overview shows: its papers, counts, key terms and neighbours."""

    topic: Topic
    paper_ids: tuple[str, ...]
    with_code: int
    by_year: tuple[tuple[int, int], ...]
    undated: int
    key_terms: tuple[str, ...]
    central: tuple[str, ...]
    neighbours: tuple[tuple[str, int], ...]
    description_mentions: tuple[Mention, ...] = ()  # the papers its description names, linked on its page


@dataclass(frozen=True, slots=True)
class Corpus:
    """The deduplicated corpus and the account of how it was made."""

    papers: tuple[Paper, ...]
    captures: tuple[Capture, ...]
    merges: tuple[Merge, ...] = ()
    near_duplicates: tuple[NearDuplicate, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    taxonomy: Taxonomy = Taxonomy()
    curation: Curation = Curation()
    topics: tuple[TopicSummary, ...] = ()
    skipped: tuple[Diagnostic, ...] = ()  # files in corpus/raw/ that are not read, and why
    resolved: Resolved | None = None  # corpus/resolved.yaml, when read
    labels: TopicLabels = TopicLabels()
    published: Published | None = None  # None when there was no corpus/papers.yaml

    @property
    def records_read(self) -> int:
        """Every paper record found in the captures, good or rejected."""
        return sum(len(c.records) + len(c.rejections) for c in self.captures)
