"""Papers from Markdown tables: awesome lists and daily arXiv digests, columns named by the header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import parse_date_value
from .entry import Entry
from .fields import split_names
from .identifiers import arxiv_id_in, bare_arxiv_id
from .items import Item
from .links import CODE_HOSTS
from .markdown_text import Link, find_links, link_text, plain
from .model import Diagnostic, Rejection, Severity, SourceRef
from .targets import parse_count

# Header words -> the field a column holds. A table is a paper table when it has a title column.
_COLUMNS = (
    ("title", re.compile(r"^(?:paper(?:\s+title)?|title|name|论文|标题)$", re.IGNORECASE)),
    ("authors", re.compile(r"^(?:authors?|作者)$", re.IGNORECASE)),
    ("date", re.compile(r"^(?:(?:publish(?:ed)?|submission|release)?\s*date|published|year|日期|时间)$", re.IGNORECASE)),
    ("venue", re.compile(r"^(?:venue|conference|conf\.?|journal|publication|pub\.?|where)$", re.IGNORECASE)),
    ("code", re.compile(r"^(?:code|github|repo(?:sitory)?|implementation|代码)$", re.IGNORECASE)),
    ("url", re.compile(r"^(?:pdf|arxiv|link|links|url|paper\s+link|abs)$", re.IGNORECASE)),
    ("abstract", re.compile(r"^(?:abstract|摘要)$", re.IGNORECASE)),
    ("summary", re.compile(r"^(?:summary|tl;?dr|one[- ]line summary)$", re.IGNORECASE)),
    ("stars", re.compile(r"^(?:stars?|⭐)$", re.IGNORECASE)),
)
_EMPTY = frozenset({"", "-", "—", "null", "none", "n/a", "na", "tbd", "coming soon"})


@dataclass(frozen=True, slots=True)
class TableReading:
    """The entries of one table, and its rows that were not papers."""

    entries: tuple[Entry, ...]
    rejections: tuple[Rejection, ...]
    diagnostics: tuple[Diagnostic, ...]


def read_table(item: Item, file: str) -> TableReading:
    """The papers in a pipe table whose header names a title column; other tables are left alone."""
    rows = item.value
    assert isinstance(rows, tuple)
    (_, header), body = rows[0], rows[1:]
    columns = _columns(header)
    if "title" not in columns.values():
        return TableReading((), (), (Diagnostic(file, item.line, "a table with no title column is not a list of "
                                                                 "papers; skipped", Severity.INFO),))
    entries, rejections = [], []
    for line, cells in body:
        values = {name: cells[k] for k, name in columns.items() if k < len(cells) and cells[k].strip()}
        entry = _entry(line, values)
        if entry is None:
            title = plain(values.get("title", ""), keep_urls=False)
            rejections.append(Rejection(SourceRef(file, line), "table row with no title", title))
        else:
            entries.append(entry)
    return TableReading(tuple(entries), tuple(rejections), ())


def _columns(header: tuple[str, ...]) -> dict[int, str]:
    found: dict[int, str] = {}
    for k, cell in enumerate(header):
        label = " ".join(plain(cell, keep_urls=False).strip("*_ :").split())
        for name, pattern in _COLUMNS:
            if pattern.match(label) and name not in found.values():
                found[k] = name
                break
    return found


def _entry(line: int, values: dict[str, str]) -> Entry | None:
    cell = values.get("title", "")
    title_links = [ln for ln in find_links(cell) if not ln.image]
    title = link_text(title_links[0].text) if len(title_links) == 1 and _mostly_link(cell, title_links[0]) \
        else plain(cell, keep_urls=False)
    title = " ".join(title.strip("*_ ").split())
    if not title or title.casefold() in _EMPTY:
        return None
    urls = [ln.target for ln in title_links] + _urls(values.get("url", ""))
    paper = next((p for p in (arxiv_id_in(u) for u in urls) if p), None) or bare_arxiv_id(
        plain(values.get("url", ""), keep_urls=False).strip("*_ []"))
    code = next((u for u in _urls(values.get("code", "")) if _is_code(u)), None)
    names = split_names(plain(values.get("authors", ""), keep_urls=False))
    date = parse_date_value(plain(values.get("date", ""), keep_urls=False)) if values.get("date") else None
    stars = parse_count(plain(values["stars"], keep_urls=False).strip("*_ ⭐")) if values.get("stars") else None
    return Entry(
        line=line, title=title,
        abstract=_text(values.get("abstract")), summary=_text(values.get("summary")),
        author_names=names, date=date, arxiv_id=paper,
        url=next((u for u in urls if arxiv_id_in(u)), urls[0] if urls else None),
        code_url=code, stars=stars, venue=_text(values.get("venue")) or None,
    )


def _mostly_link(cell: str, link: Link) -> bool:
    rest = cell[: link.start] + cell[link.end:]
    return not rest.strip(" *_")


def _urls(cell: str) -> list[str]:
    found = [ln.target for ln in find_links(cell) if not ln.image and ln.target.startswith(("http://", "https://"))]
    found += [w.strip("<>()*_,;") for w in cell.split() if w.strip("<>()*_,;").startswith(("http://", "https://"))]
    return list(dict.fromkeys(found))


def _is_code(url: str) -> bool:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower().removeprefix("www.") in CODE_HOSTS


def _text(cell: str | None) -> str:
    if not cell:
        return ""
    text = " ".join(plain(cell).split()).strip("*_ ")
    return "" if text.casefold() in _EMPTY else text
