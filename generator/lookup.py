"""`paper-atlas resolve`: complete each paper from the open APIs into the cache, strictly.

The only module that reaches the network (through `services`). It decides what to look up,
asks the services in order (arXiv by id, arXiv by title, Hugging Face, Semantic Scholar),
accepts only a strict match (`matching.decide`), and returns the new cache; the caller saves
it after every answer, so an interrupted run loses nothing and the next run resumes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, TypeVar
from urllib.parse import urlsplit

from .links import repo_key, split_links
from .matching import Candidate, Decision, Shown, decide
from .model import Action, CandidateNote, Curation, Paper, PaperFacts, RepoFacts, Resolved
from .netpolicy import ServiceError

if TYPE_CHECKING:
    from .services import Repository

DEFAULT_REFRESH_DAYS = 7
# A service that failed this many lookups in a row is left alone for the rest of the run.
_DOWN_AFTER = 2
_GITHUB_REPO = re.compile(r"^/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})/?$")


class Service(Protocol):
    """A client of one service, named as its errors and the report name it."""

    name: str


class TitleService(Service, Protocol):
    def by_title(self, title: str) -> list[Candidate]: ...


class PaperService(TitleService, Protocol):
    def by_id(self, arxiv_id: str) -> list[Candidate]: ...


class RepositoryService(Service, Protocol):
    def repository(self, owner: str, repo: str) -> Repository: ...


S = TypeVar("S", bound=Service)


@dataclass
class Services:
    """The clients a run asks; any may be None (not asked)."""

    arxiv: PaperService | None = None
    huggingface: PaperService | None = None
    semanticscholar: TitleService | None = None
    github: RepositoryService | None = None


@dataclass
class RunReport:
    """What a run did: counts, the papers left for a person, and each service's errors."""

    resolved: Counter[str] = field(default_factory=Counter)  # by answering service
    unresolved: list[PaperFacts] = field(default_factory=list)
    absent: list[PaperFacts] = field(default_factory=list)
    fresh: int = 0
    failed: list[str] = field(default_factory=list)  # paper ids or URLs not looked up because a service failed
    errors: Counter[str] = field(default_factory=Counter)
    messages: dict[str, str] = field(default_factory=dict)  # the last error of each service
    repositories: Counter[str] = field(default_factory=Counter)
    repositories_fresh: int = 0
    not_github: int = 0

    @property
    def error_count(self) -> int:
        """Errors over all services."""
        return sum(self.errors.values())


class _Asker:
    """Asks services, counting errors, and leaves a service alone once it keeps failing."""

    def __init__(self, report: RunReport) -> None:
        self.report = report
        self.missed = 0  # questions a service did not answer (down, or failing), over the run
        self._streak: Counter[str] = Counter()

    def down(self, service: Service | None) -> bool:
        return service is None or self._streak[service.name] >= _DOWN_AFTER

    def ask(self, service: S | None, call: Callable[[S], list[Candidate]]) -> list[Candidate] | None:
        """`call(service)`, or None when the service is not asked or could not answer."""
        if service is None:
            return None
        if self.down(service):
            self.missed += 1
            return None
        try:
            found = call(service)
        except ServiceError as err:
            self.failed(err)
            self.missed += 1
            return None
        self._streak[service.name] = 0
        return found

    def succeeded(self, service: str) -> None:
        """A service answered: its run of failures ends."""
        self._streak[service] = 0

    def failed(self, err: ServiceError) -> None:
        """Count one error of a service."""
        self._streak[err.service] += 1
        self.report.errors[err.service] += 1
        self.report.messages[err.service] = err.message


def due(facts: PaperFacts | RepoFacts | None, today: dt.date, only_missing: bool, refresh_days: int) -> bool:
    """Whether an entry is to be looked up (again) in this run."""
    if facts is None:
        return True
    if only_missing:
        return False
    return (today - facts.checked).days >= refresh_days


