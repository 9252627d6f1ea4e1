"""Read one capture, whatever its form: the form is told by the content, never by the file name."""

from __future__ import annotations

from collections import Counter

from .assemble import assemble
from .entry import Entry, Reading, finish
from .lines import Kind, capture_context, classify
from .model import Capture, Source
from .segment import Shape, segment
from .tables import read_table


def parse_capture(lines: list[str], source: Source) -> Capture:
    """Parse the decoded lines of one capture into records, rejections and notes."""
    return finish(read_text(lines, source.file), source)


def read_text(lines: list[str], file: str) -> Reading:
    """A page saved as text or Markdown, tables of papers, digests: any mix of them in one file."""
    segments = segment(lines)
    context = capture_context(segments.pieces, segments.references)
    items = [item for piece in segments.pieces for item in classify(piece, context)]
    assembly = assemble(items, file)
    entries: list[Entry] = list(assembly.entries)
    rejections = list(assembly.rejections)
    notes = list(assembly.diagnostics)
    table_entries = 0
    for table in assembly.tables:
        found = read_table(table, file)
        entries.extend(found.entries)
        rejections.extend(found.rejections)
        notes.extend(found.diagnostics)
        table_entries += len(found.entries)
    entries.sort(key=lambda e: e.line)
    shapes = Counter(p.shape for p in segments.pieces)
    form = _text_form(shapes, len(assembly.entries), table_entries,
                      sum(1 for i in items if i.kind is Kind.HEADING), _reference_links(segments.pieces))
    return Reading(form, tuple(entries), tuple(rejections), tuple(notes), assembly.page_dates, segments.captured)


def _reference_links(pieces: tuple) -> int:
    return sum(1 for p in pieces if p.shape is Shape.LINK and (p.target or "").startswith("ref:"))


def _text_form(shapes: Counter, page_entries: int, table_entries: int, headings: int, references: int) -> str:
    """A short description of what the text reader found."""
    parts = []
    if page_entries or not table_entries:
        if references > shapes[Shape.LINK] // 2 and references:
            kind = "text dump with numbered reference links"
        elif shapes[Shape.LINK] or headings:
            kind = "Markdown page"
        else:
            kind = "plain-text page"
        if shapes[Shape.HTML] or shapes[Shape.DETAILS_OPEN]:
            kind += " with HTML"
        parts.append(kind)
    if table_entries:
        parts.append("Markdown table")
    form = " + ".join(parts)
    if shapes[Shape.FRONT_MATTER]:
        form += ", YAML front matter"
    return form
