"""Markdown that kept the page's HTML (pandoc's `-t gfm` keeps every link with a class as raw HTML).

Such an export wraps text at 72 columns inside tags too: `<a href="/papers/ID"` on one
line, `class="...">Title words` on the next, `more words</a>` on a third. Read as
Markdown, its links become Markdown links, block tags vanish, images go, entities are
decoded, and text wrapped inside an inline element or a tag comes back onto the line
it started on. Every line keeps its number: the lines whose content moved up stay, blank.
"""

from __future__ import annotations

import html
import re

# A tag: its name, and attributes that may run over lines.
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][\w-]{0,20})(?P<attrs>(?:\s[^<>]*)?)/?>")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)'|(?P<b>[^\s>]+))""", re.IGNORECASE)
_MARKUP = re.compile(r"<(?:a|div|span|img|button|svg|section|article|header|nav|main|footer)\b[^<>]*>",
                     re.IGNORECASE)
# Elements whose text runs inline: a line break inside one is a space.
_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "u", "code", "sup", "sub", "small", "time", "abbr",
                     "label", "mark", "q", "s", "tt", "font"})
# Elements that only group or decorate: their tags vanish, their text stays.
_DROP = frozenset({"div", "span", "p", "section", "article", "header", "footer", "nav", "main", "aside", "figure",
                   "figcaption", "button", "svg", "path", "g", "use", "ul", "ol", "li", "em", "strong", "b", "i",
                   "u", "small", "time", "abbr", "label", "mark", "q", "s", "tt", "font", "picture", "source",
                   "input", "form", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead",
                   "tbody", "tr", "td", "th", "code", "sup", "sub", "noscript", "template"})
_ENOUGH = 20


def is_html_export(text: str) -> bool:
    """Markdown holding the page's own HTML: many links, blocks and images left as tags."""
    return len(_MARKUP.findall(text, 0, 2_000_000)) >= _ENOUGH


def markdown_of_html(lines: list[str]) -> list[str]:
    """The lines with their HTML made Markdown, each line at its own number."""
    text = "\n".join(lines)
    writer = _Writer()
    pos = 0
    for m in _TAG.finditer(text):
        writer.text(text[pos: m.start()])
        pos = m.end()
        writer.tag(m)
    writer.text(text[pos:])
    result = "".join(writer.out).split("\n")
    # As many lines as given: what moved up left blank lines behind.
    return result + [""] * (len(lines) - len(result)) if len(result) < len(lines) else result[: len(lines)]


class _Writer:
    """The Markdown being written, and what is open at this point of the HTML."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.hrefs: list[str | None] = []
        self.inline = 0  # inline elements open here
        self.deferred = 0  # line breaks taken out of tags and inline text, given back at the next line end

    def text(self, segment: str) -> None:
        """Text between tags: entities decoded; inside an inline element its line breaks are spaces."""
        segment = html.unescape(segment)
        if "\n" not in segment:
            self.out.append(segment)
        elif self.inline:
            self.deferred += segment.count("\n")
            self.out.append(segment.replace("\n", " "))
        else:
            first, rest = segment.split("\n", 1)
            self.out.append(first + "\n" + "\n" * self.deferred + rest)
            self.deferred = 0

    def tag(self, m: re.Match[str]) -> None:
        """A tag: a link opens or closes, a block or an image vanishes, anything else stays."""
        name, closing = m["name"].lower(), bool(m["close"])
        self.deferred += m.group().count("\n")
        if name == "a" and closing:
            href = self.hrefs.pop() if self.hrefs else None
            self.out.append(f"]({href})" if href else "")
        elif name == "a":
            href = _href(m["attrs"])
            self.hrefs.append(href)
            self.out.append("[" if href else "")
        elif name in ("img", "br", "hr", "wbr", "meta", "link"):
            self.out.append(" " if name == "br" else "")
        elif name not in _DROP:
            self.out.append(m.group().replace("\n", " "))  # kept: details, summary, and what is not markup
        if name in _INLINE and not m.group().endswith("/>"):
            self.inline = max(0, self.inline - 1) if closing else self.inline + 1


def _href(attrs: str) -> str | None:
    m = _HREF.search(attrs or "")
    if not m:
        return None
    href = html.unescape(m["q"] if m["q"] is not None else m["s"] if m["s"] is not None else m["b"])
    return href if href and not href.lower().startswith(("javascript:", "data:", "vbscript:")) else None
