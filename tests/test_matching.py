"""Strict matching (matching.py) and the cache file (resolved.py): pure functions, no network."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.config import load_yaml
from generator.errors import ConfigError
from generator.matching import Candidate, Shown, decide, match_key
from generator.model import PaperFacts, RepoFacts
from generator.model import Resolved
from generator.resolved import parse_resolved, resolved_yaml

VIT = "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"


@pytest.mark.parametrize("ours, theirs", [
    (VIT, "An Image is Worth 16x16 Words: Transformers for Image Recognition at\n  Scale"),
    ("PixArt-α: Fast Training of Diffusion Transformer", r"PixArt-$\alpha$: Fast Training of Diffusion Transformer"),
    ("Attention Is All You Need", "attention is all you need."),
    ("Q-ViT: Accurate and Fully Quantized Low-bit Vision Transformer",
     r"{Q-ViT}: Accurate and Fully Quantized Low-bit Vision Transformer"),
    ("50% Sparse Attention", "50% Sparse Attention"),
])
def test_titles_that_differ_only_in_case_punctuation_spacing_or_latex_match(ours, theirs):
    assert match_key(ours) == match_key(theirs)


@pytest.mark.parametrize("ours, theirs", [
    (VIT, "An Image is Worth 16x16 Words, What is a Video Worth?"),
    ("Scaling Vision Transformers", "Scaling Vision Transformers to 22 Billion Parameters"),
    ("DiT: Diffusion Transformers", "DiT 2: Diffusion Transformers"),
])
def test_different_titles_do_not_match(ours, theirs):
    assert match_key(ours) != match_key(theirs)


def candidate(title: str = VIT, arxiv_id: str = "2010.11929", authors: int = 12,
              published: dt.date = dt.date(2020, 10, 22)) -> Candidate:
    return Candidate("arxiv", title, arxiv_id, tuple(f"Author {n}" for n in range(authors)), published)


@pytest.mark.parametrize("shown, found, status, why", [
    (Shown(VIT), [candidate()], "resolved", None),
    (Shown(VIT, authors=12, date=dt.date(2020, 10, 23)), [candidate()], "resolved", None),
    (Shown(VIT, authors=3), [candidate()], "unresolved", "the capture shows 3 authors, arxiv lists 12"),
    (Shown(VIT, author_names=tuple("abcdefghijklmn")), [candidate()], "unresolved", "names 14 authors"),
    (Shown(VIT, date=dt.date(2019, 5, 1)), [candidate()], "unresolved", "before arxiv's publication date"),
    (Shown(VIT, refused=frozenset({"2010.11929"})), [candidate()], "unresolved", "refused"),
    (Shown(VIT), [candidate("An Image is Worth 16x16 Words, What is a Video Worth?", "2103.13915")],
     "unresolved", "the title differs"),
    (Shown(VIT), [candidate(), candidate(arxiv_id="2999.00001")], "unresolved", "several papers share this title"),
    (Shown(VIT), [candidate("Denoising Diffusion Probabilistic Models", "2006.11239")], "absent", None),
    (Shown(VIT), [], "absent", None),
])
def test_decide_accepts_only_a_strict_unambiguous_match(shown, found, status, why):
    decision = decide(shown, found)
    assert decision.status == status
    if why:
        assert any(why in reason for _, reason in decision.candidates)
    if status == "resolved":
        assert decision.accepted.arxiv_id == "2010.11929"


def test_the_same_paper_from_two_services_is_one_match():
    hf = Candidate("huggingface", VIT, "2010.11929", (), dt.date(2020, 10, 22), on_huggingface=True)
    assert decide(Shown(VIT), [candidate(), hf]).status == "resolved"


def test_the_cache_round_trips_in_a_stable_order():
    day = dt.date(2026, 12, 1)
    cache = Resolved()
    for paper_id in ("zeta", "alpha", "mid"):
        cache = cache.with_paper(PaperFacts(paper_id, paper_id.title(), "resolved", day, "arxiv", "2010.11929",
                                            ("A. Person",), dt.date(2020, 10, 22)))
    cache = cache.with_repository(RepoFacts("https://github.com/b/b", day, "ok", 5))
    cache = cache.with_repository(RepoFacts("https://github.com/A/a", day, "renamed", 1, moved_to="https://github.com/a/c"))
    text = resolved_yaml(cache)
    assert text.index("id: alpha") < text.index("id: mid") < text.index("id: zeta")
    assert text.index("github.com/A/a") < text.index("github.com/b/b")
    again = parse_resolved(load_yaml(text, "resolved.yaml"))
    assert resolved_yaml(again) == text
    assert again.repository("https://github.com/a/a/").status == "renamed"


@pytest.mark.parametrize("text, message", [
    ("papers:\n  - id: x\n    title: X\n    status: maybe\n    checked: 2026-12-01\n", "`status: maybe` is not one of"),
    ("papers:\n  - id: x\n    title: X\n    status: resolved\n", "an entry needs `checked`"),
    ("papers:\n  - id: x\n    title: X\n    status: resolved\n    checked: 2026-12-01\n    arxiv_id: 12\n",
     "`arxiv_id` has the wrong type"),
    ("papers:\n  - id: x\n    title: X\n    status: resolved\n    checked: 2026-12-01\n    arxiv_id: 'nope'\n",
     "is not an arXiv id"),
    ("version: 2\n", "version 2 is not 1"),
    ("- a list\n", "expected a mapping"),
])
def test_a_malformed_cache_is_an_error_at_its_line(text, message):
    with pytest.raises(ConfigError) as err:
        parse_resolved(load_yaml(text, "corpus/resolved.yaml"), "corpus/resolved.yaml")
    assert message in str(err.value) and str(err.value).startswith("corpus/resolved.yaml:")
