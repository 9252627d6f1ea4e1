"""Tag papers with topics from the taxonomy's rules, keeping the reason for each tag."""

from __future__ import annotations

import re
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
    sentences = _SENTENCE.split(abstract)
    tags = []
    for topic in taxonomy.topics:
        reason = _match(topic, title, sentences)
        if reason:
            tags.append(Tag(topic.id, reason))
    return tuple(tags)


def _match(topic: Topic, title: str, sentences: list[str]) -> str | None:
    """Why the topic applies: a title match, or enough weight of abstract mentions."""
    hit = _first_hit(topic.title, title, topic.exclude)
    if hit:
        return f"the title says \u201c{hit}\u201d"
    score, phrases = 0, []
    for sentence in sentences:
        for pattern in topic.abstract:
            for m in pattern.finditer(sentence):
                if _excluded(topic.exclude, sentence, m) or _CONTRAST.search(sentence[: m.start()]):
                    continue
                score += 2 if _OWN_WORK.search(sentence) else 1
                phrases.append(_whole_words(sentence, m).lower())
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
