"""What the text reader's second pass makes of each piece: an item, with its kind and value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a classified item is."""

    BLANK = "blank"
    CHROME = "chrome"
    TOO_LONG = "too long"
    BINARY = "binary"
    UNCLOSED = "unclosed link"
    TRUNCATED = "truncation marker"
    HEADING = "heading"
    ENTRY = "entry"  # a listing's own entry line: a reading list's bullet, an arXiv listing's `[1] arXiv:ID`
    TEXT = "text"
    TABLE = "table"
    DETAILS_OPEN = "details"
    DETAILS_CLOSE = "end of details"
    AUTHORS = "authors"
    ORGANIZATION = "organization"
    SEPARATOR = "separator"
    DATE = "date"
    VOTES = "votes"
    DASH = "dash"  # a lone `-`: zero upvotes where votes stand, an avatar without alt text elsewhere
    NUMBER = "number"
    COMMENTS = "comments"
    URL = "url"
    CODE = "code"
    ARXIV = "arxiv"
    PROJECT = "project"
    FIELD = "field"
    BYLINE = "byline"  # a search result's `names - venue, year - host`: value (names, venue, year)
    SUBMITTED = "submitted by"
    ITEM = "collection item"  # a collection's `Paper • ID • Published DATE • VOTES` under its title: value the id
    BAD_DATE = "malformed date"  # a line that reads as a date but is none (`Sept 31, 2025 x`): value why


METADATA = frozenset({Kind.BYLINE, Kind.AUTHORS, Kind.ORGANIZATION, Kind.SEPARATOR, Kind.DATE, Kind.VOTES, Kind.NUMBER,
                      Kind.COMMENTS, Kind.URL, Kind.CODE, Kind.ARXIV, Kind.PROJECT, Kind.FIELD, Kind.ITEM})


class Role(Enum):
    """What a bare URL points at."""

    PAPER = "paper"  # a paper's own page: huggingface.co/papers/ID, arxiv.org/abs/ID
    LOGIN = "login"  # the upvote button's login link, naming the paper it would vote for
    COMMUNITY = "community"  # the paper's comments
    CODE = "code"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Item:
    """One classified piece (or part of one): kind, text, value, and the paper it points at."""

    line: int
    kind: Kind
    text: str = ""
    value: object = None
    target: str | None = None
    paper: str | None = None  # the arXiv id a link or URL points at
    level: int = 0
    nav: bool = False
    quote: bool = False
    end: int = 0
    role: Role | None = None