def resolve_corpus(papers: Iterable[Paper], curation: Curation, cache: Resolved, services: Services,
                   today: dt.date, *, only_missing: bool = False, refresh_days: int = DEFAULT_REFRESH_DAYS,
                   save: Callable[[Resolved], None] = lambda cache: None,
                   progress: Callable[[str], None] = lambda item: None) -> tuple[Resolved, RunReport]:
    """Look up every paper and repository that is due; return the new cache and the run's report.

    `save` is called with the cache after every answer, so that nothing is lost to an interruption.
    """
    papers = list(papers)
    report = RunReport()
    asker = _Asker(report)
    pins = {e.paper_id: e.arxiv_ids[0] for e in curation.of(Action.PIN) if e.paper_id}
    refused: dict[str, frozenset[str]] = {}
    for e in curation.of(Action.REFUSE):
        refused[e.paper_id or ""] = refused.get(e.paper_id or "", frozenset()) | frozenset(e.arxiv_ids)
    for paper in papers:
        progress(paper.id)
        old = cache.paper(paper.id)
        stale_title = old is not None and old.title != paper.title
        pin_changed = old is not None and (old.pinned != (paper.id in pins) or
                                           (paper.id in pins and old.arxiv_id != pins[paper.id]))
        if not (stale_title or pin_changed or due(old, today, only_missing, refresh_days)):
            report.fresh += 1
            continue
        missed = asker.missed
        facts = _lookup(paper, pins.get(paper.id), refused.get(paper.id, frozenset()), services, asker, today)
        if facts is None or (old is not None and asker.missed > missed):
            # A service failed: what it would have said is unknown, so an older answer stands.
            report.failed.append(paper.id)
            continue
        cache = cache.with_paper(facts)
        save(cache)
    cache = _one_id_one_paper(cache, {p.id for p in papers}, pins)
    for paper in papers:
        _count(report, cache.paper(paper.id))
    cache = _check_repositories(papers, cache, services, asker, today, only_missing, refresh_days, save, progress)
    save(cache)
    return cache, report


def _count(report: RunReport, facts: PaperFacts | None) -> None:
    if facts is None:
        return
    if facts.status == "resolved":
        report.resolved[facts.source or "?"] += 1
    elif facts.status == "unresolved":
        report.unresolved.append(facts)
    else:
        report.absent.append(facts)


def _lookup(paper: Paper, pin: str | None, refused: frozenset[str], services: Services, asker: _Asker,
            today: dt.date) -> PaperFacts | None:
    """The facts for one paper, or None when a service failed before any decision could be made."""
    shown = Shown(paper.title, paper.authors, paper.author_names, paper.date, refused)
    missed = asker.missed
    if pin:
        found = asker.ask(services.arxiv, lambda s: s.by_id(pin))
        on_hf = asker.ask(services.huggingface, lambda s: s.by_id(pin))
        chosen = (found or []) + (on_hf or [])
        if not chosen:
            if found is None and on_hf is None:
                return None
            return PaperFacts(paper.id, paper.title, "unresolved", today, "curation", pinned=True,
                              candidates=(CandidateNote("curation", paper.title,
                                                        f"pinned {pin} is known to no service"),))
        return _facts(paper, chosen[0], today, bool(on_hf), pinned=True, source="curation")
    candidates: list[Candidate] = []
    # Each step asks one service, in order, until one answer is accepted.
    steps: list[Callable[[], list[Candidate] | None]] = []
    if (arxiv_id := paper.arxiv_id) and arxiv_id not in refused:
        steps.append(lambda: asker.ask(services.arxiv, lambda s: s.by_id(arxiv_id)))
        steps.append(lambda: asker.ask(services.huggingface, lambda s: s.by_id(arxiv_id)))
    steps.append(lambda: asker.ask(services.arxiv, lambda s: s.by_title(paper.title)))
    steps.append(lambda: asker.ask(services.huggingface, lambda s: s.by_title(paper.title)))
    steps.append(lambda: asker.ask(services.semanticscholar, lambda s: s.by_title(paper.title)))
    decision = Decision(None)
    for step in steps:
        found = step()
        if found is None:
            continue
        candidates += found
        decision = decide(shown, candidates)
        if decision.accepted is not None:
            break
    if decision.accepted is None:
        if asker.missed > missed:
            return None  # a service that might know it did not answer: look again next run
        notes = tuple(CandidateNote(c.service, c.title, why, c.arxiv_id) for c, why in decision.candidates)
        return PaperFacts(paper.id, paper.title, decision.status, today, candidates=notes)
    accepted = decision.accepted
    listed = accepted.on_huggingface or any(c.on_huggingface and c.arxiv_id == accepted.arxiv_id for c in candidates)
    if (accepted_id := accepted.arxiv_id) and not listed:
        listed = bool(asker.ask(services.huggingface, lambda s: s.by_id(accepted_id)))
    # Prefer arXiv's facts for a paper it knows: the authors as submitted, the v1 date.
    best = next((c for c in candidates if c.service == "arxiv" and c.arxiv_id == accepted.arxiv_id
                 and accepted.arxiv_id), accepted)
    return _facts(paper, best, today, listed)


