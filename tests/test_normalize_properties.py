"""Properties of the normal forms that decide which records are one paper, and of slugs.

Deduplication compares `text_key`s and shingle sets, and every page's URL is a slug: a
counterexample here is a merge that should not happen, or a page at a bad address.
"""

from __future__ import annotations

import re
import string

from hypothesis import given, strategies as st

from generator.normalize import SLUG_MAX, containment, fold, jaccard, shingles, slugify, text_key, words

WORDS = st.lists(st.text(string.ascii_letters + string.digits, min_size=1, max_size=12), min_size=0, max_size=12)
SEPARATORS = st.text(" \t\n.,;:!?()[]{}-_/'\"*", min_size=1, max_size=3)
ANY_TEXT = st.text(max_size=200)
SHINGLES = st.frozensets(st.text(string.ascii_lowercase, min_size=1, max_size=3), max_size=12)


@given(ANY_TEXT)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(ANY_TEXT)
def test_a_key_is_its_own_key(text: str) -> None:
    key = text_key(text)
    assert text_key(key) == key
    assert re.fullmatch(r"(?:[a-z0-9]+(?: [a-z0-9]+)*)?", key)


@given(WORDS, st.data())
def test_case_punctuation_and_spacing_do_not_change_the_key(parts: list[str], data: st.DataObject) -> None:
    plain = " ".join(parts)
    noisy = "".join(data.draw(SEPARATORS) + (w.upper() if data.draw(st.booleans()) else w) for w in parts)
    assert text_key(noisy + data.draw(SEPARATORS)) == text_key(plain) == " ".join(w.lower() for w in parts)


@given(WORDS, WORDS)
def test_different_words_give_different_keys(a: list[str], b: list[str]) -> None:
    """No two texts with other words share a key: a key never merges two different titles."""
    if [w.lower() for w in a] != [w.lower() for w in b]:
        assert text_key(" ".join(a)) != text_key(" ".join(b))


@given(ANY_TEXT, st.integers(min_value=1, max_value=SLUG_MAX))
def test_a_slug_is_a_short_lowercase_path_segment(title: str, limit: int) -> None:
    slug = slugify(title, limit)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= limit


@given(ANY_TEXT)
def test_a_slug_depends_only_on_the_key(title: str) -> None:
    assert slugify(title) == slugify(text_key(title) or title)


@given(WORDS)
def test_a_slug_is_the_titles_first_words(parts: list[str]) -> None:
    slug = slugify(" ".join(parts))
    folded = [w.lower() for w in parts]
    if folded and len(folded[0]) <= SLUG_MAX:
        assert folded[: len(slug.split("-"))] == slug.split("-")


@given(ANY_TEXT, st.integers(min_value=1, max_value=4))
def test_shingles_are_runs_of_words_of_the_text(text: str, size: int) -> None:
    found = words(text)
    for shingle in shingles(text, size):
        run = shingle.split(" ")
        assert len(run) == min(size, len(found)) or len(found) < size
        assert any(found[i:i + len(run)] == run for i in range(len(found)))


@given(SHINGLES, SHINGLES)
def test_jaccard_and_containment_are_shares(a: frozenset[str], b: frozenset[str]) -> None:
    assert jaccard(a, b) == jaccard(b, a)
    assert containment(a, b) == containment(b, a)
    assert 0.0 <= jaccard(a, b) <= containment(a, b) <= 1.0
    if a and a == b:
        assert jaccard(a, b) == containment(a, b) == 1.0
