"""Accessibility: axe-core finds no serious or critical violation on the main kinds of page."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import stub_the_internet

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}


def pages_to_check(built_site: Path) -> list[str]:
    papers = json.loads((built_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    with_code = next(p for p in papers if p["code_urls"])
    with_mentions = next(p for p in papers if p["mentions"])
    with_metadata = next(p for p in papers if p["authors"] and p["date"])
    paper_pages = [f"papers/{p['id']}/" for p in (with_code, with_mentions, with_metadata)]
    return ["", "topics/", "topics/diffusion/", *paper_pages, "about/", "browse/?t=diffusion&code=1",
            "reading-list/?ids=maskgit-masked-generative-image-transformer"]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_or_critical_violations(browser, base_url: str, built_site: Path, axe, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  color_scheme="dark" if scheme == "slate" else "light")
    stub_the_internet(context, urlsplit(base_url).netloc)
    # A reading list with papers in it, one of them read, so that its page is checked full too.
    context.add_init_script("""localStorage.getItem('paper-atlas:reading-list') || localStorage.setItem(
        'paper-atlas:reading-list', JSON.stringify([{id: 'a-convnet-for-the-2020s', title: 'A ConvNet', read: true},
        {id: 'scalable-diffusion-models-with-transformers', title: 'DiT', read: false}]))""")
    page = context.new_page()
    problems = []
    try:
        for path in pages_to_check(built_site):
            page.goto(base_url + path, wait_until="networkidle")
            assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [" ".join(n["target"]) for n in violation["nodes"][:3]]
                    problems.append(f"/{path} [{violation['impact']}] {violation['id']}: {violation['help']} "
                                    f"({len(violation['nodes'])} nodes, e.g. {targets})")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
