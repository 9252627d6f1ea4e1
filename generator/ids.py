"""Stable, safe paper ids: slugs of the title, unique even when titles collide."""

from __future__ import annotations

from collections import Counter, defaultdict

from .config import SLUG
from .model import Record, SourceRef
from .normalize import SLUG_MAX, short_hash, slugify

# Names a paper's page cannot take: docs/papers/index.md is the list of papers.
RESERVED = frozenset({"index"})


def is_paper_id(text: str) -> bool:
    """A safe paper id: a lowercase slug, at most SLUG_MAX + 10 characters, not reserved. Only
    such an id is ever a file name, so no id can name a path outside docs/papers/."""
    return bool(SLUG.match(text)) and len(text) <= SLUG_MAX + 10 and text not in RESERVED


def assign_ids(groups: tuple[tuple[Record, ...], ...], titles: list[str],
               previous: dict[SourceRef, str] | None = None) -> list[str]:
    """One id per group, from its canonical title; published ids are kept.

    A paper keeps the id it had in the committed corpus/papers.yaml (found through
    its records), so adding a capture never renames an existing paper. New papers
    get the slug of their title; when slugs collide, the group with the earliest
    source keeps the plain slug and the others add a digest of their first source
    (captures are never edited), so an id depends neither on input order nor on
    unrelated papers.
    """
    previous = previous or {}
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    order = sorted(range(len(groups)), key=lambda i: (groups[i][0].ref.file, groups[i][0].ref.line))
    for i in order:
        old = Counter(previous[r.ref] for r in groups[i] if r.ref in previous)
        for candidate, _ in sorted(old.items(), key=lambda kv: (-kv[1], kv[0])):
            if candidate not in taken and is_paper_id(candidate):
                ids[i] = candidate
                taken.add(candidate)
                break
    by_slug: dict[str, list[int]] = defaultdict(list)
    for i in order:
        if ids[i] is None:
            by_slug[slugify(titles[i])].append(i)
    for slug, members in by_slug.items():
        for n, i in enumerate(members):
            if n == 0 and slug not in taken and slug not in RESERVED:
                ids[i] = slug
            else:
                first = groups[i][0].ref
                candidate = f"{slug[: SLUG_MAX - 7]}-{short_hash(first.file, str(first.line))}"
                k = 2
                while candidate in taken:  # a digest clash: vanishingly rare, still resolved
                    candidate = f"{slug[: SLUG_MAX - 10]}-{short_hash(first.file, str(first.line))}-{k}"
                    k += 1
                ids[i] = candidate
            taken.add(ids[i] or "")
    return [i for i in ids if i is not None]
