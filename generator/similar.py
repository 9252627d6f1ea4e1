"""Papers kept apart that still belong together: versions of a method, near-duplicates."""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from dataclasses import replace

import numpy as np
from scipy import sparse

from .model import Apart, KeptApart, Link, LookAlike, NearDuplicate, Paper
from .names import FIELD_WORDS, FUNCTION_WORDS, method_name, title_description, version_stem
from .normalize import jaccard, shingles, text_key, words

# Abstracts sharing this share of their word triples are near-duplicates.
NEAR_DUPLICATE_JACCARD = 0.2
# A word triple in more abstracts than this is a stock phrase, useless as evidence.
COMMON_SHINGLE = 25
# Candidate pairs whose common triples are counted at once: a bounded sparse matrix per chunk.
PAIR_CHUNK = 50_000
# Papers whose candidate pairs are proposed at once: the sparse product of a chunk stays small.
ROW_CHUNK = 2_000
# Two methods of one stem whose titles share no word are versions only if their abstracts share
# this share of word triples: far below a near-duplicate, well above two unrelated abstracts.
VERSION_ABSTRACT_OVERLAP = 0.05
_STOP = FUNCTION_WORDS | FIELD_WORDS


def find_similar(papers: list[Paper], collisions: list[tuple[str, str, KeptApart]]) -> tuple[NearDuplicate, ...]:
    """Version and near-duplicate pairs, found without comparing every pair.

    `collisions` are the papers of one title kept apart (their ids, and why): their abstracts
    differ, or a split in corpus/curation.yaml says they are different papers.
    """
    found: dict[tuple[str, str], NearDuplicate] = {}
    for a, b, kept in collisions:
        first, second = sorted((a, b))
        reason = kept.reason if kept.apart is Apart.SPLIT else "same title, different abstracts"
        found[(first, second)] = NearDuplicate(first, second, LookAlike.NEAR_DUPLICATE, reason)
    for pair in _versions(papers):
        found.setdefault((pair.first, pair.second), pair)
    for pair in _near_duplicates(papers):
        found.setdefault((pair.first, pair.second), pair)
    return tuple(found[key] for key in sorted(found))


# A family of versions this small links every pair; a larger one links a chain, in version order,
# so that no paper gets more than two version links and 1,000 versions give 999 pairs, not 499,500.
WHOLE_FAMILY = 4


def _versions(papers: list[Paper]) -> list[NearDuplicate]:
    by_stem: dict[str, list[tuple[Paper, str, bool]]] = defaultdict(list)
    for paper in papers:
        if name := method_name(paper.title):
            stem, versioned = version_stem(name)
            if len(stem) >= 2:
                by_stem[stem.casefold()].append((paper, name, versioned))
    pairs = []
    for stem, members in by_stem.items():
        if len(members) <= WHOLE_FAMILY:
            candidates = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        else:
            ordered = sorted(members, key=lambda m: (_version_order(m[1]), m[0].id))
            candidates = list(zip(ordered, ordered[1:]))
        for (a, name_a, ver_a), (b, name_b, ver_b) in candidates:
            if name_a != name_b and (ver_a or ver_b) and _related_titles(a, b):
                first, second = sorted((a.id, b.id))
                names = ", ".join(sorted((name_a, name_b)))
                pairs.append(NearDuplicate(first, second, LookAlike.VERSION, f"versions of one method ({names})"))
    return pairs


