"""Feeds and exports of the built real site, read back by real parsers: feedparser, csv,
json, bibtexparser; and the links that advertise them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import bibtexparser

from generator.display import display_text
import feedparser
import pytest
import yaml

from html_support import Page

FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def papers(site: Path) -> list[dict]:
    return json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]


def alternates(path: Path) -> list[str]:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return [dict(attrs)["href"] for tag, attrs in page.elements if tag == "link"
            and dict(attrs).get("rel") == "alternate" and dict(attrs).get("type") == "application/atom+xml"]


def unbibtex(value: str) -> str:
    """A BibTeX field value as a LaTeX reader sees it, decoded by pylatexenc (as bibtexparser's
    own LaTeX decoding middleware does): escapes undone, protective braces dropped."""
    from pylatexenc.latex2text import LatexNodes2Text

    text = LatexNodes2Text(math_mode="verbatim").latex_to_text(value)
    return " ".join(text.replace("\u02c6", "^").split())  # \\textasciicircum is a caret


def bibtex_braces_balance(value: str) -> bool:
    """Braces balance the way BibTeX counts them: every { and }, escaped or not."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def read_feed(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


def test_the_corpus_feed_is_valid_atom_newest_first(site: Path, papers: list[dict]) -> None:
    """The real captures give no capture day: the order they were added (file names) decides."""
    feed = read_feed(site / "feed.xml")
    by_title = {p["title"]: p for p in papers}
    assert len(feed.entries) == min(50, len(papers))
    files = sorted({s["file"] for p in papers for s in p["sources"]})

    def entered(paper: dict) -> tuple[int, int]:
        first = min((files.index(s["file"]), s["line"]) for s in paper["sources"])
        return (-first[0], first[1])
    expected = sorted(papers, key=lambda p: (entered(p), p["id"]))[:50]
    assert [e.title for e in feed.entries] == [p["title"] for p in expected]
    for entry in feed.entries:
        paper = by_title[entry.title]
        # no capture day is known: an entry's own date, never another paper's
        assert entry.updated.startswith(paper["published"] or paper["date"] or "1970-01-01")
        assert entry.link.endswith(paper["url"])
        assert entry.summary == paper["abstract"]
        assert {t.term for t in entry.get("tags", [])} == set(paper["topics"])
        assert entry.id.startswith("urn:uuid:")
    assert feed.feed.updated == max(e.updated for e in feed.entries)
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_every_topic_has_a_feed_advertised_on_its_page(site: Path, papers: list[dict]) -> None:
    topics = sorted(p.parent.name for p in (site / "topics").glob("*/index.html"))
    taxonomy = yaml.safe_load((site.parent / "corpus" / "taxonomy.yaml").read_text(encoding="utf-8"))
    assert topics == sorted(t["id"] for t in taxonomy["topics"])
    for topic in topics:
        feed = read_feed(site / f"feed-{topic}.xml")
        members = [p for p in papers if topic in p["topics"]]
        assert len(feed.entries) == min(50, len(members)), topic
        assert {e.title for e in feed.entries} <= {p["title"] for p in members}
        assert alternates(site / "topics" / topic / "index.html") == ["../../feed.xml", f"../../feed-{topic}.xml"]
    assert alternates(site / "index.html") == ["feed.xml"]
    assert alternates(site / "papers" / "index.html") == ["../feed.xml"]


def test_csv_round_trips_to_the_json_data(site: Path, papers: list[dict]) -> None:
    with (site / "data" / "papers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(papers)

    def plain(value: str) -> str:  # undo the documented protection against spreadsheet formulas
        return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA) else value

    for row, paper in zip(rows, papers):
        row = {k: plain(v) for k, v in row.items()}
        assert row["id"] == paper["id"] and row["title"] == paper["title"]
        assert row["abstract"] == paper["abstract"]
        assert row["url"] == paper["url"]
        assert row["date"] == (paper["date"] or "")
        assert row["upvotes"] == ("" if paper["upvotes"] is None else str(paper["upvotes"]))
        assert row["topics"].split(" | ") == (paper["topics"] or [""])
        assert row["code_urls"].split(" | ") == (paper["code_urls"] or [""])
        assert row["sources"].split(" | ") == [f"{s['file']}:{s['line']}" for s in paper["sources"]]


def test_every_paper_page_carries_scholarly_article_json_ld(site: Path, papers: list[dict]) -> None:
    for paper in papers:
        html = (site / paper["url"] / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1, paper["id"]
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org" and data["@type"] == "ScholarlyArticle"
        assert data["name"] == paper["title"] and data["abstract"] == paper["abstract"]
        assert data["identifier"] == paper["id"]
        assert data["url"].endswith("/" + paper["url"])
        assert data.get("datePublished") == paper["date"] or (paper["date"] is None and "datePublished" not in data)
        if paper["arxiv_id"]:
            assert f"https://arxiv.org/abs/{paper['arxiv_id']}" in data["sameAs"]


def test_bibtex_parses_one_misc_entry_per_paper(site: Path, papers: list[dict]) -> None:
    library = bibtexparser.parse_string((site / "data" / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert len(library.entries) == len(papers)
    assert len({e.key for e in library.entries}) == len(papers), "citation keys are unique"
    for entry, paper in zip(library.entries, papers):
        assert entry.entry_type == "misc"
        fields = entry.fields_dict
        # Each value is written once: read back, it is the text the paper's page shows (where LaTeX
        # typesets "--" as a dash, as it does in any BibTeX value).
        for name in ("title", "abstract"):
            shown = display_text(" ".join(paper[name].split())).strip().replace("---", "\u2014").replace("--", "\u2013")
            assert unbibtex(fields[name].value) == shown, (paper["id"], name)
        assert "textbackslash" not in fields["abstract"].value or "\\" in display_text(paper["abstract"])
        if paper["date"]:
            assert fields["year"].value == paper["date"][:4]
        if paper["arxiv_id"]:
            assert fields["eprint"].value == paper["arxiv_id"]
        for field in fields.values():
            assert bibtex_braces_balance(field.value), (paper["id"], field.key)
    page = (site / papers[0]["url"] / "index.html").read_text(encoding="utf-8")
    assert "Cite this paper (BibTeX)" in page and "@misc{" in page
    # The entry is for reference managers: out of the search index (Pagefind skips the element).
    assert re.search(r'<div class="pa-cite" data-pagefind-ignore[^>]*>\s*<details class="quote">', page)
