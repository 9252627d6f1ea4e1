"""The hand-edited YAML files: malformed entries get errors naming the file, line and key."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.config import load_yaml, parse_curation, parse_sources
from generator.errors import ConfigError
from generator.model import SourceRef


def sources(text: str):
    return parse_sources(load_yaml(text, "sources.yaml"), "sources.yaml")


def curation(text: str):
    return parse_curation(load_yaml(text, "curation.yaml"), "curation.yaml")


def test_sources_are_read_with_their_dates() -> None:
    result = sources("sources:\n  - file: a.txt\n    captured: 2026-04-20\n  - file: b.txt\n    year: 2025\n")
    assert result["a.txt"].captured == dt.date(2026, 4, 20) and result["a.txt"].reference_year == 2026
    assert result["b.txt"].reference_year == 2025 and result["b.txt"].captured is None


@pytest.mark.parametrize("text, line, words", [
    ("sources:\n  - file: a.txt\n    captured: yesterday\n", 3, "`captured` must be a date"),
    ("sources:\n  - file: a.txt\n    year: 26\n", 3, "`year` must be a four-digit year"),
    ("sources:\n  - file: a.txt\n    colour: red\n", 3, "unknown key `colour`"),
    ("sources:\n  - file: a.txt\n  - file: a.txt\n", 3, "described twice"),
    ("sources:\n  - description: no file\n", 2, "`file` must be"),
    ("sources: [a.txt]\n", 1, "must be a list of mappings"),
    ("sources:\n  - file: a.txt\n   bad: indent\n", 3, "invalid YAML"),
])
def test_malformed_sources_name_line_and_key(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        sources(text)
    assert err.value.file == "sources.yaml" and err.value.line == line and words in str(err.value)


def test_curation_entries_are_read() -> None:
    result = curation("merge:\n  - records: [a.txt:3, b.txt:5]\n    reason: same paper\n"
                      "hide:\n  - record: c.txt:7\n    reason: not a paper\n")
    assert [(e.action, e.refs, e.line) for e in result.entries] == [
        ("merge", (SourceRef("a.txt", 3), SourceRef("b.txt", 5)), 2),
        ("hide", (SourceRef("c.txt", 7),), 5),
    ]


@pytest.mark.parametrize("text, words", [
    ("merge:\n  - records: [a.txt:3]\n    reason: x\n", "at least two different records"),
    ("merge:\n  - records: [a.txt:3, a.txt]\n    reason: x\n", "'a.txt' is not a record reference"),
    ("split:\n  - records: [a.txt:3, b.txt:4]\n", "needs a `reason:`"),
    ("hide:\n  - record: a.txt:3\n    reason: x\n    why: y\n", "unknown key `why`"),
    ("rename:\n  - records: []\n", "unknown section `rename`"),
])
def test_malformed_curation_names_the_problem(text: str, words: str) -> None:
    with pytest.raises(ConfigError) as err:
        curation(text)
    assert err.value.file == "curation.yaml" and err.value.line and words in str(err.value)


def test_empty_curation_is_fine() -> None:
    assert curation("").entries == () and curation("merge: []\n").entries == ()


@pytest.mark.parametrize("name, text, line, first", [
    ("curation.yaml", "hide:\n  - record: a.txt:1\n    reason: x\nmerge: []\nhide: []\n", 5, 1),
    ("taxonomy.yaml", "topics:\n  - id: a\n    name: A\n    name: B\n", 4, 3),
])
def test_a_repeated_key_is_an_error_naming_both_lines(name: str, text: str, line: int, first: int) -> None:
    from generator.config import load_yaml
    from generator.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        load_yaml(text, f"corpus/{name}")
    assert err.value.file == f"corpus/{name}" and err.value.line == line
    assert f"first at line {first}, again at line {line}" in str(err.value)


def test_a_repeated_hide_list_stops_ingest_and_check_and_loses_nothing(project) -> None:
    from conftest import run_in

    curation = project / "corpus" / "curation.yaml"
    text = curation.read_text(encoding="utf-8") + "hide: []\n"
    curation.write_text(text, encoding="utf-8")
    papers = (project / "corpus" / "papers.yaml").read_bytes()
    assert run_in(project, "ingest") != 0 and run_in(project, "check") != 0
    assert curation.read_text(encoding="utf-8") == text and (project / "corpus" / "papers.yaml").read_bytes() == papers
