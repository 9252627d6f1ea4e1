"""Summaries of each topic for its overview page: counts, years, key terms, central papers."""

from __future__ import annotations

from collections import Counter, defaultdict

from .model import Paper, Taxonomy, TopicSummary
from .related import Vectors, key_terms

CENTRAL_PAPERS = 6
NEIGHBOURS = 6


def summarize_topics(papers: list[Paper], taxonomy: Taxonomy, vectors: Vectors) -> tuple[TopicSummary, ...]:
    """One summary per topic of the taxonomy, in taxonomy order."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        for topic in paper.topics:
            members[topic].append(i)
    summaries = []
    for topic in taxonomy.topics:
        idx = members.get(topic.id, [])
        in_topic = {papers[i].id for i in idx}
        years = Counter(papers[i].year for i in idx if papers[i].year)
        co = Counter(t for i in idx for t in papers[i].topics if t != topic.id)
        summaries.append(TopicSummary(
            topic=topic,
            paper_ids=tuple(p.id for p in sorted((papers[i] for i in idx), key=lambda p: (p.title.casefold(), p.id))),
            with_code=sum(1 for i in idx if papers[i].repositories),
            by_year=tuple(sorted(years.items())),
            undated=sum(1 for i in idx if not papers[i].year),
            key_terms=tuple(key_terms(idx, vectors)),
            central=tuple(_central(papers, idx, in_topic)),
            neighbours=tuple(sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))[:NEIGHBOURS]),
        ))
    return tuple(summaries)


def _central(papers: list[Paper], idx: list[int], in_topic: set[str]) -> list[str]:
    """The papers most similar to the rest of the topic: where a newcomer should start."""
    score: Counter[str] = Counter()
    for i in idx:
        for rel in papers[i].related:
            if rel.paper_id in in_topic:
                score[papers[i].id] += rel.score
                score[rel.paper_id] += rel.score
    ranked = sorted(in_topic, key=lambda pid: (-score[pid], pid))
    return ranked[:CENTRAL_PAPERS]
