"""The words and shapes of a listing site's own furniture: navigation, section headings, glued buttons."""

from __future__ import annotations

import re

LIST_MARKER = re.compile(r"^(?:[-*+•]|\d{1,4}[.)])\s+")
_LEADING_SYMBOLS = re.compile(r"^[^\w\[]+")
# `[PDF][PDF] Title`, `[HTML][HTML] Title`, `[CITATION][C] Title`: what kind of result a title is.
_RESULT_TAGS = re.compile(r"^(?:\[(?:PDF|HTML|CITATION|BOOK|DOC|DOCX|PS|C|B)\]){1,2}\s+")

_PAGE_TITLE = re.compile(r"^Paper page\s*[-–—:|]\s+", re.IGNORECASE)

# Navigation words of listing sites. A line that is only one of these is chrome unless an
# abstract follows it (then it is a paper's title: there are papers called "Search").
NAV_LINES = frozenset({
    "new", "subscribe", "daily papers", "byak and the research community", "trending papers",
    "get trending papers in your email inbox!", "get trending papers in your email inbox once a day!",
    "upvote", "papers", "trending", "collections", "models", "datasets", "spaces", "search",
    "view all", "load more", "previous", "next", "submit a paper", "paper page", "daily", "weekly",
    "monthly", "log in", "login", "sign up", "docs", "pricing", "enterprise", "website", "community",
    "home", "about", "blog", "posts", "solutions", "company", "tos", "privacy", "careers", "system theme",
    "hugging face", "back to top", "table of contents", "contents",
})
# Sections of a paper's own page after the paper: comments, what cites it. Everything from one of
# these headings to the next paper's linked title is the page's furniture.
FOOTER_HEADINGS = frozenset({
    "community", "comments", "models citing this paper", "datasets citing this paper", "spaces citing this paper",
    "collections including this paper", "similar papers", "related papers", "references", "cited by",
})
# Chrome that a copy can glue to the title after it ("SubscribeUnraveling ...").
GLUED_CHROME = (
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
)


def is_nav(text: str) -> bool:
    """True for a line of a site's navigation vocabulary."""
    return LIST_MARKER.sub("", text.strip()).strip().casefold() in NAV_LINES


# No footer heading is longer than this, counts and marks included.
_FOOTER_MAX = 80


def is_footer(text: str) -> bool:
    """A heading that opens a paper page's furniture: "Community", "Models citing this paper 2"."""
    if len(text) > _FOOTER_MAX:  # also keeps the trailing-count strip linear on a long run of spaces
        return False
    return re.sub(r"[\s\d]+$", "", _LEADING_SYMBOLS.sub("", text)).strip().casefold() in FOOTER_HEADINGS


def strip_glued_chrome(text: str) -> str:
    """Remove chrome words glued to the front of a title by the copy, a search result's type tags, and
    the "Paper page - " a paper page's own title (`<title>`) puts before the paper's."""
    text = _RESULT_TAGS.sub("", text)
    if (m := _PAGE_TITLE.match(text)) and text[m.end():].strip():
        text = text[m.end():]
    changed = True
    while changed:
        changed = False
        for chrome in GLUED_CHROME:
            rest = text[len(chrome):]
            if text.startswith(chrome) and rest[:1].strip() and not rest[:1].islower():
                text, changed = rest.lstrip(), True
    return text


def undouble(text: str) -> str:
    """'HKUST HKUST' or 'nvidia NVIDIA' (a logo's alt text next to the name) becomes 'HKUST', 'NVIDIA'."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and [w.casefold() for w in words[:half]] == [w.casefold() for w in words[half:]]:
        return " ".join(words[half:])
    return text
