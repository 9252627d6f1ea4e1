"""Give each piece of metadata the entry it belongs to, and make each entry of its title, body and metadata.

The last pass of the text reader. Between two entries stand the end of one (author
count, date, comments) and the start of the next (its upvotes, its login link): an
item goes to the entry it names by arXiv id, else by its kind, else by the layout the
page's first entry shows.
"""

from __future__ import annotations

from typing import TypeVar

from .dates import DateText, parse_date_value
from .entry import Entry, preview
from .fields import split_names
from .identifiers import arxiv_id_in, bare_arxiv_id
from .items import Item, Kind, Role
from .markdown_text import find_links, plain
from .model import Diagnostic, Rejection, SourceRef
from .targets import parse_count
from .units import Body, Span, Unit, clean_body, is_one_sentence

_TRAILING = frozenset({Kind.AUTHORS, Kind.ORGANIZATION, Kind.SEPARATOR, Kind.DATE, Kind.COMMENTS, Kind.CODE,
                       Kind.ARXIV, Kind.PROJECT, Kind.FIELD, Kind.BYLINE, Kind.ITEM})


def attribute(spans: list[Span], events: list[Unit | Item], notes: list[Diagnostic], file: str,
              rejections: list[Rejection]) -> tuple[list[Entry], list[str]]:
    """The entries of the spans; cut-off entries become rejections, and the page's own dates are returned."""
    ids = [_span_paper(span, events) for span in spans]
    owners: list[list[int]] = [list(span.core) for span in spans]
    page_dates: list[str] = []
    lead_end = spans[0].first if spans else len(events)
    lead = [i for i in range(lead_end) if isinstance(events[i], Item)]
    votes_lead, urls_lead = _layout(spans, events, ids, lead)
    # What stands before the first entry: its upvotes and link, or the page's own date.
    # A collection's items carry their own votes: a count before the first is the collection's.
    itemised = bool(spans) and _itemised(spans[0], events)
    for i in lead:
        item = events[i]
        assert isinstance(item, Item)
        if item.kind is Kind.DATE:
            page_dates.append(" ".join(item.text.split()))
        elif spans and (item.kind is Kind.VOTES or (item.kind is Kind.URL and item.role in (Role.PAPER, Role.LOGIN))):
            if (item.paper is None or ids[0] is None or item.paper == ids[0]) and not itemised:
                owners[0].append(i)
    for n, span in enumerate(spans):
        end = spans[n + 1].first if n + 1 < len(spans) else len(events)
        gap = [i for i in range(span.last + 1, end) if isinstance(events[i], Item)]
        nxt = n + 1 if n + 1 < len(spans) else None
        for i, owner in _split_gap(gap, events, ids[n], ids[nxt] if nxt is not None else None, votes_lead, urls_lead):
            to = n if owner == "prev" or nxt is None else nxt
            if not _itemised(spans[to], events):
                owners[to].append(i)  # a collection item is whole on its lines: what follows is the next card's
    entries = []
    for n, span in enumerate(spans):
        if span.truncated is not None:
            rejections.append(Rejection(SourceRef(file, span.title.line),
                                        f"cut off: the capture ends inside this entry (line {span.truncated})",
                                        preview(span.title.text)))
            continue
        if n == len(spans) - 1 and _breaks_off(spans, owners, events):
            # Kept, since abstracts do end without a full stop; the curator is told to look.
            notes.append(Diagnostic(file, span.body[-1].end, "the capture may be cut off here: the last abstract "
                                                             "stops without a full stop and without the metadata "
                                                             "the other entries show; check this paper"))
        entries.append(_entry(span, sorted(owners[n]), events, ids[n], notes, file, page_dates))
    return entries, page_dates


def _itemised(span: Span, events: list[Unit | Item]) -> bool:
    """A collection's item: its id, date and votes on the line under its title."""
    return any(isinstance(item := events[i], Item) and item.kind is Kind.ITEM for i in span.core)


def _breaks_off(spans: list[Span], owners: list[list[int]], events: list[Unit | Item]) -> bool:
    """The last entry stops mid-sentence where the others go on to their metadata: perhaps the capture was cut."""
    last = spans[-1]
    if not last.body or len(spans) < 4 or any(i > last.last for i in owners[-1]):
        return False
    if last.body[-1].text.rstrip()[-1:] in ".!?)]\"'”’…":
        return False
    closing = (Kind.AUTHORS, Kind.ORGANIZATION, Kind.DATE, Kind.SEPARATOR)
    closed = sum(1 for n, span in enumerate(spans[:-1]) if any(
        i > span.last and isinstance(item := events[i], Item) and item.kind in closing for i in owners[n]))
    return closed * 4 >= 3 * (len(spans) - 1)


