"""The reading list in real Chromium: save from a paper page and from browse, reorder, mark
read, remove, share by URL, import a shared list, export BibTeX and Markdown."""

from __future__ import annotations

import bibtexparser
import pytest

pytestmark = pytest.mark.browser

PAPERS = ("a-convnet-for-the-2020s", "scalable-diffusion-models-with-transformers",
          "maskgit-masked-generative-image-transformer")


def listed(page) -> list[str]:
    return page.locator(".pa-reading__item a").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname.split('/').filter(Boolean).pop())")


def test_save_reorder_read_remove_share_import_and_export(page, base_url: str, browser) -> None:
    page.goto(f"{base_url}papers/{PAPERS[0]}/", wait_until="networkidle")
    save = page.locator(".pa-save button")
    assert save.get_attribute("aria-pressed") == "false"
    save.click()
    assert save.get_attribute("aria-pressed") == "true" and save.inner_text() == "Saved to reading list"
    page.goto(f"{base_url}browse/", wait_until="networkidle")
    page.locator(".pa-browse__paper").first.wait_for()
    assert page.locator(f'.pa-browse__save[data-save-id="{PAPERS[0]}"]').get_attribute("aria-pressed") == "true"
    for paper_id in PAPERS[1:]:
        page.locator(f'.pa-browse__save[data-save-id="{paper_id}"]').click()
    page.goto(f"{base_url}reading-list/", wait_until="networkidle")
    page.locator(".pa-reading__item").first.wait_for()
    assert listed(page) == list(PAPERS)
    page.locator(".pa-reading__item").nth(0).get_by_role("button", name="Move down").click()
    assert listed(page) == [PAPERS[1], PAPERS[0], PAPERS[2]]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Move down")
    page.locator(".pa-reading__item").nth(1).locator('input[type="checkbox"]').check()
    assert page.locator(".pa-reading__status").inner_text() == "3 papers, 1 read"
    with page.expect_download() as bib:
        page.get_by_role("button", name="Export BibTeX").click()
    library = bibtexparser.parse_string(open(bib.value.path(), encoding="utf-8").read())
    assert [e.key for e in library.entries] == [p.replace("-", "") for p in (PAPERS[1], PAPERS[0], PAPERS[2])]
    with page.expect_download() as markdown:
        page.get_by_role("button", name="Export Markdown").click()
    text = open(markdown.value.path(), encoding="utf-8").read()
    assert text.startswith("# Reading list") and text.count("\n- [") == 3 and "- [x] [A ConvNet for the 2020s]" in text
    page.get_by_role("button", name="Copy a link to this list").click()
    link = page.locator(".pa-reading__link").input_value()
    assert link.endswith("?ids=" + ",".join((PAPERS[1], PAPERS[0], PAPERS[2])))
    page.locator(".pa-reading__item").nth(2).get_by_role("button", name="Remove").click()
    assert listed(page) == [PAPERS[1], PAPERS[0]]

    # Someone else opens the link: their list is empty until they import it. Ids that are not
    # papers of the site (or not ids at all) are dropped.
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(link + ",no-such-paper,<script>", wait_until="networkidle")
        offer = fresh.locator(".pa-reading__offer button")
        offer.wait_for()
        assert offer.inner_text() == "Import 3 papers from the shared list"
        assert fresh.locator(".pa-reading__item").count() == 0
        offer.click()
        assert listed(fresh) == [PAPERS[1], PAPERS[0], PAPERS[2]]
        assert "ids=" not in fresh.url
    finally:
        other.close()
