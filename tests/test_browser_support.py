"""Without Chromium the browser tests must fail in CI, saying why, and skip only elsewhere."""

from __future__ import annotations

import pytest

import browser_support


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(browser_support, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.setattr(browser_support.shutil, "which", lambda name: None)
    monkeypatch.delenv("PAPER_ATLAS_CHROMIUM", raising=False)


def test_missing_chromium_fails_in_ci(no_chromium, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium is not installed.*apt-get install chromium"):
        browser_support.chromium_path()


def test_missing_chromium_skips_outside_ci(no_chromium, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        browser_support.chromium_path()


def test_configured_chromium_is_used(monkeypatch, tmp_path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv("PAPER_ATLAS_CHROMIUM", str(fake))
    assert browser_support.chromium_path() == str(fake)