def _span_paper(span: Span, events: list[Unit | Item]) -> str | None:
    """The arXiv id an entry names in its title link or between title and body."""
    if span.title.paper:
        return span.title.paper
    for unit in span.body:
        if unit.paper:
            return unit.paper
    for i in span.core:
        item = events[i]
        if isinstance(item, Item) and item.paper and item.role is not Role.LOGIN:
            return item.paper
    return None


def _layout(spans: list[Span], events: list[Unit | Item], ids: list[str | None],
            lead: list[int]) -> tuple[bool, bool]:
    """Whether this page puts upvotes (and paper links) before the entry they belong to.

    The first entry shows it: whatever stands between the page's header and the first
    title belongs to that title. Links that name their paper count as evidence too.
    """
    votes_lead = any(isinstance(item := events[i], Item) and item.kind is Kind.VOTES for i in lead)
    urls_lead = any(isinstance(item := events[i], Item) and item.kind is Kind.URL and item.role is Role.PAPER
                    for i in lead)
    before = after = 0
    for n in range(len(spans) - 1):
        for i in range(spans[n].last + 1, spans[n + 1].first):
            item = events[i]
            if isinstance(item, Item) and item.kind is Kind.VOTES and item.paper:
                before += item.paper == ids[n + 1]
                after += item.paper == ids[n]
    if before or after:
        votes_lead = before > after
    return votes_lead, urls_lead


def _split_gap(gap: list[int], events: list[Unit | Item], prev_id: str | None, next_id: str | None,
               votes_lead: bool, urls_lead: bool) -> list[tuple[int, str]]:
    """Share the items between two entries: each to the entry it names, else by kind and layout."""
    owner: dict[int, str] = {}
    for i in gap:
        item = events[i]
        assert isinstance(item, Item)
        if item.paper and item.paper == prev_id and item.paper != next_id:
            owner[i] = "prev"
        elif item.paper and item.paper == next_id and item.paper != prev_id:
            owner[i] = "next"
        elif item.kind in _TRAILING:
            owner[i] = "prev"
        elif item.kind is Kind.SUBMITTED:
            owner[i] = "next"  # "Submitted by" heads a listing's card: what follows it is the next paper's
    last_prev = max((k for k, i in enumerate(gap) if owner.get(i) == "prev"), default=-1)
    first_next = min((k for k, i in enumerate(gap) if owner.get(i) == "next"), default=len(gap))
    out = []
    for k, i in enumerate(gap):
        item = events[i]
        assert isinstance(item, Item)
        if item.kind in (Kind.CHROME, Kind.SUBMITTED):
            continue
        side = owner.get(i)
        if side is None:
            if k < last_prev:
                side = "prev"
            elif k > first_next:
                side = "next"
            elif item.kind in (Kind.VOTES, Kind.DASH):
                side = "next" if votes_lead else "prev"
            elif item.kind is Kind.URL and item.role in (Role.PAPER, Role.LOGIN):
                side = "next" if urls_lead or item.role is Role.LOGIN else "prev"
            else:
                side = "prev"
        out.append((i, side))
    return out


