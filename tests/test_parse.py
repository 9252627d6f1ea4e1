"""The parser on one fixture per capture form and quirk, with the fields each must yield."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import parse_fixture

# fixture -> expected records as (title line, title, fields that must match)
CASES = {
    "blank_line_separated.txt": [
        (11, "Alpha Transformer: Attention for Everything", {"authors": None, "date": None}),
        (15, "Beta Networks for Dense Prediction", {}),
    ],
    "no_blank_lines.txt": [
        (3, "Gamma Diffusion: Denoising in Latent Space", {}),
        (5, "Fuse It More Deeply! A Variational Transformer for Text Generation", {}),
        (7, "Do Vision Transformers See Like CNNs?", {}),
    ],
    "subscribe_glued_to_title.txt": [
        (2, "Unraveling the Dynamics of Transformers", {}),
    ],
    "metadata_after_abstract.txt": [
        (7, "Quantized Geometry Transformer",
         {"authors": 11, "date": dt.date(2025, 9, 25), "date_text": "Sep 25, 2025", "upvotes": 2}),
        (15, "Flash Geometry Attention", {"authors": None, "organization": "HKUST", "date": dt.date(2025, 12, 1)}),
        (23, "A Paper With No Metadata", {"authors": None, "date": None, "upvotes": None}),
        (27, "Sensitivity Scores for Sparse Heads", {"authors": 6, "date": None, "date_text": "Mar 26"}),
    ],
    "bare_url_lines.txt": [
        (3, "Delta Tokens: Merging for Speed",
         {"arxiv_id": "2410.05434", "url": "https://huggingface.co/papers/2410.05434"}),
        (9, "Epsilon Attention", {"arxiv_id": "2401.00001"}),
    ],
    "vote_lines_before_title.txt": [
        (5, "Zeta Models for Video", {"upvotes": 42, "arxiv_id": "2501.01234"}),
        (10, "Eta Compression", {"upvotes": 7, "arxiv_id": "2501.05678"}),
    ],
    "vote_lines_after_abstract.txt": [
        (1, "Theta Scaling Laws", {"upvotes": 15}),
        (7, "Iota Routing", {"upvotes": 3}),
    ],
    "authors_as_link.txt": [
        (1, "Kappa Segmentation", {"authors": 7, "date": dt.date(2023, 4, 5), "upvotes": 12}),
    ],
    "organisation_instead_of_authors.txt": [
        (1, "Lambda Vision-Language Model", {"authors": None, "organization": "Google DeepMind", "upvotes": 3}),
        (9, "Mu Depth Estimation", {"organization": "NVIDIA", "date": dt.date(2024, 2, 2)}),
    ],
    "title_without_abstract.txt": [
        (1, "Xi Complete Paper", {}),
        (7, "Omicron Second Paper", {}),
    ],
    "chrome_lines_before_and_after.txt": [
        (5, "Rho Kept Paper", {}),
    ],
    "markdown_headings.md": [
        (5, "Pi_Net: Hard-Wrapped Abstracts in Markdown", {"authors": 5, "date": dt.date(2024, 3, 3)}),
        (14, "Rho Transformer", {}),
    ],
    "markdown_linked_headings.md": [
        (3, "Sigma Attention: Linear and Exact",
         {"arxiv_id": "2410.05434", "authors": 11, "date": dt.date(2025, 9, 25), "upvotes": 42}),
        (10, "Tau Networks", {"arxiv_id": "2312.00001"}),
    ],
    "markdown_reference_links.md": [
        (1, "Upsilon Restoration", {"arxiv_id": "2405.11111"}),
        (5, "Phi Super-Resolution", {"arxiv_id": "2405.22222"}),
    ],
    "crlf_line_ends.txt": [
        (1, "Chi CRLF Paper", {}),
        (5, "Psi Second Paper", {}),
    ],
    "utf8_bom.txt": [
        (1, "Omega BOM Paper", {}),
    ],
    "plain_hard_wrapped_abstract.txt": [
        (1, "Hard-Wrapped Plain Text", {}),
        (8, "Next Paper After Wrapping", {}),
    ],
    "abstract_starts_lowercase.txt": [
        (1, "ViTAR: Vision Transformer with Any Resolution", {}),
        (3, "kMaX-DeepLab: k-means Mask Transformer", {}),
    ],
    # Hugging Face pages as other tools save them (the shapes of ../shared/captures/).
    "hf_plain_links_on_own_lines.txt": [
        (58, "Token Merging: Your ViT But Faster",
         {"upvotes": 3, "authors": 5, "date": dt.date(2022, 10, 17), "comments": 4, "arxiv_id": "2210.09461",
          "url": "https://huggingface.co/papers/2210.09461"}),
        # "Feb 3" takes its year from the front matter's `exported: 2026-07-28`.
        (82, "Merging Tokens Elsewhere: A Second Study",
         {"upvotes": 0, "authors": None, "organization": "Google", "date_text": "Feb 3",
          "date": dt.date(2026, 2, 3), "arxiv_id": "2310.17680"}),
        (106, "Third Paper With Twelve Upvotes",
         {"upvotes": 12, "authors": 2, "date": dt.date(2024, 1, 2), "arxiv_id": "2401.00001"}),
    ],
    "hf_firecrawl_markdown.md": [
        (28, "Vision Transformers Need Registers",
         {"upvotes": 101, "organization": "Meta AI", "authors": None, "date_text": "May 29", "comments": 6,
          "arxiv_id": "2309.16588"}),
        (40, "[Citation needed] Wrapped Titles With Escapes Engage with Past Research",
         {"upvotes": 0, "authors": 3, "date": dt.date(2025, 2, 27), "arxiv_id": "2502.99581"}),
    ],
    "hf_lynx_reference_dump.txt": [
        (31, "Murmur: Long-Form Speech Recognition With Low Latency",
         {"upvotes": 0, "authors": 3, "date_text": "May 30", "arxiv_id": None}),
        (50, "Gemini Style: Reasoning Over Millions of Tokens",
         {"upvotes": 65, "organization": "Idiap Research Institute", "date": dt.date(2024, 3, 8), "comments": 6}),
    ],
    "hf_html_to_markdown_extractor.md": [
        (43, "Kandinsky Video: Foundation Models for Synchronized Video and Audio",
         {"upvotes": 117, "organization": "Kandinsky Lab", "date": dt.date(2026, 10, 4), "arxiv_id": "2610.05608",
          "code_url": "https://github.com/kandinskylab/kandinsky-6", "stars": 1200, "summary": None}),
        (70, "TradingAgents: Multi-Agents LLM Financial Trading Framework",
         {"upvotes": 149, "authors": 4, "date": dt.date(2024, 12, 28), "stars": 110_000, "abstract": "",
          "summary": "A multi-agent framework using large language models for stock trading simulates "
                     "real-world trading firms."}),
        (104, "TradingAgents: Multi-Agents LLM Financial Trading Framework",
         {"upvotes": 149, "date_text": "Dec 28, 2024", "arxiv_id": "2412.20138"}),
    ],
    "hf_trending_repeated_entries.md": [
        (13, "Agent Lightning: Train ANY AI Agents with Reinforcement Learning",
         {"authors": 8, "code_url": "https://github.com/microsoft/agent-lightning", "stars": 11_300, "abstract": ""}),
        (19, "Agent Lightning: Train ANY AI Agents with Reinforcement Learning", {"authors": 8}),
        (25, "Multi-module GRPO: Composing Policy Gradients and Prompt Optimization for Language Model Programs",
         {"authors": None, "stars": 476}),
        (31, "Multi-module GRPO: Composing Policy Gradients and Prompt Optimization for Language Model Programs", {}),
    ],
    "markdown_heading_in_plain_capture.txt": [
        (3, "Alpha Paper For A Heading Test", {}),
        (7, "Beta Paper For A Heading Test", {}),
        (11, "Gamma Paper For A Heading Test", {}),
    ],
    "chrome_words_as_titles.txt": [
        (5, "Join Me: Collaborative Agents That Invite Each Other", {}),
        (9, "Submitted by Committee: Peer Review at Scale", {}),
        (13, "Log in Once: Single Sign-On for Federated Learning", {}),
        (17, "Search", {"abstract": "Search is a paper called Search. Its abstract must not be glued to the paper "
                                    "above."}),
    ],
    # Tables and digests: papers without abstracts, named by their columns and labels.
    "awesome_list_table.md": [
        (9, "Token Merging: Your ViT But Faster",
         {"arxiv_id": "2210.09461", "venue": "ICLR", "date_text": "2023", "date": None,
          "code_url": "https://github.com/facebookresearch/ToMe", "abstract": ""}),
        (10, "DynamicViT: Efficient Vision Transformers with Dynamic Token Sparsification",
         {"code_url": "https://github.com/raoyongming/DynamicViT", "venue": "NeurIPS", "abstract": ""}),
        (11, "EViT: Expediting Vision Transformers via Token Reorganizations",
         {"url": "https://openreview.net/forum?id=BjyvwnXXVn_", "code_url": None, "abstract": ""}),
        (17, "PTQ4ViT: Post-Training Quantization for Vision Transformers with Twin Uniform Quantization",
         {"author_names": ("Zhihang Yuan", "Chenhao Xue"), "authors": None, "date": dt.date(2021, 11, 24),
          "arxiv_id": "2111.12293", "abstract": ""}),
    ],
    "daily_arxiv_digest_table.md": [
        (16, "Preserving Relative Localization of FoV-Limited Drone Swarm via Active Mutual Observation",
         {"author_names": ("Lianjie Guo",), "authors": None, "date": dt.date(2024, 7, 1), "arxiv_id": "2407.01292",
          "code_url": None, "abstract": ""}),
        (17, "From Variance to Veracity: Unbundling and Mitigating Gradient Variance in Differentiable Bundle "
             "Adjustment Layers", {"arxiv_id": "2406.07785", "code_url": "https://github.com/swami1995/V2V",
                                   "abstract": ""}),
        (25, "A Neural Field Paper With No Code", {"arxiv_id": "2406.19999", "abstract": ""}),
    ],
    "digest_numbered_headings_details.md": [
        (3, "Performance Debugging through Microarchitectural Sensitivity and Causality Analysis",
         {"author_names": ("Alban Dutilleul", "Hugues Mercier", "Ludovic Dupuy"), "authors": 3,
          "date": dt.date(2024, 12, 17), "arxiv_id": "2412.13207", "summary": None,
          "abstract": "Modern Out-of-Order CPUs are complex systems with many components interleaved in "
                      "non-trivial ways. Pinpointing performance bottlenecks is critical to exploit the hardware."}),
        (17, "Two Summaries Beside One Abstract",
         {"abstract": "An English abstract that is the paper's own. It has two sentences.",
          "summary": "One English line that sums the paper up", "author_names": ("Grace Hopper",)}),
    ],
    "digest_translated_titles.md": [
        (10, "Extending AALpy with Passive Learning: A Generalized State-Merging Approach",
         {"author_names": ("Benjamin von Berg", "Bernhard K. Aichernig"), "arxiv_id": "2506.06333",
          "abstract": "", "summary": None}),
        (34, "Language Models over Canonical Byte-Pair Encodings",
         {"author_names": ("Tim Vieira", "Tianyu Liu", "Ryan Cotterell"), "arxiv_id": "2506.07956", "abstract": ""}),
    ],
    "mixed_page_and_table.md": [
        (3, "Sigma Page Paper", {"authors": 4, "date": dt.date(2025, 9, 25), "arxiv_id": "2410.05434"}),
        (15, "Tau Table Paper", {"arxiv_id": "2312.00001", "code_url": "https://github.com/example/tau",
                                 "abstract": ""}),
    ],
    "not_a_paper_listing.txt": [],
}
REJECTED = {
    "hf_lynx_reference_dump.txt": [(65, "cut off: the capture ends inside this entry")],
    # An awesome list's blurb reads as an abstract without a title: reported, never dropped in silence.
    "awesome_list_table.md": [(3, "abstract with no title before it")],
    # Between two papers a title with no abstract is a lost record; before the first or after
    # the last it is the page's header or footer (chrome_lines_before_and_after.txt).
    "title_without_abstract.txt": [(5, "title with no abstract")],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_yields_expected_records(name: str) -> None:
    capture = parse_fixture(name)
    got = [(r.ref.line, r.title) for r in capture.records]
    assert got == [(line, title) for line, title, _ in CASES[name]]
    for record, (_, _, fields) in zip(capture.records, CASES[name]):
        for field, expected in fields.items():
            assert getattr(record, field) == expected, f"{name}:{record.ref.line} {field}"
        text = record.abstract or record.summary or ""
        assert "\n" not in text and text == text.strip()
        assert text or "abstract" in fields, f"{name}:{record.ref.line} has no text and the table does not say so"
    rejected = [(j.ref.line, j.reason) for j in capture.rejections]
    assert [line for line, _ in rejected] == [line for line, _ in REJECTED.get(name, [])]
    for (_, reason), (_, expected) in zip(rejected, REJECTED.get(name, [])):
        assert expected in reason


def test_every_fixture_is_in_a_table() -> None:
    from conftest import CAPTURES
    import test_read_bibtex
    import test_read_feeds
    import test_read_hfjson

    tables = [CASES, test_read_hfjson.CASES, test_read_feeds.CASES, test_read_bibtex.CASES]
    named = set().union(*tables)
    assert {p.name for p in CAPTURES.iterdir()} - named == set(), "fixtures no test reads"
    assert named - {p.name for p in CAPTURES.iterdir()} == set(), "tables naming missing fixtures"


@pytest.mark.parametrize(("year", "expected"), [(None, None), (2026, dt.date(2026, 3, 26))])
def test_date_without_year_takes_the_capture_year_or_stays_unresolved(year, expected) -> None:
    capture = parse_fixture("metadata_after_abstract.txt", year=year)
    record = capture.records[-1]
    assert (record.date, record.date_text) == (expected, "Mar 26")


def test_listing_date_heading_is_chrome_not_a_paper_date() -> None:
    capture = parse_fixture("metadata_after_abstract.txt")
    assert capture.page_dates == ("Apr 20",)
    assert capture.records[0].date == dt.date(2025, 9, 25)


def test_markdown_hard_wrap_and_escapes_become_plain_text() -> None:
    pi = parse_fixture("markdown_headings.md").records[0]
    assert "one abstract spans several lines" in pi.abstract
    assert "snake_case names" in pi.abstract and "\\" not in pi.abstract
    rho = parse_fixture("markdown_headings.md").records[1]
    assert rho.abstract.endswith("Code: https://github.com/example/rho.")


def test_markdown_inline_link_in_abstract_keeps_its_url() -> None:
    sigma = parse_fixture("markdown_linked_headings.md").records[0]
    assert "our code (https://github.com/example/sigma)" in sigma.abstract


def test_plain_hard_wrapped_abstract_is_joined() -> None:
    record = parse_fixture("plain_hard_wrapped_abstract.txt").records[0]
    assert record.abstract.startswith("Some exporters wrap plain text too")
    assert record.abstract.endswith("Only a full stop ends it.")


def test_parsing_warns_of_nothing_on_clean_fixtures() -> None:
    from generator.model import Severity
    for name in set(CASES) - {"not_a_paper_listing.txt"}:
        assert [d for d in parse_fixture(name).diagnostics if d.severity is not Severity.INFO] == [], name


def test_a_file_in_no_known_form_gets_one_message_naming_the_forms_tried() -> None:
    capture = parse_fixture("not_a_paper_listing.txt")
    assert capture.records == () and capture.rejections == ()
    (message,) = [d for d in capture.diagnostics if d.severity.value == "warning"]
    assert message.line == 1 and "no paper found" in message.message
    for form in ("text or Markdown", "table", "API JSON", "RSS/Atom", "BibTeX"):
        assert form in message.message


@pytest.mark.parametrize(("name", "form"), [
    ("blank_line_separated.txt", "plain-text page"),
    ("hf_firecrawl_markdown.md", "Markdown page, YAML front matter"),
    ("hf_lynx_reference_dump.txt", "text dump with numbered reference links"),
    ("hf_html_to_markdown_extractor.md", "Markdown page with HTML"),
    ("daily_arxiv_digest_table.md", "Markdown table"),
    ("mixed_page_and_table.md", "Markdown page + Markdown table"),
])
def test_the_form_read_is_named(name: str, form: str) -> None:
    assert parse_fixture(name).form == form


def test_capture_date_comes_from_the_capture_itself_unless_sources_yaml_says() -> None:
    capture = parse_fixture("hf_firecrawl_markdown.md")
    assert capture.captured == dt.date(2026, 10, 2)
    assert capture.records[0].date == dt.date(2026, 5, 29)  # "May 29" on a page retrieved 2026-10-02
    assert parse_fixture("hf_firecrawl_markdown.md", year=2025).records[0].date == dt.date(2025, 5, 29)


def test_a_yearless_date_after_the_capture_date_stays_unresolved() -> None:
    from generator.entry import Entry, Reading, finish
    from generator.dates import match_date_line
    from generator.model import Source

    reading = Reading("test", (Entry(1, "A Title", "An abstract. Two sentences.", date=match_date_line("Dec 8")),),
                      captured=dt.date(2026, 10, 2))
    (record,) = finish(reading, Source("x.txt")).records
    assert (record.date, record.date_text) == (None, "Dec 8")


def test_translations_and_other_scripts_never_become_the_abstract() -> None:
    for name in ("digest_numbered_headings_details.md", "digest_translated_titles.md",
                 "hf_html_to_markdown_extractor.md"):
        for record in parse_fixture(name).records:
            text = (record.abstract or "") + (record.summary or "")
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), (name, record.title)


def test_an_entry_repeated_in_one_capture_is_one_paper_and_a_merge() -> None:
    from generator.dedup import group_records

    capture = parse_fixture("hf_trending_repeated_entries.md")
    grouping = group_records(capture.records)
    assert [len(g) for g in grouping.groups] == [2, 2]


@pytest.mark.parametrize("id_line", [
    "arXiv:2410.05434v2", "arXiv: 2410.05434", "https://arxiv.org/pdf/2410.05434v3.pdf",
    "https://huggingface.co/papers/2410.05434", "http://arxiv.org/abs/2410.05434v1",
    "**arXiv:** [2410.05434](https://arxiv.org/abs/2410.05434)",
])
def test_an_arxiv_id_in_any_form_under_the_title(id_line: str) -> None:
    from generator.model import Source
    from generator.parse import parse_capture

    lines = ["A Paper With An Id", id_line, "", "The abstract is here. It has two sentences.", "",
             "Next Paper Title", "", "Another abstract. Also two."]
    capture = parse_capture(lines, Source("ids.txt"))
    assert [(r.title, r.arxiv_id) for r in capture.records] == [("A Paper With An Id", "2410.05434"),
                                                                ("Next Paper Title", None)]


@pytest.mark.parametrize("placeholder", ["[Image: no alt text]", "[画像：代替テキストなし]", "[Bild: kein Alternativtext]",
                                         "[imagen]"])
def test_image_placeholders_in_any_language_are_chrome(placeholder: str) -> None:
    from conftest import CAPTURES
    from generator.model import Source
    from generator.pipeline import read_capture

    name = "hf_html_to_markdown_extractor.md"
    text = (CAPTURES / name).read_text(encoding="utf-8")
    swapped = text.replace("[图片：无替代文本]", placeholder).replace("[图片：kandinskylab]", placeholder)
    expected = parse_fixture(name)
    got = read_capture(name, swapped.encode("utf-8"), Source(name))
    assert [(r.ref.line, r.title, r.abstract, r.summary, r.upvotes, r.authors, r.organization) for r in got.records] \
        == [(r.ref.line, r.title, r.abstract, r.summary, r.upvotes, r.authors, r.organization) for r in expected.records]
    assert got.rejections == ()


@pytest.mark.parametrize("where", ["top", "middle"])
def test_one_markdown_heading_in_a_real_plain_capture_changes_nothing(where: str) -> None:
    """A `# ` line once switched a whole capture into Markdown mode and glued papers together."""
    from conftest import CORPUS
    from generator.model import Source
    from generator.pipeline import read_capture

    name = "000_63bd1b1bac2b23e5.txt"
    lines = (CORPUS / "raw" / name).read_text(encoding="utf-8").split("\n")
    at = 0 if where == "top" else next(i for i in range(len(lines) // 2, len(lines)) if not lines[i].strip())
    edited = lines[:at] + ["# My saved papers", ""] + lines[at:]
    before = read_capture(name, "\n".join(lines).encode(), Source(name))
    after = read_capture(name, "\n".join(edited).encode(), Source(name))
    assert [(r.title, r.abstract) for r in after.records] == [(r.title, r.abstract) for r in before.records]
    assert after.rejections == before.rejections == ()


@pytest.mark.parametrize("meta, expected", [
    ("3 authors · Apr 6 [GitHub 1.2k](https://github.com/a/b)", (3, "Apr 6", None, 1200)),
    ("[3 authors](https://huggingface.co/papers/2404.00001) · Apr 6 [2](https://huggingface.co/papers/"
     "2404.00001#community) [GitHub 268](https://github.com/a/b) [arXiv Page](https://arxiv.org/abs/2404.00001)",
     (3, "Apr 6", None, 268)),
    # A number after a text copy's date is its votes unless the card has a count of its own (seed 004).
    ("3 authors · Apr 6 7 GitHub 1.9k", (3, "Apr 6", 7, None)),
    ("Upvote 188 GitHub 7.1k arXiv Page", (None, None, 188, None)),
])
def test_a_cards_buttons_after_its_metadata_leave_the_metadata_whole(meta: str, expected: tuple) -> None:
    from generator.model import Source
    from generator.parse import parse_capture

    lines = ["A Paper With Buttons", "", "The abstract is here. It has two sentences.", "", meta, "",
             "Next Paper Title", "", "Another abstract. Also two."]
    capture = parse_capture(lines, Source("buttons.txt"))
    first = capture.records[0]
    assert (first.authors, first.date_text, first.upvotes, first.stars) == expected
    assert [r.title for r in capture.records] == ["A Paper With Buttons", "Next Paper Title"]


def test_a_paper_page_with_an_underlined_title_and_one_name_a_line() -> None:
    from generator.model import Source
    from generator.parse import parse_capture

    lines = ["[Papers](/papers)", "", "Quiet Attention: Learning to Ignore Tokens", "=" * 30, "",
             "Published on Sep 30, 2026", "", "* [![](a.png)](/u1)", "* +81", "", "Authors:", "",
             "[Ibrahim Saleh](/isaleh) ,", "Clara Hoffmann ,", "Wen Li", "", "Abstract", "--------", "",
             "Softmax attention forces every head to attend. We add a null slot and the sinks go.", "",
             "### Community", "", "Great paper!"]
    capture = parse_capture(lines, Source("paper.md"))
    assert [(r.title, r.date_text, r.author_names) for r in capture.records] == [
        ("Quiet Attention: Learning to Ignore Tokens", "Sep 30, 2026", ("Ibrahim Saleh", "Clara Hoffmann", "Wen Li"))]
    assert capture.records[0].abstract.startswith("Softmax attention")


@pytest.mark.parametrize("rule", ["-" * 40, "---"])
def test_a_rule_of_dashes_under_a_line_is_not_an_underline(rule: str) -> None:
    from generator.segment import segment

    pieces = segment(["A title that is quite a bit longer than its rule", rule, "", "Text."]).pieces
    assert pieces[0].level == 0


URLS = ["https://huggingface.co/papers/2410.05434", "https://huggingface.co/papers/2409.11873",
        "https://huggingface.co/papers/2401.99999"]


def _dump(marker: str, tail: list[str]) -> list[tuple[str, str | None, str]]:
    from generator.model import Source
    from generator.parse import parse_capture

    lines = [f"   {marker.format(1)}A First Paper on Routing", "", "   The abstract is here. It has two sentences.",
             "", f"   {marker.format(2)}A Second Paper on Depth", "", "   Another abstract. Also two sentences.", "",
             *tail]
    return [(r.title, r.arxiv_id, r.abstract) for r in parse_capture(lines, Source("dump.txt")).records]


@pytest.mark.parametrize("heading", [["References", "", "   Visible links:"], ["References", "", "   Visible links"],
                                     ["References"]])
def test_a_text_browsers_numbered_link_list_gives_the_ids(heading: list[str]) -> None:
    numbered = [f"   {n}. {url}" for n, url in enumerate(URLS, 1)]
    assert _dump("[{}]", [*heading, *numbered]) == [
        ("A First Paper on Routing", "2410.05434", "The abstract is here. It has two sentences."),
        ("A Second Paper on Depth", "2409.11873", "Another abstract. Also two sentences.")]


def test_an_unnumbered_link_list_is_never_part_of_the_last_paper() -> None:
    # `lynx -nonumbers`: no markers and no `References`, only `Visible links:` and bare URLs, which name no entry.
    assert _dump("", ["   Visible links:", *URLS]) == [
        ("A First Paper on Routing", None, "The abstract is here. It has two sentences."),
        ("A Second Paper on Depth", None, "Another abstract. Also two sentences.")]


def test_a_marker_missing_from_the_link_list_is_a_form_control() -> None:
    from generator.lynx import read_references

    dump = read_references(["   [14]arxiv:2609.36114 [15]Copy markdown", "   [19][ ] [20]Upvote 89", "",
                            "References", "", "   Visible links", "  14. https://arxiv.org/abs/2609.36114",
                            "  20. https://huggingface.co/login"])
    assert dump.lines[:2] == ["   [arxiv:2609.36114 Copy markdown](https://arxiv.org/abs/2609.36114)",
                              "   [ ] [Upvote 89](https://huggingface.co/login)"]
