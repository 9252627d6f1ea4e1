"""Give every abstract the title that owns it, and every piece of metadata the entry it belongs to.

The third pass of the text reader. It works from evidence, entry by entry: a heading or
a link to a paper page is a title; a short line is a title when an abstract follows it;
page chrome is what owns no abstract before the first entry or after the last. Metadata
between two entries goes to the one it names (a link's arXiv id), else by its kind:
author counts and dates close an entry, upvote buttons open the next when the page puts
them there (as its first entry shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DateText, parse_date_value
from .entry import Entry, preview
from .identifiers import arxiv_id_in, bare_arxiv_id
from .lines import METADATA, Item, Kind, Role, parse_count
from .markdown_text import find_links, plain
from .model import Diagnostic, Rejection, Severity, SourceRef
from .units import Unit, clean_body, is_one_sentence, is_other_script, join_text, looks_like_prose

TITLE_MAX = 300
_TRAILING = frozenset({Kind.AUTHORS, Kind.ORGANIZATION, Kind.SEPARATOR, Kind.DATE, Kind.COMMENTS, Kind.CODE,
                       Kind.ARXIV, Kind.PROJECT, Kind.FIELD})
_AMBIGUOUS = frozenset({Kind.VOTES, Kind.URL})


@dataclass(frozen=True, slots=True)
class Span:
    """One entry's place in the event list: its title, its body, the metadata between them."""

    title: Unit
    body: tuple[Unit, ...]
    first: int
    last: int
    core: tuple[int, ...]
    truncated: int | None = None


@dataclass(frozen=True, slots=True)
class Assembly:
    """The entries of the page-like parts of a capture, and what could not be used."""

    entries: tuple[Entry, ...]
    rejections: tuple[Rejection, ...]
    diagnostics: tuple[Diagnostic, ...]
    page_dates: tuple[str, ...]
    tables: tuple[Item, ...]


def assemble(items: list[Item], file: str) -> Assembly:
    """Entries from the classified items of one text capture."""
    notes: list[Diagnostic] = []
    events = _events(_pair(items), notes, file)
    spans, orphans, tables = _spans(events, notes, file)
    rejections, chrome = _place_orphans(orphans, spans, events, file)
    if chrome:
        notes.append(Diagnostic(file, 1, f"{chrome} title-like line(s) before the first paper or after the last "
                                         f"were read as the page's header and footer", Severity.INFO))
    entries, page_dates = _attribute(spans, events, notes, file, rejections)
    return Assembly(tuple(entries), tuple(rejections), tuple(notes), tuple(page_dates), tuple(tables))


# -- pass 1: items that only mean something together ---------------------------------------


def _pair(items: list[Item]) -> list[Item]:
    """Read pairs of items as one: `Upvote` + `117`, `2` + a `#community` URL, an organisation before `·`."""
    out: list[Item] = []
    solid = [k for k, item in enumerate(items) if item.kind is not Kind.BLANK]
    after = {solid[n]: solid[n + 1] for n in range(len(solid) - 1)}
    skip: set[int] = set()
    for k, item in enumerate(items):
        if k in skip:
            continue
        nxt = items[after[k]] if k in after else None
        if item.kind is Kind.SUBMITTED and item.value is None:
            # "Submitted by", pictures, then the submitter's name: one block of chrome.
            j = k
            while j in after and items[after[j]].kind is Kind.CHROME:
                j = after[j]
            if j in after and _user_name(items[after[j]]):
                skip.add(after[j])
            out.append(Item(item.line, Kind.CHROME, item.text, end=item.end))
            continue
        if item.kind is Kind.SUBMITTED:
            out.append(Item(item.line, Kind.CHROME, item.text, end=item.end))
            continue
        if item.kind is Kind.TEXT and item.nav and item.text.casefold() in ("upvote", "upvotes") and nxt \
                and nxt.kind is Kind.NUMBER:
            skip.add(after[k])
            out.append(Item(item.line, Kind.VOTES, nxt.text, nxt.value, end=nxt.end))
            continue
        if item.kind is Kind.VOTES and nxt is not None and nxt.kind is Kind.URL and nxt.role is Role.LOGIN:
            # ` [-] 12` and the login link it leads to: the link names the paper voted for.
            skip.add(after[k])
            out.append(Item(item.line, Kind.VOTES, item.text, item.value, nxt.target, nxt.paper, end=nxt.end))
            continue
        if item.kind is Kind.NUMBER:
            if nxt is not None and nxt.kind is Kind.URL and nxt.role is Role.COMMUNITY:
                skip.add(after[k])
                out.append(Item(item.line, Kind.COMMENTS, item.text, item.value, nxt.target, nxt.paper, end=nxt.end))
            else:
                out.append(Item(item.line, Kind.VOTES, item.text, item.value, end=item.end))
            continue
        if item.kind is Kind.TEXT and item.paper is None and _organisation(items, k, after):
            out.append(Item(item.line, Kind.ORGANIZATION, item.text, _undouble(item.text), end=item.end))
            continue
        out.append(item)
    return out


