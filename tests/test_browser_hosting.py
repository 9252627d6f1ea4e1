"""Hosting the site: under a sub-path as GitHub Pages does, opened from file://, and the warning
that the placeholder address is in use."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import make_project, run_in

SUB_PATH_URL = "https://user.github.io/atlas/"


class _PagesHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing path answers with the site's own 404.html."""

    site: Path

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Path:
    """The real corpus built for https://user.github.io/atlas/ and laid out under /atlas/."""
    root = make_project(tmp_path_factory.mktemp("subpath"))
    old = os.environ.get("PAPER_ATLAS_SITE_URL")
    os.environ["PAPER_ATLAS_SITE_URL"] = SUB_PATH_URL
    try:
        assert run_in(root, "build") == 0
    finally:
        if old is None:
            del os.environ["PAPER_ATLAS_SITE_URL"]
        else:
            os.environ["PAPER_ATLAS_SITE_URL"] = old
    served = root / "served"
    shutil.copytree(root / "site", served / "atlas")
    return root


@pytest.mark.browser
def test_the_404_page_works_under_a_sub_path(browser, sub_path_site: Path) -> None:
    served = sub_path_site / "served"
    handler = type("Handler", (_PagesHandler,), {"site": served / "atlas"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = browser.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/no/such/" not in r.url else None)
        response = page.goto(f"{base}/atlas/no/such/page/", wait_until="networkidle")
        assert response.status == 404
        assert failed == [], "the 404 page loads its styles and scripts from under /atlas/"
        # Styled by Material (the header has its colour), and its links stay under /atlas/.
        assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
        paths = page.eval_on_selector_all(
            "a[href]", "els => els.filter(e => e.origin === location.origin).map(e => e.pathname)")
        assert paths and all(p.startswith("/atlas/") for p in paths), paths
        page.locator("a.md-logo").first.click()  # the header's logo leads home
        page.wait_for_url(f"{base}/atlas/")
        assert page.locator("h1").first.inner_text().replace("\u00b6", "").strip() == "Paper Atlas"
        page.close()
    finally:
        server.shutdown()
        server.server_close()


def test_with_a_known_address_feeds_and_data_link_absolutely(sub_path_site: Path) -> None:
    papers = json.loads((sub_path_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert papers and all(p["url"].startswith(SUB_PATH_URL + "papers/") for p in papers)
    feed = (sub_path_site / "site" / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{SUB_PATH_URL}papers/' in feed


def test_the_placeholder_address_is_a_warning_that_says_how_to_set_the_real_one(built_site: Path, capsys,
                                                                              monkeypatch) -> None:
    monkeypatch.delenv("PAPER_ATLAS_SITE_URL", raising=False)
    assert run_in(built_site, "build") == 0
    err = capsys.readouterr().err
    assert "warning: the site is built for the placeholder address https://paper-atlas.example.org/" in err
    assert "PAPER_ATLAS_SITE_URL=" in err and "Publish" in err


def test_the_placeholder_is_the_one_mkdocs_yml_uses() -> None:
    from conftest import ROOT
    from generator.freshness import PLACEHOLDER_SITE_URL

    assert f'"{PLACEHOLDER_SITE_URL}"' in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.browser
def test_opened_from_files_every_page_says_it_needs_a_web_server(browser, built_site: Path, base_url: str) -> None:
    page = browser.new_page()
    for path in ("index.html", "papers/index.html", "404.html"):
        page.goto((built_site / "site" / path).as_uri())
        notice = page.locator(".pa-file-notice")
        assert notice.is_visible(), path
        assert "make serve" in notice.inner_text()
    page.goto(base_url, wait_until="networkidle")  # served, the notice and its banner take no room
    assert not page.locator(".pa-file-notice").is_visible()
    assert page.eval_on_selector(".md-banner", "e => e.getBoundingClientRect().height") == 0
    page.close()
