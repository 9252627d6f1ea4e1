"""Read the Markdown of exported pages back into plain text, in time linear in the input.

Links are found with one bracket stack instead of backtracking regexes, so a line of
100,000 `[` characters costs one pass, not a hundred thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CommonMark: a backslash before any ASCII punctuation character is an escape.
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# A backslash before spaces or at the end of a line is a hard line break: a space in plain text.
_HARD_BREAK = re.compile(r"\\+(?=\s|$)")
_BRACKETS = re.compile(r"\\.|[\[\]]")
# The destination of an inline link, right after its `]`: `(url)`, `(<url>)`, `(url "title")`.
_DESTINATION = re.compile(r"\(\s*<?(?P<url>[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_REFERENCE = re.compile(r"\[(?P<ref>[^\[\]\n]{0,100})\]")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
# A lynx-style image alt at the start of a link's text, `[logo] Name`: a space follows it, where a
# bracket that belongs to a title (`[MASK]-Free ...`) runs on into the word.
_SEARCH = re.compile(r"^https?://(?:www\.)?huggingface\.co/(?:papers|search)/?\?q=", re.IGNORECASE)
_IMAGE_ALT = re.compile(r"^\s*\[[^\[\]\\]*\]\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown link or image at text[start:end]: its text, and its URL or `ref:label` target."""

    start: int
    end: int
    text: str
    target: str
    image: bool = False


def find_links(text: str) -> list[Link]:
    """Every outermost inline link, reference link and image in `text`, in order."""
    links: list[Link] = []
    stack: list[int] = []
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token == "[":
            stack.append(m.start())
        elif token == "]" and stack:
            open_at = stack.pop()
            link = _link_at(text, open_at, m.end())
            if link is not None:
                # A link closes over any links inside its text: keep only the outermost.
                while links and links[-1].start > open_at:
                    links.pop()
                links.append(link)
    return links


def _link_at(text: str, open_at: int, after: int) -> Link | None:
    """The link whose text is text[open_at+1:after-1], if a destination or reference follows."""
    image = open_at > 0 and text[open_at - 1] == "!" and (open_at < 2 or text[open_at - 2] != "\\")
    start = open_at - 1 if image else open_at
    label = text[open_at + 1: after - 1]
    if m := _DESTINATION.match(text, after):
        return Link(start, m.end(), label, m["url"], image)
    if m := _REFERENCE.match(text, after):
        return Link(start, m.end(), label, "ref:" + (m["ref"].strip() or label.strip()), image)
    return None


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes: `\\_` becomes `_`; a hard line break becomes a space."""
    return _ESCAPE.sub(r"\1", _HARD_BREAK.sub(" ", text))


def plain(text: str, keep_urls: bool = True) -> str:
    """Plain text of Markdown: images vanish, links become 'text (url)' (or text), escapes are undone."""
    out: list[str] = []
    pos = 0
    for link in find_links(text):
        out.append(text[pos: link.start])
        out.append(_link_as_text(link, keep_urls))
        pos = link.end
    out.append(text[pos:])
    joined = "".join(out)
    if "<" in joined:
        joined = _AUTOLINK.sub(r"\1", joined)
    return unescape(joined)


def _link_as_text(link: Link, keep_urls: bool) -> str:
    if link.image:
        return ""
    label = plain(link.text, keep_urls).strip()
    url = link.target
    if not keep_urls or url.startswith("ref:") or not url.startswith(("http://", "https://")) or _SEARCH.search(url):
        return label  # a site's own search link ("retrieval-augmented generation") adds nothing to the text
    bare = url.removeprefix("https://").removeprefix("http://")
    return url if label in (url, bare) or not label else f"{label} ({url})"


def link_text(text: str) -> str:
    """The visible text of a link's label: images and lynx-style `[alt]` image markers removed."""
    return plain(_IMAGE_ALT.sub("", text, count=1), keep_urls=False).strip()


def whole_link(text: str) -> Link | None:
    """The link when `text` is one link and nothing else (`[Title](url)`, `[Title][3]`)."""
    stripped = text.strip()
    if not stripped.startswith(("[", "![")) or not stripped.endswith((")", "]")):
        return None
    links = find_links(stripped)
    if len(links) == 1 and links[0].start == 0 and links[0].end == len(stripped):
        return links[0]
    return None


_WORD_HYPHEN = re.compile(r"\w-$")


def join_lines(lines: list[str]) -> str:
    """Wrapped lines as one: a space between them, none after a hyphen that ends a word part (`Mixture-of-`)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        out = line if not out else out + line if _WORD_HYPHEN.search(out) else out + " " + line
    return out