def _user_name(item: Item) -> bool:
    return item.kind is Kind.TEXT and 0 < len(item.text) <= 40 and " " not in item.text.strip()


def _organisation(items: list[Item], k: int, after: dict[int, int]) -> bool:
    """A short line standing where the author count would: before the `·` (maybe past the org's URL)."""
    text = items[k].text
    if not text or len(text) > 80 or looks_like_prose(text):
        return False
    j = k
    while j in after:
        j = after[j]
        if items[j].kind is Kind.URL and items[j].role is Role.OTHER:
            continue
        return items[j].kind is Kind.SEPARATOR
    return False


def _undouble(text: str) -> str:
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


# -- pass 2: text units and the events of the walk --------------------------------------


def _events(items: list[Item], notes: list[Diagnostic], file: str) -> list[Unit | Item]:
    """Paragraphs joined into units; headings, fields and link texts as units; other items kept in order."""
    events: list[Unit | Item] = []
    paragraph: list[Item] = []
    # A file's one level-1 heading, standing before every other heading, is the document's title.
    headings = [i for i in items if i.kind is Kind.HEADING]
    first_title_line = headings[0].line if headings and sum(1 for i in headings if i.level == 1) == 1 \
        and headings[0].level == 1 else -1
    details: list[str] = []
    forced_next: str | None = None
    skipped_translations = 0

    def flush() -> None:
        nonlocal forced_next, skipped_translations
        if not paragraph:
            return
        for unit in join_text(paragraph):
            kind = _details_kind(details) or forced_next
            if is_other_script(unit.text):
                skipped_translations += 1
                continue
            events.append(Unit(unit.line, unit.end, unit.text, nav=unit.nav, forced=kind) if kind else unit)
            forced_next = None
        paragraph.clear()

    for item in items:
        kind = item.kind
        if kind is Kind.TEXT and item.target is None and not item.quote:
            paragraph.append(item)
            continue
        flush()
        if kind is Kind.BLANK:
            continue
        if kind is Kind.DETAILS_OPEN:
            details.append(item.text)
        elif kind is Kind.DETAILS_CLOSE:
            if details:
                details.pop()
        elif kind is Kind.HEADING:
            if item.level == 1 and item.paper is None and item.line == first_title_line:
                events.append(Item(item.line, Kind.CHROME, item.text, end=item.end))  # the document's own title
                continue
            events.append(Unit(item.line, item.end, item.text, item.target, item.paper, strong=True, nav=item.nav,
                               level=item.level))
        elif kind is Kind.TEXT:
            if is_other_script(item.text):
                skipped_translations += 1
                continue
            strong = item.paper is not None and not looks_like_prose(item.text) and len(item.text) <= TITLE_MAX
            forced = _details_kind(details)
            events.append(Unit(item.line, item.end, item.text, item.target, item.paper, strong=strong, nav=item.nav,
                               forced=forced))
        elif kind is Kind.FIELD and item.value in ("abstract", "summary"):
            if item.text and not is_other_script(item.text):
                events.append(Unit(item.line, item.end, plain(item.text), forced=str(item.value)))
            elif not item.text:
                forced_next = str(item.value)
            elif item.text:
                skipped_translations += 1
        elif kind is Kind.FIELD and item.value == "title":
            events.append(Unit(item.line, item.end, plain(item.text), strong=True))
        else:
            events.append(item)
    flush()
    if skipped_translations:
        notes.append(Diagnostic(file, 1, f"{skipped_translations} paragraph(s) in another script (translations or "
                                         f"summaries beside the English) were not used as abstracts", Severity.INFO))
    return events


def _details_kind(details: list[str]) -> str | None:
    """What a `<details>` block holds, by its summary label."""
    for label in reversed(details):
        low = label.casefold()
        if "abstract" in low or "摘要" in low:
            return "abstract"
        if "summary" in low or "tl;dr" in low or "tldr" in low:
            return "summary"
    return None


