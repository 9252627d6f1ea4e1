"""Topic tagging: rule semantics, taxonomy validation, curation, and measured quality."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, FIXTURES
from generator import pipeline
from generator.config import load_yaml, parse_taxonomy
from generator.errors import ConfigError
from generator.topics import tag_paper

TAXONOMY = parse_taxonomy(load_yaml((CORPUS / "taxonomy.yaml").read_text(encoding="utf-8"), "taxonomy.yaml"))
REQUIRED = {
    "task": "image-recognition object-detection segmentation low-level-vision image-generation video 3d-vision "
            "vision-language language audio-speech graphs-science medical theory survey",
    "method": "quantization pruning-sparsity distillation token-reduction efficient-attention architecture-search "
              "diffusion autoregressive state-space mixture-of-experts self-supervised parameter-efficient "
              "hybrid-conv systems",
}
# Quality floors: below the measured values, so a regression fails (see the report in the output).
FLOORS = {"dev": (0.85, 0.80), "held-out": (0.70, 0.70)}


def topics_of(title: str, abstract: str) -> dict[str, str]:
    return {t.topic: t.reason for t in tag_paper(title, abstract, TAXONOMY)}


def test_the_required_topics_exist_in_their_facets() -> None:
    by_id = TAXONOMY.by_id()
    for facet, ids in REQUIRED.items():
        for topic in ids.split():
            assert by_id[topic].facet == facet
            assert len(by_id[topic].description.split(". ")) >= 3, f"{topic}: write several sentences"


def test_a_title_match_tags_and_says_why() -> None:
    tags = topics_of("Post-Training Quantization for Vision Transformers", "We study models. It works.")
    assert tags["quantization"] == "the title says \u201cQuantization\u201d"


def test_a_passing_mention_is_not_a_topic() -> None:
    abstract = ("Unlike diffusion models, our approach generates images in one step. Compared to diffusion "
                "samplers it is fast. We train a GAN with a new discriminator and evaluate FID.")
    assert "diffusion" not in topics_of("A One-Step Generator", abstract)


def test_repeated_mentions_of_the_papers_own_work_tag_it() -> None:
    abstract = "We propose a diffusion model for audio. Our diffusion sampler needs four steps."
    assert "the abstract mentions" in topics_of("A Fast Sampler", abstract)["diffusion"]


def test_an_excluded_phrase_does_not_count() -> None:
    abstract = "We use vector quantization to learn a codebook. Our vector quantization is stable."
    assert "quantization" not in topics_of("Better Tokenizers", abstract)


@pytest.mark.parametrize("change, words", [
    (("facet: task", "facet: colour", 1), "`facet` must be one of task, method"),
    (("id: quantization", "id: Quantization!", 1), "topic `id` must be a lowercase slug"),
    (("min_score: 7", "min_score: lots", 1), "`match.min_score` must be a whole number"),
    (("title: ['quantiz'", "title: ['quantiz(('", 1), "is not a valid regular expression"),
    (("    name: Quantization\n", "    name: Quantization\n    colour: red\n", 1), "unknown key `colour`"),
])
def test_malformed_taxonomy_names_the_key(change, words) -> None:
    old, new, count = change
    text = (CORPUS / "taxonomy.yaml").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ConfigError) as err:
        parse_taxonomy(load_yaml(text.replace(old, new, count), "taxonomy.yaml"), "taxonomy.yaml")
    assert err.value.file == "taxonomy.yaml" and err.value.line and words in str(err.value)


@pytest.fixture(scope="module")
def enriched():
    return pipeline.enrich(pipeline.ingest(CORPUS))


def test_curation_adds_and_removes_topics(project: Path) -> None:
    corpus = pipeline.enrich(pipeline.ingest(project / "corpus"))
    paper = next(p for p in corpus.papers if "quantization" in p.topics)
    (project / "corpus" / "curation.yaml").write_text(
        f"topics:\n  - paper: {paper.id}\n    add: [survey]\n    remove: [quantization]\n"
        f"    reason: checked by hand\n", encoding="utf-8")
    curated = next(p for p in pipeline.enrich(pipeline.ingest(project / "corpus")).papers if p.id == paper.id)
    assert "quantization" not in curated.topics and "survey" in curated.topics
    assert dict((t.topic, t.reason) for t in curated.tags)["survey"].endswith("checked by hand")


def test_curation_with_an_unknown_topic_is_an_error(project: Path) -> None:
    (project / "corpus" / "curation.yaml").write_text(
        "topics:\n  - record: 000_63bd1b1bac2b23e5.txt:11\n    add: [astrology]\n    reason: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        pipeline.enrich(pipeline.ingest(project / "corpus"))
    assert err.value.line == 2 and "unknown topic `astrology`" in str(err.value)


def split_of(paper_id: str) -> str:
    """Half the labelled papers tuned the rules (dev); the other half was never looked at (held-out)."""
    return "dev" if int(hashlib.sha1(paper_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "held-out"


def test_tagging_quality_on_the_hand_labelled_sample(enriched, record_property, tagging_report) -> None:
    labels = yaml.safe_load((FIXTURES / "topic_labels.yaml").read_text(encoding="utf-8"))["papers"]
    by_id = {p.id: p for p in enriched.papers}
    assert set(labels) <= set(by_id), "a labelled paper is no longer in the corpus"
    counts = {s: (Counter(), Counter(), Counter()) for s in ("dev", "held-out", "all")}
    for paper_id, gold in labels.items():
        got = set(by_id[paper_id].topics)
        for s in (split_of(paper_id), "all"):
            tp, fp, fn = counts[s]
            tp.update(got & set(gold))
            fp.update(got - set(gold))
            fn.update(set(gold) - got)
    lines = [f"Topic tagging on {len(labels)} hand-labelled papers (tests/fixtures/topic_labels.yaml):",
             f"{'topic':<22}{'labels':>7}{'precision':>11}{'recall':>8}"]
    tp, fp, fn = counts["all"]
    for topic in TAXONOMY.topics:
        t = topic.id
        p = f"{tp[t] / (tp[t] + fp[t]):.2f}" if tp[t] + fp[t] else "-"
        r = f"{tp[t] / (tp[t] + fn[t]):.2f}" if tp[t] + fn[t] else "-"
        lines.append(f"{t:<22}{tp[t] + fn[t]:>7}{p:>11}{r:>8}")
    micro = {}
    for s, (tp, fp, fn) in counts.items():
        t = sum(tp.values())
        micro[s] = (t / (t + sum(fp.values())), t / (t + sum(fn.values())))
        lines.append(f"micro average, {s:<9} precision {micro[s][0]:.2f}  recall {micro[s][1]:.2f}")
    tagging_report.extend(lines)
    for s, (p_floor, r_floor) in FLOORS.items():
        assert micro[s][0] >= p_floor and micro[s][1] >= r_floor, "\n".join(lines)


def test_the_literal_shortcut_finds_exactly_what_the_regexes_find() -> None:
    """Each rule runs only where the text it starts with occurs; that must change no match.

    Every taxonomy pattern on every real abstract and title, plus texts whose case
    folding changes length or maps letters oddly ("ß", "ſ", "ı", the Kelvin sign).
    """
    from generator.topics import Tagger, _finditer, _fold, _Text

    tagger = Tagger(TAXONOMY)
    papers = pipeline.ingest(CORPUS).papers
    texts = [p.abstract for p in papers] + [p.title for p in papers]
    texts += ["Straße: uſing \u212a-means on ımageNet and 3D detection (BERT, bert) with 4-bit VQ-VAE."]
    rules = [r for t in tagger.rules for r in (*t.title, *t.abstract, *t.exclude)]
    assert sum(r.literal is not None for r in rules) > 0.9 * len(rules)  # the shortcut is really used
    for text in texts:
        folded = _fold(text)
        present = {lit for r in rules if r.literal and r.literal in folded for lit in [r.literal]}
        found = {lit for m in tagger._literals.finditer(folded) for lit in tagger._prefixes[m.group(1)]}
        assert found == present, text[:60]
        for rule in rules:
            if rule.literal is None or rule.literal in present:
                expected = [m.span() for m in rule.pattern.finditer(text)]
                assert [m.span() for m in _finditer(rule, _Text(text, folded, present))] == expected, \
                    (rule.pattern.pattern, text[:60])
            else:
                assert not rule.pattern.search(text), (rule.pattern.pattern, text[:60])
