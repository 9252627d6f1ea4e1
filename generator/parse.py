"""Read one capture, whatever its form: the form is told by the content, never by the file name."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from typing import Callable

from .assemble import assemble
from .entry import Entry, Reading, finish
from .htmlpage import is_html_page, markdown_of_page
from .items import Kind
from .lines import capture_context, classify
from .mhtml import is_mhtml, page_of
from .model import Capture, Diagnostic, Severity, Source
from .segment import Piece, Shape, segment
from .tables import read_table

FORMS_TRIED = ("a listing page saved as text or Markdown", "a Markdown table or digest of papers",
               "a web page saved as HTML or MHTML", "Hugging Face Papers API JSON",
               "an arXiv (or other) RSS/Atom feed", "BibTeX")
_BIBTEX_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
# A JSON object, or an array of objects or strings: never a Markdown line such as `[Subscribe](...)`.
_JSON_START = re.compile(r'^\s*(?:\{\s*(?:"|\})|\[\s*(?:\{|\]|"(?:[^"\\\n]|\\.)*"\s*[,\]]))')
_XML_START = re.compile(r"^\s*(?:<\?xml\b|<!--|<!DOCTYPE\b|<(?:rss|feed|rdf:RDF)\b)", re.IGNORECASE)


def parse_capture(lines: list[str], source: Source) -> Capture:
    """Parse the decoded lines of one capture into records, rejections and notes."""
    text = "\n".join(lines)
    reading = reader_for(text)(lines, source.file)
    if not reading.entries:
        reading = _no_papers(reading, source.file)
    return finish(reading, source)


def _no_papers(reading: Reading, file: str) -> Reading:
    """A file with no paper gets one message, naming the forms tried, instead of a reject per paragraph."""
    tried = "; ".join(FORMS_TRIED)
    seen = ""
    if reading.rejections:
        first = min(j.ref.line for j in reading.rejections)
        seen = f"; {len(reading.rejections)} part(s) looked like a paper with no title or no abstract " \
               f"(the first at line {first})"
    # The reader's own finding ("JSON holds no paper objects; found ...") goes into the one message;
    # errors (a syntax error at its line) stay as they are.
    found = next((d.message for d in reading.diagnostics if d.severity is Severity.WARNING), "")
    said = f" ({reading.form}: {found})" if found else f" (read as {reading.form})" if reading.form else ""
    message = f"no paper found in this file{said}, which is in none of the forms read: {tried}{seen}"
    errors = [d for d in reading.diagnostics if d.severity is Severity.ERROR]
    return Reading(reading.form, (), (), (*errors, Diagnostic(file, 1, message, Severity.WARNING)),
                   reading.page_dates, reading.captured)


# A saved page (MHTML) says so in its first MIME headers: this much text holds them, with room to spare.
MHTML_HEADERS_WITHIN = 20_000


def reader_for(text: str) -> Callable[[list[str], str], Reading]:
    """The reader for a capture's content: JSON, an XML feed, BibTeX, or text of any other kind."""
    if is_mhtml(text[:MHTML_HEADERS_WITHIN].split("\n")):
        return _mhtml
    if _JSON_START.match(text.lstrip("\ufeff")):
        return _json
    if is_html_page(text):
        return _html_page
    if _XML_START.match(text.lstrip("\ufeff")):
        return _feed
    if _is_bibtex(text):
        return _bibtex
    return read_text


def _is_bibtex(text: str) -> bool:
    """BibTeX: its first entry comes before any other content (comments and blank lines aside)."""
    m = _BIBTEX_START.search(text)
    if m is None:
        return False
    before = [line for line in text[: m.start()].splitlines() if line.strip() and not line.lstrip().startswith("%")]
    return not before


def _json(lines: list[str], file: str) -> Reading:
    from .hfjson import read_json

    return read_json("\n".join(lines), file)


def _feed(lines: list[str], file: str) -> Reading:
    from .feeds import read_feed

    return read_feed("\n".join(lines), file)


def _bibtex(lines: list[str], file: str) -> Reading:
    from .bibtex import read_bibtex

    return read_bibtex("\n".join(lines), file)


def _html_page(lines: list[str], file: str) -> Reading:
    return _page(lines, list(range(1, len(lines) + 1)), file, "web page saved as HTML", None)


def _mhtml(lines: list[str], file: str) -> Reading:
    page = page_of(lines)
    if page is None:
        return Reading("MHTML", (), diagnostics=(Diagnostic(file, 1, "this MHTML file holds no text/html part, "
                                                                      "so there is no page to read"),))
    return _page(page.lines, page.numbers, file, "web page saved as MHTML", page.saved)


def _page(lines: list[str], numbers: list[int], file: str, form: str, saved: dt.date | None) -> Reading:
    """A saved page read as the Markdown of its visible text; every line named is the file's own."""
    markdown, starts = markdown_of_page("\n".join(lines))
    reading = read_text(markdown, file)

    def where(line: int) -> int:
        if not 0 < line <= len(starts):
            return line
        source = starts[line - 1]
        return numbers[source - 1] if 0 < source <= len(numbers) else source

    return Reading(f"{form}: {reading.form}" if reading.entries else form,
                   tuple(replace(e, line=where(e.line)) for e in reading.entries),
                   tuple(replace(j, ref=replace(j.ref, line=where(j.ref.line))) for j in reading.rejections),
                   tuple(replace(d, line=where(d.line)) for d in reading.diagnostics),
                   reading.page_dates, reading.captured or saved)


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
    notes.extend(_binary_stretches(segments.pieces, file))
    shapes = Counter(p.shape for p in segments.pieces)
    form = _text_form(shapes, len(assembly.entries), table_entries,
                      sum(1 for i in items if i.kind is Kind.HEADING), _reference_links(segments.pieces))
    if segments.lynx:
        form = form.replace("Markdown page", "text dump with a numbered reference list (lynx)")
    return Reading(form, tuple(entries), tuple(rejections), tuple(notes), assembly.page_dates, segments.captured)


def _binary_stretches(pieces: tuple[Piece, ...], file: str) -> list[Diagnostic]:
    """Each run of lines holding binary data, reported once with its first and last line."""
    notes: list[Diagnostic] = []
    start = end = 0
    for piece in pieces:
        if piece.shape is Shape.BINARY and end and piece.line == end + 1:
            end = piece.line
            continue
        if end:
            notes.append(_binary_note(file, start, end))
            start = end = 0
        if piece.shape is Shape.BINARY:
            start = end = piece.line
    if end:
        notes.append(_binary_note(file, start, end))
    return notes


def _binary_note(file: str, start: int, end: int) -> Diagnostic:
    where = f"line {start}" if start == end else f"lines {start}-{end}"
    return Diagnostic(file, start, f"binary data (control bytes, or bytes in no text encoding) on {where}; "
                                   f"skipped, and no record spans it", Severity.ERROR)


def _reference_links(pieces: tuple[Piece, ...]) -> int:
    return sum(1 for p in pieces if p.shape is Shape.LINK and (p.target or "").startswith("ref:"))


def _text_form(shapes: Counter[Shape], page_entries: int, table_entries: int, headings: int, references: int) -> str:
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
