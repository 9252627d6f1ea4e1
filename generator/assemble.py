"""Give every abstract the title that owns it: the third pass of the text reader.

It works from evidence, entry by entry: a heading or a link to a paper's page is a
title; a short line is a title when an abstract follows it; page chrome is what owns
no abstract before the first entry or after the last. `attribute` then gives each
piece of metadata between the entries to the one it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .attribute import attribute
from .chrome import is_footer, undouble
from .entry import Entry, preview
from .items import METADATA, Item, Kind, Role
from .lines import collection_item
from .markdown_text import plain
from .model import Diagnostic, Rejection, Severity, SourceRef
from .units import PARAGRAPH_MIN, Body, Span, Unit, is_other_script, join_text, looks_like_prose, wrap_width

TITLE_MAX = 300
_STARS = re.compile(r"^\d[\d.,]{0,8}\s?[kKmM]?$")


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
        notes.append(Diagnostic(file, 1, f"{chrome} title-like line(s) or paragraph(s) before the first paper or "
                                         f"after the last were read as the page's header and footer", Severity.INFO))
    entries, page_dates = attribute(spans, events, notes, file, rejections)
    return Assembly(tuple(entries), tuple(rejections), tuple(notes), tuple(page_dates), tuple(tables))


# -- pass 1: items that only mean something together ---------------------------------------


# A card's vote count glued to the title under its submitter, as PDF text gives it: `156Sparse ...`, `- 2-Bit ...`.
_GLUED_VOTES = re.compile(r"^(?:(?P<n>\d{1,6})(?=[A-Z][a-z])|(?P<dash>-)\s(?=\S))(?P<title>.{8,})$")


def _unglue_votes(items: list[Item]) -> list[Item]:
    """Split `156Sparse Attention ...` under "Submitted by" into its votes and its title, where most cards do it."""
    solid = [k for k, item in enumerate(items) if item.kind is not Kind.BLANK]
    under = [j for a, j in zip(solid, solid[1:]) if items[a].kind is Kind.SUBMITTED and items[j].kind is Kind.TEXT]
    glued = {j: m for j in under if (m := _GLUED_VOTES.match(items[j].text)) and not looks_like_prose(m["title"])}
    if len(glued) < 2 or len(glued) * 2 < len(under):
        return items
    out: list[Item] = []
    for k, item in enumerate(items):
        m = glued.get(k)
        if m is None:
            out.append(item)
            continue
        votes = Item(item.line, Kind.DASH, "-", 0) if m["dash"] else Item(item.line, Kind.NUMBER, m["n"], int(m["n"]))
        out += [replace(votes, end=item.end), replace(item, text=m["title"].strip())]
    return out


def _pair(items: list[Item]) -> list[Item]:
    """Read pairs of items as one: `Upvote` + `117`, `2` + a `#community` URL, an organisation before `·`."""
    items = _unglue_votes(items)
    out: list[Item] = []
    solid = [k for k, item in enumerate(items) if item.kind is not Kind.BLANK]
    after = {solid[n]: solid[n + 1] for n in range(len(solid) - 1)}
    before = {solid[n + 1]: solid[n] for n in range(len(solid) - 1)}
    skip: set[int] = set()
    published = [i for i in items if i.kind is Kind.DATE and i.text.casefold().startswith("published")]
    one_paper_page = len(published) == 1
    votes_first = _votes_before_titles(items, solid, after)
    for k, item in enumerate(items):
        if k in skip:
            continue
        nxt = items[after[k]] if k in after else None
        prev = items[before[k]] if k in before else None
        if item.kind in (Kind.TEXT, Kind.CHROME) and item.text.casefold() in ("github", "gitlab") and nxt is not None \
                and (nxt.kind is Kind.NUMBER or _STARS.match(nxt.text)):
            skip.add(after[k])  # `GitHub` over `268`: a repository button's stars, copied without its link
            out.append(Item(item.line, Kind.CHROME, f"{item.text} {nxt.text}", end=nxt.end))
            continue
        if item.kind is Kind.SUBMITTED and item.value is None:
            # "Submitted by", pictures, then the submitter's name: one block of chrome.
            j = k
            while j in after and items[after[j]].kind is Kind.CHROME:
                j = after[j]
            if j in after and _user_name(items[after[j]]):
                skip.add(after[j])
            out.append(Item(item.line, Kind.SUBMITTED, item.text, end=item.end))
            continue
        if item.kind in (Kind.TEXT, Kind.CHROME) and item.text == "Paper" and (found := _item_over_lines(items, k, after)):
            # `Paper`, `•`, `2301.07742`, `•`, `Published Jan 18, 2023`, `•`, `24`: a collection item, a piece a line.
            last, parts = found
            skip.update(j for j in solid if k < j <= last)
            out.extend(parts)
            continue
        if one_paper_page and item.kind is Kind.TEXT and item.target is None and nxt is not None \
                and nxt is published[0] and not item.nav and len(item.text) <= TITLE_MAX \
                and not looks_like_prose(item.text):
            # A paper's own page, copied as text: its title, then its one `Published on <date>` (on a listing
            # every card has one, after its organisation's name).
            out.append(Item(item.line, Kind.HEADING, item.text, level=2, end=item.end))
            continue
        if item.kind is Kind.TEXT and item.nav and item.text.casefold() in ("upvote", "upvotes") and nxt \
                and nxt.kind is Kind.NUMBER:
            skip.add(after[k])
            out.append(Item(item.line, Kind.VOTES, nxt.text, nxt.value, end=nxt.end))
            continue
        if item.kind is Kind.FIELD and item.value == "authors" and not item.text and nxt is not None \
                and nxt.kind is Kind.TEXT:
            # `Authors:` with the names on the lines below, one `Name ,` a line in some exports.
            last = after[k]
            names = [nxt.text]
            while names[-1].rstrip().endswith(",") and last + 1 < len(items) and items[last + 1].kind is Kind.TEXT:
                skip.add(last)
                last += 1
                names.append(items[last].text)
            skip.add(last)
            out.append(Item(item.line, Kind.FIELD, " ".join(names), "authors", end=items[last].end))
            continue
        if item.kind is Kind.VOTES and nxt is not None and nxt.kind is Kind.URL and nxt.role is Role.LOGIN:
            # ` [-] 12` and the login link it leads to: the link names the paper voted for.
            skip.add(after[k])
            out.append(Item(item.line, Kind.VOTES, item.text, item.value, nxt.target, nxt.paper, end=nxt.end))
            continue
        if item.kind is Kind.TEXT and nxt is not None and nxt.kind is Kind.TEXT and item.target is None \
                and item.text.casefold() == nxt.text.casefold() and _organisation(items, after[k], after):
            continue  # `tencent` above `Tencent ·`: a logo's alt text, copied with the page
        if item.kind is Kind.NUMBER:
            if votes_first and _title_at(items, after, k):
                # Where each card's count stands right above its title, the number there is that count,
                # even after the last card's date (whose comment count, if any, comes between).
                out.append(Item(item.line, Kind.VOTES, item.text, item.value, end=item.end))
                continue
            if prev is not None and prev.kind is Kind.DATE:
                # `Sep 19` then `2`: a listing card prints its comment count right after the date.
                out.append(Item(item.line, Kind.COMMENTS, item.text, item.value, end=item.end))
                continue
            if nxt is not None and nxt.kind is Kind.URL and nxt.role is Role.COMMUNITY:
                skip.add(after[k])
                out.append(Item(item.line, Kind.COMMENTS, item.text, item.value, nxt.target, nxt.paper, end=nxt.end))
            else:
                out.append(Item(item.line, Kind.VOTES, item.text, item.value, end=item.end))
            continue
        if item.kind is Kind.TEXT and item.paper is None and _organisation(items, k, after):
            out.append(Item(item.line, Kind.ORGANIZATION, item.text, undouble(item.text), end=item.end))
            continue
        out.append(item)
    return out


def _title_at(items: list[Item], after: dict[int, int], k: int) -> bool:
    """Whether a title (a short text line followed by prose) comes right after item `k`."""
    if k not in after:
        return False
    j = after[k]
    title = items[j]
    if title.kind is not Kind.TEXT or title.nav or looks_like_prose(title.text) or len(title.text) > TITLE_MAX:
        return False
    return j in after and items[after[j]].kind is Kind.TEXT and looks_like_prose(items[after[j]].text)


def _votes_before_titles(items: list[Item], solid: list[int], after: dict[int, int]) -> bool:
    """A layout whose cards print their vote count right above the title (Chromium's and bs4's text)."""
    titles = counted = 0
    for k in solid:
        if k not in after or not _title_at(items, after, k):
            continue
        titles += 1
        counted += items[k].kind in (Kind.NUMBER, Kind.DASH)
    return counted >= 2 and counted * 2 >= titles


def _item_over_lines(items: list[Item], k: int, after: dict[int, int]) -> tuple[int, list[Item]] | None:
    """A collection item's line broken into one piece a line, from `Paper` at `k`: its last index and its items."""
    texts, j, best = [items[k].text], k, None
    for _ in range(6):
        if j not in after:
            break
        j = after[j]
        texts.append(items[j].text)
        if (found := collection_item(items[k].line, " ".join(texts), items[j].end)) and not found[0]:
            best = j, found[1]
    return best