# -- pass 3: the walk that pairs titles with bodies ---------------------------------------


@dataclass(slots=True)
class _Open:
    """The entry being read during the walk."""

    title: Unit
    first: int
    body: list[Unit] = field(default_factory=list)
    core: list[int] = field(default_factory=list)
    last: int = 0
    metadata_seen: bool = False
    truncated: int | None = None


@dataclass(frozen=True, slots=True)
class _Orphan:
    """A title without a body, or a body without a title, at event `index`."""

    index: int
    unit: Unit
    reason: str
    is_title: bool


def _spans(events: list[Unit | Item], notes: list[Diagnostic], file: str) -> tuple[list[Span], list[_Orphan], list[Item]]:
    spans: list[Span] = []
    orphans: list[_Orphan] = []
    tables: list[Item] = []
    cur: _Open | None = None

    def close() -> None:
        nonlocal cur
        if cur is None:
            return
        if cur.truncated is not None and not cur.body:
            orphans.append(_Orphan(cur.first, cur.title, f"cut off: the capture ends inside this entry "
                                                         f"(line {cur.truncated})", False))
        elif cur.body:
            spans.append(Span(cur.title, tuple(cur.body), cur.first, cur.last, tuple(cur.core), cur.truncated))
        elif cur.title.strong and cur.title.paper and not cur.truncated:
            spans.append(Span(cur.title, (), cur.first, max(cur.last, cur.first), tuple(cur.core)))
        else:
            orphans.append(_Orphan(cur.first, cur.title, "title with no abstract after it", True))
        cur = None

    def reject(reason: str) -> None:
        nonlocal cur
        if cur is not None:
            orphans.append(_Orphan(cur.first, cur.title, reason, True))
        cur = None

    inside_unclosed = False  # text after a link that never closes: the rest of a cut-off entry
    stray: list[int] = []
    for idx, event in enumerate(events):
        if isinstance(event, Unit) and inside_unclosed and cur is not None:
            cur.body.append(event)
            cur.last = idx
            continue
        if isinstance(event, Unit):
            following = _next_unit(events, idx)
            if event.strong and not event.forced and not _body_of(cur, event):
                close()
                cur = _Open(event, idx, last=idx)
                continue
            if cur is not None and not cur.body:
                title_follows = following is not None and following.is_prose
                if event.nav or (cur.title.nav and not event.is_prose):
                    close()  # navigation words are never an abstract, nor the title of a non-abstract
                    cur = _Open(event, idx, last=idx)
                elif cur.title.strong and not _can_follow_heading(event):
                    close()  # a section heading, then the page goes on
                    cur = _Open(event, idx, last=idx)
                elif not cur.title.strong and not _can_be_body(event):
                    close()
                    cur = _Open(event, idx, last=idx)
                elif not cur.title.strong and not event.is_prose and title_follows:
                    reject("title with no abstract after it")
                    cur = _Open(event, idx, last=idx)
                else:
                    cur.body.append(event)
                    cur.last = idx
                continue
            if event.forced and cur is not None:
                cur.body.append(event)
                cur.last = idx
                continue
            if not event.is_prose or _heads_next_record(event, following):
                close()
                cur = _Open(event, idx, last=idx)
            elif cur is not None and not cur.metadata_seen:
                cur.body.append(event)  # a second paragraph of the same abstract
                cur.last = idx
            else:
                close()
                orphans.append(_Orphan(idx, event, "abstract with no title before it", False))
            continue
        kind = event.kind
        if kind in (Kind.CHROME,):
            continue
        if kind is Kind.TABLE:
            close()
            tables.append(event)
            continue
        if kind is Kind.TOO_LONG:
            notes.append(Diagnostic(file, event.line, f"line is {int(event.text):,} characters long "
                                                      f"(limit {100_000:,}); skipped"))
            if cur is not None and not cur.body:
                reject(f"its abstract (line {event.line}) is too long to be one")
            continue
        if kind is Kind.BINARY:
            if cur is not None and not cur.body:
                reject(f"binary data follows it (line {event.line})")
            else:
                close()
            continue
        if kind is Kind.UNCLOSED and (cur is None or cur.body):
            stray.append(event.line)  # a `[` no later line closes, where no entry awaits its abstract
            continue
        if kind in (Kind.UNCLOSED, Kind.TRUNCATED):
            if cur is not None:
                cur.truncated = event.line
            inside_unclosed = kind is Kind.UNCLOSED and cur is not None
            continue
        if cur is not None and not cur.body:
            if cur.title.strong or kind in (Kind.URL, Kind.FIELD) or (kind is Kind.VOTES and event.paper):
                cur.core.append(idx)
                continue
            reject(f"title with no abstract after it (line {event.line} is metadata)")
            continue
        if cur is not None and kind in METADATA and not (kind is Kind.URL and event.role is not Role.PAPER):
            cur.metadata_seen = True
    close()
    if stray:
        notes.append(Diagnostic(file, stray[0], f"{len(stray)} line(s) open a link (`[`) that no later line closes, "
                                                f"the first here; they are not part of any paper"))
    return spans, orphans, tables


