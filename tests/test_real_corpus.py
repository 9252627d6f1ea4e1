"""The real captures: every record accounted for, checked against counts made without the parser."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPUS
from generator import pipeline, report
from generator.normalize import text_key
from generator.serialize import papers_yaml

RAW = sorted((CORPUS / "raw").glob("*.txt"))
# In these captures every paper has its abstract on one line, and no title or
# page chrome comes near this length, so long lines count the paper records.
ABSTRACT_MIN_CHARS = 400


def abstract_lines(path: Path) -> list[str]:
    """The abstract lines of a capture, found without the parser."""
    lines = re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8"))
    return [line.strip() for line in lines if len(line) >= ABSTRACT_MIN_CHARS]


@pytest.fixture(scope="module")
def corpus(real_corpus):
    return real_corpus


def test_short_and_long_lines_do_not_overlap() -> None:
    """The independent count is sound: every line is clearly short or clearly long."""
    for path in RAW:
        lengths = [len(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert not [n for n in lengths if 300 < n < ABSTRACT_MIN_CHARS], path.name


@pytest.mark.parametrize("path", RAW, ids=lambda p: p.name)
def test_records_read_equal_the_records_in_the_file(corpus, path: Path) -> None:
    (capture,) = [c for c in corpus.captures if c.file == path.name]
    assert len(capture.records) + len(capture.rejections) == len(abstract_lines(path))


def test_records_equal_kept_plus_merged_plus_rejected(corpus) -> None:
    n = report.counts(corpus)
    assert n.records == sum(len(abstract_lines(p)) for p in RAW)
    assert n.records == n.kept + n.merged + n.rejected
    assert n.kept == len(corpus.papers)


def test_no_abstract_lost_and_none_invented(corpus) -> None:
    captured = {" ".join(a.split()) for path in RAW for a in abstract_lines(path)}
    assert {p.abstract for p in corpus.papers} == captured


def test_every_source_points_at_its_title_line(corpus) -> None:
    texts = {p.name: re.split(r"\r\n|\r|\n", p.read_text(encoding="utf-8")) for p in RAW}
    for paper in corpus.papers:
        for ref in paper.sources:
            line = texts[ref.file][ref.line - 1]
            assert text_key(paper.title) in text_key(line), f"{ref} for {paper.id}"


def test_records_with_the_same_title_are_one_paper_or_linked(corpus) -> None:
    by_title = Counter(text_key(p.title) for p in corpus.papers)
    linked = {frozenset((n.first, n.second)) for n in corpus.near_duplicates}
    for key, count in by_title.items():
        if count > 1:
            ids = [p.id for p in corpus.papers if text_key(p.title) == key]
            assert frozenset(ids[:2]) in linked, key


def test_ids_are_unique_safe_slugs(corpus) -> None:
    ids = [p.id for p in corpus.papers]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) and len(i) <= 64 for i in ids)


def test_look_alikes_are_distinct_papers_linked_both_ways(corpus) -> None:
    """Versions (FiT / FiTv2) and near-duplicates stay two papers, each linking the other."""
    by_id = {p.id: p for p in corpus.papers}
    for pair in corpus.near_duplicates:
        first, second = by_id[pair.first], by_id[pair.second]
        assert not set(first.sources) & set(second.sources)
        links = first.versions if pair.kind == "version" else first.near_duplicates
        back = second.versions if pair.kind == "version" else second.near_duplicates
        assert second.id in {l.paper_id for l in links} and first.id in {l.paper_id for l in back}


def test_no_errors_or_warnings_on_the_real_corpus(corpus) -> None:
    n = report.counts(corpus)
    assert (n.errors, n.warnings, n.rejected) == (0, 0, 0), report.format_report(corpus)


def test_committed_papers_yaml_is_fresh(corpus) -> None:
    committed = (CORPUS / "papers.yaml").read_text(encoding="utf-8")
    assert committed == papers_yaml(corpus.papers), "corpus/papers.yaml is stale: run `paper-atlas ingest`"


def test_ingest_is_deterministic(corpus) -> None:
    assert papers_yaml(pipeline.ingest(CORPUS).papers) == papers_yaml(corpus.papers)
