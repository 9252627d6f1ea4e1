"""Rendering: corpus text reaches the built HTML only as text, and reads as a reader expects."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_in, make_project
from html_support import Page
from generator.display import display_text
from generator.escape import href, markdown_text

HOSTILE_TITLE = ("<script>alert(1)</script> {{ x }} --- | * [x](javascript:alert(1)) $5$ Net "
                 "</title><script>alert(5)</script>")
HOSTILE_ABSTRACT = (
    "We propose <img src=x onerror=alert(2)> and <b>bold</b> {% if x %}jinja{% endif %} [TOC] "
    "!!! note \"admonition\" {: onclick=alert(3) } :smile: $x^2$ and 87.7\\% with 384times384 inputs. "
    "Markdown [link](javascript:alert(4)) and ![img](data:image/png;base64,xx) and `code` and **bold**. "
    "See <https://evil.example/> and https://github.com/owner/repo for code.")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"))
    raw = root / "corpus" / "raw"
    for capture in raw.iterdir():
        capture.unlink()
    (raw / "hostile.txt").write_text(f"{HOSTILE_TITLE}\n\n{HOSTILE_ABSTRACT}\n", encoding="utf-8")
    (root / "corpus" / "sources.yaml").write_text("sources:\n  - file: hostile.txt\n", encoding="utf-8")
    assert run_in(root, "ingest") == 0
    assert run_in(root, "build") == 0  # strict: any warning fails the build
    return root


def hostile_page(root: Path) -> Page:
    (paper,) = json.loads((root / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    page = Page()
    page.feed((root / "site" / paper["url"] / "index.html").read_text(encoding="utf-8"))
    return page


def test_hostile_text_creates_no_element_or_attribute(hostile_site: Path) -> None:
    page = hostile_page(hostile_site)
    for tag, pairs in page.elements:
        attrs = dict(pairs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attrs)
            assert "evil.example" not in value or tag == "a", (tag, attrs)
    assert not [a for t, a in page.elements if t == "img" and dict(a).get("src") == "x"]
    assert "alert(" not in " ".join(page.scripts), "corpus text reached a script element"
    assert len([t for t, _ in page.elements if t == "title"]) == 1


def test_hostile_text_is_still_readable(hostile_site: Path) -> None:
    text = " ".join(" ".join(hostile_page(hostile_site).text).split())
    for literal in ("<script>alert(1)</script>", "{{ x }}", "---", "|", "[x](javascript:alert(1))",
                    "<img src=x onerror=alert(2)>", "{% if x %}jinja{% endif %}", "[TOC]", "!!! note",
                    "{: onclick=alert(3) }", ":smile:", "**bold**", "`code`"):
        assert literal in text, literal
    assert "87.7% with 384\u00d7384 inputs" in text  # shown as a reader expects


def test_only_http_links_from_the_abstract_become_links(hostile_site: Path) -> None:
    hrefs = [dict(a).get("href") or "" for t, a in hostile_page(hostile_site).elements if t == "a"]
    assert "https://github.com/owner/repo" in hrefs
    assert not any(h.startswith(("javascript:", "data:")) for h in hrefs)


def test_stored_abstract_is_unchanged_by_display(hostile_site: Path) -> None:
    (paper,) = json.loads((hostile_site / "site" / "data" / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert paper["abstract"] == HOSTILE_ABSTRACT and paper["title"] == HOSTILE_TITLE


@pytest.mark.parametrize("raw, shown", [
    ("87.7\\% top-1", "87.7% top-1"),
    ("a \\times 2 speed-up", "a × 2 speed-up"),
    ("384times384 and 2.5times faster", "384×384 and 2.5× faster"),
    ("PIXART-{\\delta} and PIXART-{\\alpha}", "PIXART-δ and PIXART-α"),
    ("a model~(DiT) here", "a model (DiT) here"),
    ("costs $O(n^2)$ and a stray $ sign", "costs O(n²) and a stray sign"),
    ("\\textbf{bold} and \\ie this", "bold and i.e. this"),
    ("10^23 FLOPs", "10²³ FLOPs"),
    ("gains (~2%) for 10~30% cost", "gains (~2%) for 10~30% cost"),
    ("times of day stay words", "times of day stay words"),
    # Forms found in the real corpus:
    ("saving nearly \\300,000 (26,000 vs. \\320,000) and \\$5", "saving nearly $300,000 (26,000 vs. $320,000) and $5"),
    ("PIXART-alpha and PixArt-Sigma, alpha blending", "PIXART-α and PixArt-Σ, alpha blending"),
    ("O(L^{{4}/{3}}) globally", "O(L^(4/3)) globally"),
    ("rotates 360{\\deg} views", "rotates 360° views"),
    ("at \\(256\\times256\\) pixels", "at 256×256 pixels"),
    ("we design \\proj, and \\model handles it", "we design proj, and model handles it"),
    ("with 2{3} to 1{2} the parameters", "with 2/3 to 1/2 the parameters"),
    ("softmax(XQK^top X^top) and W=KQ^T.", "softmax(XQKᵀ Xᵀ) and W=KQᵀ."),
    ("a ``soft\" bias and a ``memory wall''", "a \u201csoft\u201d bias and a \u201cmemory wall\u201d"),
    ("methods (EasyQuant, and RepQ-ViT)}.", "methods (EasyQuant, and RepQ-ViT)."),
    ("at https://x.github.io/P/{https://x.github.io/P/} now", "at https://x.github.io/P/ now"),
    ("Project page: https:VDT-2023.github.io", "Project page: https://VDT-2023.github.io"),
    ("3D^2-Actor and IA-RED^2: titles", "3D²-Actor and IA-RED²: titles"),
    ("recursive gated convolution (g^nConv)", "recursive gated convolution (gⁿConv)"),
    ('a na\\"ive Nystr\\"om method [Aky\\"urek et al.], {\\\'e}t\\\'e', "a naïve Nyström method [Akyürek et al.], été"),
    ("the L_2 norm and x_{10}", "the L₂ norm and x₁₀"),
    ("the set \\{1, 2\\} and snake_case_name", "the set {1, 2} and snake_case_name"),
])
def test_display_text(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


def test_markdown_text_escapes_every_markup_character() -> None:
    assert markdown_text("a<b & c>d") == "a&#60;b &#38; c&#62;d"
    assert markdown_text("*x* _y_ [z](w) `q` $m$ | ~ :e: {a}") == \
        "\\*x\\* \\_y\\_ \\[z\\]\\(w\\) \\`q\\` \\$m\\$ \\| \\~ \\:e\\: \\{a\\}"
    assert markdown_text("line one\nline two") == "line one line two"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x"])
def test_href_refuses_other_schemes(url: str) -> None:
    with pytest.raises(ValueError):
        href(url)


def test_search_facts_give_pagefind_the_year_topics_code_and_kind() -> None:
    import datetime as dt

    from generator.model import Paper
    from generator.render import _search_facts

    paper = Paper(id="x", title="X", abstract="A.", sources=(), date=dt.date(2024, 3, 1),
                  code_urls=("https://github.com/a/b",), tags=())
    facts = str(_search_facts(paper, {}))
    assert 'data-pagefind-meta="year:2024, code:code"' in facts
    assert 'data-pagefind-filter="kind:paper"' in facts and 'data-pagefind-filter="year:2024"' in facts
    assert 'data-pagefind-filter="code:with code"' in facts
    from generator.model import Tag

    hostile = Paper(id="y", title="Y", abstract="A.", sources=(), tags=(Tag("t", "r"),))
    shown = str(_search_facts(hostile, {"t": '"><script>alert(1)</script>, year:1'}))
    assert "<script>" not in shown and "&gt;" in shown
    assert "year:1" not in shown, "a name cannot add a filter or meta key of its own"


@pytest.mark.parametrize("source", ["{{ x }}", "{{ x ~ '' }}", "{% set y %}{{ x }}{% endset %}{{ y }}",
                                    "{% import '_macros.md.j2' as m %}{{ m.external(x, 'https://a.org/') }}"])
def test_a_template_that_prints_corpus_text_unescaped_fails(source: str) -> None:
    """`finalize` refuses a raw string wherever it is printed, macros included: escaping is not optional."""
    from generator.render import environment

    with pytest.raises(TypeError, match="unescaped text"):
        environment().from_string(source).render(x="<img src=x onerror=alert(1)> *bold*")


def test_no_template_joins_text_with_the_tilde_operator() -> None:
    """`~` joins a string to markup escaping it for HTML only, not for Markdown: templates compose with
    `{% set %}` blocks instead (see _macros.md.j2)."""
    import re

    from generator.render import PACKAGE

    for template in sorted((PACKAGE / "templates").glob("*.j2")):
        code = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", code, flags=re.S)
        assert [t for t in tags if "~" in t] == [], template.name
