"""The rows of data/browse.json: exports.py writes them and browse.js reads them by the same field names.

A paper's row is a JSON array, not an object, to keep the file small; its positions are named
once on each side: `BROWSE_ROW_FIELDS` in generator/exports.py and in browse.js. These tests
read the names out of browse.js's source and compare them with exports.py's, and check each
row the real pipeline writes against what its fields hold, so that the two cannot drift apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES
from generator import exports
from generator.pipeline import complete, enrich, ingest
from generator.render import render_site

BROWSE_JS = Path(exports.__file__).resolve().parent / "assets" / "javascripts" / "browse.js"
# The one line of browse.js that names a row's fields: `var BROWSE_ROW_FIELDS = ["id", ...];`
JS_FIELDS = re.compile(r"^\s*var BROWSE_ROW_FIELDS = (\[[^\]]*\]);", re.MULTILINE)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _positions(value: object, count: int) -> bool:
    """A list of positions into a list of `count` entries."""
    return isinstance(value, list) and all(type(n) is int and 0 <= n < count for n in value)


# What each field of a row holds, given the whole file (positions point into its other lists).
# A new field needs a line here as well as a name on both sides.
HOLDS: dict[str, Callable[[object, dict], bool]] = {
    "id": lambda v, data: isinstance(v, str) and v != "",
    "title": lambda v, data: isinstance(v, str) and v != "",
    "topics": lambda v, data: _positions(v, len(data["topics"])),
    "code": lambda v, data: type(v) is int and v in (0, 1),
    "date": lambda v, data: isinstance(v, str) and (v == "" or ISO_DAY.fullmatch(v) is not None),
    "upvotes": lambda v, data: type(v) is int and v >= -1,  # -1: not known
    "captures": lambda v, data: _positions(v, len(data["captures"])),
    "added": lambda v, data: type(v) is int and v >= 0,
    "related": lambda v, data: _positions(v, len(data["papers"])),
}


def js_fields() -> list[str]:
    """The row's field names as browse.js declares them."""
    found = JS_FIELDS.findall(BROWSE_JS.read_text(encoding="utf-8"))
    if len(found) != 1:
        pytest.fail(f"{BROWSE_JS}: expected one line `var BROWSE_ROW_FIELDS = [...];`, found {len(found)}",
                    pytrace=False)
    names = json.loads(found[0])  # a JSON array as written: double-quoted names, no trailing comma
    assert all(isinstance(n, str) for n in names), names
    return names


@pytest.fixture(scope="module")
def browse_data() -> dict:
    """data/browse.json as the real pipeline writes it for the golden fixture corpus."""
    pages = render_site(enrich(complete(ingest(FIXTURES / "golden_corpus"))))
    return json.loads(pages["data/browse.json"])


def test_browse_js_reads_the_fields_exports_writes() -> None:
    assert js_fields() == list(exports.BROWSE_ROW_FIELDS), \
        "browse.js's BROWSE_ROW_FIELDS must name the fields of generator/exports.py's, in the same order"


def test_each_field_says_what_it_holds() -> None:
    assert list(HOLDS) == list(exports.BROWSE_ROW_FIELDS), "describe every row field in HOLDS, in order"


def test_every_row_has_its_fields_with_their_types(browse_data: dict) -> None:
    assert browse_data["papers"], "the fixture corpus gives papers"
    for row in browse_data["papers"]:
        assert len(row) == len(exports.BROWSE_ROW_FIELDS), row
        for name, value in zip(exports.BROWSE_ROW_FIELDS, row):
            assert HOLDS[name](value, browse_data), f"{name} = {value!r} in {row}"


def test_the_fixture_rows_show_each_kind_of_value(browse_data: dict) -> None:
    """Both sides of each either-or field occur, so the checks above are not vacuous."""
    column = {name: [row[n] for row in browse_data["papers"]] for n, name in enumerate(exports.BROWSE_ROW_FIELDS)}
    assert set(column["code"]) == {0, 1}
    assert "" in column["date"] and any(column["date"])
    assert -1 in column["upvotes"] and any(v > 0 for v in column["upvotes"])
    assert any(column["related"]) and any(column["topics"]) and any(column["captures"])
