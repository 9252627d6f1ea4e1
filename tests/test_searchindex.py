"""The search index in bundles (generator/searchindex.py): a large site's index is cut into
bundles that the browser merges, and the merged search finds what one index finds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import matching, result_urls, search, serve, show_all, stub_the_internet
from generator import searchindex
from generator.errors import AtlasError

# Small enough that the real corpus's site is cut into several bundles.
LIMIT = 150


def entry(index_dir: Path) -> dict:
    return json.loads((index_dir / "pagefind-entry.json").read_text(encoding="utf-8"))


def indexed(site: Path) -> list[int]:
    """The pages each bundle of the site's index holds, the first bundle first."""
    index_dir = site / searchindex.INDEX_DIR
    more = json.loads((index_dir / searchindex.BUNDLES_FILE).read_text(encoding="utf-8"))
    return [entry(folder)["languages"]["en"]["page_count"] for folder in [index_dir, *(index_dir / m for m in more)]]


def page_html(body: str) -> str:
    return f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'


def test_split_keeps_the_order_and_makes_the_fewest_equal_bundles() -> None:
    pages = [f"p{n:03}.html" for n in range(23)]
    bundles = searchindex.split(pages, 10)
    assert [len(b) for b in bundles] == [7, 8, 8]
    assert [p for b in bundles for p in b] == pages
    assert searchindex.split(pages, 23) == [pages]
    assert searchindex.split([], 10) == []


def test_a_site_over_the_limit_is_indexed_in_bundles_of_its_searchable_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for n in range(5):
        (site / f"p{n}").mkdir(parents=True)
        (site / f"p{n}" / "index.html").write_text(page_html(f"<div data-pagefind-body>kept{n} words</div>"))
    # Pages without the body element (those the theme keeps out of search) are in no bundle:
    # in a bundle of their own, Pagefind would index their whole <body>.
    for name in ("listing", "browse"):
        (site / name).mkdir()
        (site / name / "index.html").write_text(page_html(f"<p>{name} lists every paper</p>"))
    assert searchindex.index(site, limit=2) == 3
    assert indexed(site) == [1, 2, 2]
    assert json.loads((site / "pagefind" / searchindex.BUNDLES_FILE).read_text()) == ["bundle-2/", "bundle-3/"]
    assert not (tmp_path / "site-search").exists(), "the bundles' folders are removed"
    assert not list(site.parent.glob("*-search*"))


def test_a_pagefind_warning_fails_a_strict_build_and_is_printed(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    site.mkdir()
    # A value Pagefind does not know: it warns and ignores the element whole.
    (site / "index.html").write_text(page_html('<div data-pagefind-body>words <div data-pagefind-ignore="x">'
                                               'not these</div></div>'))
    with pytest.raises(AtlasError, match="pagefind"):
        searchindex.index(site, strict=True)
    assert "data-pagefind-ignore" in capsys.readouterr().err
    assert searchindex.index(site, strict=False) == 1


def test_the_built_site_is_one_bundle_without_pagefind_warnings(built_site: Path) -> None:
    """The real site's build is strict, so Pagefind warned of nothing; it fits in one bundle."""
    assert json.loads((built_site / "site" / "pagefind" / searchindex.BUNDLES_FILE).read_text()) == []


@pytest.fixture(scope="module")
def bundled(built_site: Path, tmp_path_factory) -> Path:
    """The built site, indexed again in bundles of at most LIMIT pages."""
    site = tmp_path_factory.mktemp("bundled") / "site"
    shutil.copytree(built_site / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    searchindex.index(site, limit=LIMIT)
    return site


def test_the_bundles_hold_every_page_one_index_holds(built_site: Path, bundled: Path) -> None:
    counts = indexed(bundled)
    assert len(counts) > 1 and max(counts) <= LIMIT
    assert sum(counts) == entry(built_site / "site" / "pagefind")["languages"]["en"]["page_count"]


QUERIES = ["token merging", "quantization", "gaussian splatting", "DiT"]


def answers(browser, site: Path, topic: str | None = None) -> dict[str, tuple[int, list[str]]]:
    """Each query's count and results, searched in the site's own search dialog."""
    found = {}
    with serve(site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        stub_the_internet(context, urlsplit(url).netloc)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        for query in QUERIES:
            search(page, query)
            show_all(page)
            found[query] = (matching(page), sorted(result_urls(page)))
        page.locator(".pa-search-filters").wait_for(state="visible")
        found["filters"] = (0, page.locator(".pa-search-filters option").all_inner_texts())
        context.close()
    return found


def test_search_over_the_bundles_finds_what_one_index_finds(browser, built_site: Path, bundled: Path) -> None:
    one, merged = answers(browser, built_site / "site"), answers(browser, bundled)
    assert all(one[q][0] > 0 for q in QUERIES)
    assert merged == one
