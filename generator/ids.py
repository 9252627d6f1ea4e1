"""Stable, safe paper ids: slugs of the title, unique even when titles collide."""

from __future__ import annotations

from collections import defaultdict

from .model import Record
from .normalize import SLUG_MAX, short_hash, slugify


def assign_ids(groups: tuple[tuple[Record, ...], ...], titles: list[str]) -> list[str]:
    """One id per group, from its canonical title.

    Groups whose slugs collide are ordered by their first source; the first keeps
    the plain slug and the others add a digest of their first source (captures are
    never edited), so an id depends neither on input order nor on unrelated papers.
    """
    slugs = [slugify(title) for title in titles]
    by_slug: dict[str, list[int]] = defaultdict(list)
    for i, slug in enumerate(slugs):
        by_slug[slug].append(i)
    ids = list(slugs)
    taken = set(slugs)
    for slug, members in by_slug.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (groups[i][0].ref.file, groups[i][0].ref.line))
        for i in members[1:]:
            first = groups[i][0].ref
            digest = short_hash(first.file, str(first.line))
            candidate = f"{slug[: SLUG_MAX - 7]}-{digest}"
            n = 2
            while candidate in taken:  # a digest clash: vanishingly rare, still resolved
                candidate = f"{slug[: SLUG_MAX - 10]}-{digest}-{n}"
                n += 1
            taken.add(candidate)
            ids[i] = candidate
    return ids
