"""What a resolved cache changes on the built site: links to the paper, authors, dates, code facts, exports.

`paper-atlas resolve` runs against the stub services (tests/api_stubs.py), then the real
`paper-atlas build` (MkDocs, strict) builds the site from the cache, with no network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import bibtexparser
import feedparser
import pytest

from api_stubs import StubAPIs
from conftest import FIXTURES, ROOT, run_in

pytestmark = pytest.mark.slow

VIT = "an-image-is-worth-16x16-words-transformers-for-image-recognition"
SEARCH_HOSTS = ("arxiv.org/search/", "huggingface.co/papers?q=", "www.semanticscholar.org/search?q=",
                "scholar.google.com/scholar?q=")


def _project(root: Path) -> Path:
    shutil.copytree(FIXTURES / "resolve_corpus", root / "corpus")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "generator" / "theme", root / "generator" / "theme")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Two builds of one corpus: without a cache, and after `resolve` against the stubs."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    stubs = StubAPIs(server)
    saved = dict(os.environ)
    try:
        os.environ.update(stubs.environment())
        for name in ("GITHUB_TOKEN", "HF_TOKEN", "SEMANTIC_SCHOLAR_API_KEY", "S2_API_KEY", "PAPER_ATLAS_SITE_URL"):
            os.environ.pop(name, None)
        plain = _project(tmp_path_factory.mktemp("plain"))
        assert run_in(plain, "ingest") == 0 and run_in(plain, "build") == 0
        resolved = _project(tmp_path_factory.mktemp("resolved"))
        assert run_in(resolved, "resolve") == 0
        asked = len(stubs.requests)
        assert run_in(resolved, "ingest") == 0 and run_in(resolved, "build") == 0
        assert len(stubs.requests) == asked, "building asked a service"
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.stop()
    return {"plain": plain, "resolved": resolved}


def page(project: Path, paper_id: str) -> str:
    return (project / "site" / "papers" / paper_id / "index.html").read_text(encoding="utf-8")


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def test_a_resolved_paper_links_to_its_arxiv_abstract_pdf_and_authors(built):
    html = page(built["resolved"], VIT)
    links = hrefs(html)
    assert "https://arxiv.org/abs/2010.11929" in links and "https://arxiv.org/pdf/2010.11929" in links
    assert not any(host in link for link in links for host in SEARCH_HOSTS)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Alexey Dosovitskiy" in text and "Neil Houlsby" in text  # the twelfth, behind "and 4 more"
    assert re.search(r"Matthias Minderer\s+and 4 more", text)
    assert "published 2020-10-22 (arXiv)" in text and "first captured 2026-11-20" in text


def test_the_hugging_face_page_shows_where_hugging_face_has_one(built):
    links = hrefs(page(built["resolved"], "attention-is-all-you-need"))
    assert "https://huggingface.co/papers/1706.03762" in links
    assert "https://huggingface.co/papers/2010.11929" not in hrefs(page(built["resolved"], VIT))


def test_code_buttons_show_stars_as_of_their_day_and_flag_archived_renamed_missing(built):
    text = re.sub(r"<[^>]+>", " ", page(built["resolved"], VIT))
    assert re.search(r"★ 11\.6k as of \d{4}-\d\d-\d\d", text)
    assert "archived" in re.sub(r"<[^>]+>", " ", page(built["resolved"], "attention-is-all-you-need"))
    ddpm = page(built["resolved"], "denoising-diffusion-probabilistic-models")
    assert "https://github.com/hojonathanho/denoising-diffusion" in hrefs(ddpm)
    assert "renamed" in ddpm
    assert "missing" in re.sub(r"<[^>]+>", " ", page(built["resolved"], "a-paper-no-service-knows"))


def test_unresolved_papers_get_search_links_and_are_otherwise_unchanged(built):
    for paper_id in ("is-a-video-worth-16x16-words", "scaling-vision-transformers"):
        links = hrefs(page(built["resolved"], paper_id))
        for host in SEARCH_HOSTS:
            assert any(host in link for link in links), (paper_id, host)
        assert not any(link.startswith("https://arxiv.org/abs/") for link in links)
        plain = (built["plain"] / "docs" / "papers" / f"{paper_id}.md").read_text(encoding="utf-8")
        resolved = (built["resolved"] / "docs" / "papers" / f"{paper_id}.md").read_text(encoding="utf-8")
        assert plain == resolved


def test_every_paper_page_links_to_the_paper_one_way_or_the_other(built):
    for project in built.values():
        for index in (project / "site" / "papers").glob("*/index.html"):
            links = hrefs(index.read_text(encoding="utf-8"))
            direct = any(link.startswith(("https://arxiv.org/abs/", "https://www.semanticscholar.org/paper/"))
                         for link in links)
            assert direct or all(any(host in link for link in links) for host in SEARCH_HOSTS), index


def test_exports_carry_the_resolved_facts(built):
    site = built["resolved"] / "site"
    papers = {p["id"]: p for p in json.loads((site / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]}
    vit = papers[VIT]
    assert (vit["arxiv_id"], vit["published"], vit["pdf_url"], vit["resolved_by"]) == (
        "2010.11929", "2020-10-22", "https://arxiv.org/pdf/2010.11929", "arxiv")
    assert len(vit["author_names"]) == 12 and vit["authors"] == 12
    assert (vit["repository_status"], vit["repository_stars"]) == ("ok", 11612)
    assert papers["attention-is-all-you-need"]["repository_archived"] is True
    assert papers["a-paper-no-service-knows"]["repository_status"] == "missing"
    library = bibtexparser.parse_string((site / "data" / "papers.bib").read_text(encoding="utf-8"))
    entry = {e.key: e for e in library.entries}[VIT.replace("-", "")]
    fields = {f.key: f.value for f in entry.fields}
    assert fields["eprint"] == "2010.11929" and fields["archivePrefix"] == "arXiv" and fields["year"] == "2020"
    assert fields["url"] == "https://arxiv.org/abs/2010.11929"
    assert fields["author"].startswith("Alexey Dosovitskiy and Lucas Beyer") and "others" not in fields["author"]
    html = page(built["resolved"], VIT)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["sameAs"] == ["https://arxiv.org/abs/2010.11929"]  # never the repository
    assert data["datePublished"] == "2020-10-22" and len(data["author"]) == 12
    mining = papers["mining-association-rules-between-sets-of-items-in-large"]  # Semantic Scholar: no arXiv id
    assert mining["arxiv_id"] is None and mining["published"] == "1993-06-01"
    assert "https://www.semanticscholar.org/paper/6fe8c5bf8dddaadf10c765133d38dfef5714347f" in hrefs(
        page(built["resolved"], "mining-association-rules-between-sets-of-items-in-large"))


def test_the_feed_leads_with_the_newest_capture_and_dates_entries_by_it(built):
    feed = feedparser.parse((built["resolved"] / "site" / "feed.xml").read_bytes())
    titles = [e.title for e in feed.entries]
    # 001 was captured a week after 000: its paper entered the corpus last
    assert titles[0] == "Scaling Vision Transformers"
    assert feed.entries[0].updated.startswith("2026-11-27")
    assert all(e.updated.startswith("2026-11-20") for e in feed.entries[1:])
    assert titles[1:4] == ["An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
                           "Attention Is All You Need", "Denoising Diffusion Probabilistic Models"]
    newest = feed.entries[0].link
    for path in (built["resolved"] / "site").glob("feed-*.xml"):
        topic = feedparser.parse(path.read_bytes())
        if any(e.link == newest for e in topic.entries):
            assert topic.entries[0].link == newest, path.name  # it leads its topics' feeds too


def test_about_page_counts_the_resolved_papers_by_service(built):
    text = re.sub(r"<[^>]+>", " ", (built["resolved"] / "site" / "about" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"papers matched by paper-atlas resolve\s+4 \(arXiv 2, Hugging Face 1, Semantic Scholar 1\)",
                     text)
    plain = re.sub(r"<[^>]+>", " ", (built["plain"] / "site" / "about" / "index.html").read_text(encoding="utf-8"))
    assert "run make resolve" in plain


def test_upvotes_and_stars_show_the_latest_capture_and_the_change_since_the_first(tmp_path):
    """Two captures a fortnight apart saw one paper with different counts: the page shows the newer."""
    import datetime as dt

    from generator import dedup, pipeline, render
    from generator.model import Source

    paper = ("Sundial Quantization: Post-Training Low-Bit Inference for Vision Transformers\n\n"
             "Post-training quantization of vision transformers to four bits usually collapses accuracy because a "
             "handful of channels carry extreme activations. We rotate those channels into a shared dial before "
             "rounding and back after the matrix multiply.\n\n  \u2022 4 authors\n\u00b7\nJan 14, 2025 {votes}\n\n"
             "[GitHub {stars}](https://github.com/sundial-example/sundial)\n")
    captures = [pipeline.read_capture(name, paper.format(votes=votes, stars=stars).encode(), Source(name, captured=day))
                for name, votes, stars, day in (("000_old.txt", 12, "1.2k", dt.date(2026, 11, 1)),
                                                ("001_new.txt", 20, "1.5k", dt.date(2026, 11, 15)))]
    corpus = pipeline.complete(dedup.deduplicate(captures))
    (merged,) = corpus.papers
    assert [s.upvotes for s in merged.seen] == [12, 20]
    page = render.render_site(pipeline.enrich(corpus))[f"papers/{merged.id}.md"]
    assert r"20 upvotes on 2026\-11\-15 \(\+8 since 2026\-11\-01\)" in page
    assert r"★ 1\.5k as of 2026\-11\-15 \(\+300 since 2026\-11\-01\)" in page
