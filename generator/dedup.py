"""Group records that show the same real paper, and merge each group into one paper."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Callable, TypeVar

from .config import Problems, nearest
from .errors import CurationError
from .identifiers import arxiv_id_in
from .ids import assign_ids
from .links import split_links
from .model import (SPLIT_BY_HAND, Action, Alike, Apart, Capture, Conflict, Corpus, Curation, Diagnostic, KeptApart,
                    Merge, Paper, Record, Rejection, Severity, SourceRef)
from .normalize import containment, jaccard, shingles, text_key
from .similar import find_similar, link_similar

T = TypeVar("T")
# Records with the same title are one paper when this share of the shorter
# abstract's word triples is in the longer one (rewordings, fixed typos, truncation).
SAME_PAPER_CONTAINMENT = 0.5
# Identical abstracts this long cannot belong to two different papers.
MIN_SHARED_ABSTRACT = 300


def deduplicate(captures: list[Capture], curation: Curation = Curation(),
                notes: tuple[Diagnostic, ...] = (), previous_ids: dict[SourceRef, str] | None = None,
                problems: Problems | None = None) -> Corpus:
    """Apply curation, group records into papers, name them and link look-alikes.

    `previous_ids` are the ids of the committed corpus/papers.yaml, by record. A curation
    entry that names no record or paper is an error, raised with every problem already in
    `problems`.
    """
    records = [r for c in captures for r in c.records]
    problems = problems if problems is not None else Problems()
    curation = _known_records(curation, {r.ref for r in records}, problems)
    hidden = {ref: entry.reason for entry in curation.of(Action.HIDE) for ref in entry.refs}
    rejections = [j for c in captures for j in c.rejections]
    rejections += [Rejection(r.ref, f"hidden by corpus/curation.yaml: {hidden[r.ref]}", r.title)
                   for r in records if r.ref in hidden]
    grouping = group_records([r for r in records if r.ref not in hidden], curation)
    ids = assign_ids(grouping.groups, [canonical_title(g) for g in grouping.groups], previous_ids)
    _check_paper_ids(curation, set(ids), problems)
    problems.raise_any()
    published = frozenset(previous_ids or ())
    accepted = {e.paper_id: frozenset(e.add) for e in curation.of(Action.CODE)}
    papers = [merge_group(paper_id, group, published, accepted.get(paper_id, frozenset()))
              for paper_id, group in zip(ids, grouping.groups)]
    id_of = {ref: paper.id for paper in papers for ref in paper.sources}
    collisions = [(id_of[k.first], id_of[k.second], k) for k in grouping.kept_apart
                  if id_of[k.first] != id_of[k.second] and k.alike is Alike.TITLE]
    similar = find_similar(papers, collisions)
    papers = sorted(link_similar(papers, similar), key=lambda p: p.id)
    diagnostics = list(notes) + [d for c in captures for d in c.diagnostics]
    for paper in papers:
        for url, ref in paper.disputed_code:
            others = ", ".join(str(r) for r in paper.sources if r != ref)
            diagnostics.append(Diagnostic(ref.file, ref.line, f"code link {url} is given by this record of "
                                                              f"{paper.id} only, and its other records ({others}) "
                                                              f"do not give it: not shown. If it is the paper's, "
                                                              f"accept it in corpus/curation.yaml (`code:`)"))
    for kept in grouping.kept_apart:
        # Two records naming one arXiv id yet nothing else alike: one id is wrong, and a person must say which.
        severity = Severity.WARNING if kept.alike is Alike.ARXIV_ID else Severity.INFO
        diagnostics.append(Diagnostic(kept.second.file, kept.second.line, f"kept apart from {kept.first}: "
                                                                          f"{kept.reason}", severity))
    return Corpus(
        papers=tuple(papers),
        captures=tuple(captures),
        merges=merges(grouping, ids),
        near_duplicates=similar,
        rejections=tuple(sorted(rejections, key=lambda j: (j.ref.file, j.ref.line))),
        diagnostics=tuple(diagnostics),
    )


def _known_records(curation: Curation, refs: set[SourceRef], problems: Problems) -> Curation:
    """The curation without its entries that name a record no capture has; each is noted."""
    kept = []
    for entry in curation.entries:
        unknown = [ref for ref in entry.refs if ref not in refs]
        for ref in unknown:
            problems.errors.append(CurationError(
                curation.file, entry.line_of("records", "record"),
                f"{ref} matches no paper record; name a record by its capture file and the line of its title "
                f"(see `paper-atlas report`)"))
        if not unknown:
            kept.append(entry)
    return replace(curation, entries=tuple(kept))


_NAMES_A_PAPER = (Action.TOPICS, Action.PIN, Action.REFUSE, Action.CODE)


def _check_paper_ids(curation: Curation, ids: set[str], problems: Problems) -> None:
    """Note every `paper:` of a topics, resolve or code entry that names no paper."""
    for entry in [e for action in _NAMES_A_PAPER for e in curation.of(action)]:
        if entry.paper_id is not None and entry.paper_id not in ids:
            problems.errors.append(CurationError(
                curation.file, entry.line_of("paper"), f"`{entry.paper_id}` matches no paper"
                f"{nearest(entry.paper_id, ids)}; use a paper id as in /papers/<id>/ (see corpus/papers.yaml)"
                + (" or a record's file:line" if entry.action is Action.TOPICS else "")))


@dataclass(frozen=True, slots=True)
class Grouping:
    """Records grouped into papers, and the pairs deliberately kept apart."""

    groups: tuple[tuple[Record, ...], ...]
    reasons: tuple[tuple[str, ...], ...]
    kept_apart: tuple[KeptApart, ...]


class _Groups:
    """Union-find over records with cannot-link constraints (arXiv ids, splits)."""

    def __init__(self, records: list[Record], curation: Curation) -> None:
        self.records = records
        self.parent = list(range(len(records)))
        self.reasons: dict[int, set[str]] = defaultdict(set)
        self.arxiv: list[set[str]] = [{r.arxiv_id} if r.arxiv_id else set() for r in records]
        index = {r.ref: i for i, r in enumerate(records)}
        self.splits: list[set[tuple[int, int]]] = [set() for _ in records]
        self.split_entries = curation.of(Action.SPLIT)
        for group, entry in enumerate(self.split_entries):
            for member, ref in enumerate(entry.refs):
                if ref in index:
                    self.splits[index[ref]].add((group, member))
        self.kept_apart: list[KeptApart] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def blocker(self, a: int, b: int) -> tuple[Apart, str] | None:
        """Why the groups of a and b must stay apart, in words, or None."""
        ra, rb = self.find(a), self.find(b)
        if self.arxiv[ra] and self.arxiv[rb] and self.arxiv[ra] != self.arxiv[rb]:
            ids = " and ".join(sorted(self.arxiv[ra] | self.arxiv[rb]))
            return Apart.ARXIV_IDS, f"different arXiv ids ({ids})"
        split_a = {g: m for g, m in self.splits[ra]}
        split = next((g for g, m in sorted(self.splits[rb]) if g in split_a and split_a[g] != m), None)
        if split is not None:
            entry = self.split_entries[split]
            return Apart.SPLIT, f"{SPLIT_BY_HAND} (line {entry.line}): {entry.reason}"
        return None

    def union(self, a: int, b: int, alike: Alike, reason: str, *, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            self.reasons[ra].add(reason)
            return True
        if not forced and (blocked := self.blocker(a, b)):
            apart, why = blocked
            self.kept_apart.append(KeptApart(self.records[a].ref, self.records[b].ref, alike, apart,
                                             f"{reason}, but {why}"))
            return False
        keep, gone = min(ra, rb), max(ra, rb)  # the earliest record stays the root
        self.parent[gone] = keep
        self.arxiv[keep] |= self.arxiv[gone]
        self.splits[keep] |= self.splits[gone]
        self.reasons[keep] |= self.reasons.pop(gone, set()) | {reason}
        return True


def group_records(records: list[Record] | tuple[Record, ...], curation: Curation = Curation()) -> Grouping:
    """Group records into papers. The result does not depend on the input order."""
    ordered = sorted(records, key=lambda r: (r.ref.file, r.ref.line))
    groups = _Groups(ordered, curation)
    index = {r.ref: i for i, r in enumerate(ordered)}
    for entry in curation.of(Action.MERGE):
        first, *rest = [index[ref] for ref in entry.refs]
        for other in rest:
            blocked = groups.blocker(first, other)
            if blocked is not None and blocked[0] is Apart.SPLIT:
                raise CurationError(curation.file, entry.line, f"this merge contradicts a split: {blocked[1]}")
            groups.union(first, other, Alike.BY_HAND, f"merged by corpus/curation.yaml: {entry.reason}", forced=True)
    for arxiv_id, members in _buckets(ordered, lambda r: r.arxiv_id).items():
        for other in members[1:]:
            if _same_work(ordered[members[0]], ordered[other]):
                groups.union(members[0], other, Alike.ARXIV_ID, f"same arXiv id {arxiv_id}")
            else:  # a wrong id in one capture must not merge two papers
                groups.kept_apart.append(KeptApart(
                    ordered[members[0]].ref, ordered[other].ref, Alike.ARXIV_ID, Apart.DIFFERENT_WORK,
                    f"same arXiv id {arxiv_id}, but neither the titles nor the abstracts agree: one capture has a "
                    f"wrong id (fix it in corpus/curation.yaml)"))
    for members in _buckets(ordered, lambda r: text_key(r.title) or None).values():
        _merge_same_title(groups, ordered, members)
    for members in _buckets(ordered, _long_abstract_key).values():
        for other in members[1:]:
            groups.union(members[0], other, Alike.ABSTRACT, "same abstract")
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ordered)):
        by_root[groups.find(i)].append(i)
    roots = sorted(by_root)
    return Grouping(
        groups=tuple(tuple(ordered[i] for i in by_root[root]) for root in roots),
        reasons=tuple(tuple(sorted(groups.reasons.get(root, ()))) for root in roots),
        kept_apart=tuple(groups.kept_apart),
    )


def _merge_same_title(groups: _Groups, ordered: list[Record], members: list[int]) -> None:
    """Same title: merge when the abstracts tell the same paper, else keep apart."""
    signatures = {i: shingles(ordered[i].abstract, 3) for i in members}
    for pos, i in enumerate(members[1:], start=1):
        earlier = members[:pos]
        match = next((j for j in earlier if _same_abstract(ordered[i], ordered[j], signatures[i], signatures[j])),
                     None)
        if match is not None:
            groups.union(match, i, Alike.TITLE, "same title")
        elif all(groups.find(j) != groups.find(i) for j in earlier):
            groups.kept_apart.append(KeptApart(ordered[earlier[0]].ref, ordered[i].ref, Alike.TITLE,
                                               Apart.DIFFERENT_WORK, "same title, but the abstracts describe different work"))


# Records with the same arXiv id must share this much of their titles' words, or tell the same abstract.
SAME_ID_TITLE_OVERLAP = 0.3


def _same_work(a: Record, b: Record) -> bool:
    """Two records of one arXiv id describe one paper: their titles overlap, or their abstracts agree."""
    if jaccard(frozenset(text_key(a.title).split()), frozenset(text_key(b.title).split())) >= SAME_ID_TITLE_OVERLAP:
        return True
    if a.abstract and b.abstract:
        return _same_abstract(a, b, shingles(a.abstract, 3), shingles(b.abstract, 3))
    return False


def _same_abstract(a: Record, b: Record, sa: frozenset[str], sb: frozenset[str]) -> bool:
    if not a.abstract or not b.abstract:
        if a.abstract or b.abstract or not (a.summary and b.summary):
            return True  # a listing that shows no abstract cannot contradict the title
        sa, sb = shingles(a.summary, 3), shingles(b.summary, 3)
        return text_key(a.summary) == text_key(b.summary) or containment(sa, sb) >= SAME_PAPER_CONTAINMENT
    ka, kb = text_key(a.abstract), text_key(b.abstract)
    shorter, longer = sorted((ka, kb), key=len)
    return ka == kb or longer.startswith(shorter) or containment(sa, sb) >= SAME_PAPER_CONTAINMENT


def _long_abstract_key(record: Record) -> str | None:
    key = text_key(record.abstract)
    return key if len(key) >= MIN_SHARED_ABSTRACT else None


def _buckets(records: list[Record], key: Callable[[Record], str | None]) -> dict[str, list[int]]:
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        k = key(record)
        if k is not None:
            buckets[k].append(i)
    return {k: v for k, v in buckets.items() if len(v) > 1}


def merge_group(paper_id: str, group: tuple[Record, ...], published: frozenset[SourceRef] = frozenset(),
                accepted: frozenset[str] = frozenset()) -> Paper:
    """One paper from the records that show it: the best-known value of each field.

    Records in `published` (the committed corpus/papers.yaml) came first: the code links they
    establish are the paper's, whatever the name of a capture added later. Code links in
    `accepted` (by corpus/curation.yaml) are the paper's even where its records disagree.
    """
    conflicts: list[Conflict] = []

    def pick(name: str, get: Callable[[Record], T | None], prefer: Callable[[T], object] = lambda v: 0,
             majority: bool = True, same: Callable[[T], object] = lambda v: v) -> T | None:
        values = [(v, r.ref) for r in group if (v := get(r)) is not None]
        if not values:
            return None
        chosen = _choose([v for v, _ in values], prefer, majority)
        if len({same(v) for v, _ in values}) > 1:  # an arXiv page and a Hugging Face page of one paper agree
            conflicts.append(Conflict(name, _shown(chosen), tuple((_shown(v), ref) for v, ref in values)))
        return chosen

    title = pick("title", lambda r: r.title, _title_preference)
    earliest_first = tuple(sorted(group, key=lambda r: r.ref not in published))  # stable: file order otherwise
    disputed = tuple((url, ref) for url, ref in _disputed_code(earliest_first) if url not in accepted)
    # The longest abstract, among those that bring no disputed code link (a copy with a link appended
    # must not replace the abstract); a listing without an abstract says nothing.
    trusted = [r for r in group if not any(ref == r.ref for _, ref in disputed)] or list(group)
    abstract = pick("abstract", lambda r: (r.abstract or None) if r in trusted else None, len)
    dated = [r for r in group if r.date is not None] or [r for r in group if r.date_text]
    date = pick("date", lambda r: r.date if r in dated else None)
    date_text = next((r.date_text for r in dated if r.date == date), None) if dated else None
    return Paper(
        id=paper_id,
        title=title or "",
        abstract=abstract or "",
        sources=tuple(r.ref for r in group),
        authors=pick("authors", lambda r: r.authors),
        organization=pick("organization", lambda r: r.organization),
        date=date,
        date_text=date_text,
        upvotes=pick("upvotes", lambda r: r.upvotes, lambda v: v, majority=False),  # counts only grow
        arxiv_id=pick("arxiv_id", lambda r: r.arxiv_id),
        url=pick("url", lambda r: r.url, same=lambda v: arxiv_id_in(v) or v),
        summary=pick("summary", lambda r: r.summary, len),
        author_names=pick("author_names", lambda r: r.author_names or None, len) or (),
        comments=pick("comments", lambda r: r.comments, lambda v: v, majority=False),
        # The earliest record's button, unless curation accepted another.
        code_url=next((r.code_url for r in earliest_first if r.code_url in accepted),
                      next((r.code_url for r in earliest_first if r.code_url), None)),
        stars=pick("stars", lambda r: r.stars, lambda v: v, majority=False),
        project_page=pick("project_page", lambda r: r.project_page),
        venue=pick("venue", lambda r: r.venue, len),
        conflicts=tuple(conflicts),
        disputed_code=disputed,
    )


def _choose(values: list[T], prefer: Callable[[T], object], majority: bool) -> T:
    """The value most records give (when `majority`), then the preferred, then the first given."""
    counts = Counter(values)
    first_seen = {v: n for n, v in reversed(list(enumerate(values)))}
    return max(counts, key=lambda v: (counts[v] if majority else 0, prefer(v), -first_seen[v]))


def _title_preference(title: str) -> tuple[bool, int]:
    """Among titles given equally often: one in mixed case, then the longest."""
    return title != title.lower() and title != title.upper(), len(title)


def canonical_title(group: tuple[Record, ...]) -> str:
    """The title the paper of `group` is known by, as `merge_group` chooses it."""
    titles = [r.title for r in group if r.title is not None]
    return _choose(titles, _title_preference, majority=True) if titles else ""


_TRUNCATED_END = ("…", "...", "..")


def _disputed_code(group: tuple[Record, ...]) -> tuple[tuple[str, SourceRef], ...]:
    """Code links that one record gives and the paper's other records contradict, with the record.

    A code button (`code_url`) differing from the earliest record's button is disputed. A code
    link in an abstract is disputed when another record's complete text (not cut off with "...")
    lacks it: its abstract, or its one-sentence summary when that is copied word for word into
    the abstract with the link (a copy of a record with a link appended). The paper keeps the
    links all its records agree on.
    """
    if len(group) < 2:
        return ()
    disputed: list[tuple[str, SourceRef]] = []
    buttons = [(r.code_url, r.ref) for r in group if r.code_url]
    disputed += [(url, ref) for url, ref in buttons if url != buttons[0][0]]
    button = buttons[0][0] if buttons else None  # a link the established button confirms is agreed
    texts = [(r, r.abstract or r.summary or "", set(split_links(r.abstract or r.summary or "")[0])) for r in group]
    complete = [(r, " ".join(text.split()), links) for r, text, links in texts
                if text and not text.rstrip().endswith(_TRUNCATED_END)]
    for r in group:
        own = set(split_links(r.abstract)[0]) if r.abstract else set()
        flat = " ".join(r.abstract.split())
        for url in sorted(own - {button}):
            if any(other is not r and url not in links and (other.abstract or text in flat)
                   for other, text, links in complete):
                disputed.append((url, r.ref))
    return tuple(dict.fromkeys(disputed))


def _shown(value: object) -> str:
    """A field's value as a report line shows it: a list of names as names."""
    return ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)


def merges(grouping: Grouping, ids: list[str]) -> tuple[Merge, ...]:
    """The merges to report: every group of more than one record."""
    return tuple(
        Merge(paper_id, group[0].ref, tuple(r.ref for r in group[1:]), "; ".join(reasons))
        for paper_id, group, reasons in zip(ids, grouping.groups, grouping.reasons)
        if len(group) > 1
    )
