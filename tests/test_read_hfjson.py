"""The Hugging Face Papers API JSON reader on one fixture per saved shape and quirk, and on bad input."""

from __future__ import annotations

import copy
import functools
import datetime as dt
import json
import time

import pytest

from conftest import CAPTURES
from generator.entry import Entry
from generator.hfjson import read_json
from generator.model import Severity

NO_PAPERS = "JSON holds no paper objects (objects with a title)"

SPARSE = "Sparse Routing Transformers for Long Video Understanding"
REWARD = "Calibrated Reward Models Disagree Less"
COUNTING = "Counting Objects with Diffusion Features"
SPEECH = "Speech Tokenizers Trained on Noisy Phone Calls"
SPARSE_FIELDS = {
    "abstract": "We route each video token to a few experts chosen per frame. Routing keeps memory flat as "
                "clips grow, and accuracy on long-video benchmarks rises by four points.",
    "summary": "Per-frame expert routing lets transformers read long videos with flat memory.",
    # Three authors; the third is hidden and nameless, so counted but not named.
    "authors": 3, "author_names": ("Sanjiban Choudhury", "Paloma Sodhi"), "organization": "Google",
    # paper.publishedAt, not the item's own publishedAt (the day it was featured, 2024-10-08).
    "date": dt.date(2024, 10, 7), "date_text": "2024-10-07", "upvotes": 12, "comments": 2,
    "arxiv_id": "2410.05434", "url": "https://huggingface.co/papers/2410.05434",
    "code_url": "https://github.com/example-lab/sparse-routing", "stars": 123,
    "project_page": "https://example-lab.github.io/sparse-routing",
}
REWARD_FIELDS = {
    "summary": "Temperature calibration makes reward-model ensembles agree.",
    "authors": 2, "author_names": ("Lena Hartmann", "Tomás Oliveira"),
    "organization": "NVIDIA",  # at the item's top level, not inside `paper`
    "date": dt.date(2024, 10, 2), "upvotes": 0, "comments": 0, "arxiv_id": "2410.02089",
    "code_url": None, "stars": None, "project_page": None,
}
COUNTING_ABSTRACT = ("Intermediate features of a text-to-image diffusion model already separate object instances. "
                     "A linear head on them counts objects in cluttered scenes without any box labels.")
COUNTING_FIELDS = {"summary": "", "authors": 4, "organization": None, "date": dt.date(2024, 9, 18), "upvotes": 31,
                   "comments": 5, "arxiv_id": "2409.12191"}

