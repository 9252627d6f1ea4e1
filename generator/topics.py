"""Tag papers with topics from the taxonomy's rules, keeping the reason for each tag."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator, NamedTuple

from .names import title_name, words_regex
from .model import Tag, Taxonomy, Topic

# A mention inside such a phrase is about other work, not this paper's subject.
_CONTRAST = re.compile(
    r"\b(?:unlike|compared (?:to|with)|in contrast to|as opposed to|rather than|instead of|without|"
    r"beyond|other than|apart from|outperform\w*|surpass\w*|previous|prior|existing|such as|e\.g\.|"
    r"including|like|inspired by|borrow\w*|popular|recent(?:ly)?|success of)\b[^.;]{0,60}$",
    re.IGNORECASE)
_OWN_WORK = re.compile(r"\b(?:we|our|this (?:paper|work|study|report|survey))\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


class _Rule(NamedTuple):
    """A pattern and the lowercased text every match of it starts with, if known."""

    pattern: re.Pattern[str]
    literal: str | None


class _TopicRules(NamedTuple):
    topic: Topic
    title: tuple[_Rule, ...]
    abstract: tuple[_Rule, ...]
    exclude: tuple[_Rule, ...]


class Tagger:
    """The taxonomy's rules, ready for many papers.

    Most of the hundreds of rule patterns do not occur in a given paper, and nearly all
    start with plain text ('object detect\\w*'). One pass of a trie-shaped regex finds
    which of those texts a paper contains; a pattern then runs only where its text is.
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        def rules(patterns: tuple[re.Pattern[str], ...]) -> tuple[_Rule, ...]:
            return tuple(_Rule(p, _required_literal(p)) for p in patterns)

        self.rules = tuple(_TopicRules(t, rules(t.title), rules(t.abstract), rules(t.exclude))
                           for t in taxonomy.topics)
        literals = sorted({r.literal for t in self.rules for r in (*t.title, *t.abstract, *t.exclude) if r.literal})
        known = set(literals)
        # The trie finds the longest literal at a position; the shorter ones there are its prefixes.
        self._prefixes = {lit: [lit[:n] for n in range(1, len(lit) + 1) if lit[:n] in known] for lit in literals}
        self._literals = words_regex(literals, "(?=(", "))") if literals else None

    def tag(self, title: str, abstract: str) -> tuple[Tag, ...]:
        """The topics a paper carries, each with the rule that gave it."""
        return self.read(title, abstract).tags

    def read(self, title: str, abstract: str) -> Evidence:
        """The rules' tags, and their evidence for every topic (the learned scorer's input)."""
        present: set[str] = set()
        folded_title, folded_abstract = _fold(title), _fold(abstract)
        if self._literals is not None:
            for text in (folded_title, folded_abstract):
                for m in self._literals.finditer(text):
                    present.update(self._prefixes[m.group(1)])
        name = title_name(title)
        heading = _Text(title, folded_title, present, name)
        body = _Text(abstract, folded_abstract, present, name)
        sentences: _Sentences | None = None
        tags, in_title, in_abstract = [], [], []
        for rules in self.rules:
            reason = _title_reason(rules, heading)
            in_title.append(reason is not None)
            score = 0
            if _occurring(rules.abstract, body):
                sentences = sentences or _Sentences(abstract)
                score, phrases = _abstract_score(rules, body, sentences)
                if reason is None and score >= rules.topic.min_score:
                    distinct = sorted(set(phrases), key=lambda p: (-phrases.count(p), p))[:3]
                    listed = ", ".join(f"\u201c{p}\u201d" for p in distinct)
                    reason = f"the abstract mentions {listed} ({len(phrases)} times)"
            in_abstract.append(score)
            if reason:
                tags.append(Tag(rules.topic.id, reason))
        return Evidence(tuple(tags), tuple(in_title), tuple(in_abstract))


class Evidence(NamedTuple):
    """What the rules found in one paper: their tags, and per topic (in taxonomy order)
    whether a title rule matched and the abstract's weighted score."""

    tags: tuple[Tag, ...]
    in_title: tuple[bool, ...]
    in_abstract: tuple[int, ...]


class _Text(NamedTuple):
    text: str
    folded: str  # _fold(text)
    present: set[str]  # the rule literals that occur in it (or in the title)
    name: str | None = None  # the paper's own name, from its title ("DiT", "DiT-3D")

    def names_itself(self, m: re.Match[str]) -> bool:
        """Whether the match is the paper's own name: "DiT" (token routing) is no diffusion model."""
        if not self.name:
            return False
        whole = _whole_words(self.text, m)
        return whole == self.name or whole.startswith(self.name + "-")


