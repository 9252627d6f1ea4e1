"""Screenshots for a person to look at after a run: tests/screenshots/ (git-ignored)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import SCREENSHOTS, stub_the_internet

pytestmark = pytest.mark.browser
PAGES = {"home": "", "topic": "topics/diffusion/", "paper": "papers/maskgit-masked-generative-image-transformer/"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshot(browser, base_url: str, name: str, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "mobile")
    stub_the_internet(context, urlsplit(base_url).netloc)
    page = context.new_page()
    try:
        page.goto(base_url + PAGES[name], wait_until="networkidle")
        SCREENSHOTS.mkdir(exist_ok=True)
        target = SCREENSHOTS / f"{name}-{viewport}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    finally:
        context.close()
