"""Labelled fields of digest entries (`**Authors:** ...`, `- 📅 **Date**: ...`) and lists of names."""

from __future__ import annotations

import re

from dataclasses import dataclass

from .dates import parse_date_value
from .identifiers import arxiv_id_in, bare_arxiv_id
from .markdown_text import find_links, plain
from .units import PARAGRAPH_MIN

BARE_URL = re.compile(r"^<?(?P<url>https?://[^\s<>]+?)>?$")
# `**Authors:** ...`, `- Authors: ...`, `📅 **Date**: ...`: a labelled field of a digest entry.
_FIELD = re.compile(r"^(?:[-*•]\s+)?(?:[^\x00-\x7f\w]{1,3}\s*)?(?:\*\*|__|\*|_)?(?P<label>[A-Za-z][A-Za-z0-9 _./&();-]{0,30}?"
                    r"|摘要|作者|标题|链接|代码|日期|翻译|摘要翻译)(?:\*\*|__|\*|_)?\s*[:：]\s*(?:\*\*|__|\*|_)?\s*(?P<value>.*)$")
FIELD_NAMES = {
    "abstract": "abstract", "original": "abstract", "original abstract": "abstract", "摘要": "abstract",
    "summary": "summary", "tl;dr": "summary", "tldr": "summary", "ai summary": "summary", "one-line summary": "summary",
    "authors": "authors", "author": "authors", "作者": "authors",
    "date": "date", "published": "date", "publish date": "date", "published on": "date", "submitted": "date",
    "updated": "date", "日期": "date",
    "link": "url", "url": "url", "paper": "url", "arxiv": "url", "pdf": "url", "abs": "url", "链接": "url",
    "code": "code", "github": "code", "repo": "code", "repository": "code", "代码": "code",
    "venue": "venue", "conference": "venue", "journal": "venue", "published in": "venue",
    "project": "project", "project page": "project", "homepage": "project", "website": "project",
    "upvotes": "upvotes", "stars": "stars", "organization": "organization", "affiliation": "organization",
    "title": "title", "标题": "title",
    # Named so that they are known and left out, never mistaken for a title or an abstract.
    "keywords": None, "categories": None, "category": None, "main category": None, "primary category": None,
    "comment": None, "comments": None, "motivation": None, "method": None, "result": None, "results": None,
    "conclusion": None, "ai_comments": None, "ai comments": None, "translation": None, "翻译": None,
    "摘要翻译": None, "ai_abstract": None, "doi": None, "source": None, "score": None, "status": None,
    "tags": None, "id": None, "rating": None,
    # A saved page's own header: where and when it was captured, by what.
    "page title": None, "source url": None, "source html": None, "source sha256": None, "generated from": None,
    "extraction": None, "captured": None, "retrieved": None, "exported": None, "fetched": None, "transport": None,
    # An arXiv listing's own labels.
    "subjects": None, "journal-ref": "venue", "journal ref": "venue", "report-no": None, "msc-class": None,
    "acm-class": None,
}
# Labels a listing prints without markup ("Comments: 14 pages", "Authors: A, B"): fields even unmarked.
_LISTING_LABELS = frozenset({"title", "authors", "comments", "subjects", "journal-ref", "report-no", "msc-class",
                             "acm-class", "doi", "keywords", "categories"})
_LEADING_SYMBOLS = re.compile(r"^[^\w\[]+")
_SUMMARY_HEADINGS = frozenset({"llm summary", "ai summary", "ai-generated summary", "tl;dr", "tldr", "summary"})
# `*A. Author, B. Author* | **Main category: cs.LG**`: an italic list of names leading a digest entry.
_ITALIC_NAMES = re.compile(r"^(?:[-*•]\s+)?([*_])(?![*_])(?P<names>[^*_\n]{2,5000}?)\1(?:\s*\|.*)?$")
_NAME = re.compile(r"^(?:[A-Z][\w'.-]*|[a-z]{1,3}|[A-Z]\.)(?:\s+(?:[A-Z][\w'.-]*|[a-z]{1,3}|[A-Z]\.|-)){0,5}$")


