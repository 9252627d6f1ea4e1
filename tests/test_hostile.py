"""Hostile input: corpus text reaches the built site only as text, on every page.

The fixture capture tests/fixtures/hostile_corpus/raw/hostile.txt holds one attack
family per record: script tags, event handlers, javascript:/data: URLs, Markdown
links and images, raw HTML, Jinja, front matter markers, Material syntax, invisible
and bidi control characters, a 10 kB title, table pipes. Every attack carries the
marker "pwn", so anything executable or navigable that contains it came from the corpus.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_in, FIXTURES, make_project
from html_support import Page

HOSTILE = FIXTURES / "hostile_corpus"
NAVIGATING = ("href", "src", "action", "formaction", "srcset", "data", "poster", "xlink:href", "background")
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "marquee"}
SITE_HOST = "paper-atlas.example.org"  # mkdocs.yml's site_url: canonical links to our own pages
# The theme's own search and palette forms: always with its classes, never with an action.
THEME_FORMS = {"form", "input"}
TEXT_ATTRIBUTES = {"content", "title", "aria-label", "alt", "placeholder", "value"}
# The one record of raw/render.txt, as the capture holds it: every markup at once, in one paper.
HOSTILE_TITLE = ("<script>alert(1)</script> {{ x }} --- | * [x](javascript:alert(1)) $5$ Net "
                 "</title><script>alert(5)</script>")
HOSTILE_ABSTRACT = (
    "We propose <img src=x onerror=alert(2)> and <b>bold</b> {% if x %}jinja{% endif %} [TOC] "
    "!!! note \"admonition\" {: onclick=alert(3) } :smile: $x^2$ and 87.7\\% with 384times384 inputs. "
    "Markdown [link](javascript:alert(4)) and ![img](data:image/png;base64,xx) and `code` and **bold**. "
    "See <https://evil.example/> and https://github.com/owner/repo for code.")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), corpus=HOSTILE)
    assert run_in(root, "ingest") == 0
    assert run_in(root, "build") == 0  # strict: any warning fails the build
    return root


@pytest.fixture(scope="module")
def pages(hostile_site: Path) -> dict[str, Page]:
    parsed = {}
    for path in sorted((hostile_site / "site").rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(hostile_site / "site").as_posix()] = page
    return parsed


TITLE_SEARCHES = {("arxiv.org", "/search/"), ("huggingface.co", "/papers"), ("www.semanticscholar.org", "/search"),
                  ("scholar.google.com", "/scholar")}


def test_no_element_attribute_or_scheme_comes_from_corpus_text(pages: dict[str, Page]) -> None:
    problems = []
    for name, page in pages.items():
        for tag, attrs in page.elements:
            if tag in DANGEROUS_TAGS:
                problems.append(f"{name}: <{tag}>")
            if tag in THEME_FORMS and not any(k == "class" and (v or "").startswith("md-") for k, v in attrs):
                problems.append(f"{name}: <{tag}> that is not the theme's")
            if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
                problems.append(f"{name}: <meta http-equiv>")
            for key, value in attrs:
                value = (value or "").strip()
                if key.startswith("on"):
                    problems.append(f"{name}: <{tag} {key}>")
                if key in NAVIGATING and value:
                    parts = urlsplit(value)
                    scheme = parts.scheme.lower()
                    absolute = bool(parts.netloc) and parts.netloc != SITE_HOST
                    # A search for the title: host and path are ours, the title only the encoded query.
                    searching = (parts.netloc, parts.path) in TITLE_SEARCHES and "pwn" not in parts.path + parts.netloc
                    if scheme not in ("", "http", "https") or (not searching and (
                            (absolute and "pwn" in value) or "evil.example" in value)):
                        problems.append(f"{name}: <{tag} {key}={value[:60]!r}>")
                elif "pwn" in value and key not in TEXT_ATTRIBUTES and not key.startswith("data-md"):
                    problems.append(f"{name}: <{tag} {key}={value[:60]!r}> carries corpus text")
        for body in page.scripts:
            if "pwn" in body:
                problems.append(f"{name}: a script or style element holds corpus text")
        for body in page.json_ld:  # corpus text as data: valid JSON that cannot end its element
            json.loads(body)
            if "<" in body or ">" in body:
                problems.append(f"{name}: JSON-LD with a raw < or >")
    assert problems == [], "\n".join(problems[:30])


def paper_pages(hostile_site: Path, pages: dict[str, Page]) -> dict[str, tuple[dict, Page]]:
    papers = json.loads((hostile_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    return {p["id"]: (p, pages[f"{p['url']}index.html"]) for p in papers}


@pytest.mark.parametrize("literal", [
    "<script>alert('pwn-t1')</script> Script In Title", "<script>alert('pwn-a1')</script>",
    "<img src=x onerror=alert('pwn-t2')>", "<a href=\"javascript:alert('pwn-a2b')\">click</a>",
    "javascript:alert('pwn-a3')", "[click me](https://evil.example/pwn-phish)",
    "![pixel](https://evil.example/pwn-pixel.png)", "<iframe src=\"https://evil.example/pwn\"></iframe>",
    "<style>body{display:none}</style>", "<!-- pwn comment -->", "&lt;b&gt; &amp; &#x3C;i&#x3E;",
    "{{ config }}", "{% for x in range(3) %}pwn-loop{% endfor %}", "{# pwn-comment #}",
    "--- title: pwn-front-matter tags: [pwned] ---", "!!! warning \"pwn-admonition\"", "[TOC]",
    "--8<-- \"/etc/passwd\"", "{: onclick=alert('pwn-a8') }", ":smile:", "| col | col |",
    "<div markdown=\"1\">**pwn-bold**</div>", "Invisible Admin pwn-reversed Controls", "Table | Pipes | In | Title",
])
def test_hostile_text_is_still_readable(hostile_site: Path, pages: dict[str, Page], literal: str) -> None:
    shown = " ".join(page.visible for _, page in paper_pages(hostile_site, pages).values())
    assert literal in shown


def test_the_ten_kilobyte_title_builds_with_a_bounded_slug(hostile_site: Path, pages: dict[str, Page]) -> None:
    long = [(p, page) for p, page in paper_pages(hostile_site, pages).values() if len(p["title"]) > 10_000]
    (paper, page), = long
    assert len(paper["id"]) <= 64
    assert paper["title"].split()[-3:] == ["Ten", "Kilobyte", "Title"] and "Ten Kilobyte Title" in page.visible


def test_invisible_characters_are_gone_and_reported(hostile_site: Path) -> None:
    papers = json.loads((hostile_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    text = " ".join(p["title"] + p["abstract"] for p in papers)
    assert not any(ch in text for ch in "\u200b\u200d\u202e\u202c\u2066\u2069")


def test_feeds_and_exports_of_hostile_text_still_parse(hostile_site: Path, pages: dict[str, Page]) -> None:
    import csv

    import bibtexparser
    import feedparser

    site = hostile_site / "site"
    papers = json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    for feed_file in sorted(site.glob("feed*.xml")):
        feed = feedparser.parse(feed_file.read_bytes())
        assert not feed.bozo, (feed_file.name, feed.get("bozo_exception"))
        for entry in feed.entries:
            assert urlsplit(entry.link).scheme in ("http", "https", "file", "")
    with (site / "data" / "papers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [p["id"] for p in papers]
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    library = bibtexparser.parse_string((site / "data" / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == [] and len(library.entries) == len(papers)
    assert sum(len(page.json_ld) for page in pages.values()) == len(papers)


def test_only_the_real_https_link_is_a_link(hostile_site: Path) -> None:
    papers = json.loads((hostile_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    attacks = [p for p in papers if {s["file"] for s in p["sources"]} == {"hostile.txt"}]
    assert sorted(u for p in attacks for u in p["code_urls"] + p["links"]) == ["https://github.com/hostile/safe-repo"]


def test_no_script_runs_in_a_real_browser(hostile_site: Path, browser) -> None:
    """Open every page of the hostile site, and search for the attacks: no dialog may open."""
    from browser_support import search, serve, stub_the_internet

    dialogs: list[str] = []
    with serve(hostile_site / "site") as base:
        context = browser.new_context()
        stub_the_internet(context, urlsplit(base).netloc)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            for html in sorted((hostile_site / "site").rglob("index.html")):
                rel = html.parent.relative_to(hostile_site / "site").as_posix()
                page.goto(base + ("" if rel == "." else rel + "/"), wait_until="networkidle")
            page.goto(base, wait_until="networkidle")
            for query in ("pwn", "script", "alert", "onerror"):
                search(page, query)
                page.wait_for_timeout(300)
            first = page.locator(".md-search-result__link").first
            first.click()
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
    assert dialogs == []


# -- property: random text through the real renderer ------------------------

MARKUP = "<>&\"'`*_[](){}#!|~$:;=+-.\\/@%^?\n\t"
text = st.text(alphabet=st.sampled_from(list(MARKUP) + list("abcXYZ 019")), min_size=1, max_size=80)


@settings(max_examples=60, deadline=None)
@given(title=text.filter(lambda t: t.strip() and not t.strip().endswith(".")), abstract=text)
def test_random_captures_render_only_our_markup(title: str, abstract: str) -> None:
    """Generated captures go through parse, dedup, enrich and render; the Markdown of every
    page, converted as MkDocs would, has only the elements and attributes of our templates."""
    import markdown

    from generator import dedup, pipeline
    from generator.model import Source
    from generator.render import render_site

    title_line = " ".join(title.split()) or "x"
    abstract_line = " ".join(abstract.split()) + " A sentence ends here."
    capture = pipeline.read_capture("random.txt", f"{title_line}\n\n{abstract_line}\n".encode(), Source("random.txt"))
    corpus = pipeline.enrich(dedup.deduplicate([capture]))
    pages = render_site(corpus)
    extensions = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
                  "pymdownx.escapeall"]
    for name, source in pages.items():
        if not name.endswith(".md") or not name.startswith("papers/"):
            continue
        body = source.split("\n---\n", 1)[1] if source.startswith("---\n") else source
        page = Page()
        page.feed(markdown.markdown(body, extensions=extensions))
        for tag, attrs in page.elements:
            assert tag in {"h1", "h2", "p", "a", "ul", "ol", "li", "br", "details", "summary", "div", "span", "pre",
                           "strong", "em", "code", "table", "thead", "tbody", "tr", "th", "td"}, (tag, source)
            for key, value in attrs:
                assert not key.startswith("on"), (key, source)
                if key == "href":
                    assert urlsplit(value or "").scheme in ("", "http", "https"), (value, source)
        assert shutil  # the module's imports serve the fixtures above


# -- one record that tries every markup at once (raw/render.txt) -------------------------------

def hostile_page(root: Path) -> Page:
    """The page of the one record of render.txt, whose title and abstract try every markup at once."""
    paper = next(p for p in json.loads((root / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
                 if p["title"] == HOSTILE_TITLE)
    page = Page()
    page.feed((root / "site" / paper["url"] / "index.html").read_text(encoding="utf-8"))
    return page


def test_hostile_text_creates_no_element_or_attribute(hostile_site: Path) -> None:
    page = hostile_page(hostile_site)
    for tag, pairs in page.elements:
        attrs = dict(pairs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attrs)
            assert "evil.example" not in value or tag == "a", (tag, attrs)
    assert not [a for t, a in page.elements if t == "img" and dict(a).get("src") == "x"]
    assert "alert(" not in " ".join(page.scripts), "corpus text reached a script element"
    assert len([t for t, _ in page.elements if t == "title"]) == 1


def test_every_markup_at_once_is_still_readable(hostile_site: Path) -> None:
    text = " ".join(" ".join(hostile_page(hostile_site).text).split())
    for literal in ("<script>alert(1)</script>", "{{ x }}", "---", "|", "[x](javascript:alert(1))",
                    "<img src=x onerror=alert(2)>", "{% if x %}jinja{% endif %}", "[TOC]", "!!! note",
                    "{: onclick=alert(3) }", ":smile:", "**bold**", "`code`"):
        assert literal in text, literal
    assert "87.7% with 384\u00d7384 inputs" in text  # shown as a reader expects


def test_only_http_links_from_the_abstract_become_links(hostile_site: Path) -> None:
    hrefs = [dict(a).get("href") or "" for t, a in hostile_page(hostile_site).elements if t == "a"]
    assert "https://github.com/owner/repo" in hrefs
    assert not any(h.startswith(("javascript:", "data:")) for h in hrefs)


def test_stored_abstract_is_unchanged_by_display(hostile_site: Path) -> None:
    papers = json.loads((hostile_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert [p["abstract"] for p in papers if p["title"] == HOSTILE_TITLE] == [HOSTILE_ABSTRACT]