# Hugging Face user names are at most 39 characters (as GitHub's); 40 leaves room for an "@".
USER_NAME_MAX = 40


def _user_name(item: Item) -> bool:
    return item.kind is Kind.TEXT and 0 < len(item.text) <= USER_NAME_MAX and " " not in item.text.strip()


def _organisation(items: list[Item], k: int, after: dict[int, int]) -> bool:
    """A short line standing where the author count would: before the `·` (maybe past the org's URL)."""
    text = items[k].text
    if not text or len(text) > PARAGRAPH_MIN or looks_like_prose(text):
        return False
    j = k
    while j in after:
        j = after[j]
        if items[j].kind is Kind.URL and items[j].role is Role.OTHER:
            continue
        return items[j].kind is Kind.SEPARATOR
    return False


# -- pass 2: text units and the events of the walk --------------------------------------


def _events(items: list[Item], notes: list[Diagnostic], file: str) -> list[Unit | Item]:
    """Paragraphs joined into units; headings, fields and link texts as units; other items kept in order."""
    events: list[Unit | Item] = []
    paragraph: list[Item] = []
    # A file's one level-1 heading, standing before every other heading, is the document's title.
    headings = [i for i in items if i.kind is Kind.HEADING]
    first_title_line = headings[0].line if headings and sum(1 for i in headings if i.level == 1) == 1 \
        and headings[0].level == 1 and not _published_after(items, headings[0]) else -1
    details: list[str] = []
    forced_next: Body | None = None
    skipped_translations = 0

    def flush() -> None:
        nonlocal forced_next, skipped_translations
        if not paragraph:
            return
        for unit in join_text(paragraph, width):
            kind = _details_kind(details) or forced_next
            if is_other_script(unit.text):
                skipped_translations += 1
                continue
            events.append(Unit(unit.line, unit.end, unit.text, nav=unit.nav, forced=kind) if kind else unit)
            forced_next = None
        paragraph.clear()

    width = wrap_width([i for i in items if i.kind is Kind.TEXT])
    # Where a listing gives each entry a line of its own, an unlinked heading heads a section.
    listed = _lists_entries(items)
    footer = False  # inside a paper page's comments and citations, which hold no paper of the capture's
    # A paper's own page copied as text: past its one `Published on`, a line "Community" opens the furniture.
    published = [i for i in items if i.kind is Kind.DATE and i.text.casefold().startswith("published")]
    page_body = False
    for item in items:
        kind = item.kind
        if len(published) == 1 and item is published[0]:
            page_body = True
        if page_body and not footer and kind is Kind.TEXT and item.target is None and is_footer(item.text):
            flush()
            footer = True
            continue
        if kind is Kind.HEADING and (footer or is_footer(item.text)):
            flush()
            footer = item.paper is None  # a linked paper title ends the furniture
            if footer:
                continue
        if footer:
            continue
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
            if item.paper is None and (item.nav or listed or (item.level == 1 and item.line == first_title_line)):
                # A section of the site (`### Community`) or the document's own title, never a paper's.
                events.append(Item(item.line, Kind.CHROME, item.text, level=item.level or 1, end=item.end))
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
                events.append(Unit(item.line, item.end, plain(item.text), forced=Body(item.value)))
            elif not item.text:
                forced_next = Body(item.value)
            elif item.text:
                skipped_translations += 1
        elif kind is Kind.FIELD and item.value == "title":
            events.append(Unit(item.line, item.end, plain(item.text), strong=True))
        elif kind is Kind.ENTRY:
            events.append(Unit(item.line, item.end, item.text, item.target, item.paper, strong=True, listed=True))
        else:
            events.append(item)
    flush()
    if skipped_translations:
        notes.append(Diagnostic(file, 1, f"{skipped_translations} paragraph(s) in another script (translations or "
                                         f"summaries beside the English) were not used as abstracts", Severity.INFO))
    return events


