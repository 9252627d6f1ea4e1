"""The real pipeline and the real MkDocs build: pages, data, determinism, strictness."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from generator.cli import main

SCHEMA = {
    "id": str, "title": str, "abstract": str, "url": str, "topics": list, "code_urls": list,
    "links": list, "authors": (int, type(None)), "date": (str, type(None)), "upvotes": (int, type(None)),
    "sources": list, "related": list, "mentions": list,
}


@pytest.fixture(scope="module")
def built(built_site: Path) -> Path:
    """The real corpus, built once for the session (see conftest.built_site)."""
    return built_site


def papers_json(root: Path) -> dict:
    return json.loads((root / "site" / "data" / "papers.json").read_text(encoding="utf-8"))


def test_papers_json_follows_the_schema(built: Path) -> None:
    data = papers_json(built)
    assert data["version"] == 1
    papers = data["papers"]
    assert [p["id"] for p in papers] == sorted(p["id"] for p in papers)
    for paper in papers:
        for field, kind in SCHEMA.items():
            assert isinstance(paper[field], kind), (paper["id"], field)
        assert paper["url"] == f"papers/{paper['id']}/"
        assert paper["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", paper["date"])
        assert paper["sources"] and all(set(s) == {"file", "line"} for s in paper["sources"])
        assert all(u.startswith("https://") and not u.endswith((".", ",", ")")) for u in paper["code_urls"])


def test_every_paper_has_a_page_that_shows_it(built: Path) -> None:
    for paper in papers_json(built)["papers"]:
        page = built / "site" / paper["url"] / "index.html"
        html = page.read_text(encoding="utf-8")
        assert "<h1" in html and "line " in html, paper["id"]


def test_every_paper_page_links_to_the_paper(built: Path) -> None:
    """Resolved or not, a reader can reach the paper: its arXiv page, or searches for its title."""
    searches = ("https://arxiv.org/search/?query=", "https://huggingface.co/papers?q=",
                "https://www.semanticscholar.org/search?q=", "https://scholar.google.com/scholar?q=")
    for paper in papers_json(built)["papers"]:
        html = (built / "site" / paper["url"] / "index.html").read_text(encoding="utf-8")
        links = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]
        if paper["arxiv_id"]:
            assert f"https://arxiv.org/abs/{paper['arxiv_id']}" in links, paper["id"]
            assert f"https://arxiv.org/pdf/{paper['arxiv_id']}" in links, paper["id"]
        else:
            assert all(any(link.startswith(s) for link in links) for s in searches), paper["id"]


def test_pages_do_not_list_every_paper_in_navigation(built: Path) -> None:
    html = next((built / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    linked = set(re.findall(r'href="\.\./([a-z0-9-]+)/"', html))
    assert len(linked) < 20


def test_generate_is_deterministic_and_rewrites_nothing(built: Path, monkeypatch) -> None:
    monkeypatch.chdir(built)
    docs = built / "docs"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}
    assert main(["generate"]) == 0
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}
    assert after == before


def test_generate_removes_pages_no_longer_produced(built: Path, monkeypatch) -> None:
    monkeypatch.chdir(built)
    stray = built / "docs" / "papers" / "no-such-paper.md"
    stray.write_text("# stale\n", encoding="utf-8")
    assert main(["generate"]) == 0
    assert not stray.exists()


def test_two_generations_in_fresh_processes_are_byte_identical(tmp_path: Path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the output must not."""
    import subprocess
    import sys

    from conftest import CORPUS

    trees = []
    for seed in ("1", "12345"):
        out = tmp_path / f"docs-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "generator", "generate", "--corpus", str(CORPUS), "--docs", str(out)],
                       check=True, env=env, capture_output=True)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []


# LaTeX that a reader should never see: a command, a math dollar, grouping braces, an exponent
# or subscript in braces, a letter exponent. A "$" before a digit is a price; set braces matched
# in the text ("{1, 2}") are the text's own, and the BibTeX block is BibTeX, shown as such.
_LEFTOVER = re.compile(r"\\[A-Za-z0-9]|\^\{|_\{|\$(?!\d)|\{\\|\}\}|\)\}|[A-Za-z]\^[A-Za-z]|\d\{\d|``|''|"
                       r"\u207b[A-Za-z]|https?:(?!//)|-(?:alpha|beta|gamma|delta|sigma|Sigma)\b")


def test_no_latex_leftover_on_any_page(built: Path) -> None:
    found = []
    for page in sorted((built / "site").rglob("*.html")):
        html_text = page.read_text(encoding="utf-8")
        article = re.search(r"<article[^>]*>(.*?)</article>", html_text, re.S)
        if not article:
            continue
        body = re.sub(r"<(script|style|pre|code)[^>]*>.*?</\1>", " ", article.group(1), flags=re.S)
        body = re.sub(r'<details class="quote">.*?</details>', " ", body, flags=re.S)  # the BibTeX block
        text = html.unescape(re.sub(r"<[^>]+>", " ", body))
        found += [(page.relative_to(built).as_posix(), text[max(0, m.start() - 30):m.end() + 30])
                  for m in _LEFTOVER.finditer(text)]
    assert not found, found[:10]


def test_the_home_pages_most_upvoted_list_shows_its_counts_in_order(built: Path) -> None:
    home = (built / "docs" / "index.md").read_text(encoding="utf-8")
    listed = home.split("The most upvoted first, then the newest:", 1)[1].strip().split("\n\n", 1)[0].splitlines()
    counts = [int(m.group(1)) if (m := re.search(r" · (\d+) upvotes?$", line)) else None for line in listed]
    upvoted = [c for c in counts if c is not None]
    assert upvoted, "the corpus has papers with code and upvotes: their counts are shown"
    assert counts[:len(upvoted)] == upvoted == sorted(upvoted, reverse=True), counts
