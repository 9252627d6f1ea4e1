"""The orchestrator: the one place that knows the order of the stages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from . import dedup, files, freshness, render, resolved, serialize
from .decode import decode_capture
from .config import Problems, nearest
from .errors import CaptureError, CurationError, StaleError
from .ids import assign_ids
from .links import split_links
from .mentions import build_index, find_mentions, title_index
from .model import (Capture, Corpus, Curation, Diagnostic, Paper, Record, Rejection, Severity, Sighting, Source,
                    SourceRef, Tag, Taxonomy)
from .overview import summarize_topics
from .parse import parse_capture
from .related import related_papers, vectorize
from .similar import find_similar, link_similar
from .tagging import tag_papers

PAPERS_YAML = "papers.yaml"


def ingest(corpus_dir: Path) -> Corpus:
    """Read every capture and deduplicate its records into papers."""
    problems = Problems()  # every mistake in the hand-edited files, raised together once all are found
    inputs = files.read_inputs(corpus_dir, problems)
    captures = [read_capture(name, data, inputs.sources.get(name, Source(name)))
                for name, data in inputs.captures]
    published = inputs.published
    corpus = deduplicate(captures, inputs.curation, inputs.skipped + inputs.diagnostics,
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


def deduplicate(captures: list[Capture], curation: Curation = Curation(),
                notes: tuple[Diagnostic, ...] = (), previous_ids: dict[SourceRef, str] | None = None,
                problems: Problems | None = None) -> Corpus:
    """Apply curation, group records into papers, name them and link look-alikes.

    A curation entry that names no record or paper is an error, raised with every problem
    already in `problems`.
    """
    records = [r for c in captures for r in c.records]
    problems = problems if problems is not None else Problems()
    curation = _known_records(curation, {r.ref for r in records}, problems)
    hidden = {ref: entry.reason for entry in curation.of("hide") for ref in entry.refs}
    rejections = [j for c in captures for j in c.rejections]
    rejections += [Rejection(r.ref, f"hidden by corpus/curation.yaml: {hidden[r.ref]}", r.title)
                   for r in records if r.ref in hidden]
    grouping = dedup.group_records([r for r in records if r.ref not in hidden], curation)
    published = frozenset(previous_ids or ())
    drafts = [dedup.merge_group("", group, published) for group in grouping.groups]
    ids = assign_ids(grouping.groups, [p.title for p in drafts], previous_ids)
    papers = [replace(p, id=i) for p, i in zip(drafts, ids)]
    _check_paper_ids(curation, {p.id for p in papers}, problems)
    problems.raise_any()
    papers = _accept_code(papers, grouping.groups, curation, published)
    id_of = {ref: paper.id for paper in papers for ref in paper.sources}
    collisions = [(id_of[a], id_of[b], why) for a, b, why in grouping.kept_apart
                  if id_of[a] != id_of[b] and why.startswith("same title")]
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
    for a, b, why in grouping.kept_apart:
        # Two records naming one arXiv id yet nothing else alike: one id is wrong, and a person must say which.
        severity = Severity.WARNING if why.startswith("same arXiv id") else Severity.INFO
        diagnostics.append(Diagnostic(b.file, b.line, f"kept apart from {a}: {why}", severity))
    return Corpus(
        papers=tuple(papers),
        captures=tuple(captures),
        merges=dedup.merges(grouping, ids),
        near_duplicates=similar,
        rejections=tuple(sorted(rejections, key=lambda j: (j.ref.file, j.ref.line))),
        diagnostics=tuple(diagnostics),
    )


def _accept_code(papers: list[Paper], groups: tuple[tuple[Record, ...], ...], curation: Curation,
                 published: frozenset[SourceRef]) -> list[Paper]:
    """Each paper a `code:` entry of curation.yaml names, merged again with the code links it accepts."""
    accepted = {e.paper_id: frozenset(e.add) for e in curation.of("code")}
    return [replace(dedup.merge_group(p.id, group, published, accepted[p.id]), id=p.id) if p.id in accepted else p
            for p, group in zip(papers, groups)]


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


def _check_paper_ids(curation: Curation, ids: set[str], problems: Problems) -> None:
    """Note every `paper:` of a topics or resolve entry that names no paper."""
    for entry in curation.of("topics") + curation.of("pin") + curation.of("refuse") + curation.of("code"):
        if entry.paper_id is not None and entry.paper_id not in ids:
            problems.errors.append(CurationError(
                curation.file, entry.line_of("paper"), f"`{entry.paper_id}` matches no paper"
                f"{nearest(entry.paper_id, ids)}; use a paper id as in /papers/<id>/ (see corpus/papers.yaml)"
                + (" or a record's file:line" if entry.action == "topics" else "")))


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


def enrich(corpus: Corpus) -> Corpus:
    """Derive what the text implies: links, topics, related papers and mentions."""
    papers = list(corpus.papers)
    vectors = vectorize(papers)
    if corpus.taxonomy is not None:
        papers = tag_papers(papers, corpus.taxonomy, corpus.labels, vectors)
        papers = _curate_topics(papers, corpus.curation or Curation(), corpus.taxonomy)
    papers = [replace(p, code_urls=_undisputed(p, code), links=_undisputed(p, other))
              for p, (code, other) in ((p, split_links(p.abstract)) for p in papers)]
    names = {t.id: t.name for t in corpus.taxonomy.topics} if corpus.taxonomy else {}
    related = related_papers(papers, vectors, names)
    name_index = build_index(papers)
    mentions = find_mentions(papers, vectors, name_index)
    papers = [replace(p, related=r, mentions=m) for p, r, m in zip(papers, related, mentions)]
    if corpus.resolved is not None:
        papers = [resolved.with_repositories(p, corpus.resolved) for p in papers]
    topics = (summarize_topics(papers, corpus.taxonomy, vectors, title_index(papers, name_index))
              if corpus.taxonomy else ())
    return replace(corpus, papers=tuple(papers), topics=topics)


def _undisputed(paper: Paper, urls: tuple[str, ...]) -> tuple[str, ...]:
    disputed = {u for u, _ in paper.disputed_code}
    return tuple(u for u in urls if u not in disputed) if disputed else urls


def _curate_topics(papers: list[Paper], curation: Curation, taxonomy: Taxonomy) -> list[Paper]:
    """Apply the `topics:` entries of curation.yaml; an entry that matches nothing is an error."""
    known = {t.id for t in taxonomy.topics}
    by_ref = {ref: i for i, p in enumerate(papers) for ref in p.sources}
    by_id = {p.id: i for i, p in enumerate(papers)}
    order = {t.id: n for n, t in enumerate(taxonomy.topics)}
    for entry in curation.of("topics"):
        target = by_id.get(entry.paper_id) if entry.paper_id else by_ref.get(entry.refs[0])
        if target is None:
            what = entry.paper_id or entry.refs[0]
            raise CurationError(curation.file, entry.line, f"{what} matches no paper; use a paper id as in "
                                                           f"/papers/<id>/ or a record's file:line")
        unknown = [t for t in entry.add + entry.remove if t not in known]
        if unknown:
            raise CurationError(curation.file, entry.line, f"unknown topic `{unknown[0]}`; topics are the ids "
                                                           f"in corpus/taxonomy.yaml")
        paper = papers[target]
        tags = [t for t in paper.tags if t.topic not in entry.remove and t.topic not in entry.add]
        tags += [Tag(t, f"added by hand in corpus/curation.yaml: {entry.reason}") for t in entry.add]
        removed = [t for t in paper.removed_tags if t.topic not in entry.add]
        removed += [Tag(t, f"removed by hand in corpus/curation.yaml: {entry.reason}") for t in entry.remove]
        papers[target] = replace(paper, tags=tuple(sorted(tags, key=lambda t: order[t.topic])),
                                 removed_tags=tuple(sorted(removed, key=lambda t: order[t.topic])))
    return papers


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
             site_url: str | None = None) -> files.WriteStats:
    """Complete and enrich the papers and write the Markdown site source into `docs_dir`.

    With a `stamp` (from `inputs_digest`, plus what the caller wants to recall), docs/
    records what it was made from, so an unchanged rerun can skip the work. With a
    `site_url` (where the site is hosted), feeds link absolutely.
    """
    return write_docs(render.render_site(enrich(complete(corpus)), site_url), docs_dir, stamp)


def write_docs(pages: dict[str, str], docs_dir: Path, stamp: dict[str, object] | None = None) -> files.WriteStats:
    """Write rendered pages as `docs_dir`, with the stamp `generate` describes."""
    data = {name: text.encode("utf-8") for name, text in pages.items()}
    if stamp is not None:
        record = {**stamp, "docs": files.content_digest(data)}
        data[freshness.GENERATE_STAMP] = (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return files.write_tree(docs_dir, data)


def errors_in(corpus: Corpus) -> list[Diagnostic]:
    """The diagnostics that make `check` fail."""
    return [d for d in corpus.diagnostics if d.severity is Severity.ERROR]
