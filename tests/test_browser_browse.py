"""The browse page in real Chromium: filters, counts, sorting, the URL as state, keyboard use.

Expected numbers come from data/papers.json of the same build, computed here in Python.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def papers(built_site: Path) -> list[dict]:
    return json.loads((built_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]


def shown(page) -> tuple[int, list[str]]:
    """The count the page announces and the ids of the rows it shows."""
    count = int(re.match(r"(\d+) papers?", page.locator(".pa-browse__count").inner_text()).group(1))
    ids = [href.rstrip("/").rsplit("/", 1)[-1]
           for href in page.locator(".pa-browse__results > li > a").evaluate_all("els => els.map(e => e.href)")]
    return count, ids


def open_browse(page, base_url: str, query: str = "", unfold: bool = True) -> None:
    """Load the browse page; unfold its filter groups as a reader would, by their summaries."""
    page.goto(f"{base_url}browse/{query}", wait_until="networkidle")
    page.locator(".pa-browse__count").wait_for()
    while unfold:
        folded = page.locator(".pa-browse details:not([open]) > summary:visible")
        if not folded.count():
            break
        folded.first.click()


def pair_of_topics(papers: list[dict]) -> tuple[str, str, str]:
    """Two topics that share several papers, and a third that some of those also carry."""
    from collections import Counter

    pairs = Counter((a, b) for p in papers for a in p["topics"] for b in p["topics"] if a < b)
    for (a, b), n in pairs.most_common():
        both = [p for p in papers if a in p["topics"] and b in p["topics"]]
        others = Counter(t for p in both for t in p["topics"] if t not in (a, b))
        if n >= 5 and others:
            third, m = others.most_common(1)[0]
            if m < n:
                return a, b, third
    raise AssertionError("no two topics share papers")


def test_all_of_two_topics_minus_one_with_code_and_the_url_keeps_the_view(page, base_url: str,
                                                                         papers: list[dict]) -> None:
    a, b, excluded = pair_of_topics(papers)
    open_browse(page, base_url)
    count, ids = shown(page)
    assert count == len(ids) == len(papers)
    page.check(f"#pa-t-{a}")
    page.check(f"#pa-t-{b}")
    page.check('input[name="match"][value="all"]')
    expected = {p["id"] for p in papers if a in p["topics"] and b in p["topics"]}
    count, ids = shown(page)
    assert count == len(ids) == len(expected) and set(ids) == expected
    page.check(f"#pa-x-{excluded}")
    expected = {i for i in expected if excluded not in next(p for p in papers if p["id"] == i)["topics"]}
    count, ids = shown(page)
    assert count == len(ids) == len(expected) and set(ids) == expected
    page.check('input[name="code"]')
    with_code = {p["id"] for p in papers if p["code_urls"]}
    count, ids = shown(page)
    assert count == len(ids) == len(expected & with_code) and set(ids) == expected & with_code
    page.uncheck('input[name="code"]')
    page.check('input[name="code"]')
    url = page.url
    query = parse_qs(urlsplit(url).query)
    assert set(query["t"][0].split(",")) == {a, b} and query["x"] == [excluded] and query["code"] == ["1"]
    page.goto(url, wait_until="networkidle")
    page.locator(".pa-browse__count").wait_for()
    assert shown(page) == (count, ids)
    assert page.is_checked(f"#pa-t-{a}") and page.is_checked(f"#pa-x-{excluded}") and page.is_checked('input[name="code"]')
    assert page.watch.console_errors == [] and page.watch.failed == []


def test_live_counts_say_how_many_rows_a_filter_gives(page, base_url: str, papers: list[dict]) -> None:
    open_browse(page, base_url, "?match=all")
    topic = max({t for p in papers for t in p["topics"]}, key=lambda t: sum(t in p["topics"] for p in papers))
    label = page.locator(f'label[for="pa-t-{topic}"] .pa-browse__n').inner_text()
    announced = int(label.strip("()"))
    assert announced == sum(topic in p["topics"] for p in papers)
    page.check(f"#pa-t-{topic}")
    assert shown(page)[0] == len(shown(page)[1]) == announced
    code_label = int(page.locator('input[name="code"] ~ .pa-browse__n').inner_text().strip("()"))
    page.check('input[name="code"]')
    assert shown(page)[0] == len(shown(page)[1]) == code_label


def test_year_range_and_capture(page, base_url: str, papers: list[dict]) -> None:
    years = sorted({int(p["date"][:4]) for p in papers if p["date"]})
    low = years[-1]
    open_browse(page, base_url, f"?from={low}")
    expected = {p["id"] for p in papers if p["date"] and int(p["date"][:4]) >= low}
    count, ids = shown(page)
    assert count == len(ids) == len(expected) and set(ids) == expected
    capture = papers[0]["sources"][0]["file"]
    open_browse(page, base_url, f"?capture={capture}")
    expected = {p["id"] for p in papers if any(s["file"] == capture for s in p["sources"])}
    count, ids = shown(page)
    assert count == len(ids) == len(expected) and set(ids) == expected


def test_sorting_by_date_and_by_relatedness(page, base_url: str, papers: list[dict]) -> None:
    open_browse(page, base_url, "?sort=date")
    by_id = {p["id"]: p for p in papers}
    dates = [by_id[i]["date"] for i in shown(page)[1]]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True) and dates[: len(known)] == known
    paper = next(p for p in papers if len(p["related"]) >= 3)
    open_browse(page, base_url)
    page.locator(f'button[data-id="{paper["id"]}"]').click()
    ids = shown(page)[1]
    assert ids[:4] == [paper["id"], *paper["related"][:3]]
    assert "sort=related" in page.url and f"rel={paper['id']}" in page.url
    # The chosen paper gets the focus, so a keyboard user lands on the new order.
    assert page.evaluate("document.activeElement.textContent") == paper["title"]


def test_a_topic_page_links_to_its_browse_view(page, base_url: str, papers: list[dict]) -> None:
    page.goto(f"{base_url}topics/diffusion/", wait_until="networkidle")
    page.locator('a[href*="browse/?t=diffusion"]').first.click()
    page.wait_for_url(re.compile(r"/browse/\?t=diffusion"))
    page.locator(".pa-browse__count").wait_for()
    expected = {p["id"] for p in papers if "diffusion" in p["topics"]}
    count, ids = shown(page)
    assert count == len(ids) == len(expected) and set(ids) == expected


def test_the_filters_work_from_the_keyboard(page, base_url: str, papers: list[dict]) -> None:
    open_browse(page, base_url)
    first = page.locator('.pa-browse__filters input[name="t"]').first
    first.focus()
    page.keyboard.press("Space")
    topic = first.get_attribute("value")
    expected = sum(topic in p["topics"] for p in papers)
    assert shown(page)[0] == expected
    status = page.locator(".pa-browse__count")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    labels = page.evaluate("""() => [...document.querySelectorAll('.pa-browse input, .pa-browse select')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length""")
    assert labels == 0, "every control has a label"


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_the_first_papers_are_on_the_first_screen(browser, base_url: str, viewport: dict) -> None:
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base_url}browse/", wait_until="networkidle")
    first = page.locator(".pa-browse__results > li").first
    first.wait_for()
    assert first.bounding_box()["y"] + 40 < viewport["height"], "filters fold away; the papers come first"
    page.close()


def test_a_skip_link_and_a_title_filter(page, base_url: str, papers: list[dict]) -> None:
    open_browse(page, base_url, unfold=False)
    for _ in range(40):  # the skip link is among the first stops of the keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pa-browse__skip')"):
            break
    assert page.locator(".pa-browse__skip").is_visible(), "a focused skip link shows itself"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.pa-browse__results') !== null")
    word = "quantization"
    page.fill('input[name="q"]', "Quantization Vision")
    expected = {p["id"] for p in papers if word in p["title"].lower() and "vision" in p["title"].lower()}
    count, ids = shown(page)
    assert count == len(ids) == len(expected) > 0 and set(ids) == expected
    assert parse_qs(urlsplit(page.url).query)["q"] == ["Quantization Vision"]


def test_captures_are_named_from_sources_yaml_and_year_boxes_have_borders(page, base_url: str) -> None:
    import yaml

    from conftest import CORPUS

    open_browse(page, base_url)
    labels = [t.strip() for t in page.locator(".pa-browse__captures label").all_inner_texts()]
    sources = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    assert labels and not any(s["file"] in label for s in sources for label in labels), labels
    starts = sorted(" ".join(s["description"].split()[:3]) for s in sources if s.get("description"))
    assert sorted(" ".join(label.split()[:3]) for label in labels) == starts, ("named by their description", labels)
    assert len(set(labels)) == len(labels), "no two captures read the same"
    widths = page.eval_on_selector_all('.pa-browse__years input', "els => els.map(e => getComputedStyle(e).borderTopWidth)")
    assert widths and all(w != "0px" for w in widths)


@pytest.mark.parametrize("query", ["?sort=related&rel=__proto__", "?sort=related&rel=constructor",
                                   "?sort=related&rel=toString", "?t=__proto__", "?x=constructor&capture=__proto__",
                                   "?t=hasOwnProperty,valueOf&match=all"])
def test_inherited_object_keys_in_the_url_are_unknown_ids_not_a_broken_page(page, base_url: str,
                                                                             papers: list[dict], query: str) -> None:
    open_browse(page, base_url, query, unfold=False)
    count, ids = shown(page)
    assert page.watch.console_errors == []
    assert count == len(papers) and len(ids) > 0  # an unknown id filters nothing out
