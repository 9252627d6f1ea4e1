"""The double-blind topic labels in tests/fixtures/labels/: well-formed, and how far the labellers agree.

Two labellers each saw only ../shared/TAXONOMY.md and a paper's title and abstract; a third
decided where they differed (adjudication.yaml, with a reason per topic). The agreement is
printed with the test summary.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from conftest import CORPUS, FIXTURES

LABELS = FIXTURES / "labels"


def load(name: str) -> dict:
    return yaml.safe_load((LABELS / name).read_text(encoding="utf-8"))["papers"]


@pytest.fixture(scope="module")
def labels() -> tuple[dict[str, set[str]], dict[str, set[str]], dict]:
    a = {k: set(v) for k, v in load("labeller_a.yaml").items()}
    b = {k: set(v) for k, v in load("labeller_b.yaml").items()}
    return a, b, load("adjudication.yaml")


def agreement(a: dict[str, set[str]], b: dict[str, set[str]]) -> tuple[float, dict[str, float]]:
    """Micro-F1 of one labeller against the other (symmetric), and the same per topic."""
    both = sum(len(a[k] & b[k]) for k in a)
    total = sum(len(a[k]) + len(b[k]) for k in a)
    per_topic = {}
    for topic in sorted({t for v in (*a.values(), *b.values()) for t in v}):
        x = sum(topic in a[k] and topic in b[k] for k in a)
        n = sum((topic in a[k]) + (topic in b[k]) for k in a)
        per_topic[topic] = 2 * x / n
    return (2 * both / total if total else 1.0), per_topic


def test_labels_cover_the_same_corpus_papers_with_known_topics(labels) -> None:
    a, b, adjudicated = labels
    corpus = {p["id"] for p in yaml.safe_load((CORPUS / "papers.yaml").read_text(encoding="utf-8"))["papers"]}
    topics = {t["id"] for t in yaml.safe_load((CORPUS / "taxonomy.yaml").read_text(encoding="utf-8"))["topics"]}
    assert len(a) >= 300 and set(a) == set(b) <= corpus
    assert all(v and v <= topics for v in (*a.values(), *b.values()))
    disagreements = {k for k in a if a[k] != b[k]}
    assert set(adjudicated) == disagreements, "every disagreement is adjudicated, and nothing else"
    for paper_id, decision in adjudicated.items():
        final = set(decision["topics"])
        assert final <= topics and final <= a[paper_id] | b[paper_id]
        assert set(decision["reasons"]) == a[paper_id] ^ b[paper_id], paper_id  # a reason per contested topic


def test_agreement_between_the_labellers_is_reported(labels, tagging_report) -> None:
    a, b, adjudicated = labels
    micro, per_topic = agreement(a, b)
    weakest = sorted(per_topic.items(), key=lambda kv: kv[1])[:5]
    counts = Counter(t for v in a.values() for t in v)
    tagging_report.append(f"Labeller agreement on {len(a)} double-blind papers (tests/fixtures/labels/): "
                          f"micro-F1 {micro:.2f}; {len(adjudicated)} papers adjudicated")
    tagging_report.append("  weakest topics: " + ", ".join(f"{t} {f:.2f} ({counts[t]} papers)" for t, f in weakest))
    assert 0.0 < micro <= 1.0
