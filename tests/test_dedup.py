"""Deduplication: what merges, what stays apart, curation, and its invariants."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.dedup import deduplicate, group_records
from generator.errors import CurationError
from generator.model import Alike, Apart, Capture, Curation, CurationEntry, Record, SourceRef

ABSTRACT = ("We present a transformer for dense prediction that mixes local windows with global "
            "tokens. It reaches strong accuracy on segmentation and detection benchmarks while "
            "costing less than previous backbones. Code is available at https://github.com/x/y.")
OTHER = ("Diffusion models generate images by denoising. We study their latent space and find "
         "directions that edit attributes such as age and pose without retraining the model.")
_line = iter(range(1, 10**6))


def rec(title: str, abstract: str = ABSTRACT, file: str = "a.txt", **fields) -> Record:
    return Record(SourceRef(file, next(_line)), title, abstract, **fields)


def groups_of(records: list[Record], curation: Curation = Curation()) -> set[frozenset[SourceRef]]:
    return {frozenset(r.ref for r in g) for g in group_records(records, curation).groups}


def corpus_of(records: list[Record], curation: Curation = Curation()):
    return deduplicate([Capture("a.txt", tuple(records), (), ())], curation)


@pytest.mark.parametrize("variant", [
    "swin transformer: hierarchical vision transformer using shifted windows",
    "SWIN TRANSFORMER: HIERARCHICAL VISION TRANSFORMER USING SHIFTED WINDOWS",
    "Swin Transformer - Hierarchical Vision Transformer using Shifted Windows.",
    "  Swin   Transformer: Hierarchical Vision\tTransformer using Shifted Windows ",
    "Swin Transformer: Hierarchical Vision Transformer Using Shifted-Windows",
])
def test_title_variants_merge(variant: str) -> None:
    a = rec("Swin Transformer: Hierarchical Vision Transformer using Shifted Windows")
    b = rec(variant)
    assert groups_of([a, b]) == {frozenset({a.ref, b.ref})}


@pytest.mark.parametrize("abstract", [
    ABSTRACT.replace("benchmarks", "benchmark"),  # a fixed typo
    ABSTRACT.replace(" ", "  "),  # spacing
    ABSTRACT[:180],  # truncated by the listing
    ABSTRACT.lower(),
    ABSTRACT.replace("Code is available", "Our code is publicly available"),
])
def test_abstract_variants_of_the_same_title_merge(abstract: str) -> None:
    a, b = rec("Dense Mixer"), rec("Dense Mixer", abstract)
    assert len(groups_of([a, b])) == 1


def test_same_title_with_unrelated_abstracts_stays_apart_as_near_duplicate() -> None:
    a, b = rec("Denoising Vision Transformers"), rec("Denoising Vision Transformers", OTHER)
    corpus = corpus_of([a, b])
    assert len(corpus.papers) == 2
    (pair,) = corpus.near_duplicates
    assert pair.kind == "near-duplicate" and "same title" in pair.reason
    assert len({p.id for p in corpus.papers}) == 2


def test_a_v2_sharing_its_opening_stays_apart_and_is_linked_as_version() -> None:
    v1 = rec("FiT: Flexible Vision Transformer for Diffusion Model")
    v2 = rec("FiTv2: Scalable and Improved Flexible Vision Transformer for Diffusion Model",
             ABSTRACT[:120] + " In this v2 we add new training recipes and scale to larger models.")
    corpus = corpus_of([v1, v2])
    assert len(corpus.papers) == 2
    (pair,) = corpus.near_duplicates
    assert pair.kind == "version"


def test_same_arxiv_id_merges_even_across_titles() -> None:
    a = rec("Old Title of the Paper", arxiv_id="2401.00001")
    b = rec("New Title After Revision", arxiv_id="2401.00001")  # the abstract tells the same paper
    assert len(groups_of([a, b])) == 1
    c = rec("Dense Prediction Transformer", OTHER, arxiv_id="2401.00002")
    d = rec("Dense Prediction Transformers, Revised", arxiv_id="2401.00002")  # the titles overlap
    assert len(groups_of([c, d])) == 1


def test_same_arxiv_id_with_nothing_else_in_common_is_kept_apart_and_reported() -> None:
    a = rec("Old Title of the Paper", arxiv_id="2401.00001")
    b = rec("New Title After Revision", OTHER, arxiv_id="2401.00001")
    grouping = group_records([a, b])
    assert len(grouping.groups) == 2
    (kept,) = grouping.kept_apart
    assert (kept.first, kept.second, kept.alike, kept.apart) == (a.ref, b.ref, Alike.ARXIV_ID, Apart.DIFFERENT_WORK)
    assert "same arXiv id 2401.00001" in kept.reason and "wrong id" in kept.reason


def test_different_arxiv_ids_never_merge() -> None:
    a = rec("Same Title", arxiv_id="2401.00001")
    b = rec("Same Title", arxiv_id="2401.00002")
    c = rec("Same Title")  # no id: may join one of them, never both
    groups = groups_of([a, b, c])
    assert len(groups) == 2 and not any({a.ref, b.ref} <= g for g in groups)


def test_identical_long_abstract_merges_a_retitled_paper() -> None:
    a, b = rec("A Title", ABSTRACT + " " + OTHER), rec("A Completely Different Title", ABSTRACT + " " + OTHER)
    assert len(groups_of([a, b])) == 1


def test_merge_keeps_every_source_and_the_best_known_fields() -> None:
    a = rec("Dense Mixer", file="a.txt")
    b = rec("Dense Mixer", file="b.txt", authors=7, date=dt.date(2024, 5, 1), date_text="May 1, 2024")
    c = rec("dense mixer", file="c.txt", upvotes=3)
    d = rec("Dense Mixer", file="d.txt", upvotes=9)
    (paper,) = corpus_of([a, b, c, d]).papers
    assert set(paper.sources) == {a.ref, b.ref, c.ref, d.ref}
    assert (paper.title, paper.authors, paper.date, paper.upvotes) == ("Dense Mixer", 7, dt.date(2024, 5, 1), 9)


def test_conflicting_metadata_is_reported_not_hidden() -> None:
    a = rec("Dense Mixer", authors=7)
    b = rec("Dense Mixer", authors=8)
    (paper,) = corpus_of([a, b]).papers
    (conflict,) = paper.conflicts
    assert conflict.field == "authors" and {v for v, _ in conflict.values} == {"7", "8"}


def entry(action: str, *records: Record, line: int = 1) -> CurationEntry:
    return CurationEntry(action, tuple(r.ref for r in records), "test", line)


def test_curation_forces_a_merge() -> None:
    a, b = rec("One Title"), rec("Unrelated Other", OTHER)
    assert len(groups_of([a, b], Curation(entries=(entry("merge", a, b),)))) == 1


def test_curation_forces_a_split() -> None:
    a, b = rec("Dense Mixer"), rec("Dense Mixer")
    groups = groups_of([a, b], Curation(entries=(entry("split", a, b),)))
    assert len(groups) == 2


def test_curation_hides_a_record_and_reports_it() -> None:
    a, b = rec("Dense Mixer"), rec("Other Paper", OTHER)
    corpus = corpus_of([a, b], Curation(entries=(entry("hide", b),)))
    assert [p.title for p in corpus.papers] == ["Dense Mixer"]
    assert corpus.rejections[0].ref == b.ref and "hidden" in corpus.rejections[0].reason
    assert corpus.records_read == 2


def test_curation_entry_matching_nothing_is_an_error_with_its_line() -> None:
    a = rec("Dense Mixer")
    ghost = CurationEntry("hide", (SourceRef("a.txt", 999_999),), "typo", 12)
    with pytest.raises(CurationError) as err:
        corpus_of([a], Curation(entries=(ghost,)))
    assert err.value.line == 12 and "a.txt:999999 matches no paper record" in str(err.value)


def test_merge_that_contradicts_a_split_is_an_error() -> None:
    a, b = rec("X Paper"), rec("Y Paper", OTHER)
    curation = Curation(entries=(entry("split", a, b, line=3), entry("merge", a, b, line=7)))
    with pytest.raises(CurationError) as err:
        group_records([a, b], curation)
    assert err.value.line == 7


# -- properties -------------------------------------------------------------

BASES = [
    ("Swin Transformer: Shifted Windows", ABSTRACT),
    ("Denoising Directions in Diffusion", OTHER),
    ("Token Merging for Fast Stable Diffusion", "Token merging speeds up diffusion. " * 6),
    ("Token Merging: Your ViT But Faster", "We merge similar tokens in a vision transformer. " * 6),
    ("Same Name", "Monaural speech separation needs long-range context. We gate a single attention "
                  "head with convolutions and reach the upper bound on standard benchmarks."),
    ("Same Name", "Graph transformers struggle with positional information. We add random-walk "
                  "encodings and a sparse attention pattern, improving molecular property prediction."),
]


def _mutate(draw, title: str, abstract: str) -> tuple[str, str]:
    kind = draw(st.sampled_from(["none", "upper", "lower", "punct", "space", "truncate"]))
    if kind == "upper":
        return title.upper(), abstract
    if kind == "lower":
        return title.lower(), abstract.lower()
    if kind == "punct":
        return title.replace(":", " -") + ".", abstract.replace(",", "")
    if kind == "space":
        return "  " + title.replace(" ", "   "), abstract.replace(" ", "\t")
    if kind == "truncate":
        return title, abstract[: max(120, len(abstract) // 2)]
    return title, abstract


@st.composite
def record_sets(draw) -> list[Record]:
    picks = draw(st.lists(st.sampled_from(range(len(BASES))), min_size=1, max_size=14))
    records = []
    for n, i in enumerate(picks):
        title, abstract = _mutate(draw, *BASES[i])
        arxiv = draw(st.sampled_from([None, None, f"2401.{i:05d}"]))
        # The line number encodes the base paper (line // 1000) for the checks below.
        records.append(Record(SourceRef(f"cap{n % 3}.txt", 1000 * i + n), title, " ".join(abstract.split()),
                              arxiv_id=arxiv))
    return records


@settings(max_examples=150, deadline=None)
@given(record_sets(), st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_input_order(records: list[Record], rnd: random.Random) -> None:
    shuffled = records[:]
    rnd.shuffle(shuffled)
    assert groups_of(shuffled) == groups_of(records)
    assert [p.id for p in corpus_of(shuffled).papers] == [p.id for p in corpus_of(records).papers]


@settings(max_examples=150, deadline=None)
@given(record_sets())
def test_dedup_is_idempotent(records: list[Record]) -> None:
    papers = corpus_of(records).papers
    again = [Record(p.sources[0], p.title, p.abstract, arxiv_id=p.arxiv_id) for p in papers]
    second = corpus_of(again).papers
    assert [(p.id, p.title, p.abstract) for p in second] == [(p.id, p.title, p.abstract) for p in papers]


@settings(max_examples=150, deadline=None)
@given(record_sets())
def test_different_bases_never_merge(records: list[Record]) -> None:
    """Each group holds records of one base paper only: no false merges."""
    for group in groups_of(records):
        assert len({ref.line // 1000 for ref in group}) == 1


# Few words, so that texts share triples, repeat one within a text, and are zero to two words long.
_TEXTS = st.lists(st.lists(st.sampled_from(["vit", "Token", "merge", "ViT", "3d", "merge,", "α"]), max_size=9)
                  .map(" ".join), max_size=12)


@given(_TEXTS)
@settings(max_examples=300, deadline=None)
def test_numbered_triples_are_the_shingle_sets(texts: list[str]) -> None:
    """`triple_columns` must hold exactly the sets `shingles(text, 3)` gives, one column per
    distinct shingle across all texts: near-duplicates are counted from it."""
    from generator.normalize import shingles
    from generator.similar import triple_columns

    rows, cols = triple_columns(texts)
    assert list(rows) == sorted(rows)
    sets = [shingles(text, 3) for text in texts]
    held: list[set[int]] = [set() for _ in texts]
    for row, col in zip(rows.tolist(), cols.tolist()):
        held[row].add(col)
    assert [len(h) for h in held] == [len(s) for s in sets]
    assert len(rows) == sum(len(s) for s in sets)  # one entry per distinct shingle of a text
    # Two texts share a column exactly when they share a shingle.
    for a in range(len(texts)):
        for b in range(len(texts)):
            assert len(held[a] & held[b]) == len(sets[a] & sets[b])
