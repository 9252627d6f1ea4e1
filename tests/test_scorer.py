"""The learned scorer's text embeddings (generator/scorer.py): tokenized a piece at a time,
with the ids the tokenizer itself gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from generator.scorer import Embedder


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def whole(embedder: Embedder, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in embedder.tokenizer.encode_batch(texts, add_special_tokens=False)]


def test_the_shipped_tokenizer_is_cut_into_pieces(embedder: Embedder) -> None:
    """Its settings are those the shortcut rests on; were they not, it would not be taken."""
    assert embedder._by_piece


def test_the_real_corpus_tokenizes_as_the_tokenizer_does(embedder: Embedder, real_corpus) -> None:
    texts = [f"{p.title}. {p.text}" for p in real_corpus.papers]
    assert embedder.token_ids(texts) == whole(embedder, texts)


# Spaces in runs, the metaspace itself, other white space, letters the vocabulary lacks
# (byte fallback), accents, ligatures and emoji.
_BITS = [" ", "  ", "\u2581", "\u2581\u2581", "\n", "\t", "\u00a0", "a", "the", "Transformer", "ViT-B/16", "é", "ß",
         "\ufb01", "日本", "😀", "\x00", "\u200b", "(", ".", "42"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_BITS), max_size=12).map("".join), max_size=5))
def test_any_text_tokenizes_as_the_tokenizer_does(embedder: Embedder, texts: list[str]) -> None:
    assert embedder.token_ids(texts) == whole(embedder, texts)
