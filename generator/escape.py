"""Escaping corpus text for the Markdown pages MkDocs renders: text in, text out.

Every printed value in a template goes through one of these filters; the template
environment refuses to print a plain string that did not.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from .display import one_line

# Characters Markdown or its extensions could read as syntax. With pymdownx.escapeall
# a backslash makes any of them literal; &, < and > become character references.
_ASCII_PUNCTUATION = "!\"#$%'()*+,-./:;=?@[\\]^_`{|}~"
_ESCAPES = str.maketrans({"&": "&#38;", "<": "&#60;", ">": "&#62;", **{ch: "\\" + ch for ch in _ASCII_PUNCTUATION}})
_PLAIN = re.compile(r"^[A-Za-z0-9 _./:#-]*$")


# Characters a terminal or a page would obey rather than show: C0 and C1 controls (ESC starts a
# terminal escape sequence) and the invisible format characters (bidi overrides and isolates, zero
# widths: "Trojan Source"). Ingest removes them from records; what is printed shows them escaped.
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def visible_controls(text: str) -> str:
    """Text with every control and invisible format character written out (`\\x1b`,
    `\\u202e`): shown, never obeyed. Line breaks and tabs stay."""
    return HIDDEN.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def markdown_text(value: object) -> Markup:
    """Corpus text as literal Markdown inline text: no markup, link, HTML or block can start."""
    text = one_line(str(value))
    return Markup(text.translate(_ESCAPES))


def href(url: object) -> Markup:
    """A link destination: an http(s) URL or a site-relative path, percent-encoded."""
    text = str(url)
    parts = urlsplit(text)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"refusing to link to {text!r}: only http(s) and relative links are allowed")
    return Markup(quote(text, safe="/:?#@!$&'*+,;=%-._~"))


def finalize(value: object) -> object:
    """Jinja `finalize`: numbers and escaped text print; a raw string is a template bug."""
    if value is None or isinstance(value, (Markup, int, float)):
        return "" if value is None else value
    if isinstance(value, str) and _PLAIN.match(value):
        return value
    raise TypeError(f"template printed unescaped text {str(value)[:60]!r}; pipe it through `text` or `href`")
