"""Classify the pieces of a text capture: metadata, links and buttons, headings, markers, or text.

The second pass of the text reader. A piece is judged by its own shape (`11 authors`,
`[GitHub 1.2k](repo)`, `· Published on Oct 4, 2026`); what a line of text is (a title,
an abstract, page chrome) is left to `assemble`, which sees its neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chrome import LIST_MARKER, is_nav, strip_glued_chrome, undouble
from .dates import malformed_date_line, match_date_line
from .fields import BARE_URL, byline, heading_label, italic_names, labelled_field, list_entry, names_line
from .identifiers import arxiv_id_in
from .items import METADATA, Item, Kind
from .links import CODE_HOSTS
from .markdown_text import Link, find_links, join_lines, link_text, plain, whole_link
from .segment import Piece, Shape
from .targets import ARXIV_BUTTON, CODE_BUTTON, PROJECT_BUTTON, button, buttons, count_of, paper_of, url_item, voted_for

_BULLET = r"(?:[•*\-+·]\s*)?"
AUTHORS = re.compile(rf"^{_BULLET}\[?\s*(?P<n>\d{{1,4}})\s+authors?\s*\]?(?:\((?P<url>[^)\s]*)\)|\[[^\]]*\])?$",
                     re.IGNORECASE)
SEPARATOR = re.compile(r"^[·•|]$")
VOTES = re.compile(rf"^{_BULLET}(?:\[-\]\s*|[▲⬆↑△^]\s*|upvotes?:?\s*)?(?P<n>\d{{1,7}}|-)(?:\s+(?:upvotes?|votes?|likes?))?$",
                   re.IGNORECASE)
_VOTE_MARK = re.compile(r"^(?:\[-\]|[▲⬆↑△^]|upvotes?:?)\s*(?:\d|-)|(?:\d\s+(?:upvotes?|votes?|likes?))$",
                        re.IGNORECASE)
NUMBER = re.compile(r"^\d{1,7}$")
_UPVOTE_LABEL = re.compile(r"^upvotes?\s+(?P<n>\d{1,7}|-)$", re.IGNORECASE)
# A lone image standing in for a picture: `[图片：无替代文本]`, `[Image: logo]`, `- [image]`.
_PLACEHOLDER = re.compile(r"^(?:[-*•]\s*)?\[(?P<word>[^\[\]:：\n]{1,24})(?:[:：][^\[\]\n]{0,80})?\]$")
_ALT_ONLY = re.compile(r"^\[[^\[\]\n]{0,120}\]$")  # a link's text that is only a lynx-style image alt
_IMAGE_ONLY = re.compile(r"^(?:[-*•]\s*)?(?:!\[[^\]\n]*\]\([^)\n]*\)\s*)+$")
_TRUNCATED = re.compile(r"^\W{0,3}(?:\[\s*)?[^\]\n]{0,30}\btruncated\b[^\]\n]{0,30}(?:\])?\W{0,3}$", re.IGNORECASE)
# "Submitted by", "Submitted by akhaliq", "·Submitted by Mira Krause on Jul 25, 2025": a card's submitter.
_SUBMITTED = re.compile(r"^[·•]?\s*submitted\s+by:?(?:\s*(?P<who>[^\s:]{1,40}(?:\s+[^\s:]{1,40}){0,3}?))?"
                        r"(?:\s+on\s+\w{3,9}\.?\s+\d{1,2},?(?:\s+\d{4})?)?$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?:\d{1,4}[.)]|\[\d{1,4}\]|#\d{1,4}[.:]?)\s+")
# No line of metadata (a date, a vote count, a row of buttons) is longer than this.
METADATA_MAX = 400
# A flattened avatar list ending in the count: `* * * 9 authors`.
_TRAILING_AUTHORS = re.compile(r"^[\s*•\-+]*(?P<n>\d{1,4})\s+authors?$", re.IGNORECASE)
_DOT = re.compile(r"\s*·\s*|\s+•\s+|^•\s+")
# arXiv's listing pages: `[1] arXiv:2409.11204 [pdf, html, other]`, `(cross-list from cs.LG)`, `(replaced)`.
_ARXIV_ANCHOR = re.compile(r"^\[\d{1,5}\]\s+arXiv:(?P<id>\S+?)(?:\s*\([^()]{1,40}\))?(?:\s*\[[^\]]{0,40}\])?\s*$")
# Google Scholar's furniture around each result.
_SCHOLAR_CHROME = re.compile(r"^(?:\[(?:PDF|HTML|DOC|DOCX|PS)\]\s+[\w.-]+\.[a-z]{2,}"
                             r"|(?:Save\s+)?(?:Cite\s+)?Cited by \d+.*|(?:Save\s+)?Cite\s+Related articles.*)$")
_GLUED_BEFORE = re.compile(r"(?<=\w)(?=\[)")  # `by[Name](url)`
# A card's buttons, copied as text at the end of its metadata line: `GitHub 7.1k`, `arXiv Page`.
_BUTTON_WORDS_AT_END = re.compile(r"(?:^|\s)(?:(?:GitHub|GitLab|Code)\s+\d[\d.,]*\s?[kKmM]?|arXiv\s+Page|View\s+PDF"
                                  r"|Project\s+Page|Add\s+to\s+collection)$")
# A Hugging Face collection's paper, under its title: `Paper • 2402.14602 • Published Feb 21, 2024 • 116`.
_COLLECTION_ITEM = re.compile(r"(?:^|(?<=\s))Paper\s*[•·]\s*(?P<id>\d{4}\.\d{4,5})(?:v\d{1,3})?"
                              r"(?:\s*[•·]\s*(?:Published\s+)?(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?))?"
                              r"(?:\s*[•·]\s*(?P<n>\d[\d.,]{0,8}\s?[kK]?|-))?\s*$")
_HEADING_MARKS = re.compile(r"^#{1,6}\s+")
_MORE_VOTERS = re.compile(r"^(?:[-*•]\s*)?\+\d{1,7}$")
_GLUED_AFTER = re.compile(r"(\]\([^()\s]*(?:\s+\"[^\"]*\")?\))(?=\w)")  # `[Name](url)on`
_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")


@dataclass(frozen=True, slots=True)
class Context:
    """What classifying a piece needs to know of the whole capture."""

    references: dict[str, str]  # `[n]: url` definitions, by label
    placeholders: frozenset[str]  # words standing for images (`[图片：...]`)
    markdown: bool  # the capture is Markdown, so backslash escapes are Markdown's, not LaTeX's


def capture_context(pieces: tuple[Piece, ...], references: dict[str, str]) -> Context:
    """The context of a capture: its references, its image placeholders, whether it is Markdown."""
    markdown = any(p.shape in (Shape.LINK, Shape.TABLE) for p in pieces) or sum(1 for p in pieces if p.level) >= 2
    return Context(references, placeholder_words(pieces), markdown)


def classify(piece: Piece, context: Context) -> list[Item]:
    """The items of one piece, in order; most pieces give one."""
    line, shape = piece.line, piece.shape
    if shape is Shape.BLANK:
        return [Item(line, Kind.BLANK, end=piece.end)]
    if shape in (Shape.FRONT_MATTER, Shape.FENCE, Shape.HTML, Shape.REFERENCE):
        return [Item(line, Kind.CHROME, piece.text, end=piece.end)]
    if shape is Shape.TOO_LONG:
        return [Item(line, Kind.TOO_LONG, piece.text, end=piece.end)]
    if shape is Shape.BINARY:
        return [Item(line, Kind.BINARY, end=piece.end)]
    if shape is Shape.UNCLOSED:
        return [Item(line, Kind.UNCLOSED, piece.text, end=piece.end)]
    if shape is Shape.TABLE:
        return [Item(line, Kind.TABLE, value=piece.rows, end=piece.end)]
    if shape is Shape.DETAILS_OPEN:
        return [Item(line, Kind.DETAILS_OPEN, piece.text, end=piece.end)]
    if shape is Shape.DETAILS_CLOSE:
        return [Item(line, Kind.DETAILS_CLOSE, end=piece.end)]
    if shape is Shape.LINK:
        target = _resolve(piece.target, context.references)
        inner = link_text(piece.text).replace("\n", " ")
        if not piece.level and "·" in inner and len(inner) <= METADATA_MAX and (
                parts := _compound(Piece(line, piece.end, Shape.LINE, inner), inner, context)):
            return parts  # `[21]nvidia NVIDIA · Sep 28`: lynx ran the organisation's link to the line's end
        if item := collection_item(line, link_text(piece.text).replace("\n", " "), piece.end):
            if not item[0]:
                return item[1]
            # `[#### Title\n\nPaper • ID • Published DATE • 116](url)`: the title and the item's line in one link.
            title = plain(_HEADING_MARKS.sub("", item[0]), keep_urls=False).strip()
            return [Item(line, Kind.TEXT, title, target=target, paper=paper_of(target), end=piece.end), *item[1]]
        if piece.level:
            return [_heading(piece, join_lines(link_text(piece.text).split("\n")), target)]
        return [_linked(piece, piece.text, target)]
    text = piece.text
    if piece.level:
        return [_heading(piece, text, None)]
    return _line(piece, text, context)


def _resolve(target: str | None, references: dict[str, str]) -> str | None:
    if target and target.startswith("ref:"):
        return references.get(target[4:].casefold(), target)
    return target


def _heading(piece: Piece, text: str, target: str | None) -> Item:
    """A Markdown heading: `### [Title](url)`, `### 1. [Title](url)`, `## Mar 21`."""
    text = _NUMBERED.sub("", text.strip()) if target is None else text
    if target is None and (link := _whole(text)):
        text, target = link_text(link.text), link.target
    elif target is None:
        text = plain(text, keep_urls=False)
    text = text.strip()
    if date := match_date_line(text):
        return Item(piece.line, Kind.DATE, text, date, level=piece.level, end=piece.end)
    if name := heading_label(text):
        # `#### 📝 [Abstract](url)` inside an entry labels what follows; it is not a paper's title.
        return Item(piece.line, Kind.FIELD, "", name, target, level=piece.level, end=piece.end)
    return Item(piece.line, Kind.HEADING, strip_glued_chrome(text), target=target, paper=paper_of(target),
                level=piece.level, nav=is_nav(text), quote=piece.quote, end=piece.end)


def _whole(text: str) -> Link | None:
    """The link when `text` is one link (not an image) and nothing else."""
    link = whole_link(text)
    return link if link is not None and not link.image else None


def _linked(piece: Piece, inner: str, target: str | None) -> Item:
    """A piece that is one link: its text says what it is (votes, authors, a button, a title...)."""
    line, end = piece.line, piece.end
    if _ALT_ONLY.match(inner.strip()):
        # `[[图片：无替代文本]](paper url)`, `[[Image: thumbnail]](url)`: a picture that links somewhere.
        return Item(line, Kind.CHROME, inner.strip(), target=target, paper=paper_of(target), end=end)
    # List markers go before escapes are undone: `2024\.` starting a wrapped line is not a list item.
    # The lines are joined before the Markdown is read, so a URL wrapped at a hyphen stays whole.
    parts = [LIST_MARKER.sub("", part.strip()) for part in inner.split("\n") if part.strip()]
    visible = link_text(join_lines(parts))
    paper = paper_of(target)
    if not visible:
        return Item(line, Kind.CHROME, "", target=target, paper=paper, end=end)
    if (m := AUTHORS.match(link_text(parts[-1]))) or (m := _TRAILING_AUTHORS.search(visible)):
        return Item(line, Kind.AUTHORS, visible, int(m["n"]), target, paper, end=end)
    if NUMBER.match(visible) or visible == "-":
        return Item(line, Kind.VOTES, visible, count_of(visible), target, voted_for(target) or paper, end=end)
    if m := _UPVOTE_LABEL.match(visible):
        return Item(line, Kind.VOTES, visible, count_of(m["n"]), target, voted_for(target) or paper, end=end)
    if found := button(visible, target):
        return Item(line, found.kind, found.text, found.value, found.target, found.paper, end=end)
    return Item(line, Kind.TEXT, strip_glued_chrome(visible), target=target, paper=paper, nav=is_nav(visible),
                quote=piece.quote, end=end)


def _line(piece: Piece, text: str, context: Context) -> list[Item]:
    """A line that is not a heading and not one link."""
    line, end, quote = piece.line, piece.end, piece.quote
    if (split := _buttons_after(line, text, end)) is not None:
        # `· Aug 3 [7](#community) [GitHub 1.9k](repo)`, `Upvote 188 GitHub 7.1k arXiv Page`: metadata, then
        # the card's buttons on the same line.
        head = _line(piece, split[0], context)
        if all(item.kind in METADATA for item in head):
            return head + split[1]
    if len(text) > METADATA_MAX:
        return _long_line(piece, text, context)  # an abstract, or a labelled one: never a button or a date
    bare = LIST_MARKER.sub("", text).strip() if not VOTES.match(text) else text
    if SEPARATOR.match(text):
        return [Item(line, Kind.SEPARATOR, text, end=end)]
    if _RULE.match(text):
        return [Item(line, Kind.CHROME, text, end=end)]
    if _TRUNCATED.match(text):
        return [Item(line, Kind.TRUNCATED, text, end=end)]
    if _IMAGE_ONLY.match(text) or ((m := _PLACEHOLDER.match(text)) and m["word"].strip().casefold() in context.placeholders):
        return [Item(line, Kind.CHROME, text, end=end)]
    if m := _SUBMITTED.match(_spaced_plain(bare) if context.markdown else bare):
        return [Item(line, Kind.SUBMITTED, text, m["who"], end=end)]  # "Submitted by ![](avatar) name"
    if m := AUTHORS.match(text):
        return [Item(line, Kind.AUTHORS, text, int(m["n"]), m["url"], end=end)]
    if m := _TRAILING_AUTHORS.match(text):
        return [Item(line, Kind.AUTHORS, text, int(m["n"]), end=end)]  # `*   *   *   * 13 authors`: avatars, count
    if text == "-":
        return [Item(line, Kind.DASH, text, 0, end=end)]
    if text in ("*", "+", "•") or _MORE_VOTERS.match(text):
        # An empty list item (an avatar with no alt text), or `+89`: the voters beyond the avatars shown.
        return [Item(line, Kind.CHROME, text, end=end)]
    if (m := VOTES.match(text)) and _VOTE_MARK.search(text):
        return [Item(line, Kind.VOTES, text, count_of(m["n"]), end=end)]
    if NUMBER.match(text):
        return [Item(line, Kind.NUMBER, text, int(text), end=end)]
    if m := BARE_URL.match(text):
        return [url_item(line, m["url"], end)]
    if entry := _entry_line(piece, text):
        return entry
    if (item := collection_item(line, text, end)) and not item[0]:
        return item[1]
    if CODE_BUTTON.match(bare) or ARXIV_BUTTON.match(bare) or PROJECT_BUTTON.match(bare):
        return [Item(line, Kind.CHROME, text, end=end)]  # a button's label copied without its link
    if _SCHOLAR_CHROME.match(text):
        return [Item(line, Kind.CHROME, text, end=end)]  # `[PDF] arxiv.org`, `Save Cite Cited by 87 ...`
    if found := byline(plain(text, keep_urls=False) if context.markdown else text):
        return [Item(line, Kind.BYLINE, text, found, end=end)]
    if dated := _date_with_comments(line, text, end):
        return dated
    if why := malformed_date_line(text.lstrip("•*-+· ").strip()):
        return [Item(line, Kind.BAD_DATE, text, why, end=end)]
    if "·" in text or " • " in text or text.startswith("• "):
        if parts := _compound(piece, text, context):
            return parts
    if row := buttons(line, text, end):
        return row
    if names := italic_names(text):
        return [Item(line, Kind.FIELD, names, "authors", end=end, quote=quote)]
    if field := _field(line, text, end, quote):
        return [field]
    return [_text(piece, text, context)]


def _buttons_after(line: int, text: str, end: int) -> tuple[str, list[Item]] | None:
    """The text before a row of buttons that ends the line, and the buttons; None if no button ends it."""
    rest = text.rstrip()
    tail: list[Item] = []
    for link in reversed(find_links(rest) if rest.endswith(")") else []):
        if rest[link.end:].strip():
            break
        found = button(link_text(link.text), link.target)
        if found is None:
            break
        tail.insert(0, Item(line, found.kind, found.text, found.value, found.target, found.paper, end=end))
        rest = rest[: link.start].rstrip()
    while m := _BUTTON_WORDS_AT_END.search(rest):
        tail.insert(0, Item(line, Kind.CHROME, m.group().strip(), end=end))  # a button's label without its link
        rest = rest[: m.start()].rstrip()
    return (rest, tail) if tail and rest.strip(" ·•") else None


def collection_item(line: int, text: str, end: int) -> tuple[str, list[Item]] | None:
    """A collection item's line, alone or after its title: the text before it, and its id, date and votes."""
    m = _COLLECTION_ITEM.search(text)
    if m is None:
        return None
    items = [Item(line, Kind.ITEM, m.group().strip(), m["id"], paper=m["id"], end=end)]
    if m["date"] and (date := match_date_line(m["date"])):
        items.append(Item(line, Kind.DATE, m["date"], date, end=end))
    if m["n"]:
        items.append(Item(line, Kind.VOTES, m["n"], count_of(m["n"]), end=end))
    return text[: m.start()].strip(), items