def _body_of(cur: _Open | None, unit: Unit) -> bool:
    """A link to the paper's page right under its title is the abstract wrapped in a link."""
    return (cur is not None and not cur.body and not unit.level and cur.title.paper is not None
            and unit.paper == cur.title.paper)


def _can_be_body(unit: Unit) -> bool:
    """What may be the abstract under a plain line: prose, or a paragraph too long to be a title."""
    return unit.is_prose or len(unit.text) > TITLE_MAX


def _can_follow_heading(unit: Unit) -> bool:
    """A heading's first paragraph is its abstract when it reads as one (or a label says so)."""
    return unit.is_prose or (len(unit.text) >= 80 and not unit.nav) or unit.paper is not None and not unit.strong


def _next_unit(events: list[Unit | Item], i: int) -> Unit | None:
    """The next text unit, or None if metadata or the end comes first."""
    for j in range(i + 1, len(events)):
        event = events[j]
        if isinstance(event, Unit):
            return event
        if event.kind is not Kind.CHROME:
            return None
    return None


def _heads_next_record(unit: Unit, following: Unit | None) -> bool:
    """A short sentence-like line followed by a longer abstract is a title, not more abstract."""
    return (unit.forced is None and following is not None and following.is_prose and following.forced != "summary"
            and len(unit.text) <= TITLE_MAX and len(following.text) > len(unit.text))


def _place_orphans(orphans: list[_Orphan], spans: list[Span], events: list[Unit | Item],
                   file: str) -> tuple[list[Rejection], int]:
    """Report what is out of place; a title-like line before the first entry or after the last is chrome."""
    if not spans:
        first = last = len(events)
    else:
        first, last = spans[0].first, spans[-1].last
    levels = [s.title for s in spans if s.title.strong]
    rejections = []
    chrome = 0
    for orphan in orphans:
        unit = orphan.unit
        outside = orphan.index < first or orphan.index > last
        if orphan.is_title and (outside or unit.nav or (unit.strong and not unit.paper and levels
                                                        and _section_heading(unit))):
            chrome += outside and not unit.nav
            continue
        rejections.append(Rejection(SourceRef(file, unit.line), orphan.reason, preview(unit.text)))
    return rejections, chrome


def _section_heading(unit: Unit) -> bool:
    """A heading that heads a section of the listing (`## cs.CV`) rather than a paper."""
    return len(unit.text) <= 60


# -- pass 4: metadata to the entry it belongs to -------------------------------------------


