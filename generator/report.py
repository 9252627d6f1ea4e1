"""The ingest report: what was read, merged, kept apart and rejected, with locations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Corpus, Severity

# Topic fixes by hand stay rare: the tagger, not the curator, decides topics.
MAX_TOPIC_FIXES = 10


@dataclass(frozen=True, slots=True)
class Counts:
    """The headline numbers; `records == kept + merged + rejected` always holds."""

    records: int
    kept: int
    merged: int
    rejected: int
    near_duplicates: int
    versions: int
    conflicts: int
    errors: int
    warnings: int


def counts(corpus: Corpus) -> Counts:
    """Count records, papers, merges, rejections and diagnostics."""
    severities = Counter(d.severity for d in corpus.diagnostics)
    kinds = Counter(n.kind for n in corpus.near_duplicates)
    return Counts(
        records=corpus.records_read,
        kept=len(corpus.papers),
        merged=sum(len(p.sources) - 1 for p in corpus.papers),
        rejected=len(corpus.rejections),
        near_duplicates=kinds["near-duplicate"],
        versions=kinds["version"],
        conflicts=sum(len(p.conflicts) for p in corpus.papers),
        errors=severities[Severity.ERROR],
        warnings=severities[Severity.WARNING],
    )


def per_capture(corpus: Corpus) -> list[tuple[str, int, int, str]]:
    """(file, records read, records rejected, form found) for every capture."""
    return [(c.file, len(c.records) + len(c.rejections), len(c.rejections), c.form) for c in corpus.captures]


def format_report(corpus: Corpus, verbose: bool = False) -> str:
    """The full report as plain text: counts first, then every item with its location."""
    n = counts(corpus)
    out = ["Records read per capture:"]
    width = max((len(name) for name, _, _, _ in per_capture(corpus)), default=10)
    for name, read, rejected, form in per_capture(corpus):
        out.append(f"  {name:<{width}}  {read:4d} records  {rejected:3d} rejected  {form or 'unreadable'}")
    if corpus.skipped:
        out.append(f"Files in corpus/raw/ not read ({len(corpus.skipped)}):")
        out += [f"  {d.file}: {d.message}" for d in corpus.skipped]
    out.append(f"Records: {n.records} = {n.kept} papers kept + {n.merged} merged as duplicates "
               f"+ {n.rejected} rejected")
    out.append(f"Near-duplicates kept apart: {n.near_duplicates}; versions linked: {n.versions}; "
               f"field conflicts: {n.conflicts}")
    if corpus.rejections:
        out.append(f"\nRejected records ({len(corpus.rejections)}):")
        out += [f"  {j.ref}: {j.reason}" + (f" ({j.title!r})" if j.title else "") for j in corpus.rejections]
    problems = [d for d in corpus.diagnostics if (d.severity is not Severity.INFO or verbose)
                and d not in corpus.skipped]
    if problems:
        out.append(f"\nDiagnostics ({len(problems)}):")
        out += [f"  {d}" for d in problems]
    if corpus.near_duplicates:
        out.append(f"\nLook-alikes kept apart ({len(corpus.near_duplicates)}):")
        out += [f"  {p.kind}: {p.first} ~ {p.second}: {p.reason}" for p in corpus.near_duplicates]
    conflicted = [p for p in corpus.papers if p.conflicts]
    if conflicted:
        out.append(f"\nConflicting fields in merged records ({n.conflicts}):")
        for paper in conflicted:
            for c in paper.conflicts:
                seen = ", ".join(f"{ref}: {value[:60]!r}" for value, ref in c.values)
                out.append(f"  {paper.id}: {c.field}: chose {c.chosen[:60]!r} from {seen}")
    fixes = corpus.curation.of("topics") if corpus.curation else ()
    if fixes:
        note = "" if len(fixes) <= MAX_TOPIC_FIXES else (f"; more than {MAX_TOPIC_FIXES}: fix the rules in "
                                                          f"corpus/taxonomy.yaml or add labels instead")
        out.append(f"\nTopic fixes by hand in {corpus.curation.file} ({len(fixes)}{note}):")
        for e in fixes:
            changes = " ".join([f"+{t}" for t in e.add] + [f"-{t}" for t in e.remove])
            out.append(f"  line {e.line}: {e.paper_id or e.refs[0]}: {changes} ({e.reason})")
    if corpus.merges:
        out.append(f"\nMerges ({len(corpus.merges)} papers seen in more than one record):")
        out += [f"  {m.paper_id}: {m.kept} + {', '.join(map(str, m.merged))} ({m.reason})"
                for m in corpus.merges]
    return "\n".join(out) + "\n"
