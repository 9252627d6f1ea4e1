"""Tag papers with topics from the taxonomy's rules, keeping the reason for each tag."""

from __future__ import annotations

import re
from bisect import bisect_right

from .model import Tag, Taxonomy, Topic

# A mention inside such a phrase is about other work, not this paper's subject.
_CONTRAST = re.compile(
    r"\b(?:unlike|compared (?:to|with)|in contrast to|as opposed to|rather than|instead of|without|"
    r"beyond|other than|apart from|outperform\w*|surpass\w*|previous|prior|existing|such as|e\.g\.|"
    r"including|like|inspired by|borrow\w*|popular|recent(?:ly)?|success of)\b[^.;]{0,60}$",
    re.IGNORECASE)
_OWN_WORK = re.compile(r"\b(?:we|our|this (?:paper|work|study|report|survey))\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def tag_paper(title: str, abstract: str, taxonomy: Taxonomy) -> tuple[Tag, ...]:
    """The topics a paper carries, each with the rule that gave it."""
    sentences = _Sentences(abstract)
    tags = []
    for topic in taxonomy.topics:
        reason = _match(topic, title, abstract, sentences)
        if reason:
            tags.append(Tag(topic.id, reason))
    return tuple(tags)


class _Sentences:
    """Where each sentence of an abstract starts, and whether it speaks of the paper's own work."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _SENTENCE.finditer(text)]
        ends = self.starts[1:] + [len(text)]
        self.own = [bool(_OWN_WORK.search(text, s, e)) for s, e in zip(self.starts, ends)]

    def of(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1


def _match(topic: Topic, title: str, abstract: str, sentences: _Sentences) -> str | None:
    """Why the topic applies: a title match, or enough weight of abstract mentions.

    Each pattern runs once over the whole abstract; a match is weighed by its sentence.
    """
    hit = _first_hit(topic.title, title, topic.exclude)
    if hit:
        return f"the title says \u201c{hit}\u201d"
    score, phrases = 0, []
    excluded = [(e.start(), e.end()) for pattern in topic.exclude for e in pattern.finditer(abstract)]
    for pattern in topic.abstract:
        for m in pattern.finditer(abstract):
            if any(s <= m.start() and m.end() <= e for s, e in excluded):
                continue
            n = sentences.of(m.start())
            if _CONTRAST.search(abstract, max(sentences.starts[n], m.start() - 80), m.start()):
                continue
            score += 2 if sentences.own[n] else 1
            phrases.append(_whole_words(abstract, m).lower())
    if score >= topic.min_score:
        distinct = sorted(set(phrases), key=lambda p: (-phrases.count(p), p))[:3]
        listed = ", ".join(f"\u201c{p}\u201d" for p in distinct)
        return f"the abstract mentions {listed} ({len(phrases)} times)"
    return None


def _first_hit(patterns: tuple[re.Pattern[str], ...], text: str, exclude: tuple[re.Pattern[str], ...]) -> str | None:
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not _excluded(exclude, text, m):
                return _whole_words(text, m)
    return None


def _excluded(exclude: tuple[re.Pattern[str], ...], text: str, m: re.Match[str]) -> bool:
    """True when the match lies inside a phrase the topic rules out ('vector quantization')."""
    return any(e.start() <= m.start() and m.end() <= e.end() for pattern in exclude for e in pattern.finditer(text))


def _whole_words(text: str, m: re.Match[str]) -> str:
    """The match widened to whole words, for a readable reason ('Quantiz' -> 'Quantization')."""
    start, end = m.start(), m.end()
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end]
