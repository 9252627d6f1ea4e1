"""Every link in the built site works: internal targets and anchors exist, external links are sane.

The real corpus is built with `paper-atlas build` (strict) into a scratch folder, then
every .html file under site/ is parsed with the standard library's html.parser. The
links checked are <a href> (also <a> inside inline <svg>, including xlink:href),
<link href>, <script src> and <img src>.

- Internal links (relative, or absolute paths under the path of `site_url`, or full
  URLs on the site's own host) must name a file in site/; "x/" means "x/index.html"
  and query strings are ignored. A #fragment must match an id="..." on the target
  page (or name="..." on an <a> there).
- External links must be well-formed https URLs with a host. An http:// link passes
  only if it occurs verbatim in a capture under corpus/raw/ (the authors' own link);
  any other scheme (javascript:, data:, ftp:, mailto:, ...) fails.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import CORPUS
from generator.decode import decode_capture
from generator.files import read_inputs

pytestmark = pytest.mark.slow

MAX_REPORTED = 30
# The attribute that holds the URL, per element.
URL_ATTRIBUTES = {"a": ("href", "xlink:href"), "link": ("href",), "script": ("src",), "img": ("src",)}
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")
# Fragments no page carries as an id because Material creates their targets at run time,
# each with the reason it is ignored. None was needed: in the built site every fragment
# link (toc permalinks, the skip link, section links) has its id in the HTML.
RUNTIME_FRAGMENTS: dict[str, str] = {}


@dataclass
class Page:
    """What one HTML page links to and which anchors it offers."""

    links: list[tuple[int, str, str]] = field(default_factory=list)  # (line, tag, url)
    anchors: set[str] = field(default_factory=set)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "svg":
            self.svg_depth += 1
        if values.get("id"):
            self.page.anchors.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.anchors.add(values["name"])  # the legacy anchor; name= elsewhere is no target
        names = URL_ATTRIBUTES.get(tag, ())
        if tag == "a" and not self.svg_depth:
            names = ("href",)  # xlink:href only means something inside SVG
        for name in names:
            if name in values:
                self.page.links.append((self.getpos()[0], tag, values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


@dataclass(frozen=True)
class Site:
    """A built site folder and where it is served from."""

    root: Path
    scheme: str
    host: str
    base_path: str  # the path of site_url, always ending in "/"
    allowed_http: frozenset[str] = frozenset()  # http:// links that occur verbatim in the captures


def crawl(site: Site) -> tuple[dict[str, Page], list[str]]:
    """Parse every page and check every link; return the pages and the problems found."""
    pages = {p.relative_to(site.root).as_posix(): parse_page(p.read_text(encoding="utf-8"))
             for p in sorted(site.root.rglob("*.html"))}
    problems = []
    for name, page in pages.items():
        for line, tag, url in page.links:
            problem = check_link(site, pages, name, url)
            if problem:
                problems.append(f"{name}:{line}: <{tag}> {url!r}: {problem}")
    return pages, problems


def check_link(site: Site, pages: dict[str, Page], page: str, url: str) -> str | None:
    """What is wrong with `url` on `page`, or None when it works."""
    if url == "#":
        return None  # "#" alone names no anchor (the top of the page); ignored on purpose
    if url != url.strip() or any(ch.isspace() for ch in url):
        return "contains whitespace"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        return f"malformed URL: {err}"
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return f"{scheme}: links are not allowed"
    if parts.netloc and not scheme:
        return "protocol-relative URL; write https://"
    if scheme:
        host = (parts.hostname or "").lower()
        if not host:
            return "URL has no host"
        if host != site.host or port is not None:
            return _check_external(site, url, scheme, host)
        if scheme != site.scheme:
            return f"link to the site itself over {scheme}, but site_url uses {site.scheme}"
        path = parts.path or "/"
    else:
        path = parts.path
    if path.startswith("/"):
        if not (path + ("/" if not path.endswith("/") else "")).startswith(site.base_path):
            return f"absolute path outside the site's path {site.base_path}"
        target = _resolve("", path[len(site.base_path):] if len(path) >= len(site.base_path) else "")
    elif path:
        target = _resolve(posixpath.dirname(page), path)
    else:
        target = page  # "#anchor" or "?query": this page
    if target is None:
        return "goes above the site root"
    file = site.root / target
    if not file.is_file():
        if file.is_dir():
            return f"names the folder {target}/ without a trailing slash"
        return f"no such file: site/{target}"
    fragment = unquote(parts.fragment)
    if not fragment:
        return None
    if target not in pages:
        return f"#{fragment} on a non-HTML file site/{target}"
    if fragment in pages[target].anchors or fragment in RUNTIME_FRAGMENTS:
        return None
    return f"no id={fragment!r} on site/{target}"


def _resolve(folder: str, path: str) -> str | None:
    """The file under site/ that a URL path names from `folder`, or None above the root."""
    path = unquote(path)
    is_folder = path == "" or path.endswith("/") or posixpath.basename(path) in (".", "..")
    joined = posixpath.normpath(posixpath.join(folder, path)) if path else (folder or ".")
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    if is_folder:
        return "index.html" if joined == "." else f"{joined}/index.html"
    return joined


def _check_external(site: Site, url: str, scheme: str, host: str) -> str | None:
    if not _HOSTNAME.match(host) and host != "localhost":
        return f"host {host!r} is not a valid host name"
    if scheme == "http" and url not in site.allowed_http:
        return "http:// link that is not the authors' own (not verbatim in corpus/raw/); use https://"
    return None


def allowed_http_links(corpus: Path, urls: set[str]) -> frozenset[str]:
    """The http:// URLs among `urls` that occur verbatim in a capture."""
    inputs = read_inputs(corpus)
    texts = []
    for name, data in inputs.captures:
        source = inputs.sources.get(name)
        lines, _ = decode_capture(data, name, source.encoding if source else None)
        texts.append("\n".join(lines))
    return frozenset(u for u in urls if u.startswith("http://") and any(u in t for t in texts))


