"""The BibTeX reader on one fixture per exporter and quirk, on bad input, and on hostile input."""

from __future__ import annotations

import builtins
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CAPTURES
from generator import bibtex
from generator.bibtex import FORM, LATEX_BUDGET, MAX_BLOCKS, read_bibtex
from generator.dates import DateText
from generator.entry import finish
from generator.model import Severity, Source

VASWANI = ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones", "Aidan N. Gomez",
           "Lukasz Kaiser", "Illia Polosukhin")
LORA = ("Edward J. Hu", "Yelong Shen", "Phillip Wallis", "Zeyuan Allen-Zhu", "Yuanzhi Li", "Shean Wang", "Lu Wang",
        "Weizhu Chen")
BERT = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
BERT_AUTHORS = ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova")
COT = "Chain of Thought Prompting Elicits Reasoning in Large Language Models"
DDPM = "Denoising Diffusion Probabilistic Models"
DDPM_AUTHORS = ("Jonathan Ho", "Ajay Jain", "Pieter Abbeel")
VIT = "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
VIT_FIELDS = {"authors": 12, "arxiv_id": "2010.11929", "venue": "International Conference on Learning Representations",
              "date": DateText("2020", None, None, 2020), "url": None}
INSTRUCT = "Training language models to follow instructions with human feedback"
NAACL = ("Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational "
         "Linguistics: Human Language Technologies, NAACL-HLT 2019, Minneapolis, MN, USA, June 2-7, 2019, Volume 1 "
         "(Long and Short Papers)")
NEURIPS = "Advances in Neural Information Processing Systems"

