"""The ingest report: what was read, merged, kept apart and rejected, with locations."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from .model import Action, Corpus, Diagnostic, LookAlike, Merge, Paper, Severity, SourceRef

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
    """Count records, papers, merges, rejections and problems.

    `warnings` counts every warning that `problems` lists, rejected records included, so
    that a count printed after the list is the number of lines above it.
    """
    severities = Counter(d.severity for d in problems(corpus))
    kinds = Counter(n.kind for n in corpus.near_duplicates)
    return Counts(
        records=corpus.records_read,
        kept=len(corpus.papers),
        merged=sum(len(p.sources) - 1 for p in corpus.papers),
        rejected=len(corpus.rejections),
        near_duplicates=kinds[LookAlike.NEAR_DUPLICATE],
        versions=kinds[LookAlike.VERSION],
        conflicts=sum(len(p.conflicts) for p in corpus.papers),
        errors=severities[Severity.ERROR],
        warnings=severities[Severity.WARNING],
    )


def problems(corpus: Corpus) -> list[Diagnostic]:
    """Every error and warning, in file order: the diagnostics that are not notes, and each
    rejected record (a record the site does not show is always worth a look)."""
    found = [d for d in corpus.diagnostics if d.severity is not Severity.INFO]
    found += [Diagnostic(j.ref.file, j.ref.line, f"record rejected: {j.reason}" + (f" ({j.title!r})" if j.title else ""),
                         Severity.WARNING) for j in corpus.rejections]
    return sorted(found, key=lambda d: (d.file, d.line))


def plural(n: int, word: str) -> str:
    """`1 warning`, `2 warnings`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(n: Counts, errors: int = 0, warnings: int = 0) -> str:
    """The one-line summary: records, papers and problems, `errors` and `warnings` more
    than the corpus's own counted in (a stale papers.yaml, a placeholder site address)."""
    return (f"{n.records} records: {n.kept} papers, {n.merged} merged, {n.rejected} rejected; "
            f"{plural(n.errors + errors, 'error')}, {plural(n.warnings + warnings, 'warning')}")


