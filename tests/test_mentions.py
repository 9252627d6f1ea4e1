"""Mentions: a short name is linked only when it clearly identifies one corpus paper."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from generator.mentions import build_index, find_mentions, introduced_names, own_names
from generator.names import title_name
from generator.model import Paper, SourceRef, Tag
from generator.related import vectorize

_n = iter(range(1, 10**6))


def paper(title: str, abstract: str, *topics: str) -> Paper:
    n = next(_n)
    return Paper(id=f"p{n}", title=title, abstract=abstract, sources=(SourceRef("a.txt", n),),
                 tags=tuple(Tag(t, "test") for t in topics))


def links(papers: list[Paper]) -> dict[str, list[str]]:
    found = find_mentions(papers, vectorize(papers), build_index(papers))
    return {p.id: [m.paper_id for m in ms] for p, ms in zip(papers, found) if ms}


MASKGIT = paper("MaskGIT: Masked Generative Image Transformer",
                "We propose MaskGIT, a bidirectional transformer decoder that generates image tokens in "
                "parallel with iterative masked decoding, much faster than autoregressive decoding.",
                "image-generation", "autoregressive")


@pytest.mark.parametrize("title, name", [
    ("MaskGIT: Masked Generative Image Transformer", "MaskGIT"),
    ("Swin Transformer: Hierarchical Vision Transformer using Shifted Windows", "Swin Transformer"),
    ("Toward a Deeper Understanding: RetNet Viewed through Convolution", None),
    ("Stable, Fast and Accurate: Kernelized Attention", None),
    ("A ConvNet for the 2020s", None),
])
def test_title_name(title: str, name: str | None) -> None:
    assert title_name(title) == name


@pytest.mark.parametrize("abstract, names", [
    ("We analyze the scalability of our Diffusion Transformers (DiTs) through the lens", {"DiTs"}),
    ("a generic self-slimmed learning approach for vanilla ViTs, namely SiT. Specifically", {"SiT"}),
    ("We call our model Sliced Recursive Transformer (SReT), a novel design", {"SReT"}),
    ("In this paper we present DeepSpeed Inference, a comprehensive system", set()),
    ("This is based on our observation that sparse characteristics of DiTs exhibit", set()),
    ("our method outperforms DiT by 3 points", set()),
])
def test_introduced_names(abstract: str, names: set[str]) -> None:
    assert introduced_names(abstract) == names


def test_a_field_acronym_is_not_a_papers_name() -> None:
    p = paper("PYRA: Parallel Yielding Re-Activation for Efficient Task Adaptation",
              "Fine-tuning is costly, so a family of methods, namely Parameter-Efficient Fine-Tuning (PEFT), "
              "tunes few parameters. We propose Parallel Yielding Re-Activation (PYRA).")
    assert "PEFT" not in own_names(p) and "PYRA" in own_names(p)


def test_a_unique_name_in_a_related_abstract_is_linked() -> None:
    givt = paper("GIVT: Generative Infinite-Vocabulary Transformers",
                 "Inspired by MaskGIT, we generate image tokens with transformers and masked decoding; "
                 "we show competitive results with MaskGIT on class-conditional image generation.",
                 "image-generation", "autoregressive")
    assert links([MASKGIT, givt]) == {givt.id: [MASKGIT.id, MASKGIT.id]}


def test_a_name_in_an_unrelated_field_is_not_linked() -> None:
    audio = paper("Speech Separation With Gated Heads",
                  "Monaural speech separation of speakers from audio mixtures; unlike MaskGIT in vision, "
                  "our separator works on spectrograms of recorded speech.", "audio-speech")
    assert links([MASKGIT, audio]) == {}


def test_a_paper_that_reuses_a_name_for_its_own_method_is_not_linked() -> None:
    reuse = paper("Efficient Image Generation With Masked Tokens",
                  "We propose MaskGIT, a new masked generative image transformer for fast image generation. "
                  "MaskGIT decodes image tokens in parallel.", "image-generation", "autoregressive")
    assert links([MASKGIT, reuse]) == {}


def test_a_name_two_papers_share_needs_clear_evidence() -> None:
    routing = paper("DiT: Efficient Vision Transformers with Dynamic Token Routing",
                    "We route image tokens dynamically through the layers of vision transformers for "
                    "efficient recognition and detection.", "image-recognition", "token-reduction")
    peebles = paper("Scalable Diffusion Models with Transformers",
                    "We train latent diffusion models with transformers. Our Diffusion Transformers (DiTs) "
                    "scale with compute and reach state-of-the-art FID on class-conditional ImageNet.",
                    "diffusion", "image-generation")
    video = paper("Sparse Attention for Video Diffusion Training",
                  "Training video DiT models with diffusion is slow; we exploit sparse attention in DiT "
                  "layers during video diffusion training.", "diffusion", "video")
    plural = paper("Downsampled Diffusion Transformers",
                   "Diffusion Transformers (DiTs) replace U-Nets in latent diffusion models; we downsample "
                   "tokens in DiTs to scale latent diffusion with transformers at lower compute and FID.",
                   "diffusion", "image-generation")
    found = links([routing, peebles, video, plural])
    assert video.id not in found  # "DiT" alone: two corpus papers have the name, and the evidence is weak
    assert set(found.get(plural.id, [])) <= {peebles.id}  # "DiTs" is only the diffusion paper's name
    assert routing.id not in found.get(plural.id, [])


def test_on_the_real_corpus_no_paper_links_to_itself_and_shared_names_are_rare(real_enriched) -> None:
    corpus = real_enriched
    by_id = {p.id: p for p in corpus.papers}
    for p in corpus.papers:
        assert p.id not in p.mentioned_ids
        for m in p.mentions:
            assert p.abstract[m.start:m.end]  # the linked text is really there
            assert by_id[m.paper_id]
    index = build_index(list(corpus.papers))
    shared = sorted(name for name, owners in index.owners.items() if len(owners) > 1)
    assert len(shared) <= 5, shared


def test_description_names_link_to_papers(real_enriched) -> None:
    from generator.mentions import link_names, title_index
    corpus = real_enriched
    papers = list(corpus.papers)
    text = "Read Swin Transformer and A ConvNet for the 2020s first, then MaskGIT."
    found = [(text[m.start:m.end], m.paper_id) for m in link_names(text, title_index(papers, build_index(papers)))]
    assert [name for name, _ in found] == ["Swin Transformer", "A ConvNet for the 2020s", "MaskGIT"]
    ambiguous = "Diffusion transformers (DiT) and SiT replaced the U-Net."
    assert link_names(ambiguous, title_index(papers, build_index(papers))) == []


def test_names_that_nest_too_deep_for_a_trie_still_match() -> None:
    from generator.names import words_regex

    chain = ["a" * n for n in range(1, 700)]  # each a prefix of the next: a trie nests 700 deep
    pattern = words_regex(chain, r"\b(?:", r")\b")
    assert pattern.search("x " + "a" * 5 + " y").group() == "aaaaa"
    assert words_regex(["DiT", "DiTs", "SiT"], r"\b(?:", r")\b").findall("DiTs and SiT, not DiTx") == ["DiTs", "SiT"]


# Phrases of words, marks and hyphens that start like one another: the cases where the first
# word, the longest phrase and the boundary after it decide.
_PIECES = ["DiT", "DiT-3D", "Swin", "Swin Transformer", "Swin Transformer V2", "Swinformer", "SiT", "(Un)known",
           "x_y", "Mixer", "MLP-Mixer", "ViT", "ViTs", "é-net", "A ConvNet", "A"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8),
       st.lists(st.sampled_from(_PIECES + [" ", "-", ", ", "_", "s", "(", ".", "é", "2"]), max_size=14))
def test_phrases_find_what_the_lookahead_regex_finds(phrases: list[str], parts: list[str]) -> None:
    from generator.names import Phrases, words_regex

    text = "".join(parts)
    found = list(Phrases(phrases).find(text))
    if phrases:
        pattern = words_regex(sorted(set(phrases)), r"(?<![\w-])(?=(", r")(?![\w-]))")
        assert found == [(m.start(), m.group(1)) for m in pattern.finditer(text)]
    else:
        assert found == []


_SCRAPS = ["Sliced", "Recursive", "x", "T2T-ViT", "_pre", "9b", "é", "-", " ", "  ", "\t", "\n", "\u00a0", "\u2003",
           "\x1c", "(", ")", ".", ","]


_WORDLIKE = ["Sliced", "Recursive", "x", "T2T-ViT", "_pre", "9b", "é", "-", "(", ".", "ok,"]
_GAPS = ["", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\x1c"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDLIKE), st.sampled_from(_GAPS)), max_size=10), st.integers(0, 40),
       st.integers(0, 90))
def test_words_before_a_parenthesis_are_what_the_searching_regex_found(pairs: list[tuple[str, str]], start: int,
                                                                        end: int) -> None:
    """`words_before` reads the reversed text; the regex it replaced searched forwards."""
    import re

    from generator.mentions import words_before

    text = "".join(word + gap for word, gap in pairs)
    start, end = min(start, len(text)), min(max(start, end), len(text))
    for stop in (end, len(text)):
        found = re.compile(r"(?:[A-Za-z][\w-]*\s+){1,6}\Z").search(text, start, stop)
        assert words_before(text, start, stop) == (found.group() if found else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SCRAPS), max_size=20), st.integers(0, 60))
def test_the_next_words_are_those_split_gives(parts: list[str], at: int) -> None:
    from generator.mentions import _next_words

    text = "".join(parts)
    assert _next_words(text, at, 7) == text[at:].split(maxsplit=7)[:7]
