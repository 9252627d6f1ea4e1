"""Journeys a reader makes through the built site, in real headless Chromium."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browser_support import search, stub_the_internet
from conftest import BROWSER_TIMEOUT as TIMEOUT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def papers(built_site: Path) -> list[dict]:
    return json.loads((built_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_home_page_loads_cleanly(page, base_url: str, built_site: Path) -> None:
    external = []
    page.on("request", lambda r: external.append(r.url) if not page.watch.ours(r.url) else None)
    page.goto(base_url, wait_until="networkidle")
    assert external == [], "everything a page loads must come from the site itself"
    assert page.locator("h1").first.inner_text().replace("\u00b6", "").strip() == "Paper Atlas"
    taxonomy = yaml.safe_load((built_site / "corpus" / "taxonomy.yaml").read_text(encoding="utf-8"))
    assert page.locator(".pa-bars a").count() == len(taxonomy["topics"])  # a bar per topic
    assert page.watch.console_errors == []
    assert page.watch.failed == []


def distinctive_word(papers: list[dict]) -> tuple[str, dict]:
    """A long word that occurs in exactly one abstract, and that paper."""
    words = Counter(w for p in papers for w in set(re.findall(r"[a-z]{9,}", p["abstract"].lower())))
    for paper in papers:
        for word in sorted(set(re.findall(r"[a-z]{9,}", paper["abstract"].lower()))):
            if words[word] == 1 and word not in paper["title"].lower():
                return word, paper
    raise AssertionError("no distinctive word in the corpus")


def test_search_by_a_word_of_the_abstract_finds_the_paper(page, base_url: str, papers: list[dict]) -> None:
    word, paper = distinctive_word(papers)
    page.goto(base_url, wait_until="networkidle")
    search(page, word)
    result = page.locator(f'.md-search-result__link[href*="papers/{paper["id"]}/"]').first
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(rf"/papers/{re.escape(paper['id'])}/"))
    assert page.locator("article h1").inner_text().strip()
    assert word in page.locator("article").inner_text().lower()


def journey(papers: list[dict]) -> tuple[str, dict, dict, dict]:
    """A topic, a paper in it, a related paper of that, and a paper the related one names."""
    by_id = {p["id"]: p for p in papers}
    for paper in papers:
        for related_id in paper["related"]:
            related = by_id[related_id]
            if related["mentions"] and paper["topics"]:
                return paper["topics"][0], paper, related, by_id[related["mentions"][0]]
    raise AssertionError("no paper whose related paper names another")


def test_topic_to_paper_to_related_to_mentioned(page, base_url: str, papers: list[dict]) -> None:
    topic, paper, related, mentioned = journey(papers)
    page.goto(f"{base_url}topics/{topic}/", wait_until="networkidle")
    page.locator(f'.pa-sortable a[href$="papers/{paper["id"]}/"]').first.click()
    page.wait_for_url(re.compile(rf"/papers/{re.escape(paper['id'])}/$"))
    page.locator(f'#related-papers + ol a[href$="/{related["id"]}/"]').first.click()
    page.wait_for_url(re.compile(rf"/papers/{re.escape(related['id'])}/$"))
    abstract = page.locator("#abstract + p")
    abstract.locator(f'a[href$="/{mentioned["id"]}/"]').first.click()
    page.wait_for_url(re.compile(rf"/papers/{re.escape(mentioned['id'])}/$"))
    assert page.watch.console_errors == [] and page.watch.failed == []


def test_code_button_opens_the_repository_in_a_new_tab_safely(page, context, base_url: str,
                                                              papers: list[dict]) -> None:
    paper = next(p for p in papers if p["code_urls"])
    page.goto(f"{base_url}papers/{paper['id']}/", wait_until="networkidle")
    button = page.locator("a.pa-code").first
    assert button.get_attribute("href") == paper["code_urls"][0]
    assert button.get_attribute("target") == "_blank"
    assert "noopener" in (button.get_attribute("rel") or "")
    with context.expect_page() as opened:
        button.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == paper["code_urls"][0]
    assert tab.evaluate("() => window.opener") is None


def test_palette_toggle_switches_and_is_remembered(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    before = scheme()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    after = scheme()
    assert {before, after} == {"default", "slate"}
    page.reload(wait_until="networkidle")
    assert scheme() == after
    page.goto(f"{base_url}about/", wait_until="networkidle")
    assert scheme() == after


@pytest.mark.parametrize("path", ["", "topics/diffusion/", "papers/maskgit-masked-generative-image-transformer/",
                                  "code/", "about/", "browse/?t=diffusion"])
def test_narrow_screen_has_no_horizontal_scroll_and_reachable_navigation(browser, base_url: str,
                                                                          path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT)
    stub_the_internet(context, urlsplit(base_url).netloc)
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px"
        page.locator('label.md-header__button[for="__drawer"]').click()
        topics = page.locator('.md-nav--primary a.md-nav__link[href$="topics/"]').first
        topics.wait_for(state="visible")
        topics.click()
        page.wait_for_url(re.compile(r"/topics/$"))
    finally:
        context.close()


def test_topic_table_sorts_by_column(page, base_url: str) -> None:
    page.goto(f"{base_url}topics/diffusion/", wait_until="networkidle")
    table = page.locator(".pa-sortable table")
    titles = lambda: table.locator("tbody tr td:nth-child(1)").all_inner_texts()  # noqa: E731
    header = table.locator("thead th").nth(0)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = titles()
    assert ascending == sorted(ascending, key=str.casefold)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert titles() == sorted(ascending, key=str.casefold, reverse=True)
    years = table.locator("thead th").nth(1)
    years.locator("button").click()
    values = [v for v in table.locator("tbody tr td:nth-child(2)").all_inner_texts() if v.strip()]
    assert values == sorted(values, key=int)


def test_topic_table_sorts_by_code_with_blanks_last(page, base_url: str) -> None:
    page.goto(f"{base_url}topics/diffusion/", wait_until="networkidle")
    table = page.locator(".pa-sortable table")
    code = table.locator("thead th").nth(2)
    has_code = lambda: [n > 0 for n in table.locator("tbody tr td:nth-child(3)").evaluate_all(  # noqa: E731
        "cells => cells.map(c => c.querySelectorAll('a[href]').length)")]
    before = has_code()
    assert any(before) and not all(before)
    for direction in ("ascending", "descending"):
        code.locator("button").click()
        assert code.get_attribute("aria-sort") == direction
        now = has_code()
        assert now == sorted(now, reverse=True), f"{direction}: papers with code first, blanks last"


def test_keyboard_reaches_search_and_main_links_with_visible_focus(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    seen = []
    for _ in range(20):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
            const e = document.activeElement;
            // A visually hidden radio (the palette toggle) shows its focus on the label after it.
            const shown = e.classList.contains('md-option') ? e.nextElementSibling : e;
            const s = getComputedStyle(shown);
            const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
            return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.placeholder || e.textContent || '')
                    .trim().slice(0, 40), visible};
        }"""))
    labels = [s["text"] for s in seen]
    assert labels[0] == "Skip to content"
    search = next(i for i, s in enumerate(seen) if s["tag"] == "INPUT" and "Search" in s["text"])
    tabs = [labels.index(name) for name in ("Home", "Topics", "Papers", "Code", "About")]
    assert search < tabs[0] and tabs == sorted(tabs), labels
    assert all(s["visible"] for s in seen[: tabs[-1] + 1]), [s for s in seen if not s["visible"]]