# fixture -> expected entries as (title line, title, fields that must match)
CASES = {
    # arXiv's "Export BibTeX citation": @misc with eprint, archivePrefix, primaryClass and url.
    "bibtex_arxiv_export.bib": [
        (2, "Attention Is All You Need", {
            "authors": 8, "author_names": VASWANI, "date": DateText("2023", None, None, 2023),
            "arxiv_id": "1706.03762", "url": "https://arxiv.org/abs/1706.03762", "venue": None, "abstract": ""}),
        (12, "LoRA: Low-Rank Adaptation of Large Language Models", {"authors": 8, "author_names": LORA,
                                                                    "arxiv_id": "2106.09685"}),
        # An old-style id, archive/number.
        (22, "The Large N Limit of Superconformal Field Theories and Supergravity", {
            "author_names": ("Juan M. Maldacena",), "arxiv_id": "hep-th/9711200",
            "url": "https://arxiv.org/abs/hep-th/9711200", "date": DateText("1998", None, None, 1998)}),
    ],
    # DBLP: names wrapped one per line, {-} in names, editors (not authors), a title over two lines,
    # CoRR articles with eprinttype and volume abs/..., and a DOI URL.
    "bibtex_dblp_inproceedings.bib": [
        (9, BERT, {"author_names": BERT_AUTHORS, "authors": 4, "venue": NAACL, "arxiv_id": None,
                   "url": "https://doi.org/10.18653/v1/n19-1423", "date": DateText("2019", None, None, 2019)}),
        (33, "LoRA: Low-Rank Adaptation of Large Language Models", {
            "authors": 7, "author_names": LORA[:6] + LORA[7:], "arxiv_id": "2106.09685", "venue": None,
            "url": "https://arxiv.org/abs/2106.09685"}),
        (53, COT, {"authors": 7, "arxiv_id": "2201.11903", "venue": None,
                   "url": "https://doi.org/10.48550/arXiv.2201.11903"}),
    ],
    # Zotero's case-protecting braces and \%, Google Scholar's accents, \textit, math and \&.
    "bibtex_latex_in_titles.bib": [
        (2, BERT, {
            "abstract": "We introduce a new language representation model called BERT, which stands for "
                        "Bidirectional Encoder Representations from Transformers. It obtains new state-of-the-art "
                        "results on eleven natural language processing tasks, including pushing the GLUE score to "
                        "80.5% (7.7% point absolute improvement), MultiNLI accuracy to 86.7% (4.6% absolute "
                        "improvement).",
            "author_names": BERT_AUTHORS, "date": DateText("May 2019", 5, None, 2019), "arxiv_id": "1810.04805",
            "url": "http://arxiv.org/abs/1810.04805", "venue": None}),
        (17, "Diffusion Schrödinger Bridge with Applications to Score-Based Generative Modeling", {
            "author_names": ("Valentin De Bortoli", "James Thornton", "Jeremy Heng", "Arnaud Doucet"),
            "venue": NEURIPS}),
        # organization = {SIAM} of a proceedings paper is its sponsor, not the authors' organization.
        (26, "k-means++: The Advantages of Careful Seeding", {
            "venue": "Proceedings of the Eighteenth Annual ACM-SIAM Symposium on Discrete Algorithms",
            "organization": None}),
        (35, "β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework", {"authors": 8}),
        # journal = {arXiv preprint arXiv:2006.11239}: an arXiv id, not a venue; \url{} in the abstract.
        (42, DDPM, {"arxiv_id": "2006.11239", "venue": None, "author_names": DDPM_AUTHORS,
                    "abstract": "We present high quality image synthesis results using diffusion probabilistic "
                                "models, a class of latent variable models inspired by considerations from "
                                "nonequilibrium thermodynamics. On the unconditional CIFAR10 dataset, we obtain an "
                                "Inception score of 9.46 and a state-of-the-art FID score of 3.17. Our "
                                "implementation is available at https://github.com/hojonathanho/diffusion."}),
        (50, "Wide & Deep Learning for Recommender Systems", {"authors": None, "author_names": (
            "Heng-Tze Cheng", "Levent Koc", "Jeremiah Harmsen", "Tal Shaked", "Tushar Chandra", "Hrishi Aradhye",
            "Glen Anderson", "Greg Corrado", "Wei Chai", "Mustafa Ispir", "others")}),
    ],
    # Google Scholar's "Last, First" and "and others"; von, Jr. and a braced corporate author.
    "bibtex_last_first_names_and_others.bib": [
        (2, "Attention is all you need", {"authors": 8, "author_names": (
            "Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones", "Aidan N Gomez",
            "Łukasz Kaiser", "Illia Polosukhin"), "venue": "Advances in neural information processing systems"}),
        (10, "Language models are few-shot learners", {"authors": None, "author_names": (
            "Tom Brown", "Benjamin Mann", "Nick Ryder", "Melanie Subbiah", "Jared D Kaplan", "Prafulla Dhariwal",
            "Arvind Neelakantan", "Pranav Shyam", "Girish Sastry", "Amanda Askell", "others")}),
        (19, "Visualizing data using t-SNE", {"authors": 2,
                                              "author_names": ("Laurens Van der Maaten", "Geoffrey Hinton")}),
        (28, "Scheme: An Interpreter for Extended Lambda Calculus", {
            "author_names": ("Gerald Jay Sussman", "Guy Lewis Steele Jr."),
            "organization": "Massachusetts Institute of Technology, Artificial Intelligence Laboratory",
            "date": DateText("Dec 1975", 12, None, 1975), "venue": None}),
        (37, "GPT-4 Technical Report", {"authors": 1, "author_names": ("OpenAI",), "arxiv_id": "2303.08774"}),
    ],
    # @string venues (concatenated with #, any case), months as jan, {May}, 12 with day, jan # "~28",
    # a biblatex date; @preamble and @comment are not papers.
    "bibtex_string_macros_and_months.bib": [
        (10, "Deep Residual Learning for Image Recognition", {
            "venue": "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
            "date": DateText("Jun 2016", 6, None, 2016), "authors": 4}),
        (19, "Adam: A Method for Stochastic Optimization", {
            "venue": "International Conference on Learning Representations",
            "date": DateText("May 2015", 5, None, 2015), "arxiv_id": "1412.6980"}),
        (28, DDPM, {"venue": NEURIPS + " 33", "date": DateText("Dec 6, 2020", 12, 6, 2020), "arxiv_id": None}),
        (37, COT, {"date": DateText("Jan 28, 2022", 1, 28, 2022), "arxiv_id": "2201.11903", "authors": 9}),
        (46, "Training Language Models to Follow Instructions with Human Feedback", {
            "date": DateText("2022-03-04", 3, 4, 2022), "arxiv_id": "2203.02155", "authors": None}),
    ],
    # Semantic Scholar's shape, broken three ways midway; the good entries around are kept.
    "bibtex_broken_entry_midway.bib": [
        (5, VIT, VIT_FIELDS),
        # A comma missing after the author field: the title is read from what ran on.
        (19, "Adam: A Method for Stochastic Optimization", {
            "author_names": ("Diederik P. Kingma", "Jimmy Ba"), "arxiv_id": "1412.6980", "venue": None}),
        (35, COT, {"arxiv_id": "2201.11903", "venue": "Neural Information Processing Systems", "authors": 8}),
        (44, VIT, VIT_FIELDS),  # the same key again: read, the later stages merge the two
    ],
    # Zotero's tabbed export with month = mar, a note naming the arXiv id and a local file path,
    # an @software entry (not a paper), and a code field beside a project page; the suffix is .BIB.
    "bibtex_uppercase_suffix.BIB": [
        (2, INSTRUCT, {"authors": 20, "date": DateText("Mar 2022", 3, None, 2022), "arxiv_id": "2203.02155",
                       "url": "http://arxiv.org/abs/2203.02155", "venue": None, "code_url": None}),
        (24, DDPM, {"url": "https://hojonathanho.github.io/diffusion/", "arxiv_id": "2006.11239",
                    "code_url": "https://github.com/hojonathanho/diffusion", "author_names": DDPM_AUTHORS}),
    ],
}
# fixture -> expected diagnostics as (line, severity, words in the message); others must have none
DIAGNOSTICS = {
    "bibtex_broken_entry_midway.bib": [
        (10, Severity.WARNING, "could not read 'Radford2021LearningTV': Unexpected block start: `@Article`"),
        (19, Severity.WARNING, "a comma is missing before title; read as if it were there"),
        (25, Severity.WARNING, "could not read 'Ho2020DenoisingDP': Expected comma after entry key"),
        (40, Severity.INFO, "key 'Dosovitskiy2020AnII' is used again (first at line 1)"),
    ],
    "bibtex_uppercase_suffix.BIB": [(16, Severity.INFO, "@software 'hojonathanho_diffusion' is not a kind of paper")],
}
REJECTED = {"bibtex_broken_entry_midway.bib": [(52, "@article 'Anonymous2023' has no title")]}


