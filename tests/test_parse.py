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
}
REJECTED = {
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
        assert record.abstract and "\n" not in record.abstract and record.abstract == record.abstract.strip()
    rejected = [(j.ref.line, j.reason) for j in capture.rejections]
    assert [line for line, _ in rejected] == [line for line, _ in REJECTED.get(name, [])]
    for (_, reason), (_, expected) in zip(rejected, REJECTED.get(name, [])):
        assert expected in reason


def test_every_fixture_is_in_the_table() -> None:
    from conftest import CAPTURES
    assert {p.name for p in CAPTURES.iterdir()} == set(CASES)


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
    for name in CASES:
        assert [d for d in parse_fixture(name).diagnostics if d.severity is not Severity.INFO] == [], name
