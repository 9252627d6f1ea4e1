"""Learned topic scores: tags that read past the rules' words, never graded by a paper's own label.

Each paper is a row of features: the rules' evidence for every topic (a title match, the
abstract's weighted score, and whether the rule fired), the TF-IDF row the related-papers stage uses,
and a static sentence embedding. One ridge regression per topic, all solved together, learns
from the hand labels in `corpus/topic_labels.yaml` what a careful reader files under each topic:
how far to trust each rule, and which words and meanings the rules do not name.

Cross-fitting keeps a paper's own label out of its own tags. Labelled papers fall into FOLDS
groups by a hash of their id, and each is scored by the model fitted on the other groups, so
changing one label never moves that paper's tags. Papers without a label are scored by the
model fitted on all labels.

Ridge rather than logistic regression: on the 300 labelled papers both measured the same in
five-fold cross-validation (micro-F1 0.83 and 0.82), and ridge is one linear solve per fold for
all topics at once instead of an iterative fit per topic, so scoring costs milliseconds.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from .topics import Evidence

# Labelled papers are split into this many groups for cross-fitting.
FOLDS = 5
# The ridge penalty, and the scores at which a topic is given: lower where a rule found its
# words, higher where only the learned score speaks (its reason is weaker too). All chosen by
# five-fold cross-validation on the labels; tests/test_topics.py prints the resulting quality.
PENALTY = 1.0
WITH_RULE = 0.35
WITHOUT_RULE = 0.5
# A paper no topic reaches gets its best one, when it scores at least this: a paper on no topic
# page is lost to readers who browse by topic.
FALLBACK = 0.2
# The embedding's weight beside the unit-length TF-IDF row.
EMBEDDING_WEIGHT = 2.0
# How many of the nearest papers tagged with a topic a reason names.
NEIGHBOURS = 3


@dataclass(frozen=True, slots=True)
class Scores:
    """Per paper and topic, the learned score; per paper, the labelled papers its model saw."""

    scores: np.ndarray  # papers x topics
    ruled: np.ndarray  # papers x topics: True where a rule tagged the paper
    similarity: np.ndarray  # papers x labelled papers: inner products of their feature rows
    labelled: np.ndarray  # the paper index of each labelled paper (columns of `similarity`)
    fold: np.ndarray  # per paper: its fold if labelled, else -1
    label_matrix: np.ndarray  # labelled papers x topics, True where the label has the topic

    def given(self, i: int) -> list[int]:
        """The topics paper i gets."""
        row = self.scores[i]
        topics = np.flatnonzero(row >= np.where(self.ruled[i], WITH_RULE, WITHOUT_RULE)).tolist()
        if not topics and len(row) and row.max() >= FALLBACK:
            topics = [int(row.argmax())]
        return topics

    def nearest(self, i: int, t: int, n: int = NEIGHBOURS) -> list[int]:
        """The papers labelled with topic t that paper i reads most like, among those its model saw."""
        seen = (self.fold[self.labelled] != self.fold[i]) if self.fold[i] >= 0 else np.ones(len(self.labelled), bool)
        candidates = np.flatnonzero(seen & self.label_matrix[:, t] & (self.labelled != i))
        order = sorted(candidates.tolist(), key=lambda c: (-self.similarity[i, c], int(self.labelled[c])))
        return [int(self.labelled[c]) for c in order[:n]]


def fold_of(paper_id: str) -> int:
    """A labelled paper's group: a hash of its id, so it stays put as the corpus grows."""
    return int(hashlib.sha1(paper_id.encode()).hexdigest()[:8], 16) % FOLDS


def score(evidence: list[Evidence], tfidf: sparse.csr_matrix, embeddings: np.ndarray,
          labels: dict[int, frozenset[int]], topic_ids: list[str], folds: dict[int, int]) -> Scores | None:
    """Cross-fitted scores of every paper for every topic; None without labels to learn from.

    `labels` maps a paper index to the topic indexes of its hand label, `folds` a labelled
    paper index to its group.
    """
    if not labels:
        return None
    n_topics = len(topic_ids)
    ruled = np.array([[t in tagged for t in topic_ids] for tagged in ({t.topic for t in e.tags} for e in evidence)],
                     dtype=bool).reshape(len(evidence), n_topics)
    rules = np.array([[v for t in range(n_topics) for v in (float(e.in_title[t]), np.log1p(e.in_abstract[t]),
                                                              float(e.in_title[t] or e.in_abstract[t] > 0))]
                      for e in evidence], dtype=np.float64)
    labelled = np.array(sorted(labels))
    y = np.zeros((len(labelled), n_topics))
    for row, i in enumerate(labelled):
        y[row, sorted(labels[i])] = 1.0
    # Inner products of the feature rows [TF-IDF | rules | weighted embedding], block by block:
    # the sparse block sparsely, the dense ones densely.
    dense = np.hstack([rules, embeddings.astype(np.float64) * EMBEDDING_WEIGHT])
    similarity = (tfidf @ tfidf[labelled].T).toarray() + dense @ dense[labelled].T
    coordinates = _span_coordinates(similarity, labelled)
    fold = np.full(len(evidence), -1)
    for i, f in folds.items():
        fold[i] = f
    scores = np.empty((len(evidence), n_topics))
    everyone = _fit(coordinates[labelled], y)
    scores[:] = _predict(coordinates, everyone)
    for f in sorted(set(folds.values())):
        held = fold[labelled] == f
        model = _fit(coordinates[labelled[~held]], y[~held])
        scores[labelled[held]] = _predict(coordinates[labelled[held]], model)
    return Scores(scores, ruled, similarity, labelled, fold, y.astype(bool))