def _published_after(items: list[Item], heading: Item) -> bool:
    """A paper's own page: its title heading is followed, before any text, by `Published on <date>`."""
    start = items.index(heading) + 1
    for item in items[start:]:
        if item.kind in (Kind.BLANK, Kind.CHROME, Kind.SUBMITTED):
            continue
        return item.kind is Kind.DATE and item.text.casefold().startswith("published")
    return False


def _lists_entries(items: list[Item]) -> bool:
    """Whether the capture gives its papers entry lines of their own (outside a paper page's furniture)."""
    footer = False
    for item in items:
        if item.kind is Kind.HEADING and (footer or is_footer(item.text)):
            footer = item.paper is None
        elif item.kind is Kind.ENTRY and not footer:
            return True
    return False


def _details_kind(details: list[str]) -> Body | None:
    """What a `<details>` block holds, by its summary label."""
    for label in reversed(details):
        low = label.casefold()
        if "abstract" in low or "摘要" in low:
            return Body.ABSTRACT
        if "summary" in low or "tl;dr" in low or "tldr" in low:
            return Body.SUMMARY
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
        if not cur.title.text:
            pass  # an entry line that never got its title: nothing to keep
        elif cur.truncated is not None and not cur.body:
            orphans.append(_Orphan(cur.first, cur.title, f"cut off: the capture ends inside this entry "
                                                         f"(line {cur.truncated})", False))
        elif cur.body:
            spans.append(Span(cur.title, tuple(cur.body), cur.first, cur.last, tuple(cur.core), cur.truncated))
        elif (cur.title.strong and cur.title.paper or cur.title.listed or _named(cur, events)) \
                and not cur.truncated:
            # No abstract, but the entry says what paper it is: its page, its list entry, or its authors.
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
    item_line: int | None = None  # the line of the collection item that ends the open entry
    after_item = False  # past a collection item: prose here is the curator's note on it
    curator_notes: list[int] = []
    for idx, event in enumerate(events):
        if item_line is not None:
            if isinstance(event, Item) and event.line == item_line and cur is not None:
                cur.core.append(idx)  # the item's date and votes, on its line
                cur.last = idx
                continue
            close()
            item_line, after_item = None, True
        if isinstance(event, Unit) and after_item and cur is None and event.is_prose and not event.strong:
            curator_notes.append(event.line)
            continue
        after_item = after_item and not isinstance(event, Unit)
        if isinstance(event, Unit) and inside_unclosed and cur is not None:
            cur.body.append(event)
            cur.last = idx
            continue
        if isinstance(event, Unit):
            following = _next_unit(events, idx)
            if cur is not None and not cur.title.text and not cur.body and not event.is_prose and not event.listed:
                # `[1] arXiv:ID [pdf]` then the title line (or `Title: ...`): the entry gets its title.
                anchor = cur.title
                cur.title = Unit(event.line, event.end, event.text, anchor.target, anchor.paper, strong=True,
                                 listed=True)
                continue
            if event.strong and not event.forced and not _body_of(cur, event):
                close()
                cur = _Open(event, idx, last=idx)
                continue
            if cur is not None and not cur.body:
                title_follows = following is not None and following.is_prose
                if event.nav or (cur.title.nav and not event.is_prose):
                    close()  # navigation words are never an abstract, nor the title of a non-abstract
                    cur = _Open(event, idx, last=idx)
                elif cur.title.listed and not event.is_prose:
                    close()  # a list entry's note is prose; anything else is the page going on
                    cur = _Open(event, idx, last=idx)
                elif cur.title.strong and not _can_follow_heading(event) and cur.core:
                    continue  # a paper's page: "#3 Paper of the day" between its title, date and abstract
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
        if kind is Kind.ITEM and cur is not None and cur.title.text and not cur.body:
            # `Paper • ID • Published DATE • 116` under a title: a collection's paper, whole without an abstract.
            cur.title = replace(cur.title, listed=True, paper=cur.title.paper or str(event.value))
            cur.core.append(idx)
            cur.last = idx
            item_line = event.line
            continue
        if kind is Kind.CHROME and event.level and cur is not None and cur.title.listed:
            close()  # a new section: what follows is not the last entry's note
            continue
        if kind in (Kind.CHROME, Kind.SUBMITTED):
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
        if kind is Kind.BAD_DATE:
            notes.append(Diagnostic(file, event.line, f"malformed date {event.text!r}: {event.value}; a date line "
                                                      f"reads like `Sep 25, 2025` or `Sep 25` (upvotes may follow). "
                                                      f"The line is skipped"))
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
            if cur.title.strong or kind in (Kind.URL, Kind.FIELD, Kind.BYLINE, Kind.DASH) or (
                    kind is Kind.VOTES and event.paper):
                cur.core.append(idx)
                continue
            reject(f"title with no abstract after it (line {event.line} is metadata)")
            continue
        if cur is not None and kind in METADATA and not (kind is Kind.URL and event.role is not Role.PAPER):
            cur.metadata_seen = True
    close()
    spans[:] = _within_listing(spans, orphans)
    if curator_notes:
        notes.append(Diagnostic(file, curator_notes[0], f"{len(curator_notes)} note(s) under collection items, the "
                                                        f"first here, are the curator's, not abstracts; not used",
                                Severity.INFO))
    if stray:
        notes.append(Diagnostic(file, stray[0], f"{len(stray)} line(s) open a link (`[`) that no later line closes, "
                                                f"the first here; they are not part of any paper"))
    return spans, orphans, tables