def read_fixture(name: str):
    """Read one fixture capture with the BibTeX reader."""
    return read_bibtex((CAPTURES / name).read_text(encoding="utf-8"), name)


def one(text: str):
    """The single entry of a small BibTeX text."""
    reading = read_bibtex(text, "x.bib")
    assert len(reading.entries) == 1, reading
    return reading.entries[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_yields_its_papers_at_their_title_lines(name: str) -> None:
    reading = read_fixture(name)
    lines = (CAPTURES / name).read_text(encoding="utf-8").split("\n")
    assert reading.form == FORM
    assert [(e.line, e.title) for e in reading.entries] == [(line, title) for line, title, _ in CASES[name]]
    for entry, (_, _, fields) in zip(reading.entries, CASES[name]):
        assert re.match(r"\s*title\s*=", lines[entry.line - 1]), "the line really holds the title field"
        for field, expected in fields.items():
            assert getattr(entry, field) == expected, f"{name}:{entry.line} {field}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_diagnostics_and_rejections_name_their_lines(name: str) -> None:
    reading = read_fixture(name)
    assert [(d.line, d.severity) for d in reading.diagnostics] == [
        (line, severity) for line, severity, _ in DIAGNOSTICS.get(name, [])]
    for diagnostic, (_, _, words) in zip(reading.diagnostics, DIAGNOSTICS.get(name, [])):
        assert words in diagnostic.message and diagnostic.file == name
    assert [(j.ref.line, j.reason) for j in reading.rejections] == REJECTED.get(name, [])


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_entries_finish_into_records(name: str) -> None:
    capture = finish(read_fixture(name), Source(name))
    assert len(capture.records) == len(CASES[name])
    for record in capture.records:
        assert "others" not in record.author_names
        assert record.authors is None or record.authors == len(record.author_names)
        assert "{" not in record.title and "\\" not in record.title


def test_the_same_content_reads_the_same_whatever_the_suffix_case() -> None:
    text = (CAPTURES / "bibtex_uppercase_suffix.BIB").read_text(encoding="utf-8")
    upper, lower = read_bibtex(text, "refs.BIB"), read_bibtex(text, "refs.bib")
    assert upper.entries == lower.entries and len(upper.diagnostics) == len(lower.diagnostics)


@pytest.mark.parametrize(("title", "expected"), [
    ("{BERT}: Pre-training", "BERT: Pre-training"), ('Na{\\"i}ve', "Naïve"), ('Na\\"{\\i}ve', "Naïve"),
    ("\\textit{x} and \\emph{y}", "x and y"), ("$\\alpha$-NeRF in $O(n^2)$ time", "α-NeRF in O(n^2) time"),
    ("50\\% of {GPU}s", "50% of GPUs"), ("5% of it", "5% of it"), ("A \\& B", "A & B"), ("A & B", "A & B"),
    ("{\\L}ukasz and {\\o}ystein", "Łukasz and øystein"), ("a -- b --- c", "a – b — c"), ("``q''", "“q”"),
    ("{\\em Deep Learning} now", "Deep Learning now"), ("\\mbox{two words}", "two words"), ("A~B", "A B"),
    ("multi\n   line\ttitle", "multi line title"), ("hyph\\-en", "hyphen"), ("{{{Deeply}}} braced", "Deeply braced"),
    ("\\href{https://x.org}{our code}", "our code <https://x.org>"), ("Costs \\$5", "Costs $5"),
    ("\\url{https://x.org/a%20b}", "https://x.org/a%20b"), ("\\TeX{} and \\LaTeX", "TeX and LaTeX"),
])
def test_titles_are_decoded_from_latex(title: str, expected: str) -> None:
    assert one(f"@misc{{k, title = {{{title}}}}}").title == expected


@pytest.mark.parametrize(("fields", "date"), [
    ("year = 2020", DateText("2020", None, None, 2020)),
    ("year = {2020}, month = jan", DateText("Jan 2020", 1, None, 2020)),
    ("year = {2020}, month = {January}", DateText("Jan 2020", 1, None, 2020)),
    ("year = {2020}, month = {1}", DateText("Jan 2020", 1, None, 2020)),
    ('year = "2020", month = "Sept."', DateText("Sep 2020", 9, None, 2020)),
    ("year = 2020, month = sep, day = {25}", DateText("Sep 25, 2020", 9, 25, 2020)),
    ('year = 2020, month = jun # "~12"', DateText("Jun 12, 2020", 6, 12, 2020)),
    ("year = 2020, month = {Summer}", DateText("2020", None, None, 2020)),
    ("date = {2024-10-07}", DateText("2024-10-07", 10, 7, 2024)),
    ("date = {2024-10-07/2024-10-09}", DateText("2024-10-07", 10, 7, 2024)),
    ("year = {in press}", None), ("", None),
])
def test_dates_from_year_month_and_day(fields: str, date: DateText | None) -> None:
    assert one(f"@misc{{k, title = {{T}}, {fields}}}").date == date


@pytest.mark.parametrize(("fields", "arxiv_id"), [
    ("eprint = {2410.05434}, archivePrefix = {arXiv}", "2410.05434"),
    ("eprint = {arXiv:2410.05434v2}, eprinttype = {arxiv}", "2410.05434"),
    ("eprint = {2410.05434}", "2410.05434"),  # no prefix, but an arXiv id's shape
    ("eprint = {31415926}, eprinttype = {pubmed}", None),
    ("arxivId = {1706.03762}", "1706.03762"),  # Mendeley
    ("journal = {arXiv preprint arXiv:2410.05434}", "2410.05434"),
    ("url = {https://arxiv.org/pdf/2410.05434v3}", "2410.05434"),
    ("doi = {10.48550/ARXIV.2410.05434}", "2410.05434"),
    ("note = {arXiv:2410.05434 [cs]}", "2410.05434"),
    ("journal = {ArXiv}, volume = {abs/2410.05434}", "2410.05434"),  # Semantic Scholar
    ("journal = {Nature}, volume = {521}", None),
])
def test_arxiv_ids_wherever_exporters_put_them(fields: str, arxiv_id: str | None) -> None:
    assert one(f"@misc{{k, title = {{T}}, {fields}}}").arxiv_id == arxiv_id


@pytest.mark.parametrize(("fields", "url", "code_url"), [
    ("url = {https://example.org/paper}", "https://example.org/paper", None),
    ("url = {https://github.com/o/r}", None, "https://github.com/o/r"),
    ("github = {https://github.com/o/r}, url = {https://o.github.io/r/}", "https://o.github.io/r/",
     "https://github.com/o/r"),
    ("howpublished = {\\url{https://example.org/a\\_b}}", "https://example.org/a_b", None),
    ("doi = {10.1145/3292500.3330701}", "https://doi.org/10.1145/3292500.3330701", None),
    ("url = {not a url}", None, None),
])
def test_urls_and_code_repositories(fields: str, url: str | None, code_url: str | None) -> None:
    entry = one(f"@misc{{k, title = {{T}}, {fields}}}")
    assert (entry.url, entry.code_url) == (url, code_url)


@pytest.mark.parametrize(("fields", "venue"), [
    ("booktitle = {Proc. of {ICML}}", "Proc. of ICML"), ("journal = {Nature}", "Nature"),
    ("journal = {CoRR}", None), ("journal = {arXiv e-prints}", None), ("journal = {arXiv preprint}", None),
    ("booktitle = {ICLR}, journal = {ArXiv}", "ICLR"), ("", None),
])
def test_venues_are_not_preprint_servers(fields: str, venue: str | None) -> None:
    assert one(f"@article{{k, title = {{T}}, {fields}}}").venue == venue


@pytest.mark.parametrize(("author", "names"), [
    ("{Simon and Schuster}", ("Simon and Schuster",)),
    ("A. One AND B. Two", ("A. One", "B. Two")),
    ("de la Fuente, Ana and {van Gogh}, Vincent", ("Ana de la Fuente", "Vincent van Gogh")),
    ("Last, Jr., First and Other, Some", ("First Last Jr.", "Some Other")),
    ("Kaiser, {\\L}ukasz and {others}", ("Łukasz Kaiser", "others")),
    ("One, A. and others and Two, B.", ("A. One", "others")),
    ("", ()),
])
def test_author_names(author: str, names: tuple[str, ...]) -> None:
    entry = one(f"@misc{{k, title = {{T}}, author = {{{author}}}}}")
    assert entry.author_names == names
    assert entry.authors == (None if "others" in names or not names else len(names))


def test_organization_only_from_reports_and_theses() -> None:
    text = ("@phdthesis{a, title = {A}, school = {ETH Z{\\\"u}rich}}\n"
            "@techreport{b, title = {B}, institution = {OpenAI}}\n@inproceedings{c, title = {C}, organization = {IEEE}}")
    assert [e.organization for e in read_bibtex(text, "x.bib").entries] == ["ETH Zürich", "OpenAI", None]


def test_string_macros_resolve_in_order_and_undefined_ones_stay_as_names() -> None:
    text = ('@string{a = "Alpha"}\n@STRING{b = a # { and } # "Beta"}\n@string{a = "Again"}\n'
            "@misc{k, title = b # { } # undefined, booktitle = a}")
    reading = read_bibtex(text, "x.bib")
    assert (reading.entries[0].title, reading.entries[0].venue) == ("Alpha and Beta undefined", "Again")
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(3, Severity.INFO)]


