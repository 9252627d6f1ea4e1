"""Bad input gives a located message and never costs the good records of the same file."""

from __future__ import annotations

import codecs

import pytest

from generator.model import Severity, Source
from generator.pipeline import read_capture

GOOD = "Good Paper Title\n\nA good abstract. It must survive whatever else is in the file.\n"
GOOD_AFTER = "\nAnother Good Paper\n\nA second good abstract. It must survive too.\n"


def parse(data: bytes, **source: object):
    return read_capture("bad.txt", data, Source("bad.txt", **source))  # type: ignore[arg-type]


def titles(capture) -> list[str]:
    return [r.title for r in capture.records]


def test_empty_file_is_reported_with_no_records() -> None:
    capture = parse(b"")
    assert capture.records == () and capture.rejections == ()
    assert [str(d) for d in capture.diagnostics] == ["bad.txt:1: warning: capture is empty: no paper records"]


def test_whitespace_only_file_counts_as_empty() -> None:
    assert "empty" in parse(b"\n  \n\t\n").diagnostics[0].message


def test_binary_file_is_an_error_naming_file_and_line() -> None:
    capture = parse(b"line one\nline two\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (diagnostic,) = capture.diagnostics
    assert diagnostic.severity is Severity.ERROR
    assert (diagnostic.file, diagnostic.line) == ("bad.txt", 4)  # the first control byte, \x1a
    assert "binary" in diagnostic.message and "corpus/raw/" in diagnostic.message


def test_invalid_utf8_line_is_flagged_and_the_rest_kept() -> None:
    text = GOOD + "\nBroken \xe9 Title\n\nAn abstract after a bad byte, about \u03b4. Still kept.\n" + GOOD_AFTER
    data = text.encode("utf-8").replace("\xe9".encode("utf-8"), b"\xe9")  # a Latin-1 byte in UTF-8 text
    capture = parse(data)
    assert titles(capture) == ["Good Paper Title", "Broken \ufffd Title", "Another Good Paper"]
    (diagnostic,) = capture.diagnostics
    assert diagnostic.line == 5 and "invalid UTF-8 byte 0xe9" in diagnostic.message
    assert "encoding:" in diagnostic.message


def test_windows_1252_file_is_detected_and_decoded() -> None:
    data = ("Caf\u00e9 \u201cQuoted\u201d Title\n\nAn abstract in Windows-1252. It decodes.\n").encode("cp1252")
    capture = parse(data)
    assert titles(capture) == ["Caf\u00e9 \u201cQuoted\u201d Title"]
    assert "Windows-1252" in capture.diagnostics[0].message


def test_declared_encoding_that_does_not_fit_is_an_error_with_the_line() -> None:
    capture = parse(("ok\n" + GOOD).encode("utf-8") + b"\n\xff\xfe\xfa", encoding="ascii")
    (diagnostic,) = capture.diagnostics
    assert diagnostic.severity is Severity.ERROR and diagnostic.line == 6
    assert "cannot be decoded as ascii" in diagnostic.message


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                         (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    capture = parse(bom + (GOOD + GOOD_AFTER).encode(codec))
    assert titles(capture) == ["Good Paper Title", "Another Good Paper"]
    assert capture.records[0].ref.line == 1


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_keep_line_numbers(newline: str) -> None:
    capture = parse((GOOD + GOOD_AFTER).replace("\n", newline).encode())
    assert [(r.ref.line, r.title) for r in capture.records] == [(1, "Good Paper Title"), (5, "Another Good Paper")]


def test_title_with_no_abstract_is_rejected_with_its_line() -> None:
    capture = parse((GOOD + "\nLonely Title\n" + GOOD_AFTER).encode())
    assert titles(capture) == ["Good Paper Title", "Another Good Paper"]
    assert [(j.ref.line, j.reason) for j in capture.rejections] == [(5, "title with no abstract after it")]


def test_five_megabyte_line_is_skipped_with_a_message() -> None:
    huge = "x" * 5_000_000
    capture = parse((GOOD + "\n" + huge + "\n" + GOOD_AFTER).encode())
    assert titles(capture) == ["Good Paper Title", "Another Good Paper"]
    (diagnostic,) = capture.diagnostics
    assert diagnostic.line == 5 and "5,000,000 characters" in diagnostic.message


def test_five_megabyte_abstract_rejects_its_title_only() -> None:
    huge = "An abstract. " * 400_000
    capture = parse((GOOD + "\nTitle Of The Huge One\n\n" + huge + "\n" + GOOD_AFTER).encode())
    assert titles(capture) == ["Good Paper Title", "Another Good Paper"]
    assert [j.ref.line for j in capture.rejections] == [5]
    assert "too long" in capture.rejections[0].reason


def test_abstract_with_no_title_is_rejected_not_dropped() -> None:
    capture = parse(("An orphan abstract. It has no title.\n\n" + GOOD).encode())
    assert titles(capture) == ["Good Paper Title"]
    assert capture.rejections[0].ref.line == 1 and "no title" in capture.rejections[0].reason


def test_binary_junk_past_the_first_64_kilobytes_is_an_error_with_its_lines() -> None:
    filler = "".join(f"Filler Paper {n}\n\nFiller abstract number {n}. It pads the file.\n\n" for n in range(1500))
    junk = b"\x00\x01\x02PK\x03\x04\x00\x00\n\x89\x00\x1a\x00\n"
    data = (GOOD + "\n" + filler).encode() + junk + GOOD_AFTER.encode()
    assert len(data) > 70_000
    capture = parse(data)
    assert titles(capture)[0] == "Good Paper Title" and titles(capture)[-1] == "Another Good Paper"
    junk_line = (GOOD + "\n" + filler).count("\n") + 1
    errors = [d for d in capture.diagnostics if d.severity is Severity.ERROR]
    assert [(d.line, "binary" in d.message) for d in errors] == [(junk_line, True)]
    assert f"lines {junk_line}-{junk_line + 1}" in errors[0].message
    assert not any("\x00" in r.title + r.abstract or "PK" in r.title for r in capture.records)


def test_an_abstract_cut_by_binary_junk_is_not_glued_to_what_follows() -> None:
    filler = "".join(f"Filler Paper {n}\n\nFiller abstract number {n}. It pads the file.\n\n" for n in range(1500))
    head = GOOD + "\n" + filler + "Half Paper\n\nThis abstract is cut short. It goes on\n"
    data = head.encode() + b"\x00\x00\x00\ngarbage after the junk, with no title.\n\n" + GOOD_AFTER.encode()
    capture = parse(data)
    half = next(r for r in capture.records if r.title == "Half Paper")
    assert half.abstract == "This abstract is cut short. It goes on"
    assert titles(capture)[-1] == "Another Good Paper"
    junk = head.count("\n") + 1
    assert [(j.ref.line, j.reason) for j in capture.rejections] == [(junk + 1, "abstract with no title before it")]