def _spaced_plain(text: str) -> str:
    """Plain text of a line whose links are glued to words (`by[Mira Krause](url)on Jul 25`)."""
    spaced = _GLUED_AFTER.sub(r"\1 ", _GLUED_BEFORE.sub(" ", text))
    return " ".join(plain(spaced, keep_urls=False).split())


def _entry_line(piece: Piece, text: str) -> list[Item] | None:
    """An entry that stands on one line: `[1] arXiv:ID [pdf, other]`, `- [Title](url) - A, B. *Venue*.`."""
    line, end = piece.line, piece.end
    if m := _ARXIV_ANCHOR.match(text):
        url = f"https://arxiv.org/abs/{m['id']}"
        return [Item(line, Kind.ENTRY, "", target=url, paper=arxiv_id_in(url), end=end)]
    if not text.startswith(("-", "*", "+")) or "](" not in text:
        return None
    entry = list_entry(text, CODE_HOSTS)
    if entry is None:
        return None
    items = [Item(line, Kind.ENTRY, strip_glued_chrome(entry.title), target=entry.url, paper=paper_of(entry.url),
                  end=end)]
    if entry.names:
        items.append(Item(line, Kind.FIELD, ", ".join(entry.names), "authors", end=end))
    if entry.venue:
        items.append(Item(line, Kind.FIELD, entry.venue, "venue", end=end))
    if entry.code:
        items.append(Item(line, Kind.CODE, "code", None, entry.code, end=end))
    return items