def test_search_is_light_and_works_from_the_keyboard(page, base_url: str, papers: list[dict]) -> None:
    """Pagefind: the first search downloads a small part of the index, not all of it;
    "/" opens the search, arrows and Enter follow a result, Escape closes."""
    word, paper = distinctive_word(papers)
    page.goto(base_url + "topics/", wait_until="networkidle")
    fetched: dict[str, int] = {}
    page.on("requestfinished", lambda r: fetched.__setitem__(r.url, r.sizes()["responseBodySize"]))
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.name") == "query"
    page.keyboard.type(word, delay=20)
    page.wait_for_function("q => document.getElementById('pa-search-results').dataset.query === q", arg=word)
    assert sum(fetched.values()) < 1_000_000, fetched
    assert any("/pagefind/" in url for url in fetched) and not any("search_index" in url for url in fetched)
    shown = page.locator(".md-search-result__link").count()
    assert re.fullmatch(r"(1 matching document|\d+ matching documents)", page.locator(".md-search-result__meta").inner_text())
    assert 1 <= shown <= 10
    page.keyboard.press("ArrowDown")
    assert paper["id"] in page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/papers/{re.escape(paper['id'])}/"))
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.watch.console_errors == [] and page.watch.failed == []


def test_the_topic_graph_is_sparse_with_whole_distinct_labels_readable_on_a_phone(browser, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{base_url}topics/quantization/", wait_until="networkidle")
    svg = page.locator(".pa-graph")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    labels = page.locator(".pa-graph-label")
    texts = labels.evaluate_all("els => els.map(e => e.textContent)")
    assert len(texts) >= 5 and len(set(texts)) == len(texts), "distinct labels"
    for n in range(labels.count()):
        rect = labels.nth(n).bounding_box()
        assert rect["height"] >= 12, "readable at 375 px"
        assert box["x"] <= rect["x"] and rect["x"] + rect["width"] <= box["x"] + box["width"] + 1, "not clipped"
    assert page.locator(".pa-graph-edge").count() <= 2 * len(texts), "a sparse picture"
    hits = page.locator(".pa-graph-hit")
    assert hits.count() == len(texts)
    hits.nth(0).click()
    page.wait_for_url(re.compile(r"/papers/[^/]+/$"))
    page.close()
