"""Captures in shapes the parser was not written for, against golds written blind (tests/fixtures/blind/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES
from test_real_captures import papers_of

BLIND = FIXTURES / "blind"
GOLDS = sorted(BLIND.glob("*.gold.json"))
FIELDS = ("arxiv_id", "authors", "date", "upvotes", "abstract_start")


def _capture(gold: Path) -> Path:
    base = gold.name.removesuffix(".gold.json")
    (found,) = [p for p in BLIND.iterdir() if p.name.startswith(base + ".") and not p.name.endswith(".gold.json")]
    return found


@pytest.mark.parametrize("gold", GOLDS, ids=lambda g: g.name.removesuffix(".gold.json"))
def test_blind_capture_gives_its_gold_papers(gold: Path) -> None:
    expected = json.loads(gold.read_text(encoding="utf-8"))["papers"]
    got = papers_of(_capture(gold))
    assert [" ".join(r["title"].split()) for r in got] == [" ".join(p["title"].split()) for p in expected]
    wrong = [(p["title"][:50], field, p[field], r[field]) for p, r in zip(expected, got)
             for field in FIELDS if field in p and p[field] != r[field]]
    assert wrong == []


def test_every_blind_capture_has_a_gold() -> None:
    assert len(GOLDS) >= 16
    assert {_capture(g).name for g in GOLDS} == {p.name for p in BLIND.iterdir()} - {g.name for g in GOLDS} - {"README.md"}
