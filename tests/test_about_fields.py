"""The about page describes the data files field by field: its tables name exactly the fields
that `data/papers.json` and `data/papers.csv` hold, so a field added to the exports without a
word on the about page (or one documented and gone) fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.exports import CSV_FIELDS
from generator.pipeline import complete, enrich, ingest
from generator.render import render_site
from generator.serialize import paper_record, resolved_facts

GOLDEN_CORPUS = Path(__file__).resolve().parent / "fixtures" / "golden_corpus"
_NAME = re.compile(r"`([a-z_]+)`")


@pytest.fixture(scope="module")
def about() -> str:
    return render_site(enrich(complete(ingest(GOLDEN_CORPUS))))["about.md"]


@pytest.fixture(scope="module")
def record_fields() -> list[str]:
    corpus = ingest(GOLDEN_CORPUS)
    return list(paper_record(corpus.papers[0]))


def _table_after(page: str, heading: str) -> list[list[str]]:
    """The cells of each row of the first Markdown table after `heading`."""
    rest = page[page.index(heading):]
    rows = []
    for line in rest.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
        elif rows:
            break
    return rows[2:]  # past the header and its rule


def _data_row(page: str, file: str) -> str:
    """The "what it holds" cell of a file's row in the table of data files."""
    row = next(r for r in _table_after(page, "## Take the data with you") if f"[{file}]" in r[0])
    return row[2]


def test_the_field_table_names_every_field_of_papers_json_once(about: str, record_fields: list[str]) -> None:
    named = [name for row in _table_after(about, "## The data") for name in _NAME.findall(row[0])]
    assert sorted(named) == sorted(record_fields), "the about page's field table and paper_record differ"


def test_the_field_table_follows_the_order_of_papers_json(about: str, record_fields: list[str]) -> None:
    named = [name for row in _table_after(about, "## The data") for name in _NAME.findall(row[0])]
    assert named == [f for f in record_fields if f in named]


def test_the_papers_json_row_names_every_field(about: str, record_fields: list[str]) -> None:
    named = set(_NAME.findall(_data_row(about, "data/papers.json")))
    assert set(record_fields) - named == set()


def test_the_papers_csv_row_lists_the_columns_in_order(about: str) -> None:
    cell = _data_row(about, "data/papers.csv")
    listed, _, rest = cell.partition("and the fields `paper-atlas resolve` adds")
    assert rest, "the CSV row no longer says where the resolve fields come from"
    columns = [name for name in _NAME.findall(listed) if name not in ("file", "line")]
    added = list(resolved_facts(ingest(GOLDEN_CORPUS).papers[0]))
    assert columns + added == list(CSV_FIELDS)