def labelled_field(text: str) -> tuple[str | None, str] | None:
    """(field name, value) of a labelled line (`**Authors:** A, B`); the name is None for a known label
    that holds nothing a record keeps. Unmarked `Label: value` counts only when the value fits the label,
    so that a title such as "Code: ..." stays a title."""
    m = _FIELD.match(text)
    if not m:
        return None
    key = re.sub(r"\s*\([^)]*\)$", "", " ".join(m["label"].lower().split()))
    if key not in FIELD_NAMES:
        key = key.replace("_", " ")
        if key not in FIELD_NAMES:
            return None
    name = FIELD_NAMES[key]
    value = m["value"].strip().strip("*_").strip()
    marked = text[: m.start("label")].strip() != "" or "**" in text[: m.end("label") + 4] \
        or "__" in text[: m.end("label") + 4] or (key in _LISTING_LABELS and bool(value))
    if not marked and not _fits(name, value):
        return None
    return name, value


def _fits(name: str | None, value: str) -> bool:
    """Whether an unmarked field's value is of its field's kind."""
    if name in ("url", "code", "project"):
        return bool(BARE_URL.match(value)) or bool(find_links(value)) or bool(arxiv_id_in(value)) \
            or bool(bare_arxiv_id(value))
    if name == "date":
        return parse_date_value(value) is not None
    if name in ("abstract", "summary"):
        return len(value) >= PARAGRAPH_MIN or not value
    if name == "authors":
        return not value or _names_list(value)  # `Authors:` alone: the names follow on the next line
    return False


def heading_label(text: str) -> str | None:
    """"abstract" or "summary" when a heading only labels what follows (`#### 📝 Abstract`)."""
    label = _LEADING_SYMBOLS.sub("", text).strip().rstrip(":：").casefold()
    if label in _SUMMARY_HEADINGS:
        return "summary"
    return "abstract" if FIELD_NAMES.get(label) == "abstract" else None


def italic_names(text: str) -> str | None:
    """The names of an italic author line (`*A. Author, B. Author* | **Category: cs.LG**`), else None."""
    m = _ITALIC_NAMES.match(text)
    return m["names"].strip() if m and _names_list(m["names"]) else None


def _names_list(text: str) -> bool:
    """`A. Author, Bea Author and C. D. Author`: every part reads as a person's name."""
    parts = [p.strip() for p in re.split(r",|\band\b|;", text) if p.strip()]
    named = [p for p in parts if not re.match(r"^(?:et\.?\s*al\.?|others)$", p, re.IGNORECASE)]
    return bool(named) and all(_NAME.match(p) for p in named) and any(" " in p for p in named)


_LINKED = re.compile(r"\s*\(https?://[^()\s]*\)")
_ET_AL_TAIL = re.compile(r"\s*(?:,\s*)?\bet\.?\s*al\.?$|\s+and\s+others$", re.IGNORECASE)


def split_names(text: str) -> tuple[str, ...]:
    """`A, B and C`, `A; B; C`, `A and B`, `A et al.` as names; "et al." stays last, marking a partial list."""
    text = _LINKED.sub("", text.strip()).strip("*_").strip()  # "Mira Krause (https://...)" is Mira Krause
    if not text or len(text) > 20_000:
        return ()
    partial = _ET_AL_TAIL.search(text)
    if partial:
        text = text[: partial.start()]
    parts = text.replace(";", ",").replace(" and ", ", ").replace(" & ", ", ").split(",")
    names = tuple(p.strip().strip("*_").strip() for p in parts if p.strip().strip("*_").strip())
    return (*names, "et al.") if partial and names else names


# Longer than the longest author list (about 3,000 characters for a hundred authors) is no byline;
# the bound also keeps the name patterns' work linear.
NAMES_LINE_MAX = 5000


def names_line(text: str, least: int = 2) -> bool:
    """A plain line of people's names (`Wenjie Zhao, Lukas Berger, Mei Lin`), at least `least` of them."""
    if ":" in text or any(ch.isdigit() for ch in text) or len(text) > NAMES_LINE_MAX or ("," not in text and least > 1):
        return False
    parts = [p.strip() for p in re.split(r",|\band\b|;", text) if p.strip()]
    named = [p for p in parts if not re.match(r"^(?:et\.?\s*al\.?|others|…|\.\.\.)$", p, re.IGNORECASE)]
    return len(named) >= least and all(_FULL_NAME.match(p) for p in named)


