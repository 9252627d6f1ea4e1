"""Papers from arXiv feeds a user saved: API Atom responses and RSS or Atom listing feeds, read by feedparser."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import Any

import feedparser

from .dates import DateText, parse_date_value
from .entry import Entry, Reading, preview
from .identifiers import arxiv_id_in
from .model import Diagnostic, Rejection, Severity, SourceRef

# feedparser spends tens of microseconds on every tag and entity, and a few on every line; a 10 MB
# arXiv API response has about 200,000 tags and 250,000 lines. Far more is no feed of papers but a
# file that would keep the build busy for minutes, so it is refused before parsing.
MAX_MARKUP = 300_000
MAX_LINES = 1_000_000
_MAX_NAMES = 5_000  # the largest collaborations sign with about 3,000 names
_MAX_LINK = 2_000  # longer is no paper's address, and would only slow the id search down
# Our declaration replaces the file's: the text is already decoded, so any encoding it names is stale.
_UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_DECLARATION = re.compile(r"(\s*)<\?xml\s[^>]*\?>")
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE_PART = re.compile(r"\"[^\"]*\"|'[^']*'|<!--.*?(?:-->|\Z)|[\[\]>]", re.DOTALL)
# An "&" that starts no reference ("R&D"), outside CDATA and comments where it is literal anyway.
_BARE_AMPERSAND = re.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)|<!--.*?(?:-->|\Z)"
                             r"|&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)", re.DOTALL)
# Entry and title tags, and the comments and CDATA sections that may hold look-alikes.
_TAG = re.compile(r"<(?:(!--)|(!\[CDATA\[)|(/?)(?:([\w.-]+):)?(entry|item|title)(?=[\s/>]))")
_PREAMBLE = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*[\w-]+\s*(?:Abstract:\s*)?", re.IGNORECASE)
# Old arXiv RSS titles end "Title. (arXiv:2306.11300v2 [cs.CV] UPDATED)"; the full stop is arXiv's too.
_TITLE_SUFFIX = re.compile(r"\.?\s*\(arXiv:[^()\s]+(?:\s*\[[^\]]*\])?(?:\s+[A-Z][A-Z ]*)?\)\s*$")
# Only real HTML tags: abstracts are full of "k < 8" and "$x<y$", which a looser pattern would eat.
_HTML_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?(?:a|abbr|b|big|blockquote|br|code|div|em|font|h[1-6]|hr|i|img|li"
                       r"|ol|p|pre|s|small|span|strong|sub|sup|tt|u|ul)\b[^<>]*>", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"<[^<>]*>")
_PARENTHESES = re.compile(r"\([^()]*\)")  # affiliations, which hold commas: "Ana Sousa (Porto, INESC TEC)"
_NAME_SEPARATOR = re.compile(r"[,;]|\band\b")
_API_ERRORS = "arxiv.org/api/errors"
_OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
_Sorted = tuple[list[Entry], list[Rejection], list[Diagnostic]]


def read_feed(text: str, file: str) -> Reading:
    """Papers from an arXiv API Atom response or an arXiv RSS/Atom listing feed (any RSS or Atom feed of papers)."""
    if refusal := _too_big(text, file):
        return Reading("feed (not read)", (), diagnostics=(refusal,))
    xml, notes = _defuse(text, file)
    try:
        # Bytes in a stream: given a str, feedparser would fetch a URL or open a path that it names.
        parsed = feedparser.parse(io.BytesIO(xml.encode("utf-8", "replace")))
    except Exception as err:  # noqa: BLE001 (a third-party parser must not take the build down)
        return Reading("unreadable feed", (), diagnostics=(*notes, Diagnostic(
            file, 1, f"the feed could not be read ({err}); save it again from its source", Severity.ERROR)))
    raws = list(parsed.get("entries") or [])
    entries, rejections, found = _sort_entries(raws, _title_lines(xml), file)
    notes += _malformed(parsed, len(raws), file) + found + ([] if raws else [_empty(parsed, file)])
    return Reading(_form(parsed), tuple(entries), tuple(rejections), tuple(notes), captured=_feed_date(parsed))


def _sort_entries(raws: list[Any], lines: list[int], file: str) -> _Sorted:
    """Papers, entries without a title, and notes (arXiv API errors), each at the line of its entry."""
    entries: list[Entry] = []
    rejections: list[Rejection] = []
    notes: list[Diagnostic] = []
    if len(lines) != len(raws):
        notes.append(Diagnostic(file, 1, f"{len(lines)} entry elements but {len(raws)} entries read; the "
                                         f"lines given for records may be off", Severity.INFO))
    for i, raw in enumerate(raws):
        line = lines[min(i, len(lines) - 1)] if lines else 1
        entry = _entry(raw, line)
        if _API_ERRORS in str(raw.get("id") or ""):
            notes.append(Diagnostic(file, line, f"the arXiv API answered with an error, not papers: "
                                                f"{entry.abstract!r}; correct the query and save the answer again"))
        elif entry.title:
            entries.append(entry)
        else:
            rejections.append(Rejection(SourceRef(file, line), "feed entry with no title", preview(entry.abstract)))
    return entries, rejections, notes


def _empty(parsed: Any, file: str) -> Diagnostic:
    """What to say of a file without entries: an empty feed, or no feed at all."""
    if parsed.get("version"):
        return Diagnostic(file, 1, "the feed parses but has no entries: no paper records")
    return Diagnostic(file, 1, "not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> element holds entries; "
                               "save the feed's XML itself (the browser's View Source), not the page around it")


def _too_big(text: str, file: str) -> Diagnostic | None:
    """Why the file is refused unread, if it holds more markup or lines than any feed of papers."""
    markup, lines = text.count("<") + text.count("&"), text.count("\n")
    if markup <= MAX_MARKUP and lines <= MAX_LINES:
        return None
    return Diagnostic(file, 1, f"{markup:,} tags and entities and {lines:,} lines, more than a feed may hold "
                               f"({MAX_MARKUP:,} and {MAX_LINES:,}; a 10 MB arXiv feed has about 200,000 "
                               f"and 250,000): not read; split it into smaller files", Severity.ERROR)


def _defuse(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    """The text with a UTF-8 declaration and no DOCTYPE, line for line: no entity is expanded or fetched."""
    body = text.lstrip("\ufeff")
    if m := _DECLARATION.match(body):
        body = m[1] + body[m.end():]
    pos = 0
    while (m := _PROLOG_ITEM.match(body, pos)) and m.end() > pos:
        pos = m.end()
    notes: list[Diagnostic] = []
    if body[pos:pos + 9].upper() == "<!DOCTYPE":
        end = _doctype_end(body, pos)
        if declared := body.count("<!ENTITY", pos, end):
            notes.append(Diagnostic(file, body.count("\n", 0, pos) + 1, f"the feed's DOCTYPE declares {declared} "
                                    f"entities; none was expanded or fetched, as a feed needs none"))
        # Its newlines stay, so that every line number still points into the file as saved.
        body = body[:pos] + "\n" * body.count("\n", pos, end) + body[end:]
    if bare := [m.start() for m in _BARE_AMPERSAND.finditer(body) if m[0] == "&"]:
        notes.append(Diagnostic(file, body.count("\n", 0, bare[0]) + 1, f"{len(bare)} bare '&' not written "
                                f"as '&amp;' (the first on this line); read as a plain '&'", Severity.INFO))
        body = _BARE_AMPERSAND.sub(lambda m: "&amp;" if m[0] == "&" else m[0], body)
    # Directly before the first line's text, so that line 1 stays line 1.
    return _UTF8_DECLARATION + body, notes


def _doctype_end(text: str, start: int) -> int:
    """Where the DOCTYPE at `start` ends: after the `>` outside quotes, comments and its [internal subset]."""
    depth = 0
    for m in _DOCTYPE_PART.finditer(text, start + len("<!DOCTYPE")):
        if m[0] == "[" or m[0] == "]":
            depth = max(depth + (1 if m[0] == "[" else -1), 0)
        elif m[0] == ">" and depth == 0:
            return m.end()
    return len(text)


def _title_lines(xml: str) -> list[int]:
    """For each entry element in order, the line of its <title> (else of its start tag): feedparser gives none."""
    found: list[int] = []
    start = title = other = 0  # other: <dc:title> or <media:title>, only if the entry has no plain <title>
    line, counted, pos = 1, 0, 0
    while m := _TAG.search(xml, pos):
        line += xml.count("\n", counted, m.start())
        counted, pos = m.start(), m.end()
        if m[1] or m[2]:
            end = xml.find("-->" if m[1] else "]]>", m.end())
            if end < 0:
                break
            pos = end + 3
        elif m[5] != "title":
            if start:
                found.append(title or other or start)
            start, title, other = (0 if m[3] else line), 0, 0
        elif start and not m[3] and m[4] is None:
            title = title or line
        elif start and not m[3]:
            other = other or line
    if start:
        found.append(title or other or start)
    return found


def _malformed(parsed: Any, kept: int, file: str) -> list[Diagnostic]:
    """The XML error that sent feedparser to its lenient parser, at its line."""
    if not parsed.get("bozo") or (not kept and not parsed.get("version")):
        return []  # well-formed, or no feed at all (read_feed says so, which helps more than an XML error)
    error = parsed.get("bozo_exception")
    line = error.getLineNumber() if hasattr(error, "getLineNumber") else None
    message = error.getMessage() if hasattr(error, "getMessage") else str(error)
    return [Diagnostic(file, line if isinstance(line, int) and line > 0 else 1,
                       f"the feed is not well-formed XML ({message}); kept the {kept} "
                       f"{'entry' if kept == 1 else 'entries'} a lenient parser recovered: check the entries "
                       f"around this line against the source, or save the feed again")]


def _entry(raw: Any, line: int) -> Entry:
    """One feedparser entry as an `Entry` of raw values."""
    names = _author_names(raw)
    # The main link, the others, then <id>/<guid>/rdf:about; none so long that it cannot be a paper's address.
    hrefs = [raw.get("link"), *(link.get("href") for link in raw.get("links") or [] if isinstance(link, dict))]
    addresses = [str(a) for a in (*hrefs, raw.get("id")) if a and len(str(a)) <= _MAX_LINK]
    web = [a for a in addresses if a.startswith(("http://", "https://"))]
    return Entry(line=line, title=_title(raw), abstract=_abstract(raw), authors=len(names) or None,
                 author_names=tuple(names[:_MAX_NAMES]), date=_date(raw),
                 arxiv_id=next((found for a in addresses if (found := arxiv_id_in(a))), None),
                 url=next((a for a in web if "arxiv.org/abs/" in a), web[0] if web else None),
                 # arxiv:journal_ref in the API, arxiv:journal_reference in the listing feeds
                 venue=_plain(raw.get("arxiv_journal_ref") or raw.get("arxiv_journal_reference")) or None)


def _title(raw: Any) -> str:
    title = _text(raw.get("title"), raw.get("title_detail"))
    return _TITLE_SUFFIX.sub("", title) if "(arXiv:" in title else title


def _abstract(raw: Any) -> str:
    """The summary, else the first content, less the listings' "arXiv:ID Announce Type: new Abstract:"."""
    value, detail = raw.get("summary"), raw.get("summary_detail")
    if not value and raw.get("content"):
        detail = raw["content"][0]
        value = detail.get("value")
    return _PREAMBLE.sub("", _text(value, detail))