# fixture -> expected entries as (title line, title, fields that must match)
CASES = {
    "hf_daily_papers_api.json": [(64, SPARSE, SPARSE_FIELDS), (114, REWARD, REWARD_FIELDS),
                                 (176, COUNTING, COUNTING_FIELDS)],
    # The second result has no top-level title: its line is that of paper.title.
    "hf_paper_search_api.json": [(64, SPARSE, SPARSE_FIELDS), (107, COUNTING, COUNTING_FIELDS)],
    "hf_single_paper_api.json": [(32, "Reinforcement Learning Teaches Small Models to Check Their Work", {
        "abstract": "We train a 1.5B model with outcome rewards only. It learns to re-derive its answers before "
                    "committing, and this self-checking transfers to unseen maths problems.",
        "summary": "Outcome-only reinforcement learning teaches a small model to verify its own answers.",
        "authors": 3, "author_names": ("Wen Zhao", "Ravi Menon", "Sofia Greco"),
        "organization": "Example Research", "date": dt.date(2025, 1, 22), "upvotes": 248, "comments": 7,
        "arxiv_id": "2501.12948", "url": "https://huggingface.co/papers/2501.12948",
        "code_url": "https://github.com/example-org/check-your-work", "stars": 2041, "project_page": None,
    })],
    "hf_papers_wrapped_in_object.json": [(66, SPARSE, SPARSE_FIELDS), (116, REWARD, REWARD_FIELDS)],
    "hf_papers_json_lines.json": [(1, COUNTING, COUNTING_FIELDS), (3, REWARD, REWARD_FIELDS)],
    "hf_api_wrong_types.json": [
        (35, SPARSE, {"upvotes": None, "authors": None, "author_names": (), "organization": None, "comments": None,
                      "stars": None, "summary": "", "date": dt.date(2024, 10, 7), "arxiv_id": "2410.05434"}),
        # paper.summary is a list: the item's own summary is the abstract instead.
        (150, COUNTING, {"abstract": COUNTING_ABSTRACT, "date": None, "stars": None, "upvotes": 31, "authors": 4}),
    ],
    "hf_api_syntax_error_midway.json": [(64, SPARSE, SPARSE_FIELDS), (176, COUNTING, COUNTING_FIELDS),
                                        (221, SPEECH, {"upvotes": 4, "comments": 1, "arxiv_id": "2406.09246"})],
}
FORMS = {
    "hf_daily_papers_api.json": "Hugging Face Papers API JSON (daily papers)",
    "hf_paper_search_api.json": "Hugging Face Papers API JSON (paper search)",
    "hf_single_paper_api.json": "Hugging Face Papers API JSON (one paper)",
    "hf_papers_wrapped_in_object.json": "Hugging Face Papers API JSON (daily papers in an object)",
    "hf_papers_json_lines.json": "JSON Lines of Hugging Face papers",
    "hf_api_wrong_types.json": "Hugging Face Papers API JSON (daily papers)",
    "hf_api_syntax_error_midway.json": "Hugging Face Papers API JSON (daily papers)",
}
# fixture -> expected diagnostics as (line, severity, words in the message); others must have none
DIAGNOSTICS = {
    "hf_api_wrong_types.json": [
        (5, Severity.WARNING, "paper.authors is a list, not a list of authors"),
        (21, Severity.WARNING, "paper.upvotes is the text '12'"),
        (32, Severity.WARNING, "paper.organization is the text 'Google'"),
        (38, Severity.WARNING, "numComments is the number -1"),
        (104, Severity.WARNING, "list item is the text '2410.05434', not a paper object"),
        (130, Severity.WARNING, "paper.publishedAt is the text 'last week', not a date"),
        (141, Severity.WARNING, "paper.summary is a list, not text"),
        (147, Severity.WARNING, "paper.githubStars is the number 7.5"),
    ],
    "hf_api_syntax_error_midway.json": [
        (106, Severity.ERROR, "Expecting ',' delimiter); reading resumes at line 135"),
        (190, Severity.ERROR, "expected ',' or ']' after a list item); reading resumes at line 190"),
    ],
}
REJECTED = {"hf_api_wrong_types.json": [(49, "paper with no title", "Reward models trained on pairwise")]}


def read_fixture(name: str):
    """Read one fixture capture with the JSON reader."""
    return read_json((CAPTURES / name).read_text(encoding="utf-8"), name)


def value(entry: Entry, field: str) -> object:
    """An entry's field; `date` as the ISO date and `date_text` as printed."""
    if field == "date":
        return entry.date.resolve(None) if entry.date else None
    if field == "date_text":
        return entry.date.text if entry.date else None
    return getattr(entry, field)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_yields_its_papers_at_their_title_lines(name: str) -> None:
    reading = read_fixture(name)
    lines = (CAPTURES / name).read_text(encoding="utf-8").split("\n")
    assert reading.form == FORMS[name]
    assert [(e.line, e.title) for e in reading.entries] == [(line, title) for line, title, _ in CASES[name]]
    for entry, (_, _, fields) in zip(reading.entries, CASES[name]):
        # The line really holds the title: located, not guessed.
        assert '"title"' in lines[entry.line - 1] and json.dumps(entry.title)[1:-1] in lines[entry.line - 1]
        for field, expected in fields.items():
            assert value(entry, field) == expected, f"{name}:{entry.line} {field}"
        # The AI summary is never passed off as the abstract, nor the abstract as the summary.
        assert entry.abstract != entry.summary or not entry.abstract
        assert not entry.summary or entry.summary not in entry.abstract


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_diagnostics_and_rejections_name_their_lines(name: str) -> None:
    reading = read_fixture(name)
    found = [(d.line, d.severity) for d in reading.diagnostics]
    assert found == [(line, severity) for line, severity, _ in DIAGNOSTICS.get(name, [])]
    for diagnostic, (_, _, words) in zip(reading.diagnostics, DIAGNOSTICS.get(name, [])):
        assert words in diagnostic.message and diagnostic.file == name
    rejected = [(j.ref.line, j.reason) for j in reading.rejections]
    assert rejected == [(line, reason) for line, reason, _ in REJECTED.get(name, [])]
    for rejection, (_, _, shown) in zip(reading.rejections, REJECTED.get(name, [])):
        assert rejection.title.startswith(shown)