def per_capture(corpus: Corpus) -> list[tuple[str, int, int, str]]:
    """(file, records read, records rejected, form found) for every capture."""
    return [(c.file, len(c.records) + len(c.rejections), len(c.rejections), c.form) for c in corpus.captures]


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed since the committed corpus/papers.yaml: papers new and gone, merges new."""

    first: bool  # there was no corpus/papers.yaml: everything is new
    new: tuple[Paper, ...]
    gone: tuple[tuple[str, str], ...]  # (id, title) of papers no longer in the corpus
    new_merges: tuple[Merge, ...]  # merges of records that were not just these one paper before
    old_merges: tuple[Merge, ...]
    before: dict[str, set[SourceRef]] = field(default_factory=dict)  # each paper's records before


def changes(corpus: Corpus) -> Changes:
    """Compare the corpus with what `corpus/papers.yaml` held before this run."""
    published = corpus.published
    if published is None:
        return Changes(True, corpus.papers, (), corpus.merges, ())
    ids = {p.id for p in corpus.papers}
    before = set(published.ids.values())
    new = tuple(p for p in corpus.papers if p.id not in before)
    gone = tuple((i, published.titles.get(i, "")) for i in sorted(before - ids))

    records: dict[str, set[SourceRef]] = {}
    for ref, paper_id in published.ids.items():
        records.setdefault(paper_id, set()).add(ref)

    def known(m: Merge) -> bool:  # the paper had just these records before
        return records.get(m.paper_id) == {m.kept, *m.merged}
    return Changes(False, new, gone, tuple(m for m in corpus.merges if not known(m)),
                   tuple(m for m in corpus.merges if known(m)), records)


# Values this short are shown whole; longer ones from a little before where they part, this wide.
WHOLE = 120
DIFF_CONTEXT = 20
DIFF_WIDTH = 70


def where_they_differ(values: list[str]) -> list[str]:
    """Each value, whole when short (a title), else cut to show where the values part: from a
    few words before their first difference, so that what tells them apart is always shown."""
    if max(map(len, values), default=0) <= WHOLE:
        return list(values)
    prefix = len(os.path.commonprefix(values))
    start = 0 if prefix <= DIFF_CONTEXT else values[0].rfind(" ", 0, prefix - DIFF_CONTEXT) + 1
    shown = []
    for value in values:
        part = value[start:]
        cut = part if len(part) <= DIFF_WIDTH else part[:DIFF_WIDTH - 1] + "…"
        shown.append(("…" if start else "") + cut)
    return shown


def _merge_line(m: Merge, delta: Changes) -> str:
    """A merge: its records, each marked `(new)` when corpus/papers.yaml did not have it in
    this paper, and the records the paper had before and has no longer."""
    before = delta.before.get(m.paper_id, set())

    def ref(r: SourceRef) -> str:
        return f"{r} (new)" if not delta.first and r not in before else str(r)
    left = sorted(before - {m.kept, *m.merged}, key=lambda r: (r.file, r.line))
    gone = f"; no longer: {', '.join(map(str, left))}" if left else ""
    return f"  {m.paper_id}: {ref(m.kept)} + {', '.join(ref(r) for r in m.merged)} ({m.reason}{gone})"


def format_report(corpus: Corpus, verbose: bool = False) -> str:
    """The report as plain text: counts first, then what changed, then every item with its location.

    Merges made before this run (all records already one paper in corpus/papers.yaml) are
    counted, and listed only when `verbose`; so are the papers of a first ingest.
    """
    n = counts(corpus)
    delta = changes(corpus)
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
    if delta.first:
        out.append(f"Since corpus/papers.yaml: there was none, so all {n.kept} papers are new")
    else:
        out.append(f"Since corpus/papers.yaml: {plural(len(delta.new), 'new paper')}, {len(delta.gone)} gone, "
                   f"{plural(len(delta.new_merges), 'new merge')}")
    if delta.new and (verbose or not delta.first):
        out.append(f"\nNew papers ({len(delta.new)}), not in corpus/papers.yaml before:")
        out += [f"  {p.id}: {p.title} ({', '.join(map(str, p.sources))})" for p in delta.new]
    if delta.gone:
        out.append(f"\nPapers gone ({len(delta.gone)}): in corpus/papers.yaml before, no longer in the corpus "
                   f"(their pages go too)")
        out += [f"  {paper_id}: {title}" for paper_id, title in delta.gone]
    issues = problems(corpus)
    if issues:
        out.append(f"\nErrors and warnings ({len(issues)}):")
        out += [f"  {d}" for d in issues]
    notes = [d for d in corpus.diagnostics if d.severity is Severity.INFO and d not in corpus.skipped]
    if notes and verbose:
        out.append(f"\nNotes ({len(notes)}):")
        out += [f"  {d}" for d in notes]
    if corpus.near_duplicates:
        out.append(f"\nLook-alikes kept apart ({len(corpus.near_duplicates)}):")
        out += [f"  {p.kind}: {p.first} ~ {p.second}: {p.reason}" for p in corpus.near_duplicates]
    conflicted = [p for p in corpus.papers if p.conflicts]
    if conflicted:
        out.append(f"\nConflicting fields in merged records ({n.conflicts}):")
        for paper in conflicted:
            for c in paper.conflicts:
                values = [c.chosen] + [value for value, _ in c.values]
                chosen, *seen = where_they_differ(values)
                shown = ", ".join(f"{ref}: {value!r}" for (_, ref), value in zip(c.values, seen))
                out.append(f"  {paper.id}: {c.field}: chose {chosen!r} from {shown}")
    fixes = corpus.curation.of(Action.TOPICS)
    if fixes and corpus.curation:
        note = "" if len(fixes) <= MAX_TOPIC_FIXES else (f"; more than {MAX_TOPIC_FIXES}: fix the rules in "
                                                          f"corpus/taxonomy.yaml or add labels instead")
        out.append(f"\nTopic fixes by hand in {corpus.curation.file} ({len(fixes)}{note}):")
        for e in fixes:
            topics = " ".join([f"+{t}" for t in e.add] + [f"-{t}" for t in e.remove])
            out.append(f"  line {e.line}: {e.paper_id or e.refs[0]}: {topics} ({e.reason})")
    merges = corpus.merges if verbose else delta.new_merges
    if merges:
        mark = "" if delta.first else "; a record new to its paper is marked (new)"
        out.append(f"\n{'Merges' if verbose or delta.first else 'New or changed merges'} "
                   f"({plural(len(merges), 'paper')} seen in more than one record{mark}):")
        out += [_merge_line(m, delta) for m in merges]
    if not verbose and delta.old_merges:
        out.append(f"\n{plural(len(delta.old_merges), 'earlier merge')} not shown: their records were already "
                   f"one paper in corpus/papers.yaml (--verbose lists every merge)")
    return "\n".join(out) + "\n"
