"""Shared fixtures: paths to the real corpus and to the fixture captures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.model import Source
from generator.pipeline import read_capture

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CAPTURES = FIXTURES / "captures"


def parse_fixture(name: str, **source: object):
    """Decode and parse one fixture capture with the real parser."""
    path = CAPTURES / name
    return read_capture(name, path.read_bytes(), Source(name, **source))  # type: ignore[arg-type]


def make_project(root: Path, corpus: Path = CORPUS) -> Path:
    """Lay out a buildable project in `root`: a corpus, mkdocs.yml and the theme overrides."""
    shutil.copytree(corpus, root / "corpus")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "generator" / "theme", root / "generator" / "theme")
    return root


def on_terminal(command: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess, str]:
    """Run `command` with stdout piped and stderr on a pseudo-terminal; its result, and what the terminal showed.

    The terminal has a size, as a real one has (a bare pseudo-terminal reports 0 rows, in which
    progress bars draw nothing).
    """
    import fcntl
    import os
    import pty
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        run = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=secondary, text=True)
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closed: everything has been read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(primary)
    return run, seen.decode()


def run_in(root: Path, *argv: str) -> int:
    """Run `paper-atlas ARGV...` with `root` as the working directory; its exit status."""
    import os

    from generator.cli import main

    old = Path.cwd()
    os.chdir(root)
    try:
        return main(list(argv))
    finally:
        os.chdir(old)


@pytest.fixture(scope="session")
def real_corpus():
    """The real corpus, ingested once per session (a Corpus is immutable: tests share it)."""
    from generator import pipeline

    return pipeline.ingest(CORPUS)


@pytest.fixture(scope="session")
def real_enriched(real_corpus):
    """The real corpus completed and enriched, as `generate` renders it, once per session."""
    from generator import pipeline

    return pipeline.enrich(pipeline.complete(real_corpus))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project's corpus and mkdocs.yml, safe to modify."""
    return make_project(tmp_path)


# -- The `slow` marker tells the truth: it is on every test that runs the MkDocs build. ---------

# Fixtures that build a site: a test using one, even through another fixture, is slow.
BUILDING_FIXTURES = frozenset({"built_site", "hostile_site", "sub_path_site"})
_RUNNING: list[pytest.Item] = []  # the test whose setup, call or teardown is running
_BUILT_UNMARKED: set[str] = set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every test that uses a site-building fixture, and `browser` every test that uses Chromium."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if BUILDING_FIXTURES & used:
            item.add_marker(pytest.mark.slow)
        if {"browser", "page"} & used:
            item.add_marker(pytest.mark.browser)


def pytest_configure(config) -> None:
    """Watch the MkDocs build: a test not marked `slow` that runs it fails (see `_slow_is_marked`)."""
    from generator import site

    real_build = site.build

    def build(*args, **kwargs):
        built = real_build(*args, **kwargs)
        if built and _RUNNING and _RUNNING[-1].get_closest_marker("slow") is None:
            _BUILT_UNMARKED.add(_RUNNING[-1].nodeid)
        return built

    site.build = build


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    _RUNNING.append(item)
    yield
    _RUNNING.pop()


@pytest.fixture(autouse=True)
def _slow_is_marked(request):
    """Fail a test that ran the MkDocs build (itself or through a fixture) without the `slow` mark."""
    yield
    if request.node.nodeid in _BUILT_UNMARKED:
        pytest.fail("this test runs the MkDocs build: mark it `slow` (or use a fixture in BUILDING_FIXTURES)")


_REPORTS: list[str] = []


@pytest.fixture(scope="session")
def tagging_report() -> list[str]:
    """Lines a test wants shown in the terminal summary (the tagging quality report)."""
    return _REPORTS


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the reports tests collected, after the results."""
    if _REPORTS:
        terminalreporter.section("tagging quality")
        for line in _REPORTS:
            terminalreporter.write_line(line)


def pytest_addoption(parser) -> None:
    """`--update-golden`: rewrite tests/golden/ from the current output instead of comparing."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="regenerate the golden files under tests/golden/ from the current output "
                          "(removing stale ones) instead of comparing against them")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real corpus built once per test session with `paper-atlas build` (strict); returns the project."""
    root = make_project(tmp_path_factory.mktemp("built"))
    assert run_in(root, "build") == 0
    return root


@pytest.fixture(scope="session")
def base_url(built_site: Path):
    """The built site served on a free 127.0.0.1 port for the session."""
    from browser_support import serve

    with serve(built_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, for the session."""
    from browser_support import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


BROWSER_TIMEOUT = 15_000


@pytest.fixture
def context(browser, base_url: str):
    """A fresh browser context on the built site; requests off the site are answered locally."""
    from urllib.parse import urlsplit

    from browser_support import stub_the_internet

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT)
    stub_the_internet(context, urlsplit(base_url).netloc)
    yield context
    context.close()


@pytest.fixture
def page(context, base_url: str):
    """A page that records console errors and failed requests in `page.watch`."""
    from urllib.parse import urlsplit

    from browser_support import Watch

    page = context.new_page()
    page.watch = Watch(urlsplit(base_url).netloc)
    page.watch.attach(page)
    return page
