"""Every internal link and anchor of a built site, checked in its HTML before it is swapped in.

MkDocs checks a page's links as it converts it, against the pages it has read. A shard or an
incremental build reads only some pages, so MkDocs cannot see every anchor; this check reads
what was built, all of it: each `href` and `src` that stays on the site (the theme's links
and raw HTML included, which MkDocs does not check) must reach a file of the site, and its
`#fragment` an `id` (or `<a name>`) of that page.

The HTML is MkDocs' and Python-Markdown's, whose attributes are always double-quoted, so
attributes are found with patterns rather than a full parse; text from the corpus reaches the
HTML escaped (`&quot;`), so it cannot pose as an attribute.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .workers import map_in_order

_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_VALUE = re.compile(r'\s(href|src|id|name)="([^"<>]*)"')
# MkDocs writes its error page with links from the site's root, for any URL it is served at.
ROOTED_PAGES = frozenset({"404.html"})
SHOWN = 20  # problems listed; the rest are counted


class Page(NamedTuple):
    ids: frozenset[str]
    links: tuple[str, ...]


def read_page(path: Path) -> Page:
    """The anchors a page offers and the links it makes."""
    text = path.read_text(encoding="utf-8", errors="replace")
    ids: set[str] = set()
    links: list[str] = []
    for tag in _TAG.findall(text):
        for attribute, value in _VALUE.findall(tag):
            value = html.unescape(value)
            if attribute in ("href", "src"):
                links.append(value)
            elif attribute == "id" or tag.startswith(("<a ", "<a\t", "<a\n")):
                ids.add(value)
    return Page(frozenset(ids), tuple(dict.fromkeys(links)))


def check(site: Path, jobs: int = 1) -> list[str]:
    """Every broken internal link of the site under `site`, as `page: problem` lines."""
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    present = set(names)
    pages = [n for n in names if n.endswith(".html")]
    read = dict(zip(pages, map_in_order(lambda name: read_page(site / name), pages, jobs)))
    problems = []
    for name in pages:
        for link in read[name].links:
            problem = _problem(name, link, present, read)
            if problem:
                problems.append(f"{name}: {problem}")
    return problems


def _problem(page: str, link: str, present: set[str], read: dict[str, Page]) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None  # off the site (or `mailto:`, `data:`): not ours to reach
    path = unquote(parts.path)
    if path.startswith("/"):
        return None if page in ROOTED_PAGES else f"links to '{link}' from the server's root, which breaks under a sub-path"
    target = page
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if target == ".." or target.startswith("../"):
            return f"links to '{link}', outside the site"
        if target == ".":
            target = "index.html"
        elif path.endswith("/") or target not in present and f"{target}/index.html" in present:
            target = f"{target}/index.html"
        if target not in present:
            return f"links to '{link}', but {target} is not in the site"
    fragment = unquote(parts.fragment)
    if fragment and target in read and fragment not in read[target].ids:
        return f"links to '{link}', but {target} has no anchor '#{fragment}'"
    return None


def report(problems: list[str]) -> str:
    """The problems as lines to print, the first `SHOWN` of them and a count of the rest."""
    lines = problems[:SHOWN]
    if len(problems) > SHOWN:
        lines.append(f"... and {len(problems) - SHOWN} more")
    return "\n".join(lines)
