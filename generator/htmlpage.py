"""A web page saved as HTML ("Save page as", `curl -o`): its visible text, as Markdown lines.

A browser shows a page's text in blocks: each paragraph, heading, list item, table row
and `div` starts a line. So does this reading: links become Markdown links, headings `#`
lines, table rows `|` rows (a header row gets its `|---|` line), and what a reader never
sees goes (`head`, scripts, styles, templates, forms' option lists, `hidden` elements).
Every Markdown line keeps the number of the page's line it starts on, so a message
about it still names the file's own line.
"""

from __future__ import annotations

import re
from typing import Any
from html.parser import HTMLParser
from urllib.parse import urljoin

# Before the root element: a byte-order mark, blank space, comments, an XML declaration.
_PROLOG = re.compile(r"\A\ufeff?(?:\s+|<!--.*?-->|<\?xml[^>]*\?>)*", re.DOTALL)
_HTML_ROOT = re.compile(r"<!DOCTYPE\s+html\b|<html\b|<head\b|<body\b", re.IGNORECASE)
# Content never shown as text.
_UNSEEN = frozenset({"head", "script", "style", "template", "noscript", "svg", "math", "iframe", "object",
                     "canvas", "select", "datalist", "textarea", "title"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "details", "dialog", "dd", "div", "dl", "dt",
                    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr", "li", "main",
                    "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "h1", "h2", "h3", "h4", "h5",
                    "h6", "br", "caption", "legend", "menu", "tbody", "thead", "tfoot"})
# Controls a browser draws as boxes side by side: their texts never run together.
_BOXED = frozenset({"button", "label", "input", "option"})
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"(?<=\S) {2,}")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_UNSAFE_SCHEME = ("javascript:", "data:", "vbscript:")


def is_html_page(text: str) -> bool:
    """A whole HTML document: its first element, after any comments, is the doctype, `html`, `head` or `body`."""
    prolog = _PROLOG.match(text[:200_000])
    return bool(_HTML_ROOT.match(text, prolog.end() if prolog else 0))


def markdown_of_page(text: str) -> tuple[list[str], list[int]]:
    """The page's visible text as Markdown lines, and the page line each of them starts on."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.end_line()
    return [line for line, _ in reader.lines], [number for _, number in reader.lines]


class _Reader(HTMLParser):
    """The page read element by element into lines of Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[str, int]] = []
        self.parts: list[str] = []  # the line being written, or the table cell
        self.start = 0  # the page line the line being written starts on
        self.hidden: list[str] = []  # the unseen element being skipped, nested in itself as often
        # Each open link: its target, and whether its `[` is written on this line. A link's `[`
        # waits for its first text, so a link around only an image leaves nothing; a link around
        # several blocks (a card) is closed at each line's end and opened again on the next.
        self.links: list[list[Any]] = []
        self.pre = 0
        self.base: str | None = None
        self.row: list[str] | None = None  # the cells of the table row being read
        self.header_row = False
        self.in_cell = False
        self.has_text = False  # whether the line (or cell) being written has any text yet

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        # Where the page was: its relative links are relative to it.
        if tag == "base" and values.get("href", "").startswith(("http://", "https://")):
            self.base = values["href"]
        elif self.base is None and (
                (tag == "meta" and values.get("property") == "og:url")
                or (tag == "link" and values.get("rel", "").lower() == "canonical")):
            address = values.get("content") or values.get("href") or ""
            self.base = address if address.startswith(("http://", "https://")) else None
        if self.hidden:
            if tag == self.hidden[0]:
                self.hidden.append(tag)
            return
        if tag in _UNSEEN or "hidden" in values or _HIDDEN_STYLE.search(values.get("style", "")):
            if tag not in _VOID:
                self.hidden.append(tag)
            return
        if tag == "tr":
            self.end_row()
            self.end_line()
            self.row, self.header_row = [], True
        elif tag in ("td", "th") and self.row is not None:
            self.end_cell()
            self.in_cell = True
            self.header_row = self.header_row and tag == "th"
        elif tag in _BLOCK and not self.in_cell:
            self.end_line()
            if tag in _HEADING:
                self.parts.append("#" * _HEADING[tag] + " ")
        if tag in _BOXED and self.parts:
            self.parts.append(" ")
        if tag == "pre":
            self.pre += 1
        elif tag == "a":
            href = values.get("href", "").strip()
            target = urljoin(self.base, href) if self.base and href else href or None
            if target and (target.lower().startswith(_UNSAFE_SCHEME) or target.startswith("#")):
                target = None
            self.links.append([target, False])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            return
        if tag == "a" and self.links:
            target, opened = self.links.pop()
            if opened:
                self.parts.append(f"]({target})")
        elif tag in ("td", "th"):
            self.end_cell()
        elif tag in ("tr", "table"):
            self.end_row()
        elif tag in _BLOCK and not self.in_cell:
            self.end_line()
        elif tag in _BOXED and self.parts:
            self.parts.append(" ")
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden or not data:
            return
        if self.pre and not self.in_cell:
            for k, piece in enumerate(data.split("\n")):
                if k:
                    self.end_line()
                self.write(piece)
        else:
            self.write(_SPACE.sub(" ", data))

    def write(self, text: str) -> None:
        """Text at this point of the page; each link around it opens here if it is not yet open."""
        if not self.has_text:
            text = text if self.pre else text.lstrip(" ")
            if not text:
                return
            self.start, self.has_text = self.getpos()[0], True
        if text.strip():
            for link in self.links:
                if link[0] and not link[1]:
                    self.parts.append("[")
                    link[1] = True
        self.parts.append(text)

    def close_links(self) -> None:
        for link in reversed(self.links):
            if link[1]:
                self.parts.append(f"]({link[0]})")
                link[1] = False

    def end_line(self) -> None:
        self.close_links()
        text = "".join(self.parts).rstrip()
        if not self.pre:
            text = _SPACES.sub(" ", text)
        if self.has_text:
            self.lines.append((text, self.start or self.getpos()[0]))
        self.parts, self.has_text = [], False

    def end_cell(self) -> None:
        if not self.in_cell or self.row is None:
            return
        self.close_links()
        self.row.append(_SPACE.sub(" ", "".join(self.parts)).strip().replace("|", "\\|"))
        self.parts, self.in_cell, self.has_text = [], False, False

    def end_row(self) -> None:
        """A table row, `| a | b |`; after a header row of `th` cells, its `|---|` line."""
        self.end_cell()
        if self.row is None:
            return
        cells, header = self.row, self.header_row
        self.row = None
        if any(cells):
            self.lines.append(("| " + " | ".join(cells) + " |", self.start or self.getpos()[0]))
            if header:
                self.lines.append(("|" + "---|" * len(cells), self.lines[-1][1]))
