"""Mentions measured against hand-checked golds (tests/fixtures/mentions/).

Each entry is a name written in one paper's abstract: either a true mention of a corpus paper
(`target`), or a trap, a name a naive linker would tie to a corpus paper wrongly (`not`): a
short name two works share, a name a paper reuses for its own method, a word that is also a
name, a name of another work. Recall and the wrong links are printed with the test summary.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS, FIXTURES

# The first set, and a second made later by another blind session, excluding the first's entries.
GOLDS = (FIXTURES / "mentions" / "mention_gold.yaml", FIXTURES / "mentions" / "mention_gold_2.yaml")


def load(path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["mentions"]


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [e for path in GOLDS for e in load(path)]


@pytest.fixture(scope="module")
def linked(real_enriched) -> dict[str, list[tuple[str, str]]]:
    """Per paper, every (name as written, paper it links to) of its abstract."""
    corpus = real_enriched
    return {p.id: [(p.abstract[m.start:m.end], m.paper_id) for m in p.mentions] for p in corpus.papers}


def test_the_gold_is_well_formed(gold) -> None:
    papers = {p["id"]: p for p in yaml.safe_load((CORPUS / "papers.yaml").read_text(encoding="utf-8"))["papers"]}
    true = [e for e in gold if "target" in e]
    traps = [e for e in gold if "not" in e]
    assert len(true) >= 40 and len(traps) >= 40 and len(true) + len(traps) == len(gold)
    assert len({(e["paper"], e["name"]) for e in gold}) == len(gold)
    for e in gold:
        assert e["name"] in papers[e["paper"]]["abstract"], (e["paper"], e["name"])
        assert (e.get("target") or e["not"]) in papers
        assert e.get("target") != e["paper"]  # a trap may be the paper's own name: it links to no one


def _links(linked, entry) -> set[str]:
    """The papers this entry's name is linked to in its abstract."""
    return {target for name, target in linked[entry["paper"]] if name == entry["name"]}


def test_mentions_find_what_the_gold_says_and_link_no_trap(gold, linked, tagging_report) -> None:
    def measure(entries: list[dict]) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
        true = [e for e in entries if "target" in e]
        traps = [e for e in entries if "not" in e]
        missed = [e for e in true if e["target"] not in _links(linked, e)]
        wrong = [e for e in true if _links(linked, e) - {e["target"]}]  # linked, but to another paper
        wrong += [e for e in traps if e["not"] in _links(linked, e)]
        return true, traps, missed, wrong

    for path in GOLDS:
        true, traps, missed, wrong = measure(load(path))
        tagging_report.append(f"Mentions against {path.relative_to(FIXTURES.parent.parent)} ({len(true)} true "
                              f"mentions, {len(traps)} traps): recall {1 - len(missed) / len(true):.2f}, "
                              f"{len(wrong)} wrong")
    true, traps, missed, wrong = measure(gold)
    recall = 1 - len(missed) / len(true)
    tagging_report.append(f"  both: {len(true)} true mentions, {len(traps)} traps: recall {recall:.2f}, "
                          f"{len(wrong)} wrong")
    tagging_report.extend(f"  missed: {e['paper']}: {e['name']!r}" for e in missed)
    tagging_report.extend(f"  wrong: {e['paper']}: {e['name']!r} -> {sorted(_links(linked, e))}" for e in wrong)
    assert len(wrong) <= 1
    assert recall >= 0.8  # a floor below the measured value, so a regression fails
