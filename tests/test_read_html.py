"""Pages saved as HTML or MHTML: read as their visible text, every line named the file's own."""

from __future__ import annotations

import base64
import quopri
import time

import pytest

from conftest import FIXTURES
from generator.htmlpage import is_html_page, markdown_of_page
from generator.mhtml import is_mhtml, page_of
from generator.model import Source
from generator.parse import reader_for
from generator.pipeline import read_capture

ABSTRACT = ("We route only a small share of tokens through each layer of a video transformer. The rest "
            "skip ahead, which halves the compute at equal accuracy on three benchmarks.")


def _card(n: int, title: str) -> str:
    return f"""<article class="card">
  <a href="/papers/2410.0{n}434"><img src="thumb.png" alt=""></a>
  <h3><a href="/papers/2410.0{n}434" class="line-clamp-3">{title}</a></h3>
  <p class="text-gray-700">{ABSTRACT}</p>
  <div><a href="/papers/2410.0{n}434">{n + 2} authors</a> · Oct {n + 6}</div>
</article>"""


PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8">
<meta property="og:url" content="https://huggingface.co/papers/date/2024-10-08">
<title>Daily Papers - Hugging Face</title>
<style>.card {{ display: grid }}</style>
<script>window.title = "Not A Paper: Scripts Are Never Read";</script>
</head>
<body>
<nav><a href="/models">Models</a> <a href="/login">Log In</a></nav>
<h1>Daily Papers</h1>
<template><h3>A Template Title That Is Never Shown</h3><p>{ABSTRACT}</p></template>
<div hidden><h3>A Hidden Title</h3><p>{ABSTRACT}</p></div>
{_card(1, "Sparse Token Routing for Video Transformers")}
{_card(2, "Depth Priors &amp; Scene Completion")}
<a href="javascript:alert(1)">Click</a>
</body></html>
"""


def test_a_saved_page_is_read_as_its_visible_text() -> None:
    capture = read_capture("daily.html", PAGE.encode(), Source("daily.html"))
    assert capture.form.startswith("web page saved as HTML")
    titles = [r.title for r in capture.records]
    assert titles == ["Sparse Token Routing for Video Transformers", "Depth Priors & Scene Completion"]
    first = capture.records[0]
    assert (first.arxiv_id, first.url, first.authors, first.date_text) == (
        "2410.01434", "https://huggingface.co/papers/2410.01434", 3, "Oct 7")
    assert first.abstract == ABSTRACT
    # Each record is named at the page line its title is on.
    lines = PAGE.split("\n")
    assert [lines[r.ref.line - 1].strip()[:14] for r in capture.records] == ['<h3><a href="/'] * 2


def test_the_doctype_does_not_make_a_page_a_feed() -> None:
    for start in ("<!doctype html>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
                  "<!-- saved from url=(0041)https://huggingface.co/papers -->\n<html>", "\ufeff<html lang=en>"):
        assert is_html_page(start + "<body><p>x</p></body>"), start
        assert reader_for(start + "<body></body>").__name__ == "_html_page"
    for other in ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "<!-- x --><rss>",
                  "# Daily Papers\n<html>", "<div>a card</div>"):
        assert not is_html_page(other), other


def test_markdown_of_a_page() -> None:
    page = ("<html><body>\n<h2>Section</h2>\n<p>One <b>bold</b>\nword, <a href='https://x.org/a'>a\nlink</a>.</p>"
            "<p><a href='/x'><img src=a.png></a>No empty link.</p>"
            "<a href='/card'><div>Card title</div><div>Card text</div></a>"
            "<pre>keep\n  spaces</pre><button>Upvote</button><button>57</button>"
            "<table><tr><th>Title</th><th>Code</th></tr>"
            "<tr><td><a href='https://arxiv.org/abs/2401.00001'>A | B</a></td><td>x</td></tr></table>"
            "</body></html>")
    lines, numbers = markdown_of_page(page)
    assert lines == ["## Section", "One bold word, [a link](https://x.org/a).", "No empty link.",
                     "[Card title](/card)", "[Card text](/card)", "keep", "  spaces", "Upvote 57",
                     "| Title | Code |", "|---|---|", "| [A \\| B](https://arxiv.org/abs/2401.00001) | x |"]
    assert numbers[:2] == [2, 3]


def test_a_page_with_a_table_of_papers_gives_its_rows() -> None:
    rows = "".join(f"<tr><td><a href='https://arxiv.org/abs/2401.0000{n}'>Paper Number {n} on Routing</a></td>"
                   f"<td>Ada Lovelace et al.</td><td>2024</td></tr>" for n in range(1, 4))
    page = f"<!DOCTYPE html><html><body><table><thead><tr><th>Title</th><th>Authors</th><th>Year</th></tr>" \
           f"</thead><tbody>{rows}</tbody></table></body></html>"
    capture = read_capture("list.html", page.encode(), Source("list.html"))
    assert [r.arxiv_id for r in capture.records] == ["2401.00001", "2401.00002", "2401.00003"]


@pytest.mark.parametrize("page", [
    "<html><body>" + "<b>x</b>" * 20_000,
    "<html><body>" + "<div>" * 50_000,
    "<html>" + "<" * 100_000,
    "<html><body><p title='" + "a" * 100_000,
    "<html><body><a href='/x'>" + "y " * 50_000,
    "<!doctype html>" + " " * 100_000 + "x",
])
def test_hostile_pages_are_read_in_linear_time(page: str) -> None:
    start = time.perf_counter()
    read_capture("hostile.html", page.encode(), Source("hostile.html"))
    assert time.perf_counter() - start < 3


def _mhtml(html: str, encoding: str = "quoted-printable") -> str:
    if encoding == "base64":
        body = base64.encodebytes(html.encode()).decode()
    else:
        body = quopri.encodestring(html.encode()).decode()
    return f"""From: <Saved by Blink>
