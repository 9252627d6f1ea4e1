"""Related papers: enough of them, ranked by content similarity, each with a reason."""

from __future__ import annotations

import pytest

from generator.related import key_terms, tokens, vectorize


@pytest.fixture(scope="module")
def corpus(real_enriched):
    return real_enriched


def test_every_paper_has_at_least_five_related_papers(corpus) -> None:
    short = [p.id for p in corpus.papers if len(p.related) < 5]
    assert not short, short


def test_related_lists_are_ranked_distinct_and_explained(corpus) -> None:
    ids = {p.id for p in corpus.papers}
    for paper in corpus.papers:
        scores = [r.score for r in paper.related]
        assert scores == sorted(scores, reverse=True)
        assert paper.id not in {r.paper_id for r in paper.related}
        assert len({r.paper_id for r in paper.related}) == len(paper.related)
        assert all(r.paper_id in ids and r.reason for r in paper.related)


def test_the_index_shortcut_finds_what_comparing_every_pair_finds(corpus) -> None:
    """Candidates come from each paper's strongest terms; check them against brute force."""
    papers = list(corpus.papers)
    vectors = vectorize(papers)
    agree = 0
    for i, paper in enumerate(papers):
        scores = (vectors.matrix @ vectors.matrix[i].T).toarray().ravel()
        brute = sorted(((round(float(scores[j]), 4), papers[j].id) for j in range(len(papers)) if j != i),
                       key=lambda s: (-s[0], s[1]))[:5]
        agree += [pid for _, pid in brute] == [r.paper_id for r in paper.related[:5]]
    assert agree / len(papers) >= 0.95


def test_versions_are_each_others_most_related(corpus) -> None:
    by_id = {p.id: p for p in corpus.papers}
    for pair in corpus.near_duplicates:
        assert pair.second in [r.paper_id for r in by_id[pair.first].related[:3]], pair


def test_tokens_drop_stopwords_and_numbers() -> None:
    assert tokens("We propose a novel 3D Gaussian model with 2.5times speed") == ["gaussian", "speed"]


def test_key_terms_are_shared_by_several_papers(corpus) -> None:
    papers = list(corpus.papers)
    vectors = vectorize(papers)
    members = [i for i, p in enumerate(papers) if "quantization" in p.topics]
    terms = key_terms(members, vectors)
    assert "quantization" in terms
    def terms_of(i: int) -> set[str]:  # paper i's terms: the columns of its row that are not zero
        return {vectors.vocabulary[t] for t in vectors.matrix[i].indices}
    for term in terms:
        assert sum(term in terms_of(i) for i in members) >= 3


def test_reason_terms_drop_filler_keep_one_word_per_stem_and_join_phrases() -> None:
    from generator.model import Paper, SourceRef
    from generator.related import reason_terms

    def paper(title: str, abstract: str) -> Paper:
        return Paper(id=title.lower().replace(" ", "-"), title=title, abstract=abstract, sources=(SourceRef("x", 1),))

    a = paper("Selective State Space Models", "State space models come with gains; Gaussians and a gaussian prior.")
    b = paper("Visual State Space Backbones", "A state space backbone: its gains come from a gaussian prior over gaussians.")
    shown = reason_terms(a, b, ["come", "gains", "state", "space", "gaussians", "gaussian", "prior"])
    assert shown == ["state space", "gaussians", "prior"]
