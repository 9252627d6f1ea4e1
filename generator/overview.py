"""Summaries of each topic for its overview page: counts, years, key terms, central papers."""

from __future__ import annotations

from collections import Counter, defaultdict

from .mentions import TitleIndex, link_names
from .model import Paper, Taxonomy, TopicSummary
from .related import Vectors, key_terms

CENTRAL_PAPERS = 6
# Two papers whose TF-IDF rows are this similar read almost the same to a newcomer.
SAME_READING = 0.35
NEIGHBOURS = 6


def summarize_topics(papers: list[Paper], taxonomy: Taxonomy, vectors: Vectors,
                     titles: TitleIndex | None = None) -> tuple[TopicSummary, ...]:
    """One summary per topic of the taxonomy, in taxonomy order. With `titles`, the papers a
    topic's description names are linked, and are where its "Where to start" begins."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        for topic_id in paper.topics:
            members[topic_id].append(i)
    summaries = []
    for topic in taxonomy.topics:
        idx = members.get(topic.id, [])
        in_topic = {papers[i].id for i in idx}
        years = Counter(year for i in idx if (year := papers[i].year))
        co = Counter(t for i in idx for t in papers[i].topics if t != topic.id)
        named = tuple(link_names(topic.description, titles)) if titles else ()
        summaries.append(TopicSummary(
            topic=topic,
            paper_ids=tuple(p.id for p in sorted((papers[i] for i in idx), key=lambda p: (p.title.casefold(), p.id))),
            with_code=sum(1 for i in idx if papers[i].repositories),
            by_year=tuple(sorted(years.items())),
            undated=sum(1 for i in idx if not papers[i].year),
            key_terms=tuple(key_terms(idx, vectors)),
            central=tuple(_central(papers, idx, in_topic, vectors, [m.paper_id for m in named])),
            neighbours=tuple(sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))[:NEIGHBOURS]),
            description_mentions=named,
        ))
    return tuple(summaries)


def _central(papers: list[Paper], idx: list[int], in_topic: set[str], vectors: Vectors,
             named: list[str]) -> list[str]:
    """Where a newcomer should start: the papers the topic's prose names, then those most
    similar to the rest of the topic. One paper per version family and near-duplicate pair,
    and none that reads almost the same as one already chosen (six ViT post-training
    quantization papers are one suggestion, not six)."""
    score: defaultdict[str, float] = defaultdict(float)
    for i in idx:
        for rel in papers[i].related:
            if rel.paper_id in in_topic:
                score[papers[i].id] += rel.score
                score[rel.paper_id] += rel.score
    at = {papers[i].id: i for i in idx}
    prose = [pid for pid in dict.fromkeys(named) if pid in in_topic]
    ranked = prose + sorted(in_topic - set(prose), key=lambda pid: (-score[pid], pid))
    chosen: list[str] = []
    kin: set[str] = set()
    for pid in ranked:
        if len(chosen) == CENTRAL_PAPERS:
            break
        if pid in kin:
            continue
        if pid not in prose and any(vectors.cosine(at[pid], at[c]) >= SAME_READING for c in chosen):
            continue
        chosen.append(pid)
        paper = papers[at[pid]]
        kin.update(link.paper_id for link in (*paper.versions, *paper.near_duplicates))
    return chosen