def _long_line(piece: Piece, text: str, context: Context) -> list[Item]:
    """A line longer than any metadata: a labelled field, an italic list of names, metadata made long by the
    URLs of its links (`[* ![](avatar) * 9 authors](url)·Sep 23`), or text."""
    if field := _field(piece.line, text, piece.end, piece.quote):
        return [field]
    if entry := _entry_line(piece, text):
        return entry
    if "·" in text and "](" in text and (parts := _compound(piece, text, context)):
        return parts
    if names := italic_names(text):
        return [Item(piece.line, Kind.FIELD, names, "authors", end=piece.end, quote=piece.quote)]
    return [_text(piece, text, context)]


def _text(piece: Piece, text: str, context: Context) -> Item:
    """A line of text: a title or a line of prose, as plain text."""
    if not context.markdown:
        if len(text) <= 40 and (label := heading_label(text)):
            return Item(piece.line, Kind.FIELD, "", label, end=piece.end)
        if names_line(text):
            return Item(piece.line, Kind.FIELD, text, "authors", end=piece.end)
        return Item(piece.line, Kind.TEXT, strip_glued_chrome(text), nav=is_nav(text), quote=piece.quote, end=piece.end)
    bare = LIST_MARKER.sub("", text).strip()
    visible = plain(bare if bare != text and not bare[:1].islower() else text).strip()
    if not plain(text, keep_urls=False).strip(" -*•·|"):
        return Item(piece.line, Kind.CHROME, text, end=piece.end)  # only pictures and marks: `- [![](a.png)](url)`
    if len(visible) <= 40 and (label := heading_label(visible)):
        return Item(piece.line, Kind.FIELD, "", label, end=piece.end)  # "AI-generated summary" above the summary
    if names_line(visible):
        return Item(piece.line, Kind.FIELD, visible, "authors", end=piece.end)  # a listing's line of names
    return Item(piece.line, Kind.TEXT, strip_glued_chrome(visible), nav=is_nav(visible), quote=piece.quote,
                end=piece.end)


