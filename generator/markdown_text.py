"""Read the Markdown of exported listing pages back into plain text."""

from __future__ import annotations

import re

# CommonMark: a backslash before any ASCII punctuation character is an escape.
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_INLINE_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_TITLE_LINK = re.compile(r"^\[(?P<text>(?:\\.|[^\]\\])+)\](?:\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)|\[(?P<ref>[^\]]*)\])?$")


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes: `\\_` becomes `_`."""
    return _ESCAPE.sub(r"\1", text)


def unescape_inline(text: str) -> str:
    """Plain text of a Markdown line: links become 'text (url)', escapes are undone."""
    text = _IMAGE.sub(lambda m: m[1], text)
    text = _INLINE_LINK.sub(_link_as_text, text)
    text = _AUTOLINK.sub(r"\1", text)
    return unescape(text)


def _link_as_text(m: re.Match[str]) -> str:
    label, url = m[1].strip(), m[2]
    return url if unescape(label) in (url, url.removeprefix("https://"), url.removeprefix("http://")) \
        else f"{label} ({url})"


def link_target(heading: str) -> tuple[str, str | None]:
    """Split a heading `[Title](url)` or `[Title][ref]` into its text and target.

    The target is a URL, `ref:label` for a reference link, or None for plain text.
    """
    m = _TITLE_LINK.match(heading.strip())
    if not m:
        return unescape_inline(heading), None
    text = unescape(m["text"])
    if m["url"]:
        return text, m["url"]
    if m["ref"] is not None:
        return text, "ref:" + (m["ref"] or m["text"])
    return text, "ref:" + m["text"]
