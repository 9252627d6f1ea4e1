"""Classify single lines of a capture: page chrome, metadata, headings, links, or text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .dates import DateText, match_date_line

# Page chrome of paper listing sites: never a paper, never part of one.
CHROME_LINES = frozenset({
    "new", "subscribe", "daily papers", "byak and the research community", "trending papers",
    "get trending papers in your email inbox!", "get trending papers in your email inbox once a day!",
    "upvote", "papers", "trending", "collections", "models", "datasets", "spaces", "search",
    "view all", "load more", "previous", "next", "submit a paper", "paper page",
})
# Chrome that a copy can glue to the title after it ("SubscribeUnraveling ...").
GLUED_CHROME = (
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
)
CHROME_PATTERNS = (
    re.compile(r"^submitted by\b", re.IGNORECASE),
    re.compile(r"^(?:join|sign up|log in|login)\b.{0,40}$", re.IGNORECASE),
)
MAX_LINE_CHARS = 100_000

_BULLET = r"(?:[•*\-+·]\s*)?"
AUTHORS = re.compile(rf"^{_BULLET}\[?\s*(?P<n>\d{{1,4}})\s+authors?\s*\]?(?:\((?P<url>[^)\s]*)\)|\[[^\]]*\])?$",
                     re.IGNORECASE)
SEPARATOR = re.compile(r"^[·•|]$")
VOTES = re.compile(rf"^{_BULLET}(?:[▲⬆↑△^]\s*|upvotes?:?\s*)?(?P<n>\d{{1,6}})(?:\s+(?:upvotes?|votes?|likes?))?$",
                   re.IGNORECASE)
BARE_URL = re.compile(r"^<?(?P<url>https?://[^\s<>]+?)>?$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?\s*$")
REFERENCE = re.compile(r"^\s{0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<url>\S+?)>?(?:\s+[\"'(].*[\"')])?\s*$")
ARXIV_IN_URL = re.compile(
    r"(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf|html)|alphaxiv\.org/abs|papers\.cool/arxiv)"
    r"/(?P<id>\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)


class Kind(Enum):
    """What a line is."""

    BLANK = "blank"
    CHROME = "chrome"
    TOO_LONG = "too long"
    AUTHORS = "authors"
    SEPARATOR = "separator"
    DATE = "date"
    VOTES = "votes"
    URL = "url"
    REFERENCE = "reference"
    HEADING = "heading"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Line:
    """One classified line: its 1-based number, kind, cleaned text and parsed value."""

    number: int
    kind: Kind
    text: str
    value: int | str | DateText | None = None
    level: int = 0


def classify(number: int, raw: str) -> Line:
    """Classify one raw line of a capture."""
    if len(raw) > MAX_LINE_CHARS:
        return Line(number, Kind.TOO_LONG, "", len(raw))
    text = raw.strip().lstrip("\ufeff").strip()
    if not text:
        return Line(number, Kind.BLANK, "")
    if is_chrome(text):
        return Line(number, Kind.CHROME, text)
    if m := AUTHORS.match(text):
        return Line(number, Kind.AUTHORS, text, int(m["n"]))
    if SEPARATOR.match(text):
        return Line(number, Kind.SEPARATOR, text)
    if date := match_date_line(text.lstrip("•*-+· ")):
        return Line(number, Kind.DATE, text, date)
    if m := VOTES.match(text):
        return Line(number, Kind.VOTES, text, int(m["n"]))
    if m := BARE_URL.match(text):
        return Line(number, Kind.URL, text, m["url"])
    if m := REFERENCE.match(raw):
        return Line(number, Kind.REFERENCE, m["label"], m["url"])
    if m := HEADING.match(text):
        return Line(number, Kind.HEADING, m["text"], level=len(m["hashes"]))
    return Line(number, Kind.TEXT, strip_glued_chrome(text))


def is_chrome(text: str) -> bool:
    """True for a line that is page furniture rather than paper content."""
    return text.casefold() in CHROME_LINES or any(p.match(text) for p in CHROME_PATTERNS)


def strip_glued_chrome(text: str) -> str:
    """Remove chrome words glued to the front of a title by the copy."""
    changed = True
    while changed:
        changed = False
        for chrome in GLUED_CHROME:
            rest = text[len(chrome):]
            if text.startswith(chrome) and rest[:1].strip() and not rest[:1].islower():
                text, changed = rest.lstrip(), True
    return text


def arxiv_id(url: str | None) -> str | None:
    """The arXiv identifier in a papers/abs URL, if it holds one."""
    if not url:
        return None
    m = ARXIV_IN_URL.search(url)
    return m["id"] if m else None


def undouble(text: str) -> str:
    """'HKUST HKUST' (a logo's alt text next to the name) becomes 'HKUST'."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text