def _version_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """A method name's place among its versions: numbers compared as numbers (v2 before v10)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", name) if part)


def _related_titles(a: Paper, b: Paper) -> bool:
    """Guard against two unrelated methods that happen to share a stem."""
    rest_a = set(words(title_description(a.title))) - _STOP
    rest_b = set(words(title_description(b.title))) - _STOP
    return len(rest_a & rest_b) >= 1 or jaccard(shingles(a.abstract, 3), shingles(b.abstract, 3)) >= VERSION_ABSTRACT_OVERLAP


def _near_duplicates(papers: list[Paper]) -> list[NearDuplicate]:
    """Pairs whose abstracts share enough word triples, without comparing every pair.

    Candidates share at least one uncommon triple; a sparse product counts how many
    each pair shares, a chunk of papers at a time, and only pairs that could reach the
    threshold are kept, to be counted exactly with a second sparse product over the common
    triples, in chunks of pairs.
    """
    n = len(papers)
    rows, cols = triple_columns([p.abstract for p in papers])
    if not len(cols):
        return []
    df = np.bincount(cols)
    uncommon = (df[cols] > 1) & (df[cols] <= COMMON_SHINGLE)
    matrix = sparse.csr_matrix((np.ones(int(uncommon.sum()), dtype=np.int32), (rows[uncommon], cols[uncommon])),
                               shape=(n, len(df)))
    del uncommon
    sizes = np.bincount(rows, minlength=n)
    common = sizes - np.bincount(rows[df[cols] <= COMMON_SHINGLE], minlength=n)
    transposed = matrix.T.tocsr()
    firsts, seconds, counted = [], [], []
    for start in range(0, n, ROW_CHUNK):  # the pairs one chunk of papers proposes, kept only if they could pass
        shared = (matrix[start:start + ROW_CHUNK] @ transposed).tocoo()
        row, col = shared.row.astype(np.int64) + start, shared.col.astype(np.int64)
        upper = col > row
        row, col, data = row[upper], col[upper], shared.data[upper]
        # At most this many triples in common: the uncommon ones counted, plus every common one.
        most = data + np.minimum(common[row], common[col])
        possible = most >= NEAR_DUPLICATE_JACCARD * (sizes[row] + sizes[col] - most)
        firsts.append(row[possible])
        seconds.append(col[possible])
        counted.append(data[possible])
    del matrix, transposed, shared
    first, second, data = (np.concatenate(parts) for parts in (firsts, seconds, counted))
    # Exactly: the uncommon triples the product counted, plus the common ones both hold
    # (a common triple is in too many papers to propose a pair, not too many to count).
    order = np.lexsort((second, first))
    first, second, data = first[order], second[order], data[order]
    is_common = df[cols] > COMMON_SHINGLE
    held = sparse.csr_matrix((np.ones(int(is_common.sum()), dtype=np.int32), (rows[is_common], cols[is_common])),
                             shape=(n, len(df)))
    both = np.concatenate([np.asarray(held[first[k:k + PAIR_CHUNK]].multiply(held[second[k:k + PAIR_CHUNK]]).sum(axis=1))
                           .ravel() for k in range(0, len(first), PAIR_CHUNK)] or [np.zeros(0, dtype=np.int64)])
    together = data + both
    # The same division as `jaccard` of the two sets: integers, so the same float.
    scores = (together / (sizes[first] + sizes[second] - together)).tolist()
    pairs = []
    for a, b, score in zip(first.tolist(), second.tolist(), scores):
        if score >= NEAR_DUPLICATE_JACCARD and text_key(papers[a].title) != "":
            first, second = sorted((papers[a].id, papers[b].id))
            pairs.append(NearDuplicate(first, second, LookAlike.NEAR_DUPLICATE,
                                       f"abstracts share {score:.0%} of their word triples"))
    return pairs


def triple_columns(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The sets `shingles(text, 3)` of `texts` as a sparse 0/1 matrix's entries: text `rows[k]`
    holds triple `cols[k]`, one entry per distinct triple of a text, sorted by row.

    Words are numbered and a triple is a number made of its words' numbers (its first two words'
    pair numbered first, so it fits in 64 bits for any corpus under billions of words): the same
    sets as the strings `shingles` makes, for a fraction of the memory. A text of one or two
    words holds those words, as `shingles` gives them, numbered apart from every triple.
    """
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    flat = array("q")
    lengths = array("q")
    for text in texts:
        found = words(text)
        flat.extend([number(word, len(vocabulary) + 1) for word in found])
        lengths.append(len(found))
    ids = np.frombuffer(flat, dtype=np.int64) if flat else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), np.frombuffer(lengths, dtype=np.int64)) \
        if texts else np.zeros(0, dtype=np.int64)
    base = len(vocabulary) + 1
    at = np.flatnonzero(owner[:-2] == owner[2:])  # a triple starts here: its three words are one text's
    _, pair = np.unique(ids[at] * base + ids[at + 1], return_inverse=True)
    keys = pair.astype(np.int64) * base + ids[at + 2]
    del pair
    short = np.frombuffer(lengths, dtype=np.int64)[owner] < 3 if texts else np.zeros(0, dtype=bool)
    keys = np.concatenate([keys, -ids[short]])  # a lone word: negative, apart from every triple
    rows = np.concatenate([owner[at], owner[short]])
    del at, short, owner
    order = np.lexsort((keys, rows))
    rows, keys = rows[order], keys[order]
    distinct = np.ones(len(rows), dtype=bool)
    distinct[1:] = (rows[1:] != rows[:-1]) | (keys[1:] != keys[:-1])
    rows, keys = rows[distinct], keys[distinct]
    _, cols = np.unique(keys, return_inverse=True)
    return rows, cols.astype(np.int64).ravel()


def link_similar(papers: list[Paper], pairs: tuple[NearDuplicate, ...]) -> list[Paper]:
    """Each paper with links to its versions and near-duplicates, both ways."""
    versions: dict[str, list[Link]] = defaultdict(list)
    near: dict[str, list[Link]] = defaultdict(list)
    for pair in pairs:
        target = versions if pair.kind is LookAlike.VERSION else near
        target[pair.first].append(Link(pair.second, pair.reason))
        target[pair.second].append(Link(pair.first, pair.reason))
    return [replace(p, versions=tuple(sorted(versions[p.id], key=lambda l: l.paper_id)),
                    near_duplicates=tuple(sorted(near[p.id], key=lambda l: l.paper_id)))
            for p in papers]
