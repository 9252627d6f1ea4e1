"""A page saved as one MIME file (Chromium's "Save as: Webpage, single file", `.mhtml`).

The file is a `multipart/related` message: its first `text/html` part is the page, in
quoted-printable or base64, the other parts its stylesheets and images. The message's
`Date:` is when the page was saved. The page's lines keep the file's line numbers: a
quoted-printable line broken with `=` is one line of the page, numbered where it starts.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import quopri
import re
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser

_HEADER = re.compile(r"^[A-Za-z][\w-]{0,60}:")
_MAX_HEADER_LINES = 200


@dataclass(frozen=True, slots=True)
class Page:
    """The HTML of a saved page, each line with the file line it starts on, and when it was saved."""

    lines: list[str]
    numbers: list[int]
    saved: dt.date | None
    location: str | None


def is_mhtml(lines: list[str]) -> bool:
    """A MIME message whose body is `multipart/related`: what browsers write for a page in one file."""
    headers = _headers(lines, 0)
    return headers is not None and headers[0].get_content_type() == "multipart/related"


def page_of(lines: list[str]) -> Page | None:
    """The saved page: the first `text/html` part, decoded. None when the message holds no HTML."""
    found = _headers(lines, 0)
    if found is None:
        return None
    message, body = found
    boundary = message.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        return None
    delimiter = "--" + boundary
    saved = _date(message.get("Date"))
    starts = [k for k in range(body, len(lines)) if lines[k].rstrip() in (delimiter, delimiter + "--")]
    for first, after in zip(starts, starts[1:]):
        if lines[first].rstrip().endswith(boundary + "--"):
            break
        part = _headers(lines, first + 1)
        if part is None or part[0].get_content_type() != "text/html":
            continue
        headers, start = part
        decoded = _decode(lines[start:after], start + 1, headers)
        location = headers.get("Content-Location") or message.get("Snapshot-Content-Location")
        return Page(decoded[0], decoded[1], saved, str(location) if location else None)
    return None


def _headers(lines: list[str], start: int) -> tuple[Message, int] | None:
    """The header block starting at `start`, and the index of the first body line."""
    end = start
    while end < len(lines) and end - start < _MAX_HEADER_LINES and lines[end].strip():
        if not (_HEADER.match(lines[end]) or (end > start and lines[end][:1] in " \t")):
            return None
        end += 1
    if end == start or end >= len(lines) or lines[end].strip():
        return None
    return HeaderParser().parsestr("\n".join(lines[start:end]) + "\n"), end + 1


def _decode(raw: list[str], first_line: int, headers: Message) -> tuple[list[str], list[int]]:
    """The part's text, line by line, with the file line of each."""
    encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
    charset = headers.get_content_charset() or "utf-8"
    if encoding == "base64":
        try:
            data = base64.b64decode("".join(line.strip() for line in raw), validate=False)
        except (binascii.Error, ValueError):
            data = b""
        text = _text(data, charset).split("\n")
        return text, [first_line] * len(text)
    if encoding != "quoted-printable":
        return list(raw), list(range(first_line, first_line + len(raw)))
    lines: list[str] = []
    numbers: list[int] = []
    pending: list[str] = []
    start = first_line
    for k, line in enumerate(raw):
        if not pending:
            start = first_line + k
        stripped = line.rstrip(" \t")
        if stripped.endswith("="):  # a soft line break: the page's line goes on
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        _add(lines, numbers, pending, start, charset)
        pending = []
    if pending:
        _add(lines, numbers, pending, start, charset)
    return lines, numbers


def _add(lines: list[str], numbers: list[int], pending: list[str], start: int, charset: str) -> None:
    """One line of the page, decoded; an encoded line break (`=0A`) in it starts another at the same number."""
    for piece in _text(quopri.decodestring("".join(pending).encode("utf-8", "surrogateescape")), charset).split("\n"):
        lines.append(piece.removesuffix("\r"))
        numbers.append(start)


def _text(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(value)).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
