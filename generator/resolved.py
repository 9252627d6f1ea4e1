"""`corpus/resolved.yaml`: the committed cache of what open APIs said, read, written and applied.

Reading and applying it never touches the network; only `resolve` (in `lookup.py`) writes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import yaml

from .config import LINE_KEY
from .errors import ConfigError
from .identifiers import bare_arxiv_id
from .links import repo_key
from .matching import match_key
from .model import CandidateNote, Paper, PaperFacts, RepoFacts, Resolved

RESOLVED_YAML = "resolved.yaml"
VERSION = 1
PAPER_STATUSES = ("resolved", "unresolved", "absent")
REPO_STATUSES = ("ok", "renamed", "missing")
SERVICES = ("arxiv", "huggingface", "semanticscholar", "github", "curation")

_HEADER = """\
# Written by `paper-atlas resolve` (`make resolve`); commit it, and do not edit it by hand:
# pin or refuse an id in corpus/curation.yaml instead. Each entry says which service
# answered and the day it was checked. Builds read this file and never use the network.
"""


# ---------------------------------------------------------------- reading


def parse_resolved(data: Any, file: str = "corpus/resolved.yaml") -> Resolved:
    """The cache as typed facts; a malformed entry is an error naming its line."""
    if data is None:
        return Resolved()
    if not isinstance(data, dict):
        raise ConfigError(file, 1, "expected a mapping with `papers:` and `repositories:` lists; "
                                   "delete the file and run `paper-atlas resolve` to rebuild it")
    if data.get("version", VERSION) != VERSION:
        raise ConfigError(file, data.get(LINE_KEY, 1), f"version {data.get('version')!r} is not {VERSION}; "
                                                        f"run `paper-atlas resolve` to rebuild it")
    papers = [_paper(e, file) for e in _list(data, "papers", file)]
    repos = [_repo(e, file) for e in _list(data, "repositories", file)]
    return Resolved({p.paper_id: p for p in papers}, {repo_key(r.url): r for r in repos})


def _list(data: dict[str, Any], key: str, file: str) -> list[dict[str, Any]]:
    entries = data.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(file, data.get(LINE_KEY, 1), f"`{key}` must be a list of mappings")
    return entries


def _get(entry: dict[str, Any], key: str, kind: type | tuple[type, ...], file: str, required: bool = False) -> Any:
    value = entry.get(key)
    if value is None:
        if required:
            raise ConfigError(file, entry.get(LINE_KEY), f"an entry needs `{key}`")
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(file, entry.get(LINE_KEY), f"`{key}` has the wrong type ({type(value).__name__})")
    return value


def _day(entry: dict[str, Any], key: str, file: str, required: bool = False) -> dt.date | None:
    value = _get(entry, key, (dt.date, str), file, required)
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ConfigError(file, entry.get(LINE_KEY), f"`{key}` must be a date YYYY-MM-DD") from None
    return value if isinstance(value, dt.date) else None


def _checked(entry: dict[str, Any], file: str) -> dt.date:
    """The day an entry was checked: every entry has one."""
    day = _day(entry, "checked", file, required=True)
    if day is None:
        raise ConfigError(file, entry.get(LINE_KEY), "an entry needs `checked`")
    return day


def _choice(entry: dict[str, Any], key: str, allowed: tuple[str, ...], file: str) -> str:
    value = _get(entry, key, str, file, required=True)
    if value not in allowed:
        raise ConfigError(file, entry.get(LINE_KEY), f"`{key}: {value}` is not one of {', '.join(allowed)}")
    return str(value)


def _arxiv(entry: dict[str, Any], key: str, file: str) -> str | None:
    value = _get(entry, key, str, file)
    if value is not None and bare_arxiv_id(value) is None:
        raise ConfigError(file, entry.get(LINE_KEY), f"`{key}: {value}` is not an arXiv id")
    return bare_arxiv_id(value) if value else None


def _paper(entry: dict[str, Any], file: str) -> PaperFacts:
    source = _get(entry, "source", str, file)
    if source is not None and source not in SERVICES:
        raise ConfigError(file, entry.get(LINE_KEY), f"`source: {source}` is not one of {', '.join(SERVICES)}")
    authors = _get(entry, "authors", list, file) or []
    candidates = []
    for c in _get(entry, "candidates", list, file) or []:
        if not isinstance(c, dict):
            raise ConfigError(file, entry.get(LINE_KEY), "`candidates` must be a list of mappings")
        candidates.append(CandidateNote(str(_get(c, "service", str, file, True)), str(_get(c, "title", str, file, True)),
                                        str(_get(c, "why", str, file, True)), _arxiv(c, "arxiv_id", file)))
    return PaperFacts(
        paper_id=_get(entry, "id", str, file, required=True),
        title=_get(entry, "title", str, file, required=True),
        status=_choice(entry, "status", PAPER_STATUSES, file),
        checked=_checked(entry, file),
        source=source,
        arxiv_id=_arxiv(entry, "arxiv_id", file),
        authors=tuple(str(a) for a in authors),
        published=_day(entry, "published", file),
        venue=_get(entry, "venue", str, file),
        on_huggingface=bool(_get(entry, "huggingface", bool, file)),
        url=_get(entry, "url", str, file),
        pinned=bool(_get(entry, "pinned", bool, file)),
        candidates=tuple(candidates),
    )


def _repo(entry: dict[str, Any], file: str) -> RepoFacts:
    return RepoFacts(
        url=_get(entry, "url", str, file, required=True),
        checked=_checked(entry, file),
        status=_choice(entry, "status", REPO_STATUSES, file),
        stars=_get(entry, "stars", int, file),
        archived=bool(_get(entry, "archived", bool, file)),
        pushed=_day(entry, "pushed", file),
        moved_to=_get(entry, "moved_to", str, file),
    )


# ---------------------------------------------------------------- writing


def resolved_yaml(resolved: Resolved) -> str:
    """The cache as YAML, in a stable order: papers by id, repositories by URL, fixed keys."""
    data = {"version": VERSION,
            "papers": [_paper_data(resolved.papers[k]) for k in sorted(resolved.papers)],
            "repositories": [_repo_data(resolved.repositories[k]) for k in sorted(resolved.repositories)]}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return _HEADER + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _compact(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: v for k, v in pairs if v not in (None, (), [], False)}


def _paper_data(p: PaperFacts) -> dict[str, Any]:
    return _compact([
        ("id", p.paper_id), ("title", p.title), ("status", p.status), ("checked", p.checked.isoformat()),
        ("source", p.source), ("arxiv_id", p.arxiv_id), ("authors", list(p.authors)),
        ("published", p.published.isoformat() if p.published else None), ("venue", p.venue),
        ("huggingface", p.on_huggingface), ("url", p.url), ("pinned", p.pinned),
        ("candidates", [_compact([("service", c.service), ("arxiv_id", c.arxiv_id), ("title", c.title),
                                  ("why", c.why)]) for c in p.candidates]),
    ])


def _repo_data(r: RepoFacts) -> dict[str, Any]:
    return _compact([
        ("url", r.url), ("checked", r.checked.isoformat()), ("source", r.source), ("status", r.status),
        ("stars", r.stars), ("archived", r.archived), ("pushed", r.pushed.isoformat() if r.pushed else None),
        ("moved_to", r.moved_to),
    ])


# ---------------------------------------------------------------- applying


def complete(paper: Paper, resolved: Resolved) -> Paper:
    """`paper` with the cached facts filled in where the captures lacked them.

    Facts looked up for another title (the paper was retitled since) are not applied.
    """
    facts = resolved.paper(paper.id)
    if facts is None or match_key(facts.title) != match_key(paper.title):
        return paper
    if facts.status != "resolved":
        return replace(paper, facts=facts)
    names = paper.author_names
    if facts.authors and len(facts.authors) > len(names):
        names = facts.authors
    return replace(
        paper,
        facts=facts,
        arxiv_id=paper.arxiv_id or facts.arxiv_id,
        author_names=names,
        authors=len(names) if facts.authors and names == facts.authors else paper.authors,
        venue=paper.venue or facts.venue,
    )


def with_repositories(paper: Paper, resolved: Resolved) -> Paper:
    """`paper` with what the cache knows of each of its code repositories."""
    found = tuple(f for f in (resolved.repository(u) for u in paper.repositories) if f is not None)
    return replace(paper, repository_facts=found) if found else paper