def _facts(paper: Paper, c: Candidate, today: dt.date, on_hf: bool, pinned: bool = False,
           source: str | None = None) -> PaperFacts:
    return PaperFacts(paper.id, paper.title, "resolved", today, source or c.service, c.arxiv_id, c.authors,
                      c.published, c.venue, on_hf, None if c.arxiv_id else c.url, pinned)


def _one_id_one_paper(cache: Resolved, ids: set[str], pins: dict[str, str]) -> Resolved:
    """Two corpus papers kept apart cannot be one arXiv paper: unless pinned, neither keeps the id."""
    holders: dict[str, list[PaperFacts]] = {}
    for facts in cache.papers.values():
        if facts.paper_id in ids and facts.status == "resolved" and facts.arxiv_id and not facts.pinned:
            holders.setdefault(facts.arxiv_id, []).append(facts)
    for arxiv_id, group in holders.items():
        if len(group) < 2:
            continue
        names = ", ".join(sorted(f.paper_id for f in group))
        for facts in group:
            note = CandidateNote(facts.source or "?", facts.title,
                                 f"matched by several papers the corpus keeps apart ({names}); pin it to one "
                                 f"in corpus/curation.yaml", arxiv_id)
            cache = cache.with_paper(PaperFacts(facts.paper_id, facts.title, "unresolved", facts.checked,
                                                candidates=(note,)))
    return cache


def github_repository(url: str) -> tuple[str, str] | None:
    """`(owner, repo)` of a github.com repository URL, else None."""
    parts = urlsplit(url)
    if parts.hostname not in ("github.com", "www.github.com"):
        return None
    m = _GITHUB_REPO.match(parts.path)
    if not m:
        return None
    repo = m[2][:-4] if m[2].endswith(".git") else m[2]
    return (m[1], repo) if repo else None


def repository_urls(paper: Paper) -> list[str]:
    """Every code repository of a paper: those its abstract names, then its capture's code button."""
    code, _ = split_links(paper.abstract)
    urls = list(code) + ([paper.code_url] if paper.code_url else [])
    return list(dict.fromkeys(urls))


def _check_repositories(papers: list[Paper], cache: Resolved, services: Services, asker: _Asker, today: dt.date,
                        only_missing: bool, refresh_days: int, save: Callable[[Resolved], None],
                        progress: Callable[[str], None]) -> Resolved:
    seen: set[str] = set()
    report = asker.report
    for url in (u for p in papers for u in repository_urls(p)):
        key = repo_key(url)
        if key in seen:
            continue
        seen.add(key)
        progress(url)
        where = github_repository(url)
        if where is None:
            report.not_github += 1
            continue
        old = cache.repository(url)
        if not due(old, today, only_missing, refresh_days):
            report.repositories_fresh += 1
            _count_repo(report, old)
            continue
        github = services.github
        if github is None or asker.down(github):
            report.failed.append(url)
            continue
        try:
            found = github.repository(*where)
        except ServiceError as err:
            asker.failed(err)
            report.failed.append(url)
            continue
        asker.succeeded(github.name)
        if found.full_name is None:
            facts = RepoFacts(url, today, "missing")
        else:
            renamed = found.full_name.lower() != f"{where[0]}/{where[1]}".lower()
            facts = RepoFacts(url, today, "renamed" if renamed else "ok", found.stars, found.archived, found.pushed,
                              found.html_url if renamed else None)
        _count_repo(report, facts)
        cache = cache.with_repository(facts)
        save(cache)
    return cache


def _count_repo(report: RunReport, facts: RepoFacts | None) -> None:
    if facts is not None:
        report.repositories["archived" if facts.archived and facts.status == "ok" else facts.status] += 1