def test_parenthesised_entries_and_crlf_lines() -> None:
    reading = read_bibtex("% export\r\n@misc(k,\r\n  author = {A B},\r\n  title = {Round})\r\n", "x.bib")
    assert [(e.line, e.title) for e in reading.entries] == [(4, "Round")]


def test_duplicate_field_keeps_the_first_as_bibtex_does() -> None:
    reading = read_bibtex("@misc{k,\n title = {First},\n title = {Second}\n}", "x.bib")
    assert [(e.line, e.title) for e in reading.entries] == [(2, "First")]
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(1, Severity.INFO)]


def test_unclosed_brace_is_reported_and_the_next_entry_kept() -> None:
    text = "@misc{a, title = {Fine}}\n\n@misc{b,\n  title = {Unclosed,\n  year = 2020\n}\n\n@misc{c, title = {Kept}}\n"
    reading = read_bibtex(text, "x.bib")
    assert [(e.line, e.title) for e in reading.entries] == [(1, "Fine"), (8, "Kept")]
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(3, Severity.WARNING)]
    assert "could not read 'b'" in reading.diagnostics[0].message


def test_text_after_a_value_is_reported() -> None:
    reading = read_bibtex("@misc{k,\n  title = {T} junk,\n  year = 2020}", "x.bib")
    assert reading.entries[0].title == "T"
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(2, Severity.WARNING)]
    assert "'junk' after its value" in reading.diagnostics[0].message


