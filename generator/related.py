"""Content similarity between papers: TF-IDF over title and abstract, via an inverted index."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Paper, Related

RELATED_PER_PAPER = 8
# A term in more than this share of papers says nothing about any of them.
MAX_DOCUMENT_SHARE = 0.2
# Only a paper's strongest terms are used to find candidates; all terms score them.
CANDIDATE_TERMS = 60
TITLE_WEIGHT = 3
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
STOPWORDS = frozenset("""
a about above across after again against all almost also although always among an and another any are
as at based be because been before being below between both but by can could different do does done
due during each either enable enables et etc even ever every experiments extensive few first for from
further furthermore given has have having here however i ie if in including into is it its itself just
large less like make makes many may more moreover most much must new no nor not novel of often on once
one only or other our ours out over paper per performance performs previous propose proposed proposes
provide provides rather recent recently results same several show shows significant significantly
since so some state-of-the-art still such than that the their them then there therefore these they
this those through thus to towards under up upon us use used uses using various very via was way we
well were what when where whereas which while who whose why will with within without work works would
yet approach approaches method methods model models framework task tasks existing demonstrate achieve
achieves achieving effective effectively efficient efficiency introduce introduces present presents
study studies code available https http github com io comprehensive simple two three second best
specifically e g i e show shown terms times
""".split())


@dataclass(frozen=True, slots=True)
class Vectors:
    """Unit-length TF-IDF vectors of the papers, in the order given."""

    weights: tuple[dict[str, float], ...]


def tokens(text: str) -> list[str]:
    """Lowercase content words of a text, stopwords and numbers removed."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS and len(t) > 2]


def vectorize(papers: list[Paper] | tuple[Paper, ...]) -> Vectors:
    """TF-IDF vectors over title (weighted) and abstract, normalised to unit length."""
    counts = [Counter(tokens(p.title) * TITLE_WEIGHT + tokens(p.abstract)) for p in papers]
    df = Counter(term for c in counts for term in c)
    n = len(papers)
    limit = max(2, MAX_DOCUMENT_SHARE * n)
    vectors = []
    for c in counts:
        v = {t: (1 + math.log(k)) * (1 + math.log((1 + n) / (1 + df[t]))) for t, k in c.items() if df[t] <= limit}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        vectors.append({t: w / norm for t, w in v.items()})
    return Vectors(tuple(vectors))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def related_papers(papers: list[Paper], vectors: Vectors, topic_names: dict[str, str],
                   k: int = RELATED_PER_PAPER) -> list[tuple[Related, ...]]:
    """For each paper, the k most similar others, each with the reason."""
    postings: dict[str, list[int]] = defaultdict(list)
    strongest = []
    for i, v in enumerate(vectors.weights):
        top = heapq.nlargest(CANDIDATE_TERMS, v, key=lambda t: (v[t], t))
        strongest.append(top)
        for term in top:
            postings[term].append(i)
    result = []
    for i, v in enumerate(vectors.weights):
        candidates = {j for term in strongest[i] for j in postings[term] if j != i}
        scored = sorted(((cosine(v, vectors.weights[j]), papers[j].id, j) for j in candidates),
                        key=lambda s: (-s[0], s[1]))[:k]
        result.append(tuple(Related(pid, round(score, 4), _reason(papers[i], papers[j], v, vectors.weights[j],
                                                                    topic_names))
                            for score, pid, j in scored if score > 0))
    return result


def shared_terms(a: dict[str, float], b: dict[str, float], n: int = 3) -> list[str]:
    """The terms that contribute most to the similarity of two vectors."""
    common = [(a[t] * b[t], t) for t in a.keys() & b.keys()]
    return [t for _, t in sorted(common, key=lambda c: (-c[0], c[1]))[:n]]


def _reason(a: Paper, b: Paper, va: dict[str, float], vb: dict[str, float], topic_names: dict[str, str]) -> str:
    parts = []
    topics = [topic_names[t] for t in a.topics if t in b.topics and t in topic_names]
    if topics:
        parts.append("both about " + ", ".join(topics[:3]))
    terms = shared_terms(va, vb)
    if terms:
        parts.append("shared terms: " + ", ".join(terms))
    return "; ".join(parts) or "similar wording"


def key_terms(members: list[int], vectors: Vectors, n: int = 12) -> list[str]:
    """The terms that most distinguish a group of papers (summed TF-IDF weight)."""
    total: Counter[str] = Counter()
    for i in members:
        for term, weight in vectors.weights[i].items():
            total[term] += weight
    # A key term must be shared: a word of one paper does not describe a topic.
    spread = Counter(term for i in members for term in vectors.weights[i])
    ranked = sorted((t for t in total if spread[t] >= min(3, len(members))), key=lambda t: (-total[t], t))
    return ranked[:n]
