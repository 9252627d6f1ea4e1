"""Content similarity between papers: TF-IDF over title and abstract, as a sparse matrix.

Each paper's strongest terms find its candidates with one sparse product per chunk
of papers; candidates are then scored by their full cosine. Cost grows with the
number of papers times the papers sharing a rare term, not with the square of the
corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from .model import Paper, Related
from .workers import map_in_order

RELATED_PER_PAPER = 8
# A term in more than this share of papers says nothing about any of them.
MAX_DOCUMENT_SHARE = 0.2
# Only a paper's strongest terms are used to find candidates; all terms score them.
CANDIDATE_TERMS = 60
# Terms in more papers than this do not propose candidates (they still count in the scores).
CANDIDATE_POSTINGS = 500
# Candidates re-scored exactly per paper, the best by their strongest-term score.
CANDIDATES = 64
CHUNK = 2048
TITLE_WEIGHT = 3
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Words that say nothing of a paper's subject, left out of its term vector: function words and
# the stock phrases of abstracts. Unlike names.FIELD_WORDS it keeps most of the field's nouns
# ("transformer", "vision"), which tell topics apart; every related-paper score depends on it.
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


@dataclass(frozen=True)
class Vectors:
    """Unit-length TF-IDF rows of the papers (in the order given) and the vocabulary."""

    matrix: sparse.csr_matrix
    vocabulary: tuple[str, ...]


    def cosine(self, i: int, j: int) -> float:
        """Cosine similarity of papers i and j, straight from the CSR arrays."""
        m = self.matrix
        a, b = slice(m.indptr[i], m.indptr[i + 1]), slice(m.indptr[j], m.indptr[j + 1])
        _, ia, ib = np.intersect1d(m.indices[a], m.indices[b], assume_unique=True, return_indices=True)
        return float(np.dot(m.data[a][ia], m.data[b][ib]))

    def shared_terms(self, i: int, j: int, n: int = 3) -> list[str]:
        """The terms that contribute most to the similarity of papers i and j."""
        m = self.matrix
        a, b = slice(m.indptr[i], m.indptr[i + 1]), slice(m.indptr[j], m.indptr[j + 1])
        common, ia, ib = np.intersect1d(m.indices[a], m.indices[b], assume_unique=True, return_indices=True)
        products = (m.data[a][ia] * m.data[b][ib]).tolist()
        ranked = sorted((-w, self.vocabulary[t]) for w, t in zip(products, common.tolist()))
        return [t for _, t in ranked[:n]]


def tokens(text: str) -> list[str]:
    """Lowercase content words of a text, stopwords and numbers removed."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS and len(t) > 2]


def vectorize(papers: list[Paper] | tuple[Paper, ...]) -> Vectors:
    """TF-IDF rows over title (weighted) and abstract, normalised to unit length."""
    counts = [Counter(tokens(p.title) * TITLE_WEIGHT + tokens(p.text)) for p in papers]
    df = Counter(term for c in counts for term in c)
    n = len(papers)
    limit = max(2, MAX_DOCUMENT_SHARE * n)
    vocabulary = tuple(sorted(t for t, d in df.items() if d <= limit))
    index = {t: i for i, t in enumerate(vocabulary)}
    idf = {t: 1 + math.log((1 + n) / (1 + df[t])) for t in vocabulary}
    indptr: list[int] = [0]
    indices: list[int] = []
    data: list[float] = []
    for c in counts:
        row = sorted((index[t], (1 + math.log(k)) * idf[t]) for t, k in c.items() if t in index)
        norm = math.sqrt(sum(w * w for _, w in row)) or 1.0
        indices.extend(t for t, _ in row)
        data.extend(w / norm for _, w in row)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                                np.array(indptr, dtype=np.int64)), shape=(n, len(vocabulary)))
    return Vectors(matrix, vocabulary)


