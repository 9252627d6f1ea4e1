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
from generator.config import load_yaml, parse_taxonomy

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


def test_the_scorer_trains_on_exactly_the_adjudicated_labels(labels) -> None:
    """corpus/topic_labels.yaml is labeller A's and B's agreement plus the adjudicator's decisions."""
    a, b, adjudicated = labels
    final = {k: set(adjudicated[k]["topics"]) if k in adjudicated else a[k] for k in a}
    assert all(a[k] == b[k] for k in a if k not in adjudicated)
    used = yaml.safe_load((CORPUS / "topic_labels.yaml").read_text(encoding="utf-8"))["papers"]
    assert {k: set(v) for k, v in used.items()} == final


@pytest.mark.parametrize("body, line, words", [
    ("papers:\n  a-paper: [diffusion]\n  b-paper: [astrology]\n", 3, "unknown topic `astrology`"),
    ("papers:\n  a-paper: [diffusion]\n  a-paper: [video]\n", 3, "labelled twice (first at line 2)"),
    ("papers:\n  a-paper: diffusion\n", 2, "give a list of topic ids"),
    ("papers:\n  A Paper: [diffusion]\n", 2, "must be a lowercase slug"),
    ("- a-paper\n", 1, "expected `papers:`"),
])
def test_a_malformed_label_file_names_the_line(body, line, words) -> None:
    from generator.config import parse_labels
    from generator.errors import ConfigError

    taxonomy = parse_taxonomy(load_yaml((CORPUS / "taxonomy.yaml").read_text(encoding="utf-8"), "taxonomy.yaml"))
    with pytest.raises(ConfigError) as err:
        parse_labels(body, "corpus/topic_labels.yaml", taxonomy)
    assert err.value.line == line and words in str(err.value)


def test_a_label_of_a_paper_not_in_the_corpus_is_a_counted_warning(project) -> None:
    from generator import pipeline, report

    path = project / "corpus" / "topic_labels.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  no-such-paper: [diffusion]\n  nor-this: [video]\n",
                    encoding="utf-8")
    corpus = pipeline.ingest(project / "corpus")
    warnings = [d for d in corpus.diagnostics if "no-such-paper" in d.message]
    assert "labels `no-such-paper` and 1 more papers not in the corpus" in report.format_report(corpus)
    assert len(warnings) == 1 and warnings[0].line == len(path.read_text(encoding="utf-8").splitlines()) - 1