class _Sentences:
    """Where each sentence of an abstract starts, and whether it speaks of the paper's own work."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _SENTENCE.finditer(text)]
        ends = self.starts[1:] + [len(text)]
        self.own = [bool(_OWN_WORK.search(text, s, e)) for s, e in zip(self.starts, ends)]

    def of(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1


def _title_reason(rules: _TopicRules, title: _Text) -> str | None:
    for rule in _occurring(rules.title, title):
        for m in _finditer(rule, title):
            if title.names_itself(m):
                continue
            if not any(e.start() <= m.start() and m.end() <= e.end()
                       for x in _occurring(rules.exclude, title) for e in _finditer(x, title)):
                return f"the title says \u201c{_whole_words(title.text, m)}\u201d"
    return None


def _abstract_score(rules: _TopicRules, abstract: _Text, sentences: _Sentences) -> tuple[int, list[str]]:
    """The weight of abstract mentions, each weighed by its sentence, and the phrases matched."""
    text = abstract.text
    score, phrases = 0, []
    excluded = [(e.start(), e.end()) for rule in _occurring(rules.exclude, abstract) for e in _finditer(rule, abstract)]
    for rule in _occurring(rules.abstract, abstract):
        for m in _finditer(rule, abstract):
            if any(s <= m.start() and m.end() <= e for s, e in excluded) or abstract.names_itself(m):
                continue
            n = sentences.of(m.start())
            if _CONTRAST.search(text, max(sentences.starts[n], m.start() - 80), m.start()):
                continue
            score += 2 if sentences.own[n] else 1
            phrases.append(_whole_words(text, m).lower())
    return score, phrases


def _fold(text: str) -> str:
    """Text for the literal search: a case-insensitive regex match of an ASCII literal
    is always a substring of this (casefold maps "ſ" to "s"; "ı" must be mapped by hand)."""
    return text.casefold().replace("\u0131", "i")


def _occurring(rules: tuple[_Rule, ...], text: _Text) -> list[_Rule]:
    """The rules that can match: their literal occurs in the paper, or they have none."""
    return [r for r in rules if r.literal is None or r.literal in text.present]


def _finditer(rule: _Rule, text: _Text) -> Iterator[re.Match[str]]:
    """The matches `rule.pattern.finditer(text.text)` gives, trying only where its literal is.

    Every match starts at an occurrence of the literal, so matching at each occurrence
    not inside the previous match finds the same matches as scanning the whole text.
    """
    if rule.literal is None or len(text.folded) != len(text.text):  # folding changed offsets ("ß")
        yield from rule.pattern.finditer(text.text)
        return
    end = 0
    at = text.folded.find(rule.literal)
    while at >= 0:
        if at >= end and (m := rule.pattern.match(text.text, at)):
            yield m
            end = m.end()
        at = text.folded.find(rule.literal, at + 1)


def _required_literal(pattern: re.Pattern[str]) -> str | None:
    """The plain text every match of a case-insensitive pattern starts with, lowercased.

    Read off the pattern's source: 'image ?net(?:-1k)?' -> 'image', 'object detect\\w*' ->
    'object detect'. None when unsure (an alternation at the top, a case-sensitive pattern,
    fewer than two characters), and then the regex always runs.
    """
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or _top_level_alternation(source):
        return None
    # A case-sensitive group's text is still in the folded text: "(?-i:BERT)" -> "bert".
    source = source.removeprefix("(?-i:")
    at = 2 if source.startswith("\\b") else 0
    literal: list[str] = []
    while at < len(source):
        ch = source[at]
        if ch in "?*{":
            if literal:
                literal.pop()
            break
        if not (ch.isascii() and (ch.isalnum() or ch in " -:'")):
            break
        literal.append(ch.lower())
        at += 1
    text = "".join(literal)
    return text if len(text.strip()) >= 2 else None


def _top_level_alternation(source: str) -> bool:
    depth, escaped, in_class = 0, False, False
    for ch in source:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _whole_words(text: str, m: re.Match[str]) -> str:
    """The match widened to whole words, for a readable reason ('Quantiz' -> 'Quantization')."""
    start, end = m.start(), m.end()
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end]
