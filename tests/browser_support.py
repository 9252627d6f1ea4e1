"""Serving the built site on 127.0.0.1 and driving Debian's Chromium with Playwright."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# As root in a sandbox, with no network but the loopback: no sandbox, no background traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def chromium_path() -> str:
    """Debian's Chromium; fail (in CI) or skip (elsewhere) with a message saying how to get it."""
    configured = os.environ.get("PAPER_ATLAS_CHROMIUM")
    for candidate in ([configured] if configured else []) + list(CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    message = ("Chromium is not installed: the browser tests need Debian's `chromium` package "
               "(`apt-get install chromium`; .ci/run installs it) or PAPER_ATLAS_CHROMIUM=/path/to/chromium")
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a free port; yield the base URL; stop when done."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Watch:
    """What went wrong while a page was open: console errors and failed requests to our host."""

    host: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: self.console_errors.append(str(err)))
        # A request the browser cancels because the page navigated on (net::ERR_ABORTED: a favicon still
        # loading when a test reloads) is no fault of the site; a missing file answers 404, caught below.
        page.on("requestfailed", lambda req: self.failed.append(req.url)
                if self.ours(req.url) and "ERR_ABORTED" not in (req.failure or "") else None)
        page.on("response", lambda res: self.failed.append(f"{res.status} {res.url}")
                if self.ours(res.url) and res.status >= 400 else None)

    def ours(self, url: str) -> bool:
        return urlsplit(url).netloc == self.host


def stub_the_internet(context, host: str) -> None:
    """Requests to other hosts get a tiny page: the sandbox has no network, and tests need no more."""
    def handle(route) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body="<title>external</title>")
    context.route("**/*", handle)


def search(page, query: str, timeout: int = 30_000) -> None:
    """Type a query into the search box (Pagefind, in Material's dialog) and wait for its answer."""
    box = page.locator('form[name="atlas-search"] input[name="query"]')
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function("q => document.getElementById('pa-search-results').dataset.query === q", arg=query,
                           timeout=timeout)


def result_urls(page) -> list[str]:
    """The paths of the search results shown."""
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => new URL(e.href).pathname)")


def show_all(page) -> None:
    """Press "Show more" until every result of the search is shown."""
    more = page.locator(".pa-search-more")
    while more.is_visible():
        before = page.locator(".md-search-result__item").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > n", arg=before)


def matching(page) -> int:
    """How many results the search reports."""
    return int(page.locator(".md-search-result__meta").inner_text().split()[0])
