"""The topics stage: the rules' tags, weighed by a learned scorer, each with a reason a reader understands.

A tag is given when the learned score (generator/scorer.py) says so. Its reason is the rule's
when a rule matched ("the title says ..."), and otherwise the labelled papers with that topic
that the paper reads most like. Without hand labels, the rules alone decide.
"""

from __future__ import annotations

from dataclasses import replace

from . import scorer
from .errors import CurationError
from .names import short_label
from .model import Action, Curation, Paper, Tag, Taxonomy, TopicLabels
from .related import Vectors
from .topics import Tagger
from .workers import map_in_order


def tag_papers(papers: list[Paper], taxonomy: Taxonomy, labels: TopicLabels,
               vectors: Vectors, jobs: int = 1) -> list[Paper]:
    """Every paper with its tags. Labels of papers not in the corpus are not used (ingest warns of them).
    The rules read the papers on up to `jobs` processes."""
    tagger = Tagger(taxonomy)
    evidence = map_in_order(lambda p: tagger.read(p.title, p.text), papers, jobs)
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


def curate_topics(papers: list[Paper], curation: Curation, taxonomy: Taxonomy) -> list[Paper]:
    """Apply the `topics:` entries of curation.yaml; an entry that matches nothing is an error."""
    papers = list(papers)
    known = {t.id for t in taxonomy.topics}
    by_ref = {ref: i for i, p in enumerate(papers) for ref in p.sources}
    by_id = {p.id: i for i, p in enumerate(papers)}
    order = {t.id: n for n, t in enumerate(taxonomy.topics)}
    for entry in curation.of(Action.TOPICS):
        target = by_id.get(entry.paper_id) if entry.paper_id else by_ref.get(entry.refs[0])
        if target is None:
            what = entry.paper_id or entry.refs[0]
            raise CurationError(curation.file, entry.line, f"{what} matches no paper; use a paper id as in "
                                                           f"/papers/<id>/ or a record's file:line")
        unknown = [t for t in entry.add + entry.remove if t not in known]
        if unknown:
            raise CurationError(curation.file, entry.line, f"unknown topic `{unknown[0]}`; topics are the ids "
                                                           f"in corpus/taxonomy.yaml")
        paper = papers[target]
        tags = [t for t in paper.tags if t.topic not in entry.remove and t.topic not in entry.add]
        tags += [Tag(t, f"added by hand in corpus/curation.yaml: {entry.reason}") for t in entry.add]
        removed = [t for t in paper.removed_tags if t.topic not in entry.add]
        removed += [Tag(t, f"removed by hand in corpus/curation.yaml: {entry.reason}") for t in entry.remove]
        papers[target] = replace(paper, tags=tuple(sorted(tags, key=lambda t: order[t.topic])),
                                 removed_tags=tuple(sorted(removed, key=lambda t: order[t.topic])))
    return papers