def _within_listing(spans: list[Span], orphans: list[_Orphan]) -> list[Span]:
    """Where a listing gives its entries lines of their own (`[1] arXiv:ID`, a reading list's bullets), a plain
    title and paragraph before the first of them or after the last is the page's own text ("Cornell
    University" and its thanks), not a paper."""
    strong = [n for n, s in enumerate(spans) if s.title.listed]
    if len(strong) < 2:
        return spans
    first, last = strong[0], strong[-1]
    for n, span in enumerate(spans):
        if n < first or n > last:
            orphans.append(_Orphan(span.first, span.title, "title with no abstract after it", True))
    return spans[first:last + 1]


def _named(cur: _Open, events: list[Unit | Item]) -> bool:
    """An entry whose own lines name its authors (`Authors: ...`, a search result's byline)."""
    return any(isinstance(event := events[i], Item) and (
        event.kind is Kind.BYLINE or event.kind is Kind.FIELD and event.value == "authors") for i in cur.core)


def _body_of(cur: _Open | None, unit: Unit) -> bool:
    """A link to the paper's page right under its title is the abstract wrapped in a link."""
    return (cur is not None and not cur.body and not unit.level and cur.title.paper is not None
            and unit.paper == cur.title.paper)


def _can_be_body(unit: Unit) -> bool:
    """What may be the abstract under a plain line: prose, or a paragraph too long to be a title."""
    return unit.is_prose or len(unit.text) > TITLE_MAX