@pytest.mark.parametrize(("text", "found"), [
    ('{"models": [{"id": "google/gemma-2b"}], "numTotalModels": 1}', "found an object with keys 'models', "),
    ("[1, 2]", "found a list of 2 item(s), none an object with a title"),
    ("[]", "found an empty list"),
    ('[{"id": "2410.05434"}]', "found a list of 1 item(s), none an object with a title"),
    ('"2410.05434"', "found the text '2410.05434'"),
])
def test_json_without_paper_objects_says_what_it_found(text: str, found: str) -> None:
    reading = read_json(text, "x.json")
    assert reading.entries == () and reading.rejections == ()
    assert len(reading.diagnostics) == 1
    assert reading.diagnostics[0].message.startswith(f"{NO_PAPERS}; {found}")
    assert reading.diagnostics[0].line == 1


def test_json_lines_report_and_skip_each_bad_line() -> None:
    good = json.dumps({"paper": {"id": "2410.05434", "title": "A"}, "title": "A", "numComments": 1})
    text = "\n".join([good, '{"paper": {"id": ', "[1, 2]", "", good.replace('"A"', '"B"'), "{}"])
    reading = read_json(text, "x.jsonl")
    assert reading.form == "JSON Lines of Hugging Face papers"
    assert [(e.line, e.title) for e in reading.entries] == [(1, "A"), (5, "B")]
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(2, Severity.ERROR), (3, Severity.WARNING)]
    assert "line is not valid JSON" in reading.diagnostics[0].message
    assert [(j.ref.line, j.reason) for j in reading.rejections] == [(6, "paper with no title")]


def test_minified_list_with_a_syntax_error_keeps_what_came_before() -> None:
    text = '[{"title": "A", "upvotes": 1}, {"title": "B" "upvotes": 2}, {"title": "C"}]'
    reading = read_json(text, "x.json")
    assert [e.title for e in reading.entries] == ["A"]
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(1, Severity.ERROR)]
    assert "the rest of the list is skipped" in reading.diagnostics[0].message


def test_unclosed_list_keeps_its_papers_and_says_so() -> None:
    reading = read_json('[\n  {"title": "A"},\n  {"title": "B"}\n', "x.json")
    assert [(e.line, e.title) for e in reading.entries] == [(2, "A"), (3, "B")]
    assert [(d.line, d.severity) for d in reading.diagnostics] == [(1, Severity.ERROR)]


def test_title_line_is_the_title_key_not_a_lookalike_in_text_or_nested_objects() -> None:
    paper = {"id": "2410.05434", "ai_keywords": ["title"], "x \"title": 1,
             "summary": 'Mentions "title": "Fake" in its text.', "organization": {"title": "Org"},
             "authors": [{"name": "A", "title": "Dr"}]}
    item = {"paper": paper, "summary": 'say "title": "also fake"', "title": "Real"}
    text = json.dumps([item], indent=2)
    reading = read_json(text, "x.json")
    line = text.split("\n")[reading.entries[0].line - 1]
    assert reading.entries[0].title == "Real" and line.strip() == '"title": "Real"'


def test_wrapper_found_several_objects_deep() -> None:
    text = json.dumps({"props": {"data": {"papers": [{"paper": {"id": "2410.05434"}, "title": "Deep"}]}}}, indent=1)
    reading = read_json(text, "x.json")
    assert reading.form == "Hugging Face Papers API JSON (daily papers in an object)"
    assert [e.title for e in reading.entries] == ["Deep"]
    assert '"title": "Deep"' in text.split("\n")[reading.entries[0].line - 1]