def _entry(span: Span, owned: list[int], events: list[Unit | Item], paper: str | None, notes: list[Diagnostic],
           file: str, page_dates: list[str]) -> Entry:
    """An entry from its title, body and the items it owns."""
    title = span.title
    fields: dict[str, object] = {}
    extra_text: list[str] = []
    names: tuple[str, ...] = ()

    def put(name: str, value: object, line: int) -> None:
        if value is None:
            return
        if name in fields and fields[name] != value:
            if name == "upvotes":
                return  # the first count shown is the entry's own
            notes.append(Diagnostic(file, line, f"second {name} for the paper at line {title.line}; "
                                                f"the later one is used"))
        fields[name] = value

    seen_meta = False
    kinds = [item.kind for i in owned if isinstance(item := events[i], Item)]
    voted_by_number = Kind.VOTES in kinds
    voted = voted_by_number or Kind.DASH in kinds  # an upvote count of its own, printed apart from the date
    for i in owned:
        item = events[i]
        assert isinstance(item, Item)
        kind = item.kind
        if kind is Kind.AUTHORS:
            put("authors", item.value, item.line)
        elif kind is Kind.ORGANIZATION:
            put("organization", item.value, item.line)
        elif kind is Kind.SEPARATOR:
            pass
        elif kind is Kind.DATE:
            date = item.value
            assert isinstance(date, DateText)
            if "date" in fields or (date.year is None and not seen_meta and not span.title.strong):
                page_dates.append(date.text)  # the listing's own day heading, not this paper's date
                continue
            put("date", date, item.line)
            if date.votes is not None and voted:
                put("comments", date.votes, item.line)  # the upvotes stand apart: this is the comment count
            elif date.votes is not None:
                put("upvotes", date.votes, item.line)
        elif kind is Kind.VOTES:
            put("upvotes", item.value, item.line)
        elif kind is Kind.DASH and not voted_by_number:
            put("upvotes", 0, item.line)
        elif kind is Kind.COMMENTS:
            put("comments", item.value, item.line)
        elif kind is Kind.CODE:
            if "code_url" not in fields:
                fields["code_url"] = item.target
                if item.value is not None:
                    fields["stars"] = item.value
        elif kind in (Kind.ARXIV, Kind.ITEM):
            fields.setdefault("arxiv_id", item.value)
        elif kind is Kind.PROJECT:
            fields.setdefault("project_page", item.value)
        elif kind is Kind.URL:
            if item.role is Role.PAPER:
                fields.setdefault("url", item.target)
            elif item.role in (Role.OTHER, Role.CODE) and not seen_meta and i > span.last:
                extra_text.append(str(item.target))  # a link on its own line still belongs to the abstract
        elif kind is Kind.FIELD:
            names = _field(item, fields, names) or names
        elif kind is Kind.BYLINE and isinstance(item.value, tuple):
            names = _byline(item.value, fields) or names
        if kind in (Kind.AUTHORS, Kind.ORGANIZATION, Kind.SEPARATOR, Kind.DATE, Kind.VOTES, Kind.ITEM):
            seen_meta = True
    abstract_parts = [clean_body(u.text) for u in span.body if u.forced is not Body.SUMMARY]
    summary_parts = [clean_body(u.text) for u in span.body if u.forced is Body.SUMMARY]
    abstract = " ".join(p for p in abstract_parts if p)
    if extra_text:
        abstract = " ".join([abstract, *extra_text]).strip()
    summary = " ".join(summary_parts)
    if abstract and not summary and not any(u.forced for u in span.body) and is_one_sentence(abstract):
        abstract, summary = "", abstract  # a one-sentence blurb is the listing's summary, not an abstract
    url = title.target if title.paper else fields.get("url") or (span.body[0].target if span.body and
                                                                   span.body[0].paper else None)
    return Entry(
        line=title.line, title=title.text, abstract=abstract, summary=summary,
        authors=_of(fields, "authors", int),
        author_names=names,
        organization=_of(fields, "organization", str),
        date=_of(fields, "date", DateText),
        upvotes=_of(fields, "upvotes", int),
        comments=_of(fields, "comments", int),
        arxiv_id=paper or _of(fields, "arxiv_id", str),
        url=url if isinstance(url, str) else None,
        code_url=_of(fields, "code_url", str),
        stars=_of(fields, "stars", int),
        project_page=_of(fields, "project_page", str),
        venue=_of(fields, "venue", str),
    )


V = TypeVar("V")


def _of(fields: dict[str, object], key: str, kind: type[V]) -> V | None:
    """A field as the type `Entry` holds it (each is put there as that type)."""
    value = fields.get(key)
    return value if isinstance(value, kind) else None


def _field(item: Item, fields: dict[str, object], names: tuple[str, ...]) -> tuple[str, ...] | None:
    """A labelled field's value into the entry."""
    name, value = item.value, item.text
    if name == "authors":
        return split_names(plain(value, keep_urls=False))

    if name == "date":
        fields.setdefault("date", parse_date_value(plain(value, keep_urls=False)))
    elif name == "url" and (bare := bare_arxiv_id(plain(value, keep_urls=False).strip("*_ []"))):
        fields.setdefault("arxiv_id", bare)  # `arXiv: 2410.05434v2`
    elif name in ("url", "code", "project"):
        url = _first_url(value)
        if name == "code" and url:
            fields.setdefault("code_url", url)
        elif name == "project" and url:
            fields.setdefault("project_page", url)
        elif url:
            fields.setdefault("url", url)
            if paper := arxiv_id_in(url) or arxiv_id_in(value):
                fields.setdefault("arxiv_id", paper)
    elif name == "venue":
        fields.setdefault("venue", plain(value, keep_urls=False))
    elif name == "organization":
        fields.setdefault("organization", plain(value, keep_urls=False))
    elif name == "upvotes":
        fields.setdefault("upvotes", parse_count(value) if value else None)
    elif name == "stars":
        fields.setdefault("stars", parse_count(value) if value else None)
    return None


def _byline(found: tuple[tuple[str, ...], str | None, str], fields: dict[str, object]) -> tuple[str, ...]:
    """A search result's byline: its names, and the venue (with an arXiv id in it) and year."""
    names, venue, year = found
    if venue:
        fields.setdefault("venue", venue)
        if paper := arxiv_id_in(venue):
            fields.setdefault("arxiv_id", paper)
    fields.setdefault("date", parse_date_value(year))
    return names


def _first_url(text: str) -> str | None:
    for link in find_links(text):
        if link.target.startswith(("http://", "https://")):
            return link.target
    for word in text.split():
        word = word.strip("<>()[]*_,;")
        if word.startswith(("http://", "https://")):
            return word
    return None