def _attribute(spans: list[Span], events: list[Unit | Item], notes: list[Diagnostic], file: str,
               rejections: list[Rejection]) -> tuple[list[Entry], list[str]]:
    ids = [_span_paper(span, events) for span in spans]
    owners: list[list[int]] = [list(span.core) for span in spans]
    page_dates: list[str] = []
    lead_end = spans[0].first if spans else len(events)
    lead = [i for i in range(lead_end) if isinstance(events[i], Item)]
    votes_lead, urls_lead = _layout(spans, events, ids, lead)
    # What stands before the first entry: its upvotes and link, or the page's own date.
    for i in lead:
        item = events[i]
        assert isinstance(item, Item)
        if item.kind is Kind.DATE:
            page_dates.append(" ".join(item.text.split()))
        elif spans and (item.kind is Kind.VOTES or (item.kind is Kind.URL and item.role in (Role.PAPER, Role.LOGIN))):
            if item.paper is None or ids[0] is None or item.paper == ids[0]:
                owners[0].append(i)
    for n, span in enumerate(spans):
        end = spans[n + 1].first if n + 1 < len(spans) else len(events)
        gap = [i for i in range(span.last + 1, end) if isinstance(events[i], Item)]
        nxt = n + 1 if n + 1 < len(spans) else None
        for i, owner in _split_gap(gap, events, ids[n], ids[nxt] if nxt is not None else None, votes_lead, urls_lead):
            owners[n if owner == "prev" or nxt is None else nxt].append(i)
    entries = []
    for n, span in enumerate(spans):
        if span.truncated is not None:
            rejections.append(Rejection(SourceRef(file, span.title.line),
                                        f"cut off: the capture ends inside this entry (line {span.truncated})",
                                        preview(span.title.text)))
            continue
        entries.append(_entry(span, sorted(owners[n]), events, ids[n], notes, file, page_dates))
    return entries, page_dates


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
    votes_lead = any(isinstance(events[i], Item) and events[i].kind is Kind.VOTES for i in lead)  # type: ignore[union-attr]
    urls_lead = any(isinstance(events[i], Item) and events[i].kind is Kind.URL  # type: ignore[union-attr]
                    and events[i].role is Role.PAPER for i in lead)  # type: ignore[union-attr]
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
    last_prev = max((k for k, i in enumerate(gap) if owner.get(i) == "prev"), default=-1)
    first_next = min((k for k, i in enumerate(gap) if owner.get(i) == "next"), default=len(gap))
    out = []
    for k, i in enumerate(gap):
        item = events[i]
        assert isinstance(item, Item)
        if item.kind is Kind.CHROME:
            continue
        side = owner.get(i)
        if side is None:
            if k < last_prev:
                side = "prev"
            elif k > first_next:
                side = "next"
            elif item.kind is Kind.VOTES:
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
            if date.votes is not None:
                put("upvotes", date.votes, item.line)
        elif kind is Kind.VOTES:
            put("upvotes", item.value, item.line)
        elif kind is Kind.COMMENTS:
            put("comments", item.value, item.line)
        elif kind is Kind.CODE:
            if "code_url" not in fields:
                fields["code_url"] = item.target
                if item.value is not None:
                    fields["stars"] = item.value
        elif kind is Kind.ARXIV:
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
        if kind in (Kind.AUTHORS, Kind.ORGANIZATION, Kind.SEPARATOR, Kind.DATE, Kind.VOTES):
            seen_meta = True
    abstract_parts = [clean_body(u.text) for u in span.body if u.forced != "summary"]
    summary_parts = [clean_body(u.text) for u in span.body if u.forced == "summary"]
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
        authors=fields.get("authors"),  # type: ignore[arg-type]
        author_names=names,
        organization=fields.get("organization"),  # type: ignore[arg-type]
        date=fields.get("date"),  # type: ignore[arg-type]
        upvotes=fields.get("upvotes"),  # type: ignore[arg-type]
        comments=fields.get("comments"),  # type: ignore[arg-type]
        arxiv_id=paper or fields.get("arxiv_id"),  # type: ignore[arg-type]
        url=url,  # type: ignore[arg-type]
        code_url=fields.get("code_url"),  # type: ignore[arg-type]
        stars=fields.get("stars"),  # type: ignore[arg-type]
        project_page=fields.get("project_page"),  # type: ignore[arg-type]
        venue=fields.get("venue"),  # type: ignore[arg-type]
    )


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


def _first_url(text: str) -> str | None:
    for link in find_links(text):
        if link.target.startswith(("http://", "https://")):
            return link.target
    for word in text.split():
        word = word.strip("<>()[]*_,;")
        if word.startswith(("http://", "https://")):
            return word
    return None


_ET_AL_TAIL = re.compile(r"\s*(?:,\s*)?\bet\.?\s*al\.?$|\s+and\s+others$", re.IGNORECASE)


def split_names(text: str) -> tuple[str, ...]:
    """`A, B and C`, `A; B; C`, `A and B`, `A et al.` as names; "et al." stays last, marking a partial list."""
    text = text.strip().strip("*_").strip()
    if not text or len(text) > 20_000:
        return ()
    partial = _ET_AL_TAIL.search(text)
    if partial:
        text = text[: partial.start()]
    parts = text.replace(";", ",").replace(" and ", ", ").replace(" & ", ", ").split(",")
    names = tuple(p.strip().strip("*_").strip() for p in parts if p.strip().strip("*_").strip())
    return (*names, "et al.") if partial and names else names
