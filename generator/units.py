"""Join classified lines into text units (a title, a paragraph) and tell prose from titles."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from .items import Item
from .markdown_text import join_lines

_ABBREVIATION = re.compile(r"\b(?:vs|e\.g|i\.e|etc|al|cf|fig|no|vol|approx|resp|eq|sec|dr|mr|st)\.$", re.IGNORECASE)
# Only a full stop breaks sentences here: titles use "!" and "?" mid-line ("Fuse It More Deeply! A ...").
_SENTENCE_END = re.compile(r"\.[\"')\]]*\s+[A-Z(\"]")
# Exporters wrap at 72-120 columns; a longer line is a whole title or abstract.
WRAP_MAX = 160
# A text this long is a paragraph: never a label, an organisation's name or a title alone on its line.
PARAGRAPH_MIN = 80
# Words that cannot end a title, so a line ending in one was wrapped mid-sentence.
_DANGLING_WORD = re.compile(r"\b(?:a|an|the|of|to|in|on|for|and|or|with|by|from|that|which|is|are|as|at|we|our)$",
                            re.IGNORECASE)
# Method names that start lowercase ("kMaX-DeepLab", "iGPT") may still begin a title.
_LOWERCASE_NAME = re.compile(r"^[a-z]+[A-Z0-9]")
# An arXiv listing's preamble before the abstract: "arXiv:2412.13207v1 Announce Type: new Abstract:".
ANNOUNCE = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?", re.IGNORECASE)
_NOT_LETTER = re.compile(r"[\W\d_]+")
# Han, kana, Hangul and their punctuation-free neighbours: the scripts translations beside an abstract use.
_CJK = re.compile("[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# A summary is one sentence; an abstract has several (none of the 376 corpus abstracts has one).
SUMMARY_MAX = 400


class Body(StrEnum):
    """What a label or a `<details>` block says a text is: a paper's abstract or its short summary."""

    ABSTRACT = "abstract"
    SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class Unit:
    """A title or prose candidate: a line, a joined paragraph, a heading or a link's text."""

    line: int
    end: int
    text: str
    target: str | None = None
    paper: str | None = None
    strong: bool = False  # a heading, or a link to the paper's page: certainly a title
    level: int = 0  # the Markdown heading level, when the unit is a heading
    listed: bool = False  # a listing's own entry line: a paper even with no abstract under it
    nav: bool = False
    forced: Body | None = None  # when a label or a <details> block says what the text is
    translation: bool = False  # prose in another script, beside the English

    @property
    def is_prose(self) -> bool:
        """True when the text reads as sentences (an abstract) rather than a title."""
        return self.forced is not None or looks_like_prose(self.text)


@functools.lru_cache(maxsize=4096)  # the walk asks of each unit several times; str hashes are cached
def looks_like_prose(text: str) -> bool:
    """Abstracts end with a full stop or hold a sentence break; titles do neither. Prose is made of words."""
    if not _wordy(text):
        return False
    stripped = text.rstrip("\"')] ")
    if stripped.endswith(("...", "…")):
        return any(not _ABBREVIATION.search(text[max(0, m.start() - 11): m.start() + 1])
                   for m in _SENTENCE_END.finditer(text))  # "Search models, datasets, users...": a prompt
    if stripped.endswith(".") and not _ABBREVIATION.search(stripped[-12:]):
        return True
    return any(not _ABBREVIATION.search(text[max(0, m.start() - 11): m.start() + 1])
               for m in _SENTENCE_END.finditer(text))


def _wordy(text: str) -> bool:
    """Mostly letters: sentences, not a run of dots, digits or symbols."""
    sample = text[:400].replace(" ", "")
    return bool(sample) and len(_NOT_LETTER.sub("", sample)) * 2 >= len(sample)


def is_one_sentence(text: str) -> bool:
    """A short text with no sentence break: a listing's one-line summary, not an abstract."""
    return len(text) <= SUMMARY_MAX and not any(
        not _ABBREVIATION.search(text[max(0, m.start() - 11): m.start() + 1]) for m in _SENTENCE_END.finditer(text))


def is_other_script(text: str) -> bool:
    """Text mostly in CJK scripts: a translation or a summary in another language, not the abstract."""
    sample = text[:400]
    if sample.isascii():
        return False
    letters = len(_NOT_LETTER.sub("", sample))
    return letters > 0 and len(_CJK.findall(sample)) / letters > 0.3


def wrap_width(items: list[Item]) -> int:
    """The width a capture was hard-wrapped at (w3m's 80 columns), when many of its lines fill it; else 0."""
    lengths = [len(i.text) for i in items if i.target is None and 40 <= len(i.text) <= WRAP_MAX]
    if len(lengths) < 8:
        return 0
    width = max(lengths)
    full = sum(1 for n in lengths if n >= width - 8)
    return width if full >= max(4, len(lengths) // 4) else 0


def join_text(items: list[Item], file_width: int = 0) -> list[Unit]:
    """Plain text lines of one paragraph: one unit per line, except where a line plainly runs on."""
    units: list[Unit] = []
    width = max((len(i.text) for i in items), default=0)
    # Hard wrapping shows as several lines filled to about the same width, here or in the whole capture.
    wrapped = width <= WRAP_MAX and sum(1 for i in items[:-1] if len(i.text) >= 0.85 * width) >= 3
    width = width if wrapped else file_width
    previous = ""
    for item in items:
        text = item.text
        if units and _runs_on(previous, text, width):
            last = units[-1]
            units[-1] = Unit(last.line, item.end or item.line, join_lines([last.text, text]), nav=False)
        else:
            units.append(Unit(item.line, item.end or item.line, text, nav=item.nav))
        previous = text
    return units


def _runs_on(previous: str, following: str, width: int) -> bool:
    """A hard-wrapped line: no sentence end, and the next line cannot start a title.

    `width` is the wrapping width when the paragraph shows one, else 0.
    """
    if previous.endswith("\\"):
        return True  # a Markdown hard line break
    if max(len(previous), len(following)) > WRAP_MAX:
        return False  # a line far longer than any wrapping width
    if previous.endswith((".", "!", "?")):
        # A sentence ends; the lines still run on when the next word could not have fit on this one.
        first = following.split(" ", 1)[0]
        return 60 <= width and len(previous) >= 0.85 * width and len(previous) + 1 + len(first) > width
    first = following.split(" ", 1)[0]
    if 60 <= width and len(previous) >= width - 15 and len(previous) + 1 + len(first) > width:
        return True  # the next word would not have fit: a title wrapped at the capture's width
    return following[:1].islower() and not _LOWERCASE_NAME.match(following) \
        or previous.endswith((",", ";", "-", "(")) or _DANGLING_WORD.search(previous) is not None


def clean_body(text: str) -> str:
    """An abstract as a reader should see it: an arXiv listing's "Announce Type" preamble dropped."""
    return ANNOUNCE.sub("", text.strip())


@dataclass(frozen=True, slots=True)
class Span:
    """One entry's place in the event list: its title, its body, the metadata between them."""

    title: Unit
    body: tuple[Unit, ...]
    first: int
    last: int
    core: tuple[int, ...]
    truncated: int | None = None
