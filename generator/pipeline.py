"""The orchestrator: the one place that knows the order of the stages."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from . import dedup, files, render, serialize
from .decode import decode_capture
from .errors import AtlasError, CaptureError, CurationError, StaleError
from .ids import assign_ids
from .links import split_links
from .model import Capture, Corpus, Curation, Diagnostic, Paper, Rejection, Severity, Source
from .parse import parse_capture
from .similar import find_similar, link_similar

PAPERS_YAML = "papers.yaml"


def ingest(corpus_dir: Path) -> Corpus:
    """Read every capture and deduplicate its records into papers."""
    inputs = files.read_inputs(corpus_dir)
    captures = [read_capture(name, data, inputs.sources.get(name, Source(name)))
                for name, data in inputs.captures]
    return deduplicate(captures, inputs.curation, inputs.diagnostics)


def read_capture(name: str, data: bytes, source: Source) -> Capture:
    """Decode and parse one capture; an unreadable file becomes an error, not a crash."""
    try:
        lines, notes = decode_capture(data, name, source.encoding)
    except CaptureError as err:
        return Capture(name, (), (), (Diagnostic(name, err.line or 1, err.message, Severity.ERROR),))
    if not any(line.strip() for line in lines):
        return Capture(name, (), (), (Diagnostic(name, 1, "capture is empty: no paper records"),))
    capture = parse_capture(lines, source)
    return replace(capture, diagnostics=tuple(notes) + capture.diagnostics)


def deduplicate(captures: list[Capture], curation: Curation = Curation(),
                notes: tuple[Diagnostic, ...] = ()) -> Corpus:
    """Apply curation, group records into papers, name them and link look-alikes."""
    records = [r for c in captures for r in c.records]
    _check_curation(curation, {r.ref for r in records})
    hidden = {ref: entry.reason for entry in curation.of("hide") for ref in entry.refs}
    rejections = [j for c in captures for j in c.rejections]
    rejections += [Rejection(r.ref, f"hidden by corpus/curation.yaml: {hidden[r.ref]}", r.title)
                   for r in records if r.ref in hidden]
    grouping = dedup.group_records([r for r in records if r.ref not in hidden], curation)
    drafts = [dedup.merge_group("", group) for group in grouping.groups]
    ids = assign_ids(grouping.groups, [p.title for p in drafts])
    papers = [replace(p, id=i) for p, i in zip(drafts, ids)]
    id_of = {ref: paper.id for paper in papers for ref in paper.sources}
    collisions = [(id_of[a], id_of[b]) for a, b, why in grouping.kept_apart
                  if id_of[a] != id_of[b] and why.startswith("same title")]
    similar = find_similar(papers, collisions)
    papers = sorted(link_similar(papers, similar), key=lambda p: p.id)
    diagnostics = list(notes) + [d for c in captures for d in c.diagnostics]
    for a, b, why in grouping.kept_apart:
        diagnostics.append(Diagnostic(b.file, b.line, f"kept apart from {a}: {why}", Severity.INFO))
    return Corpus(
        papers=tuple(papers),
        captures=tuple(captures),
        merges=dedup.merges(grouping, ids),
        near_duplicates=similar,
        rejections=tuple(sorted(rejections, key=lambda j: (j.ref.file, j.ref.line))),
        diagnostics=tuple(diagnostics),
    )


def _check_curation(curation: Curation, refs: set) -> None:
    for entry in curation.entries:
        for ref in entry.refs:
            if ref not in refs:
                raise CurationError(curation.file, entry.line,
                                    f"{ref} matches no paper record; name a record by its capture file "
                                    f"and the line of its title (see `paper-atlas report`)")


def enrich(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    """Add what can be derived from each paper's text: code and other links."""
    enriched = []
    for paper in papers:
        code, other = split_links(paper.abstract)
        enriched.append(replace(paper, code_urls=code, links=other))
    return tuple(enriched)


def write_papers_yaml(corpus: Corpus, corpus_dir: Path) -> bool:
    """Write `corpus/papers.yaml` if it changed; True when written."""
    return files.write_if_changed(corpus_dir / PAPERS_YAML, serialize.papers_yaml(corpus.papers))


def check_papers_yaml(corpus: Corpus, corpus_dir: Path) -> None:
    """Raise `StaleError` when the committed `corpus/papers.yaml` is out of date."""
    if files.read_text(corpus_dir / PAPERS_YAML) != serialize.papers_yaml(corpus.papers):
        raise StaleError(str(corpus_dir / PAPERS_YAML), None,
                         "is stale: it does not match corpus/raw/ and corpus/curation.yaml; "
                         "run `paper-atlas ingest` and commit the result")


def generate(corpus: Corpus, docs_dir: Path) -> files.WriteStats:
    """Enrich the papers and write the Markdown site source into `docs_dir`."""
    enriched = replace(corpus, papers=enrich(corpus.papers))
    return files.write_tree(docs_dir, render.render_site(enriched))


def build(project_dir: Path, strict: bool = True) -> None:
    """Run `mkdocs build` on `mkdocs.yml`; fail on any warning when strict."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
               str(project_dir / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # the theme's end-of-life banner is not a build message
    result = subprocess.run(command, cwd=project_dir, env=env, check=False)
    if result.returncode != 0:
        raise AtlasError("mkdocs.yml", None, f"`mkdocs build` failed with exit code {result.returncode}; "
                                             f"its messages are above")


def errors_in(corpus: Corpus) -> list[Diagnostic]:
    """The diagnostics that make `check` fail."""
    return [d for d in corpus.diagnostics if d.severity is Severity.ERROR]
