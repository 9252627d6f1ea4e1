"""Real captures made by other tools (../shared/captures/) give exactly their hand-checked papers.

The answers are read from each capture's gold file where it lies; nothing of them is
copied here. A capture is parsed and deduplicated as `paper-atlas ingest` would, and
its papers, in order of first appearance, must be the gold's, field by field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from generator.dedup import group_records
from generator.links import canonical_code_url, split_links
from generator.model import Source
from generator.pipeline import read_capture

SHARED = ROOT.parent / "shared" / "captures"
GOLDS = sorted(SHARED.glob("*.gold.json")) if SHARED.is_dir() else []


def papers_of(capture_path: Path) -> list[dict]:
    """A capture's papers as the golds describe them: one per group of records, in order of first appearance."""
    capture = read_capture(capture_path.name, capture_path.read_bytes(), Source(capture_path.name))
    groups = sorted(group_records(capture.records).groups, key=lambda g: min(r.ref.line for r in g))
    papers = []
    for group in groups:
        first = min(group, key=lambda r: r.ref.line)
        text = " ".join((first.abstract or first.summary or "").split())
        papers.append({"title": first.title, "arxiv_id": first.arxiv_id, "authors": first.authors,
                       "date": first.date_text, "upvotes": first.upvotes, "abstract_start": text[:80],
                       "code_urls": list(split_links(text)[0])})
    return papers


def test_the_shared_captures_are_there() -> None:
    assert GOLDS, f"no gold files in {SHARED}: CI checks out ../shared beside the project"


@pytest.fixture(scope="module", params=[g.name for g in GOLDS])
def capture(request) -> tuple[list[dict], list[dict]]:
    gold_path = SHARED / request.param
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["papers"]
    return gold, papers_of(gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt"))


def test_every_gold_paper_and_no_other(capture) -> None:
    gold, papers = capture
    assert [" ".join(p["title"].split()) for p in papers] == [" ".join(p["title"].split()) for p in gold]


@pytest.mark.parametrize("field", ["arxiv_id", "authors", "date", "upvotes", "abstract_start"])
def test_each_field_as_the_gold_gives_it(capture, field: str) -> None:
    """Metadata from each entry's own neighbourhood; the first 80 characters of its own abstract or summary."""
    gold, papers = capture
    wrong = [(g["title"][:60], g[field], p[field]) for g, p in zip(gold, papers) if field in g and g[field] != p[field]]
    assert wrong == []


def test_code_repositories_lifted_from_the_text(capture) -> None:
    """Repository URLs in the abstract, compared as repositories (a bare host is not one)."""
    gold, papers = capture
    wanted = [[c for c in (canonical_code_url(u) for u in g.get("code_urls", [])) if c] for g in gold]
    wrong = [(g["title"][:60], want, p["code_urls"]) for g, p, want in zip(gold, papers, wanted) if want != p["code_urls"]]
    assert wrong == []