def test_entry_without_title_is_rejected_at_its_line() -> None:
    reading = read_bibtex("\n@article{k,\n  author = {A B},\n  year = 2020\n}", "x.bib")
    assert reading.entries == () and reading.diagnostics == ()
    assert [(j.ref.line, j.reason) for j in reading.rejections] == [(2, "@article 'k' has no title")]


@pytest.mark.parametrize("text", ["", "   \n", "Just some notes, no entries.", "@comment{nothing here}",
                                  '@string{x = "y"}', "@preamble{\"\\newcommand{\\x}{}\"}", "{" * 100_000])
def test_a_file_without_entries_gets_one_diagnostic(text: str) -> None:
    reading = read_bibtex(text, "x.bib")
    assert reading.entries == () and reading.rejections == ()
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(1, Severity.WARNING)]
    assert "no BibTeX entries found" in reading.diagnostics[0].message


def test_latex_never_reads_a_file(tmp_path, monkeypatch) -> None:
    secret = tmp_path / "secret.tex"
    secret.write_text("TOPSECRET", encoding="utf-8")
    opened: list[object] = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda *args, **kwargs: opened.append(args) or real_open(*args, **kwargs))
    text = (f"@misc{{k, title = {{A \\input{{{secret}}} B \\include{{{secret}}} C \\input {secret}}},\n"
            f"  abstract = {{\\input{{/etc/passwd}} \\InputIfFileExists{{/etc/passwd}}{{}}{{}} x}},\n"
            f"  author = {{\\input{{/etc/passwd}} Doe, Jane}}}}")
    reading = read_bibtex(text, "x.bib")
    monkeypatch.setattr(builtins, "open", real_open)
    assert opened == []
    assert "TOPSECRET" not in repr(reading) and "root:" not in repr(reading)
    assert reading.entries[0].title.startswith("A B C")


