"""Rendering: corpus text reads as a reader expects, and escaping cannot be skipped.

What hostile text becomes in the built HTML is tested in test_hostile.py, on one built site."""

from __future__ import annotations

import pytest

from generator.display import display_text
from generator.escape import href, markdown_text


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
    assert '<span data-pagefind-meta="year:2024"></span><span data-pagefind-meta="code:code"></span>' in facts
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