def _can_follow_heading(unit: Unit) -> bool:
    """A heading's first paragraph is its abstract when it reads as one (or a label says so)."""
    return unit.is_prose or (len(unit.text) >= PARAGRAPH_MIN and not unit.nav) or unit.paper is not None and not unit.strong


def _next_unit(events: list[Unit | Item], i: int) -> Unit | None:
    """The next text unit, or None if metadata or the end comes first."""
    for j in range(i + 1, len(events)):
        event = events[j]
        if isinstance(event, Unit):
            return event
        if event.kind not in (Kind.CHROME, Kind.SUBMITTED, Kind.BAD_DATE):
            return None
    return None


def _heads_next_record(unit: Unit, following: Unit | None) -> bool:
    """A short sentence-like line followed by a longer abstract is a title, not more abstract."""
    return (unit.forced is None and following is not None and following.is_prose and following.forced is not Body.SUMMARY
            and len(unit.text) <= TITLE_MAX and len(following.text) > len(unit.text))


def _place_orphans(orphans: list[_Orphan], spans: list[Span], events: list[Unit | Item],
                   file: str) -> tuple[list[Rejection], int]:
    """Report what is out of place; a title-like line before the first entry or after the last is chrome."""
    if not spans:
        first = last = len(events)
    else:
        first, last = spans[0].first, spans[-1].last
    levels = [s.title for s in spans if s.title.strong]
    # Where entries are marked (entry lines, linked titles), a plain line owning nothing labels a section.
    certain = sum(1 for s in spans if s.title.listed or s.title.strong and s.title.paper) >= 2
    rejections = []
    chrome = 0
    for orphan in orphans:
        unit = orphan.unit
        outside = orphan.index < first or orphan.index > last
        if orphan.is_title and (outside or unit.nav or (certain and not unit.strong) or (
                unit.strong and not unit.paper and levels and _section_heading(unit))):
            chrome += outside and not unit.nav
            continue
        if not orphan.is_title and outside and certain:
            chrome += 1  # a listing's own words before its first entry (a collection's description)
            continue
        rejections.append(Rejection(SourceRef(file, unit.line), orphan.reason, preview(unit.text)))
    return rejections, chrome


def _section_heading(unit: Unit) -> bool:
    """A heading that heads a section of the listing (`## cs.CV`) rather than a paper."""
    return len(unit.text) <= 60
