"""The search dialog in real Chromium: every result reachable, papers first, facts and filters,
and a keyboard overlay that closes when focus leaves it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_support import matching, result_urls, search, show_all
from generator.exports import BROWSE_ROW_FIELDS

pytestmark = pytest.mark.browser


def test_every_result_is_reachable_and_the_paper_itself_is_among_them(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    search(page, "DiT")
    total = matching(page)
    assert total > 10 and page.locator(".md-search-result__item").count() == 10
    assert page.locator(".pa-search-more").inner_text() == f"Show 10 more of {total - 10}"
    show_all(page)
    urls = result_urls(page)
    assert len(urls) == total and len(set(urls)) == total
    assert any(u.endswith("/papers/scalable-diffusion-models-with-transformers/") for u in urls)


def test_papers_come_before_the_sites_own_pages(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    search(page, "token merging")
    show_all(page)
    kinds = ["paper" if "/papers/" in u and not u.endswith("/papers/") else "site" for u in result_urls(page)]
    assert kinds[0] == "paper" and "site" in kinds
    assert kinds == sorted(kinds), "no site page before a paper"


def test_each_paper_result_shows_its_year_topics_and_code(page, base_url: str, built_site: Path) -> None:
    """The facts line is "2024 · Topic · Topic · code", read back from what Pagefind indexed:
    each fact in its own place, none swallowed into another's value."""
    browse = json.loads((built_site / "site" / "data" / "browse.json").read_text(encoding="utf-8"))
    names = [name for _, name, *_ in browse["topics"]]
    rows = {row[BROWSE_ROW_FIELDS.index("id")]: dict(zip(BROWSE_ROW_FIELDS, row)) for row in browse["papers"]}
    page.goto(base_url, wait_until="networkidle")
    search(page, "quantization")
    items = page.eval_on_selector_all(".md-search-result__item", """els => els.map(e => [
        new URL(e.querySelector('a').href).pathname,
        (e.querySelector('.pa-search-result__facts') || {}).textContent || ''])""")
    papers = [(url.rstrip("/").rsplit("/", 1)[1], facts) for url, facts in items
              if "/papers/" in url and not url.endswith("/papers/")]
    assert len(papers) >= 5
    for paper_id, facts in papers:
        row = rows[paper_id]
        expected = ([row["date"][:4]] if row["date"] else []) + [names[t].replace(":", " ") for t in row["topics"]]
        expected += ["code"] if row["code"] else []
        assert facts == " \u00b7 ".join(expected), paper_id
    assert any("Quantization" in facts for _, facts in papers)
    assert any(facts.endswith(" code") for _, facts in papers), "papers with code say so"


def test_filters_in_the_dialog_narrow_the_results(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    search(page, "transformer")
    everything = matching(page)
    filters = page.locator(".pa-search-filters")
    filters.wait_for(state="visible")
    topic = page.locator('.pa-search-filters select[name="topic"]')
    topic.select_option(label=next(t for t in topic.locator("option").all_inner_texts()
                                   if t.startswith("Diffusion models")))
    page.wait_for_function("n => +document.querySelector('.md-search-result__meta').textContent.split(' ')[0] < n",
                           arg=everything)
    show_all(page)
    facts = page.locator(".md-search-result__item .pa-search-result__facts").all_inner_texts()
    assert facts and all("Diffusion models" in f for f in facts)
    page.locator('.pa-search-filters select[name="code"]').select_option("with code")
    page.wait_for_timeout(500)
    facts = page.locator(".md-search-result__item .pa-search-result__facts").all_inner_texts()
    assert facts and all("Diffusion models" in f and f.endswith("code") for f in facts)


def test_the_search_overlay_closes_once_focus_leaves_it(page, base_url: str) -> None:
    page.goto(base_url, wait_until="networkidle")
    for _ in range(12):  # Tab through the header until the search box has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'query'"):
            break
    assert page.evaluate("document.getElementById('__search').checked"), "focusing the box opens the dialog"
    for _ in range(40):
        page.keyboard.press("Tab")
        if not page.evaluate("document.querySelector('[data-pa-search]').contains(document.activeElement)"):
            break
    assert not page.evaluate("document.querySelector('[data-pa-search]').contains(document.activeElement)")
    assert not page.evaluate("document.getElementById('__search').checked"), "the overlay closed with focus gone"