HOSTILE = [
    "{" * 100_000, "}" * 100_000, "@" * 100_000, "@misc{" * 10_000, "@misc{k, title = " + "{" * 100_000,
    "@misc{k, title = " + "{" * 50_000 + "x" + "}" * 50_000 + "}", "@misc{k, title = {" + "\\" * 100_000 + "}}",
    "@misc{k, title = {" + "$" * 100_000 + "}}", "@misc{k, title = {" + '\\"' * 50_000 + "}}",
    "@misc{k, title = {" + "a" * 100_000 + "\\x}}", "@misc{k, title = {\\x" + " a" * 50_000 + "}}",
    "@misc{k, title = {$" + " a" * 50_000 + "}}", "@misc{k, title = {{\\bf" + " a" * 50_000 + "}}",
    "@misc{k, title = {" + "%" * 100_000 + "}}", "@misc{k, title = " + '"' * 100_000 + "}",
    "@misc{k, " + "=" * 100_000 + "}", "@misc{k, " + "," * 100_000 + "}", "@misc{k, title = " + "#" * 100_000 + "}",
    "@misc{k, title = {t}, author = {" + " and ".join(["A B"] * 20_000) + "}}",
    "@misc{k, title = {t}, author = {" + "," * 100_000 + "}}", "@misc{k, title = {t}, month = " + "a" * 100_000 + "}",
    "".join(f'@string{{s{i} = s{i - 1} # "x"}}\n' for i in range(1, 3000)) + "@misc{k, title = s2999}",
    " " * 100_000 + "@misc{k, title = {t}}", "@misc{k, title = {" + "\\begin{x}" * 10_000 + "}}",
    "@misc{k, title = {" + "\\frac{" * 20_000 + "}}", "\x00@misc{k,\x00title={\x00}}", "@misc{k, title = {\ud800}}",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:24]))
