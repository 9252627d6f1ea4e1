"""The topics stage: the rules' tags, weighed by a learned scorer, each with a reason a reader understands.

A tag is given when the learned score (generator/scorer.py) says so. Its reason is the rule's
when a rule matched ("the title says ..."), and otherwise the labelled papers with that topic
that the paper reads most like. Without hand labels, the rules alone decide.
"""

from __future__ import annotations

from dataclasses import replace

from . import scorer
from .names import short_label
from .model import Paper, Tag, Taxonomy, TopicLabels
from .related import Vectors
from .topics import Tagger


def tag_papers(papers: list[Paper], taxonomy: Taxonomy, labels: TopicLabels,
               vectors: Vectors) -> list[Paper]:
    """Every paper with its tags. Labels of papers not in the corpus are not used (ingest warns of them)."""
    tagger = Tagger(taxonomy)
    evidence = [tagger.read(p.title, p.text) for p in papers]
    index = {p.id: i for i, p in enumerate(papers)}
    topic_index = {t.id: n for n, t in enumerate(taxonomy.topics)}
    known = {index[paper_id]: frozenset(topic_index[t] for t in topics)
             for paper_id, topics, _ in labels.papers if paper_id in index}
    if not known:
        return [replace(p, tags=e.tags) for p, e in zip(papers, evidence)]
    embeddings = scorer.Embedder().embed([f"{p.title}. {p.text}" for p in papers])
    scores = scorer.score(evidence, vectors.matrix, embeddings, known, [t.id for t in taxonomy.topics],
                          {i: scorer.fold_of(papers[i].id) for i in known})
    assert scores is not None
    tagged = []
    for i, (paper, found) in enumerate(zip(papers, evidence)):
        by_rule = {t.topic: t.reason for t in found.tags}
        tags = []
        for t in scores.given(i):
            topic = taxonomy.topics[t]
            reason = by_rule.get(topic.id) or _reads_like(topic.name, [papers[j] for j in scores.nearest(i, t)])
            tags.append(Tag(topic.id, reason))
        tagged.append(replace(paper, tags=tuple(tags)))
    return tagged


def _reads_like(topic: str, neighbours: list[Paper]) -> str:
    names = ", ".join(short_label(p.title, 40) for p in neighbours)
    return f"close to the papers tagged {topic} that it reads most like: {names}"

