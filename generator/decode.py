"""Turn a capture's bytes into lines of text, reporting what could not be decoded."""

from __future__ import annotations

import codecs
import re

from .errors import CaptureError
from .model import Diagnostic, Severity

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
# Control characters that never occur in text copied from a web page.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# More damaged lines than this are reported as one counted warning.
MAX_DAMAGED_LINES_LISTED = 20
ENCODING_HINT = "set `encoding:` for this file in corpus/sources.yaml (e.g. `encoding: cp1252`)"


def split_lines(text: str) -> list[str]:
    """Split on any line ending (LF, CRLF, CR), the way an editor numbers lines."""
    return _LINE_BREAK.split(text)


def decode_capture(data: bytes, file: str, encoding: str | None = None) -> tuple[list[str], list[Diagnostic]]:
    """Decode a capture into lines; raise `CaptureError` only when nothing is usable."""
    if encoding:
        return _decode_declared(data, file, encoding), []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_declared(data, file, codec), []
    _reject_binary(data, file)
    try:
        return split_lines(data.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    if not _has_utf8_sequences(data):
        lines = split_lines(data.decode("cp1252", errors="replace"))
        note = Diagnostic(file, 1, f"not UTF-8; decoded as Windows-1252 ({ENCODING_HINT} to confirm)",
                          Severity.WARNING)
        return lines, [note]
    return _decode_line_by_line(data, file)


def _decode_declared(data: bytes, file: str, encoding: str) -> list[str]:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise CaptureError(file, None, f"unknown encoding {encoding!r} in corpus/sources.yaml") from None
    except UnicodeDecodeError as err:
        line = _line_of(data, err.start)
        raise CaptureError(file, line, f"cannot be decoded as {encoding}: {err.reason}; "
                           f"fix `encoding:` for this file in corpus/sources.yaml") from None
    return split_lines(text.lstrip("\ufeff"))


# Binary files show their control bytes at once; the first 64 KiB decide, however large the file.
BINARY_SAMPLE = 65536


def _reject_binary(data: bytes, file: str) -> None:
    """A capture with NUL or other binary control bytes is not text at all."""
    sample = data[:BINARY_SAMPLE]
    hits = _BINARY_BYTES.findall(sample)
    if hits and (b"\x00" in hits or len(hits) > len(sample) // 100):
        if codec := _utf16_without_bom(sample):
            raise CaptureError(file, 1, f"looks like {codec.upper()} text without a byte order mark; set "
                                        f"`encoding: {codec}` for this file in corpus/sources.yaml")
        first = _BINARY_BYTES.search(data)
        line = _line_of(data, first.start()) if first else 1
        raise CaptureError(file, line, "looks like a binary file, not a text capture "
                           "(control bytes such as NUL); remove it from corpus/raw/")


def _utf16_without_bom(sample: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the bytes read as mostly ASCII text in UTF-16: a NUL in
    nearly every other byte, and text that decodes cleanly; else None."""
    even, odd = sample[0::2], sample[1::2]
    for codec, zeros, chars in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(zeros) >= 8 and zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) <= 0.01 * len(chars):
            try:
                sample[: len(sample) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset, counting CRLF, CR and LF as editors do."""
    return len(_LINE_BREAK_BYTES.findall(data, 0, offset)) + 1


def _has_utf8_sequences(data: bytes) -> bool:
    """True when the bytes hold at least one well-formed multi-byte UTF-8 character."""
    return _UTF8_MULTIBYTE.search(data) is not None


def _decode_line_by_line(data: bytes, file: str) -> tuple[list[str], list[Diagnostic]]:
    """Mostly UTF-8 with some bad bytes: keep every line, flag the damaged ones."""
    lines: list[str] = []
    notes: list[Diagnostic] = []
    for number, raw in enumerate(_LINE_BREAK.split(data.decode("latin-1")), start=1):
        chunk = raw.encode("latin-1")
        try:
            lines.append(chunk.decode("utf-8"))
        except UnicodeDecodeError as err:
            lines.append(chunk.decode("utf-8", errors="replace"))
            notes.append(Diagnostic(
                file, number,
                f"invalid UTF-8 byte 0x{chunk[err.start]:02x} at column {err.start + 1}; "
                f"replaced with U+FFFD ({ENCODING_HINT} if the file uses another encoding)",
            ))
    if len(notes) > MAX_DAMAGED_LINES_LISTED:  # a binary tail: one warning that counts them, not thousands
        first = notes[0]
        notes = [Diagnostic(file, first.line, f"invalid UTF-8 on {len(notes):,} lines, from this one to line "
                                              f"{notes[-1].line}; the first: {first.message}")]
    return lines, notes
