"""The bytes a reader downloads to run a first search, measured in a real browser."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "diffusion transformer"


def first_search_bytes(site: Path, query: str = QUERY) -> int | None:
    """Search from the home page in Chromium; the bytes of the search code and index it fetched.

    None when Playwright or Chromium is not installed (the tests' `browser_support` knows where to look).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM_ARGS, CHROMIUM_CANDIDATES, serve

    candidates = [os.environ.get("PAPER_ATLAS_CHROMIUM", ""), *CHROMIUM_CANDIDATES]
    chromium = next((c for c in candidates if c and Path(c).exists()), None)
    if chromium is None:
        return None
    sizes: dict[str, int] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]))
        page.goto(base, wait_until="networkidle")
        box = page.locator('form[name="atlas-search"] input[name="query"]')
        box.click()
        box.type(query)
        page.wait_for_function("q => document.getElementById('pa-search-results').dataset.query === q",
                               arg=query, timeout=60_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    return sum(size for url, size in sizes.items() if "/pagefind/" in url or url.endswith("/search.js"))