def site_url(project: Path) -> str:
    """`site_url` as the build saw it (mkdocs.yml reads it from the environment)."""
    from mkdocs.config import load_config
    return load_config(str(project / "mkdocs.yml"))["site_url"] or "/"


def make_site(root: Path, url: str, corpus: Path = CORPUS) -> Site:
    parts = urlsplit(url)
    links = {u for p in root.rglob("*.html") for _, _, u in parse_page(p.read_text(encoding="utf-8")).links}
    base = parts.path if parts.path.endswith("/") else parts.path + "/"
    return Site(root, parts.scheme or "https", (parts.hostname or "").lower(), base,
                allowed_http_links(corpus, links))


@pytest.fixture(scope="module")
def links_site(built_site: Path) -> Site:
    """The real corpus, built once for the session (see conftest.built_site)."""
    return make_site(built_site / "site", site_url(built_site))


@pytest.fixture(scope="module")
def crawled(links_site: Site) -> tuple[dict[str, Page], list[str]]:
    return crawl(links_site)


def test_every_link_in_the_site_works(crawled: tuple[dict[str, Page], list[str]]) -> None:
    _, problems = crawled
    if problems:
        shown = "\n".join(problems[:MAX_REPORTED])
        more = f"\n... and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
        pytest.fail(f"{len(problems)} broken or disallowed links (page:line: <tag> link: problem):\n"
                    f"{shown}{more}", pytrace=False)


def test_the_crawl_visits_every_paper_page(links_site: Site, crawled: tuple[dict[str, Page], list[str]]) -> None:
    pages, _ = crawled
    papers = json.loads((links_site.root / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert len(pages) > len(papers)
    assert all(f"{p['url']}index.html" in pages for p in papers)
    assert sum(len(p.links) for p in pages.values()) > len(pages)


def test_the_checker_finds_broken_links(tmp_path: Path) -> None:
    """The checker itself: each kind of bad link on a tiny hand-made site is reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a name="old"></a>', encoding="utf-8")
    (tmp_path / "style.css").write_text("", encoding="utf-8")
    good = ['a/', 'a/#here', 'a/index.html#old', '/docs/a/?q=1', 'style.css', '#top', '#',
            'https://example.org/x', 'https://paper-atlas.example.org/docs/a/']
    bad = {'b/': "no such file", 'a': "without a trailing slash", 'a/#nowhere': "no id=",
           '../../x/': "above the site root", '/other/a/': "outside the site's path",
           'http://example.org/': "http:// link", 'javascript:alert(1)': "javascript: links",
           'data:text/html,x': "data: links", 'ftp://example.org/f': "ftp: links",
           '//example.org/': "protocol-relative", 'https:///nohost': "no host",
           'https://exa_mple.org/': "not a valid host name", 'style.css#x': "non-HTML file"}
    body = "".join(f'<a href="{u}">x</a>' for u in [*good, *bad])
    svg = '<svg><a xlink:href="missing/"><text>t</text></a></svg><img src="nope.png">'
    (tmp_path / "index.html").write_text(f'<p id="top">{body}{svg}</p>', encoding="utf-8")
    site = make_site(tmp_path, "https://paper-atlas.example.org/docs/", corpus=CORPUS)
    _, problems = crawl(site)
    for url, why in bad.items():
        assert any(f"{url!r}: " in p and why in p for p in problems), (url, problems)
    assert any("'missing/'" in p for p in problems) and any("'nope.png'" in p for p in problems)
    assert len(problems) == len(bad) + 2, problems