def test_hostile_input_reads_quickly_never_raises_and_names_real_lines(text: str) -> None:
    started = time.perf_counter()
    reading = read_bibtex(text, "x.bib")
    elapsed = time.perf_counter() - started
    last = text.count("\n") + 1
    assert all(1 <= d.line <= last for d in reading.diagnostics)
    assert all(1 <= item.line <= last for item in (*reading.entries, *(j.ref for j in reading.rejections)))
    assert reading.entries or reading.rejections or reading.diagnostics
    assert elapsed < 5.0, f"{elapsed:.2f}s"


FRAGMENTS = ["@misc{", "@string{", "@comment{", "@preamble{", "k,", " title = ", " author = ", "{", "}", '"', "#",
             ",", "=", "(", ")", "\n", " and ", " others", "\\", "\\'", '\\"', "$", "%", "~", "--", "jan", "2020",
             "T", "Last, First", "\\url{", "\\input{/etc/passwd}", "arXiv:2410.05434", "https://github.com/o/r"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_any_mix_of_bibtex_pieces_never_raises(text: str) -> None:
    reading = read_bibtex(text, "x.bib")
    last = text.replace("\r\n", "\n").count("\n") + 1
    assert all(1 <= item.line <= last for item in (*reading.diagnostics, *reading.entries))
    for entry in reading.entries:
        assert entry.title and entry.title == " ".join(entry.title.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -`'~{}!?%&#^_<>\"", max_size=30))
def test_text_without_commands_skips_pylatexenc_and_says_the_same(text: str) -> None:
    assert bibtex._plain(text) == bibtex._decoded(text)


def synthetic_library(size: int) -> tuple[str, int, int]:
    """At least `size` characters of the good fixtures over and over, each copy's keys and titles numbered;
    the text, the number of copies and of entries."""
    names = [n for n in sorted(CASES) if n not in DIAGNOSTICS and n not in REJECTED]
    one_copy = "\n".join(re.sub(r"^(@\w+\{)([^,\s=]+),", rf"\g<1>\g<2>-{j}-{{i}},",
                                (CAPTURES / name).read_text(encoding="utf-8"), flags=re.MULTILINE)
                         for j, name in enumerate(names))
    later_copy = re.sub(r"^@string\{.*$", "", one_copy, flags=re.MULTILINE | re.IGNORECASE)  # defined once
    copies = []
    for i in range(size // len(one_copy) + 1):
        text = (later_copy if i else one_copy).replace("-{i},", f"-{i},")
        # A formula of its own in every copy: pylatexenc has new work, not only its cached words.
        copies.append(re.sub(r'^(\s*title\s*=\s*[{"])', rf"\g<1>Copy {i} $x_{{{i}}}$: ", text, flags=re.MULTILINE))
    return "\n".join(copies), len(copies), len(copies) * sum(len(CASES[name]) for name in names)


def _seconds(run) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def test_a_large_file_of_entries_reads_in_linear_time() -> None:
    """Growth, not speed (the machine is shared): eight times the entries, at most 24 times the time."""
    small, _, _ = synthetic_library(150_000)
    text, copies, expected = synthetic_library(1_200_000)
    reading = read_bibtex(text, "big.bib")
    assert len(reading.entries) == expected and not reading.diagnostics
    assert reading.entries[-1].title.startswith(f"Copy {copies - 1} x_{copies - 1}: ")
    t_small, t_large = _seconds(lambda: read_bibtex(small, "s.bib")), _seconds(lambda: read_bibtex(text, "big.bib"))
    assert t_large <= 24 * max(t_small, 0.01), f"{t_small:.3f}s, then {t_large:.3f}s for 8x the entries"


def test_distinct_latex_stops_decoding_at_the_budget(monkeypatch) -> None:
    monkeypatch.setattr(bibtex, "LATEX_BUDGET", 1_000)
    words = " ".join(f"\\'a{i}" for i in range(3_000))
    text = f"@misc{{k,\n  title = {{T}},\n  abstract = {{{words}}}\n}}"
    reading = read_bibtex(text, "big.bib")
    abstract = reading.entries[0].abstract
    assert abstract.startswith("á0 á1 á2") and abstract.endswith(" a2999")
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(2, Severity.WARNING)]
    assert "more LaTeX than one reading decodes" in reading.diagnostics[0].message


def test_broken_blocks_stop_at_the_block_limit(monkeypatch) -> None:
    monkeypatch.setattr(bibtex, "MAX_BLOCKS", 1_000)
    reading = read_bibtex("@misc{\n" * 1_500, "big.bib")
    assert reading.entries == ()
    assert len(reading.diagnostics) == 100 + 3  # listed, "and N more", the cut, "no entries"
    assert reading.diagnostics[-2].line == 1_000 + 1 and reading.diagnostics[-2].severity == Severity.WARNING
    assert "more than 1000 @-blocks" in reading.diagnostics[-2].message
    assert MAX_BLOCKS == 100_000


def test_budget_is_per_file(monkeypatch) -> None:
    monkeypatch.setattr(bibtex, "LATEX_BUDGET", 10)
    text = "\n".join(f"@misc{{k{i}, title = {{Na{{\\\"i}}ve {i} $x_{i}$}}}}" for i in range(6))
    first, second = read_bibtex(text, "a.bib"), read_bibtex(text, "b.bib")
    assert [e.title for e in first.entries] == [e.title for e in second.entries]
    assert first.entries[0].title == "Naïve 0 x_0" and first.entries[-1].title == "Naive 5 x_5"
    # Naïve is decoded once and cached; each formula costs 3 (two $ and a backslash): the third is over.
    assert [d.line for d in first.diagnostics] == [3] and LATEX_BUDGET == 100_000


def test_a_bibtexparser_failure_is_a_diagnostic_not_a_crash(monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal state")

    monkeypatch.setattr(bibtex, "parse_string", broken)
    reading = read_bibtex("@misc{k, title = {T}}", "x.bib")
    assert reading.entries == () and [(d.line, d.severity) for d in reading.diagnostics] == [(1, Severity.WARNING)]
    assert "bibtexparser could not split this file" in reading.diagnostics[0].message
