"""Labelled fields of digest entries (`**Authors:** ...`, `- 📅 **Date**: ...`) and lists of names."""

from __future__ import annotations

import re

from .dates import parse_date_value
from .identifiers import arxiv_id_in, bare_arxiv_id
from .markdown_text import find_links

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
}
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
    marked = text[: m.start("label")].strip() != "" or "**" in text[: m.end("label") + 4] or "__" in text[: m.end("label") + 4]
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
        return len(value) >= 80 or not value
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
