"""The orchestrator: the one place that knows the order of the stages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from . import dedup, files, freshness, render, resolved, serialize
from .decode import decode_capture
from .config import Problems
from .errors import CaptureError, StaleError
from .links import split_links
from .mentions import build_index, find_mentions, title_index
from .model import Capture, Corpus, Diagnostic, Paper, Record, Severity, Sighting, Source, SourceRef
from .overview import summarize_topics
from .parse import parse_capture
from .related import related_papers, vectorize
from .tagging import curate_topics, tag_papers

PAPERS_YAML = "papers.yaml"


def ingest(corpus_dir: Path) -> Corpus:
    """Read every capture and deduplicate its records into papers."""
    problems = Problems()  # every mistake in the hand-edited files, raised together once all are found
    inputs = files.read_inputs(corpus_dir, problems)
    return corpus_of(inputs, read_captures(inputs), problems)


def read_captures(inputs: files.Inputs) -> list[Capture]:
    """Every capture of the corpus, decoded and parsed."""
    return [read_capture(name, data, inputs.sources.get(name, Source(name))) for name, data in inputs.captures]


def corpus_of(inputs: files.Inputs, captures: list[Capture], problems: Problems) -> Corpus:
    """The corpus of `captures`: its records deduplicated into papers, with what `inputs` say
    of them (curation, taxonomy, labels, the resolve cache, the published ids)."""
    published = inputs.published
    corpus = dedup.deduplicate(captures, inputs.curation, inputs.skipped + inputs.diagnostics,
                               published.ids if published else None, problems)
    ids = {p.id for p in corpus.papers}
    unused = [(line, paper_id) for paper_id, _, line in inputs.labels.papers if paper_id not in ids]
    notes = corpus.diagnostics
    if unused:  # one warning, not one per label: a corpus replaced wholesale leaves them all
        line, first = unused[0]
        others = f" and {len(unused) - 1} more papers" if len(unused) > 1 else ""
        notes += (Diagnostic(inputs.labels.file, line, f"labels `{first}`{others} not in the corpus; "
                                                       f"those labels are not used"),)
    return replace(corpus, taxonomy=inputs.taxonomy, curation=inputs.curation, skipped=inputs.skipped,
                   resolved=inputs.resolved, labels=inputs.labels, diagnostics=notes, published=published)


def read_capture(name: str, data: bytes, source: Source) -> Capture:
    """Decode and parse one capture; an unreadable file becomes an error, not a crash."""
    try:
        lines, notes = decode_capture(data, name, source.encoding)
    except CaptureError as err:
        return Capture(name, (), (), (Diagnostic(name, err.line or 1, err.message, Severity.ERROR),))
    if not any(line.strip() for line in lines):
        return Capture(name, (), (), (Diagnostic(name, 1, "capture is empty: no paper records"),))
    capture = parse_capture(lines, source)
    return replace(capture, diagnostics=tuple(notes) + capture.diagnostics, description=source.description,
                   captured=source.captured or capture.captured)


def complete(corpus: Corpus) -> Corpus:
    """Fill in what `corpus/resolved.yaml` knows and the captures lack (ids, authors, dates),
    and what each capture saw of each paper, and when."""
    papers = corpus.papers
    if corpus.resolved is not None:
        papers = tuple(resolved.complete(p, corpus.resolved) for p in papers)
    order = capture_order(corpus.captures)
    records = {r.ref: (r, c) for c in corpus.captures for r in c.records}
    papers = tuple(replace(p, seen=_sightings(p, records, order)) for p in papers)
    return replace(corpus, papers=papers)


def capture_order(captures: tuple[Capture, ...] | list[Capture]) -> dict[str, int]:
    """Each capture's place, oldest first: by its capture day where known; a capture without
    one stands after the captures added before it (file names give the order added)."""
    keys = []
    carried: dt.date | None = None
    for n, capture in enumerate(sorted(captures, key=lambda c: c.file)):
        if capture.captured is not None:
            carried = capture.captured if carried is None else max(carried, capture.captured)
        keys.append(((capture.captured or carried or dt.date.min), n, capture.file))
    return {file: rank for rank, (_, _, file) in enumerate(sorted(keys))}


def _sightings(paper: Paper, records: dict[SourceRef, tuple[Record, Capture]],
               order: dict[str, int]) -> tuple[Sighting, ...]:
    seen = []
    for ref in paper.sources:
        if ref not in records:
            continue
        record, capture = records[ref]
        seen.append(Sighting(ref, capture.captured, order.get(ref.file, len(order)), record.upvotes, record.stars))
    return tuple(sorted(seen, key=lambda s: (s.order, s.ref.line)))


def enrich(corpus: Corpus, jobs: int = 1) -> Corpus:
    """Derive what the text implies: links, topics, related papers and mentions. The per-paper
    work runs on up to `jobs` processes; the result is the same for any number."""
    papers = list(corpus.papers)
    vectors = vectorize(papers)
    papers = tag_papers(papers, corpus.taxonomy, corpus.labels, vectors, jobs)
    papers = curate_topics(papers, corpus.curation, corpus.taxonomy)
    papers = [replace(p, code_urls=_undisputed(p, code), links=_undisputed(p, other))
              for p, (code, other) in ((p, split_links(p.abstract)) for p in papers)]
    names = {t.id: t.name for t in corpus.taxonomy.topics}
    related = related_papers(papers, vectors, names, jobs=jobs)
    name_index = build_index(papers, jobs)
    mentions = find_mentions(papers, vectors, name_index, jobs)
    papers = [replace(p, related=r, mentions=m) for p, r, m in zip(papers, related, mentions)]
    if corpus.resolved is not None:
        papers = [resolved.with_repositories(p, corpus.resolved) for p in papers]
    topics = summarize_topics(papers, corpus.taxonomy, vectors, title_index(papers, name_index))
    return replace(corpus, papers=tuple(papers), topics=topics)


def _undisputed(paper: Paper, urls: tuple[str, ...]) -> tuple[str, ...]:
    disputed = {u for u, _ in paper.disputed_code}
    return tuple(u for u in urls if u not in disputed) if disputed else urls


def write_papers_yaml(corpus: Corpus, corpus_dir: Path) -> bool:
    """Write `corpus/papers.yaml` if it changed; True when written."""
    return files.write_if_changed(corpus_dir / PAPERS_YAML, serialize.papers_yaml(corpus.papers))


def check_papers_yaml(corpus: Corpus, corpus_dir: Path) -> None:
    """Raise `StaleError` when the committed `corpus/papers.yaml` is out of date."""
    if files.read_text(corpus_dir / PAPERS_YAML) != serialize.papers_yaml(corpus.papers):
        raise StaleError(str(corpus_dir / PAPERS_YAML), None,
                         "is stale: it does not match corpus/raw/ and corpus/curation.yaml; "
                         "run `paper-atlas ingest` and commit the result")


def generate(corpus: Corpus, docs_dir: Path, stamp: dict[str, object] | None = None,
             site_url: str | None = None, jobs: int = 1) -> files.WriteStats:
    """Complete and enrich the papers and write the Markdown site source into `docs_dir`.

    With a `stamp` (from `inputs_digest`, plus what the caller wants to recall), docs/
    records what it was made from, so an unchanged rerun can skip the work. With a
    `site_url` (where the site is hosted), feeds link absolutely. Per-paper work runs on up
    to `jobs` processes, and writes the same files for any number.
    """
    return write_docs(render_docs(enrich(complete(corpus), jobs), site_url, jobs), docs_dir, stamp)


def render_docs(corpus: Corpus, site_url: str | None = None, jobs: int = 1) -> Iterator[tuple[str, str]]:
    """Every file of docs/ for an enriched corpus, as (path, text), a batch of pages at a time:
    the rendered pages, and the site's own scripts and styles beside them."""
    yield from render.render_pages(corpus, site_url, jobs)
    yield from files.read_texts(render.ASSET_DIR, render.ASSETS).items()


def write_docs(pages: Mapping[str, str] | Iterable[tuple[str, str]], docs_dir: Path,
               stamp: dict[str, object] | None = None) -> files.WriteStats:
    """Write rendered pages as `docs_dir`, each as it comes, with the stamp `generate`
    describes: it records a digest of every other file, read back from where it was written."""

    def stamped(written: Mapping[str, Path]) -> dict[str, bytes]:
        if stamp is None:
            return {}
        record = {**stamp, "docs": files.content_digest(written)}
        return {freshness.GENERATE_STAMP: (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")}

    return files.write_tree(docs_dir, pages, stamped)


def errors_in(corpus: Corpus) -> list[Diagnostic]:
    """The diagnostics that make `check` fail."""
    return [d for d in corpus.diagnostics if d.severity is Severity.ERROR]
