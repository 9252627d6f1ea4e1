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
from generator.model import Record, Source
from generator.pipeline import read_capture

SHARED = ROOT.parent / "shared" / "captures"
GOLDS = sorted(SHARED.glob("*.gold.json")) if SHARED.is_dir() else []


def test_the_shared_captures_are_there() -> None:
    assert GOLDS, f"no gold files in {SHARED}: CI checks out ../shared beside the project"


def _papers(capture_path: Path) -> list[Record]:
    """The capture's papers: the first record of each group, in order of first appearance."""
    capture = read_capture(capture_path.name, capture_path.read_bytes(), Source(capture_path.name))
    groups = group_records(capture.records).groups
    return [min(group, key=lambda r: r.ref.line) for group in sorted(groups, key=lambda g: min(r.ref.line for r in g))]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module", params=[g.name for g in GOLDS])
def capture(request) -> tuple[dict, list[Record]]:
    gold_path = SHARED / request.param
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold, _papers(gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt"))


def test_every_gold_paper_and_no_other(capture) -> None:
    gold, papers = capture
    assert [_clean(r.title) for r in papers] == [_clean(p["title"]) for p in gold["papers"]]


@pytest.mark.parametrize("field", ["arxiv_id", "authors", "date", "upvotes"])
def test_metadata_as_the_gold_gives_it(capture, field: str) -> None:
    gold, papers = capture
    by_title = {_clean(r.title): r for r in papers}
    wrong = []
    for expected in gold["papers"]:
        record = by_title.get(_clean(expected["title"]))
        if record is None or expected.get(field) is None and field not in expected:
            continue
        got = {"arxiv_id": record.arxiv_id, "authors": record.authors, "date": record.date_text,
               "upvotes": record.upvotes}[field]
        if got != expected[field]:
            wrong.append((expected["title"][:60], expected[field], got))
    assert wrong == []


def test_abstract_or_summary_is_the_entry_own(capture) -> None:
    """The first 80 characters of each paper's text: no entry ever gets another's abstract."""
    gold, papers = capture
    by_title = {_clean(r.title): r for r in papers}
    wrong = [(p["title"][:60], p["abstract_start"], _clean(r.abstract or r.summary)[:80])
             for p in gold["papers"] if (r := by_title.get(_clean(p["title"])))
             and _clean(r.abstract or r.summary)[:80] != p["abstract_start"]]
    assert wrong == []


def test_code_repositories_lifted_from_the_text(capture) -> None:
    """Repository URLs in the abstract, compared as repositories (a bare host is not one)."""
    gold, papers = capture
    by_title = {_clean(r.title): r for r in papers}
    wrong = []
    for expected in gold["papers"]:
        record = by_title.get(_clean(expected["title"]))
        if record is None:
            continue
        want = [c for c in (canonical_code_url(u) for u in expected.get("code_urls", [])) if c]
        got = list(split_links(record.abstract or record.summary or "")[0])
        if got != want:
            wrong.append((expected["title"][:60], want, got))
    assert wrong == []