def _strongest(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Each row keeping only its k largest weights."""
    indptr, indices, data = [0], [], []
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        row_data = matrix.data[start:end]
        keep = np.argsort(-row_data, kind="stable")[:k] if end - start > k else np.arange(end - start)
        keep.sort()
        indices.extend(matrix.indices[start:end][keep])
        data.extend(row_data[keep])
        indptr.append(len(indices))
    return sparse.csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64),
                              np.array(indptr, dtype=np.int64)), shape=matrix.shape)


def similar_papers(vectors: Vectors, k: int = RELATED_PER_PAPER) -> list[list[tuple[int, float]]]:
    """For each paper, the k most similar others as (index, cosine), best first."""
    matrix = vectors.matrix
    n = matrix.shape[0]
    # Candidates come from each paper's strongest terms that are not too common: a term
    # in thousands of papers would make every one of them a candidate of every other
    # (quadratic), and says little about which are alike. Exact scores use every term.
    postings = np.bincount(matrix.indices, minlength=matrix.shape[1])
    proposing = matrix
    if (postings > CANDIDATE_POSTINGS).any():
        proposing = (matrix @ sparse.diags((postings <= CANDIDATE_POSTINGS).astype(np.float64))).tocsr()
        proposing.eliminate_zeros()
        proposing.sort_indices()  # ties between equal weights break by term, as in `matrix`
    strongest = _strongest(proposing, CANDIDATE_TERMS)
    transposed = matrix.T.tocsr()
    dense = np.zeros(matrix.shape[1])  # one paper's vector, scattered; reused for every paper
    result: list[list[tuple[int, float]]] = []
    for start in range(0, n, CHUNK):
        approx = (strongest[start:start + CHUNK] @ transposed).tocsr()
        for r in range(approx.shape[0]):
            i = start + r
            s, e = approx.indptr[r], approx.indptr[r + 1]
            cols, vals = approx.indices[s:e], approx.data[s:e]
            keep = cols != i
            cols, vals = cols[keep], vals[keep]
            if len(cols) > CANDIDATES:
                best = np.argpartition(-vals, CANDIDATES)[:CANDIDATES]
                cols = cols[best]
            if len(cols) == 0:
                result.append([])
                continue
            exact = _dots(matrix, i, cols, dense)
            ranked = sorted(zip(exact.tolist(), cols.tolist()), key=lambda sc: (-sc[0], sc[1]))
            result.append([(j, score) for score, j in ranked[:k] if score > 0])
    return result


def _dots(matrix: sparse.csr_matrix, i: int, rows: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """Exact dot products of row i with the given rows, straight from the CSR arrays."""
    s, e = matrix.indptr[i], matrix.indptr[i + 1]
    dense[matrix.indices[s:e]] = matrix.data[s:e]
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = ends - starts
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    positions = np.repeat(starts - offsets, lengths) + np.arange(lengths.sum())
    products = matrix.data[positions] * dense[matrix.indices[positions]]
    dense[matrix.indices[s:e]] = 0.0
    sums = np.add.reduceat(products, offsets) if len(products) else np.zeros(len(rows))
    return np.where(lengths > 0, sums, 0.0)


def related_papers(papers: list[Paper], vectors: Vectors, topic_names: dict[str, str],
                   k: int = RELATED_PER_PAPER, jobs: int = 1) -> list[tuple[Related, ...]]:
    """For each paper, the k most similar others, each with the reason (worded on up to `jobs` processes)."""
    order = {pid: n for n, pid in enumerate(sorted(p.id for p in papers))}
    neighbours = similar_papers(vectors, k + 2)

    def related_to(i: int) -> tuple[Related, ...]:
        ranked = sorted(neighbours[i], key=lambda js: (-round(js[1], 12), order[papers[js[0]].id]))[:k]
        return tuple(Related(papers[j].id, round(score, 4),
                             _reason(papers[i], papers[j], vectors.shared_terms(i, j, REASON_CANDIDATES), topic_names))
                     for j, score in ranked)

    return map_in_order(related_to, range(len(papers)), jobs)


# Words that weigh in the similarity but tell a reader nothing about what two papers share.
REASON_FILLER = frozenset("""
come comes coming key keys property properties gain gains number numbers fast faster flexible scalable
content interactions ability abilities capability capabilities strong stronger better high higher low lower
improved improve improves improving benefit benefits remarkable superior lead leads leading crucial
important widely wide great good potential powerful impressive promising substantial competitive compared
comparable consistently notably particular particularly general generally range variety diverse level levels
setting settings problem problems challenge challenges challenging issue issues limited limitation
limitations manner fashion extensive experiments global dynamic previously scale
""".split())
REASON_TERMS = 3
REASON_CANDIDATES = 8


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A word's singular, for telling "gaussian" and "gaussians" apart from different words."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 12)  # each paper is compared with its ten or so candidates
def _spaced_lower(title: str, text: str) -> str:
    return f" {(title + ' ' + text).lower()} "


def reason_terms(a: Paper, b: Paper, terms: list[str], n: int = REASON_TERMS) -> list[str]:
    """What two papers share, for a reader: no filler, one word per stem, and a phrase where two
    shared words stand together in both papers ("state space", "post-training quantization")."""
    words = [t for t in terms if t not in REASON_FILLER]
    texts = [_spaced_lower(p.title, p.text) for p in (a, b)]
    out: list[str] = []
    used: set[str] = set()
    for k, word in enumerate(words):
        if _stem(word) in used:
            continue
        phrase = next((f"{x} {y}" for x, y in ((word, o) for o in words[k + 1:]) if _stem(y) not in used
                       and all(f" {x} {y}" in t for t in texts)), None) or next(
            (f"{o} {word}" for o in words[k + 1:] if _stem(o) not in used
             and all(f" {o} {word}" in t for t in texts)), None)
        parts = phrase.split() if phrase else [word]
        used.update(_stem(w) for w in parts)
        out.append(phrase or word)
        if len(out) == n:
            break
    return out


def _reason(a: Paper, b: Paper, terms: list[str], topic_names: dict[str, str]) -> str:
    parts = []
    topics = [topic_names[t] for t in a.topics if t in b.topics and t in topic_names]
    if topics:
        parts.append("both about " + ", ".join(topics[:3]))
    shown = reason_terms(a, b, terms)
    if shown:
        parts.append("shared terms: " + ", ".join(shown))
    return "; ".join(parts) or "similar wording"


def key_terms(members: list[int], vectors: Vectors, n: int = 12) -> list[str]:
    """The terms that most distinguish a group of papers (summed TF-IDF weight)."""
    if not members:
        return []
    rows = vectors.matrix[sorted(members)]
    total = np.asarray(rows.sum(axis=0)).ravel()
    spread = np.asarray((rows > 0).sum(axis=0)).ravel()
    # A key term must be shared: a word of one paper does not describe a topic.
    candidates = np.nonzero(spread >= min(3, len(members)))[0]
    ranked = sorted(candidates.tolist(), key=lambda t: (-round(float(total[t]), 12), vectors.vocabulary[t]))
    return [vectors.vocabulary[t] for t in ranked[:n]]