Snapshot-Content-Location: https://huggingface.co/papers/date/2024-10-08
Subject: Daily Papers - Hugging Face
Date: Wed, 09 Oct 2024 08:15:00 -0000
MIME-Version: 1.0
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="----MultipartBoundary--abc----"


------MultipartBoundary--abc----
Content-Type: text/css
Content-Transfer-Encoding: quoted-printable
Content-Location: https://huggingface.co/style.css

.card {{ display: grid }}
------MultipartBoundary--abc----
Content-Type: text/html
Content-Transfer-Encoding: {encoding}
Content-Location: https://huggingface.co/papers/date/2024-10-08

{body}
------MultipartBoundary--abc------
"""


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_a_page_saved_as_mhtml(encoding: str) -> None:
    text = _mhtml(PAGE, encoding)
    assert is_mhtml(text.split("\n"))
    capture = read_capture("daily.mhtml", text.encode(), Source("daily.mhtml"))
    assert capture.form.startswith("web page saved as MHTML")
    assert [r.title for r in capture.records] == ["Sparse Token Routing for Video Transformers",
                                                  "Depth Priors & Scene Completion"]
    # The message's Date is the day the page was saved: it gives the dates their year.
    assert [r.date.isoformat() for r in capture.records if r.date] == ["2024-10-07", "2024-10-08"]
    lines = text.split("\n")
    if encoding == "quoted-printable":
        assert all("<h3>" in lines[r.ref.line - 1] for r in capture.records)
    else:
        # A base64 page has no lines of its own in the file: its records are at the part's first line.
        assert {lines[r.ref.line - 3] for r in capture.records} == {
            "Content-Location: https://huggingface.co/papers/date/2024-10-08"}


def test_quoted_printable_soft_breaks_keep_the_file_line_numbers() -> None:
    html = "<html><body><p>" + "word " * 40 + "</p>\n<p>second</p></body></html>"
    page = page_of(_mhtml(html).split("\n"))
    assert page is not None
    assert page.lines[0].startswith("<html><body><p>word word")
    assert page.lines[0].endswith("</p>") and page.lines[1] == "<p>second</p></body></html>"
    assert page.numbers[1] > page.numbers[0] + 1  # the first page line took several file lines
    assert page.location == "https://huggingface.co/papers/date/2024-10-08"


def test_an_mhtml_file_without_a_page_says_so() -> None:
    text = _mhtml(PAGE).replace("Content-Type: text/html\n", "Content-Type: image/png\n")
    capture = read_capture("empty.mhtml", text.encode(), Source("empty.mhtml"))
    assert capture.records == ()
    assert any("no text/html part" in d.message for d in capture.diagnostics)


def test_the_blind_mhtml_fixture_is_a_real_chromium_snapshot() -> None:
    text = (FIXTURES / "blind" / "chrome_monthly.mhtml").read_text(encoding="utf-8")
    assert text.startswith("From: <Saved by Blink>")
    assert reader_for(text).__name__ == "_mhtml"