def _text(value: Any, detail: Any) -> str:
    """Plain text, whitespace collapsed; HTML tags and entities only where the feed says it is HTML."""
    text = str(value or "")
    if isinstance(detail, dict) and "html" in str(detail.get("type") or ""):
        text = html.unescape(_HTML_TAG.sub(" ", text))
    return " ".join(text.split())


def _plain(value: Any) -> str:
    """Text with every tag and entity resolved away: for names, where "<" is never text."""
    return " ".join(html.unescape(_ANY_TAG.sub(" ", str(value or ""))).split())


def _author_names(raw: Any) -> list[str]:
    """Names from <author><name> elements, or from one dc:creator listing all ("A, B (Affiliation), C")."""
    names = [_plain(a.get("name")) for a in raw.get("authors") or [] if isinstance(a, dict)]
    if not names and raw.get("author"):
        names = [_plain(raw.get("author"))]
    if len(names) == 1:
        names = _NAME_SEPARATOR.split(_PARENTHESES.sub("", _PARENTHESES.sub("", names[0])))
    else:
        names = [_PARENTHESES.sub("", name) for name in names]
    return [name for name in (" ".join(n.split()).strip("() ") for n in names) if name]


def _date(raw: Any) -> DateText | None:
    """Published (RSS: pubDate), else updated, as printed; feedparser's reading where ours finds no date."""
    for key in ("published", "updated"):
        # dict.get: feedparser's own get answers "updated" with "published", and warns about it.
        value = " ".join(str(dict.get(raw, key) or "").split())
        if not value:
            continue
        if date := parse_date_value(value):
            return date
        if parsed := dict.get(raw, f"{key}_parsed"):
            return DateText(value[:60], parsed.tm_mon, parsed.tm_mday, parsed.tm_year)
    return None


def _form(parsed: Any) -> str:
    """A short description of the feed: whose it is, and in which dialect."""
    version = str(parsed.get("version") or "")
    feed = parsed.get("feed") or {}
    where = " ".join(str(feed.get(key) or "") for key in ("id", "link", "title")).lower()
    if version.startswith("atom"):
        if _OPENSEARCH in (parsed.get("namespaces") or {}).values() or "arxiv.org/api" in where:
            return "arXiv API Atom response"
        return "arXiv Atom listing feed" if "arxiv" in where else "Atom feed"
    if version.startswith("rss"):
        dialect = "RSS 1.0" if version in ("rss090", "rss10") else "RSS"
        return f"arXiv {dialect} listing feed" if "arxiv" in where else f"{dialect} feed"
    return "unrecognised feed"


def _feed_date(parsed: Any) -> dt.date | None:
    """The day the feed says it was made (<updated>, lastBuildDate, dc:date): the day it was captured."""
    feed = parsed.get("feed") or {}
    for key in ("updated", "published"):
        date = parse_date_value(" ".join(str(dict.get(feed, key) or "").split()))
        if date and (resolved := date.resolve(None)):
            return resolved
    return None