_PARTICLE = r"(?:van|von|der|den|de|del|della|da|di|du|dos|le|la|bin|al|el|ter|ten)"
_FULL_NAME = re.compile(rf"^(?:[A-Z][\w'.-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'.-]*|{_PARTICLE}|[A-Z]\.)){{1,4}}$")
# Google Scholar: `J Park, M Rossi, A Gupta - arXiv preprint arXiv:2405.11876, 2024 - arxiv.org`.
_BYLINE = re.compile(r"^(?P<names>[^-–—]{2,400}?)\s+[-–—]\s+(?:(?P<venue>[^-–—]{1,300}?),\s*)?(?P<year>(?:19|20)\d\d)"
                     r"(?:\s+[-–—]\s+(?P<host>[\w.-]+\.[a-z]{2,}))?$")
_INITIALS_NAME = re.compile(r"^(?:[A-Z]{1,3}\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?…?$")


def byline(text: str) -> tuple[tuple[str, ...], str | None, str] | None:
    """(names, venue, year) of a search result's byline; names cut with "…" end in "et al."."""
    m = _BYLINE.match(text.strip())
    if not m:
        return None
    parts = [p.strip() for p in m["names"].split(",") if p.strip()]
    if not parts or not all(_INITIALS_NAME.match(p) or p == "…" for p in parts):
        return None
    cut = parts[-1].endswith("…")
    names = tuple(p.rstrip("…").strip() for p in parts if p.rstrip("…").strip())
    venue = (m["venue"] or "").rstrip("… ").strip() or None
    return (*names, "et al.") if cut else names, venue, m["year"]


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A reading list's bullet: `- [Title](url) - A, B and C. *Venue 2024*. [[code](repo)]`."""

    title: str
    url: str | None
    names: tuple[str, ...]
    venue: str | None
    code: str | None


_BULLET_START = re.compile(r"^[-*+]\s+(?:\[(?:\d{4}[/.-]\d{1,2}(?:[/.-]\d{1,2})?)\]\s*)?")
_ITALIC_VENUE = re.compile(r"\*(?P<venue>[^*]{2,80})\*|_(?P<venue2>[^_]{2,80})_")
_CODE_WORDS = re.compile(r"^(?:code|github|repo|official code|implementation|pytorch)$", re.IGNORECASE)
_PAPER_WORDS = re.compile(r"^(?:paper|pdf|arxiv|abs|link)$", re.IGNORECASE)


def list_entry(text: str, code_hosts: frozenset[str]) -> ListEntry | None:
    """The paper a bullet of a reading list names, when the bullet has that shape; else None."""
    m = _BULLET_START.match(text)
    if not m:
        return None
    rest = text[m.end():].strip()
    links = [ln for ln in find_links(rest) if not ln.image]
    bold = rest.startswith("**")
    first = next((ln for ln in links if ln.start == (2 if bold else 0)), None)
    code = next((ln.target for ln in links if _CODE_WORDS.match(_label(ln.text)) or _host(ln.target) in code_hosts
                 and ln is not first), None)
    if first is not None and not first.target.startswith("#") and _host(first.target) not in code_hosts:
        title, url, tail = plain(first.text, keep_urls=False), first.target, rest[first.end:].lstrip("*").strip()
    else:
        cut = re.search(r"\s[-–—]\s", rest)
        paper = next((ln.target for ln in links if _PAPER_WORDS.match(_label(ln.text))), None)
        if cut is None or paper is None or find_links(rest[: cut.start()]):
            return None  # an unlinked title must still point at its paper: `[[paper](url)]`
        title, url, tail = plain(rest[: cut.start()], keep_urls=False), paper, rest[cut.start():]
    tail = tail.lstrip(" -–—,:").strip()
    venue_m = _ITALIC_VENUE.search(tail)
    venue = (venue_m["venue"] or venue_m["venue2"]).strip() if venue_m else None
    names_text = plain(tail[: venue_m.start()] if venue_m else tail.split("[", 1)[0], keep_urls=False)
    names_text = names_text.strip(" .,;")
    names = split_names(names_text) if names_text and names_line(names_text, least=1) else ()
    if not title.strip() or not (names or venue or code or arxiv_id_in(url)):
        return None  # a bullet that only links somewhere (`- [Models](url)`, an avatar) names no paper
    return ListEntry(" ".join(title.split()), url, names, venue, code)


def _label(text: str) -> str:
    return plain(text, keep_urls=False).strip(" []*")


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""