def test_lone_surrogates_become_replacement_characters() -> None:
    reading = read_json('[{"title": "Bad \\ud800 text", "summary": "x"}]', "x.json")
    assert reading.entries[0].title == "Bad \ufffd text"
    reading.entries[0].title.encode("utf-8")


def test_paper_id_that_is_not_an_arxiv_id_gives_no_arxiv_id() -> None:
    reading = read_json('{"id": "not an id/../x", "title": "T", "summary": "s"}', "x.json")
    assert (reading.entries[0].arxiv_id, reading.entries[0].url) == (None, None)


@pytest.mark.parametrize("text", [
    "", "   \n", "\ufeff", "[", "{", "[{", '[{"title": ', "[" * 100_000, '{"a":' * 50_000, "\ufeff[]",
    '[{"title": "x"}] trailing text', '{"title": null}', '[{"paper": 5, "title": "x"}]', '[{"paper": null}]',
    '[{"title": "x", "authors": {"name": "x"}}]', '[{"title": "x", "authors": [null, 3]}]',
    '[{"title": "x", "upvotes": NaN, "githubStars": Infinity, "numComments": 1e400}]',
    '[{"title": "x", "upvotes": ' + "9" * 5000 + "}]", '[{"title": ["x"]}]', '[{"title": "   "}]',
    '{"title": "x", "organization": {"fullname": 3, "name": "  "}}', "[true, null, 1.5, []]",
    '[{"title": "x", "publishedAt": 20241007}]', "{\n\"a\": [\n{\"title\": \"x\"}\n", "[\n  {\n  ]\n",
    "[\n  {}\n  {}\n  {]\n", '{"title": "x"}\n{"title": ', "nonsense",
])
def test_hostile_input_never_raises_and_names_real_lines(text: str) -> None:
    reading = read_json(text, "x.json")
    last = text.count("\n") + 1
    assert all(1 <= d.line <= last for d in reading.diagnostics)
    assert all(1 <= e.line <= last for e in reading.entries)
    assert all(1 <= j.ref.line <= last for j in reading.rejections)
    if not reading.entries:
        assert reading.diagnostics or reading.rejections


@functools.cache
def synthetic_daily_list(size: int) -> str:
    """A daily-papers list of at least `size` characters, built from the first fixture item."""
    item = json.loads((CAPTURES / "hf_daily_papers_api.json").read_text(encoding="utf-8"))[0]
    one = len(json.dumps(item, indent=2))
    items = []
    for i in range(size // one + 1):
        copied = copy.deepcopy(item)
        copied["title"] = copied["paper"]["title"] = f"Paper number {i}"
        items.append(copied)
    return json.dumps(items, indent=2, ensure_ascii=False)


def ten_megabytes(shape: str) -> str:
    """About 10 MB of one shape of input."""
    if shape == "numbers, no papers":
        return "[" + "1," * 5_000_000 + "1]"
    text = synthetic_daily_list(10_000_000)
    if shape == "minified":
        return json.dumps(json.loads(text))
    if shape == "json lines":
        return "\n".join(json.dumps(item) for item in json.loads(text))
    if shape == "every paper broken":
        return text.replace('"upvotes": 12,', '"upvotes": 12')
    return text


@pytest.mark.parametrize("shape", ["daily papers", "minified", "json lines", "every paper broken",
                                   "numbers, no papers"])
def test_ten_megabytes_read_quickly(shape: str) -> None:
    text = ten_megabytes(shape)
    started = time.perf_counter()
    reading = read_json(text, "big.json")
    elapsed = time.perf_counter() - started
    assert len(text) >= 8_000_000
    if shape == "every paper broken":
        # Each error re-counts the lines before it (json does), so reading stops after a hundred.
        assert reading.entries == () and len(reading.diagnostics) == 101
        assert "more than 100 JSON syntax errors" in reading.diagnostics[-1].message
    elif shape == "numbers, no papers":
        assert reading.entries == () and len(reading.diagnostics) == 1
    else:
        assert len(reading.entries) > 3000 and not reading.diagnostics
        assert reading.entries[-1].title == f"Paper number {len(reading.entries) - 1}"
    assert elapsed < 3.0, f"{shape}: {elapsed:.2f}s"