def _span_coordinates(similarity: np.ndarray, labelled: np.ndarray) -> np.ndarray:
    """Every paper's coordinates in the span of the labelled papers' feature rows.

    The rows have tens of thousands of columns and there are a few hundred labels. A ridge
    solution lies in the span of the rows it is fitted on, so projecting every row onto the
    labelled rows' span (through the eigenvectors of their Gram matrix) changes no score,
    and the regression is then solved in at most as many dimensions as there are labels.
    """
    gram = similarity[labelled]
    values, vectors = np.linalg.eigh((gram + gram.T) / 2)
    keep = values > 1e-9 * max(values.max(), 1e-12)
    projected: np.ndarray = similarity @ (vectors[:, keep] / np.sqrt(values[keep]))
    return projected


def _fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ridge weights (the last row the unpenalised intercept) for every topic at once."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    penalty = PENALTY * np.eye(x1.shape[1])
    penalty[-1, -1] = 0.0
    weights: np.ndarray = np.linalg.solve(x1.T @ x1 + penalty, x1.T @ y)
    return weights


def _predict(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scores: np.ndarray = x @ weights[:-1] + weights[-1]
    return scores


class Embedder:
    """Static sentence embeddings: the mean of wordllama's token vectors, at unit length.

    wordllama's wheel ships its weights and tokenizer, so nothing is downloaded. Its own
    `WordLlama.load()` is not used: version 0.4.0.post1 looks for the shipped tokenizer under
    `tokenizer/` while the wheel has it under `tokenizers/`, so it tries to download it, and
    importing the package costs half a second (pydantic, requests). This is the same
    computation as its `embed()`: average pooling of the token vectors, then normalising.
    """

    MODEL = "l2_supercat"

    def __init__(self) -> None:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        spec = importlib.util.find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("wordllama is not installed; run `make site` to install the dependencies")
        root = Path(next(iter(spec.submodule_search_locations)))
        config = (root / "tokenizers" / f"{self.MODEL}_tokenizer_config.json").read_text(encoding="utf-8")
        self.tokenizer = Tokenizer.from_str(config)
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self._by_piece = _piecewise(json.loads(config))
        with safe_open(str(root / "weights" / f"{self.MODEL}_256.safetensors"), framework="np") as weights:
            self.table = weights.get_tensor("embedding.weight").astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text (zeros for a text with no tokens)."""
        encodings = self.token_ids(texts)
        lengths = np.array([len(ids) for ids in encodings], dtype=np.int64)
        # Token counts per text times the table: every text's sum of token vectors in one product.
        ids = np.clip(np.concatenate(encodings).astype(np.int64) if lengths.sum() else np.zeros(0, np.int64),
                      0, len(self.table) - 1)
        counts = sparse.csr_matrix((np.ones(len(ids), np.float32), (np.repeat(np.arange(len(texts)), lengths), ids)),
                                   shape=(len(texts), len(self.table)))
        out = np.asarray(counts @ self.table, dtype=np.float32) / np.maximum(lengths, 1)[:, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """The tokenizer's ids of each text (without special tokens), a piece at a time.

        The tokenizer writes a text as "▁" + the text with its spaces as "▁", then runs BPE on
        the whole of it, at about 1 ms a paper, on one core.
        No token of its vocabulary has a "▁" after another character but in a run of "▁", so no
        merge joins a character to a "▁" after it: cut there, each piece is tokenized alone,
        and the same pieces recur across papers, so each is tokenized once. Taken only when the
        tokenizer's settings are those this reasoning rests on (`_piecewise`).
        """
        if not self._by_piece:
            return [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]
        model, known = self.tokenizer.model, dict[str, list[int]]()
        out = []
        for text in texts:
            ids: list[int] = []
            for piece in _PIECE.findall("\u2581" + text.replace(" ", "\u2581")) if text else ():
                got = known.get(piece)
                if got is None:
                    got = known[piece] = [token.id for token in model.tokenize(piece)]
                ids.extend(got)
            out.append(ids)
        return out


# A run of "▁" and the characters up to the next "▁", or a run of "▁" at the end.
_PIECE = re.compile("\u2581*[^\u2581]+|\u2581+")


def _piecewise(settings: dict[str, Any]) -> bool:
    """Whether `Embedder.token_ids` may cut texts into pieces for this tokenizer: its normalizer
    only prepends "▁" and writes spaces as "▁", it has no pre-tokenizer, and no token of its
    vocabulary holds a "▁" after another character but in a run of "▁". `settings`: its JSON."""
    model = settings.get("model") or {}
    normalizer = {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                                       {"type": "Replace", "pattern": {"String": " "},
                                                        "content": "\u2581"}]}
    inner = [t for t in model.get("vocab", {}) if "\u2581" in t.lstrip("\u2581") and t.strip("\u2581")]
    ok = (settings.get("normalizer") == normalizer and settings.get("pre_tokenizer") is None
          and model.get("type") == "BPE" and not inner)
    return bool(ok)