def _field(line: int, text: str, end: int, quote: bool) -> Item | None:
    """A labelled field of a digest entry, as an item."""
    found = labelled_field(text)
    return Item(line, Kind.FIELD, found[1], found[0], end=end, quote=quote) if found else None


def _date_with_comments(line: int, text: str, end: int) -> list[Item] | None:
    """`May 29[6](...#community)`, `Mar 8, 2024 [ 6][39]`, `· Published on Oct 4, 2026`: a date, maybe comments."""
    head = text.lstrip("•*-+· ").strip()
    if date := match_date_line(head):
        return [Item(line, Kind.DATE, head, date, end=end)]
    links = find_links(head)
    if not links:
        return None
    last = links[-1]
    if last.end != len(head):
        return None
    date = match_date_line(head[: last.start].strip())
    count = link_text(last.text).strip()
    if date and NUMBER.match(count):
        return [Item(line, Kind.DATE, head[: last.start].strip(), date, end=end),
                Item(line, Kind.COMMENTS, count, int(count), last.target, paper_of(last.target), end=end)]
    return None


def _compound(piece: Piece, text: str, context: Context) -> list[Item] | None:
    """`11 authors · Sep 25, 2025 · 42 upvotes` or `[Org](url) · Published on Oct 4, 2026` on one line."""
    leading = text.startswith(("·", "• "))
    # Exporters drop the spaces around the dot (`[9 authors](url)·Sep 23`): split on the dot itself.
    parts = [p.strip() for p in _DOT.split(text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 and not leading:
        return None
    items: list[Item] = []
    for n, part in enumerate(parts):
        link = _whole(part)
        sub = Piece(piece.line, piece.end, Shape.LINK if link else Shape.LINE, link.text if link else part,
                    link.target if link else None)
        found = [_linked(sub, sub.text, _resolve(sub.target, context.references))] if link else \
            _line(sub, part, context)
        if len(found) == 1 and found[0].kind is Kind.TEXT and n == 0 and len(found[0].text) <= 80:
            found = [Item(piece.line, Kind.ORGANIZATION, undouble(found[0].text), undouble(found[0].text),
                          end=piece.end)]
        if any(f.kind not in METADATA and f.kind is not Kind.SUBMITTED for f in found):
            return None
        items.extend(found)
        items.append(Item(piece.line, Kind.SEPARATOR, "·", end=piece.end))
    if items and not leading:
        items.pop()  # separators stand between the parts, not after the last
    elif items:
        items.insert(0, items.pop())
    return items


def placeholder_words(pieces: tuple[Piece, ...]) -> frozenset[str]:
    """Words that stand for images in this capture: bracketed words repeated on lines of their own."""
    counts: dict[str, int] = {}
    for piece in pieces:
        if piece.shape is Shape.LINE and (m := _PLACEHOLDER.match(piece.text)):
            word = m["word"].strip().casefold()
            counts[word] = counts.get(word, 0) + 1
    return frozenset(word for word, n in counts.items() if n >= 2)
