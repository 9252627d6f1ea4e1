"""The feed reader on one fixture per feed form and quirk, and on malformed and hostile feeds."""

from __future__ import annotations

import builtins
import datetime as dt
import socket
import time
import urllib.request
from dataclasses import astuple
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CAPTURES
from generator.dates import DateText
from generator.entry import Entry, Reading, finish
from generator.feeds import MAX_MARKUP, read_feed
from generator.model import Severity, Source

APR_8 = DateText("08 Apr 2024", 4, 8, 2024)
# fixture -> expected entries as (title line, title, Entry fields that must match)
CASES = {
    "arxiv_api_atom_response.xml": [
        (14, "Sparse Token Routing for Efficient Video Transformers at Scale",
         {"arxiv_id": "2410.05434", "url": "http://arxiv.org/abs/2410.05434v2", "venue": "CVPR 2025",
          "authors": 3, "author_names": ("Mira Okafor", "Jonas Lindqvist", "Priya Raman"),
          "date": DateText("2024-10-07", 10, 7, 2024),
          "abstract": "We study how video transformers can route only a small share of tokens through each "
                      "layer. A learned router keeps the tokens that matter and lets the rest skip ahead, "
                      "which halves the compute at equal accuracy."}),
        (44, "Depth Priors for Monocular Scene Completion",
         {"arxiv_id": "2409.11873", "venue": None, "authors": 1, "author_names": ("Lucía Fernández",),
          "abstract": "Completing a scene from one image is ill-posed when fewer than k < 8 views overlap. "
                      "We add a depth prior & a visibility term and report gains on two indoor benchmarks."}),
        (62, "A Toy Model of Brane Tension",
         {"arxiv_id": "hep-th/9901001", "url": "http://arxiv.org/abs/hep-th/9901001v1",
          "venue": "Phys. Lett. B 450 (1999) 12-18", "date": DateText("1999-01-04", 1, 4, 1999)}),
    ],
    "arxiv_api_error_response.atom": [],
    "arxiv_rss_listing.rss": [
        (18, "Neighbour-Aware Single-View Reconstruction",
         {"arxiv_id": "2404.03658", "url": "https://arxiv.org/abs/2404.03658", "date": APR_8, "authors": 3,
          "author_names": ("Rosa Imani", "Tomas Berg", "Li Wei"),
          "abstract": "Reconstructing a scene from one view leaves occluded regions unknown. We let each "
                      "point look at its neighbours and reason about what is hidden, which sharpens the "
                      "geometry behind objects."}),
        (30, "Calibrated Uncertainty for Open-Vocabulary Detection",
         {"arxiv_id": "2404.03702", "author_names": ("Ana Sousa", "Kenji Mori"), "authors": 2}),
        (43, "Event Cameras Meet Gaussian Splatting",
         {"arxiv_id": "2311.17024", "venue": "IEEE Robotics and Automation Letters 9 (2024) 3120-3127",
          "abstract": "Event cameras see fast motion that frames blur. We fit Gaussian splats to events "
                      "directly & render sharp novel views."}),
    ],
    "arxiv_atom_listing.atom": [
        (10, "Neighbour-Aware Single-View Reconstruction",
         {"arxiv_id": "2404.03658", "url": "https://arxiv.org/abs/2404.03658",
          "date": DateText("2024-04-08", 4, 8, 2024), "author_names": ("Rosa Imani", "Tomas Berg", "Li Wei")}),
        (23, "Few-Shot Segmentation with Frozen Features",
         {"arxiv_id": "2403.19111", "venue": "ECCV 2024",
          "abstract": "Frozen self-supervised features already separate object parts. A linear head trained "
                      "on five masks per class matches fine-tuned baselines."}),
    ],
    "arxiv_rss1_rdf_listing.xml": [
        (38, "Remote Sensing Captions at Scale: A Five-Million Pair Dataset",
         {"arxiv_id": "2306.11300", "url": "http://arxiv.org/abs/2306.11300", "date": None, "authors": 3,
          "author_names": ("Yan Zhang", "Samir Haddad", "Marta Kowalski"),
          "abstract": "We pair five million remote sensing images with generated captions and show that a "
                      "domain model fine-tuned on them transfers to retrieval and classification."}),
        (47, "Why Do Detectors Forget?", {"arxiv_id": "2306.10745", "author_names": ("Karin Olsen",)}),
    ],
    "feed_malformed_midway.xml": [
        (9, "Retrieval Heads in Long-Context Models", {"arxiv_id": "2404.05218", "authors": 2}),
        # The unclosed <description> swallowed the rest of this item and the whole of the next one.
        (19, "Question Answering over Lab Reports", {"arxiv_id": "2404.05301", "abstract": "", "authors": None}),
    ],
    "feed_bare_ampersands.rss": [
        (9, "Retrieval Heads in Long-Context Models", {}),
        (19, "Q&A Agents for R&D Reports",
         {"abstract": "We build question answering agents over internal R&D reports and measure how often "
                      "they cite the right page."}),
        (29, "Tokenizer-Free Translation", {"author_names": ("Tariq Haddad", "Mei Lin")}),
    ],
    "feed_billion_laughs.xml": [
        (20, "Parser Hardening for Feed Readers", {"arxiv_id": "2404.06012"}),
        (29, "Exponential Blowup &lol9;", {"arxiv_id": "2404.06088"}),
    ],
    "feed_external_entity.xml": [
        (12, "External Entities in Saved Feeds &passwd;",
         {"abstract": "A feed can ask its reader to include a local file: &passwd; or a URL: &remote;"}),
    ],
    "rss_item_without_title.rss": [
        (14, "Scaling Laws for Reading Groups",
         {"abstract": "We fit a power law to attendance against pizza.", "author_names": ("Grace Okoye", "Lars Holm"),
          "date": DateText("11 Apr 2024", 4, 11, 2024)}),
    ],
    "rss_cdata_and_comments.rss": [
        (14, "Graphs & Grids: One Model for Both",
         {"abstract": "We treat an image grid as a graph, so one message-passing model serves both. Code is public.",
          "author_names": ("Ivan Petrov", "Zoe Adams")}),
        (22, "Sparse Attention for Point Clouds",
         {"abstract": "Points attend only to their k nearest neighbours, for k < 16."}),
    ],
}
FORMS = {
    "arxiv_api_atom_response.xml": "arXiv API Atom response",
    "arxiv_api_error_response.atom": "arXiv API Atom response",
    "arxiv_rss_listing.rss": "arXiv RSS listing feed", "arxiv_atom_listing.atom": "arXiv Atom listing feed",
    "arxiv_rss1_rdf_listing.xml": "arXiv RSS 1.0 listing feed", "feed_malformed_midway.xml": "arXiv RSS listing feed",
    "feed_bare_ampersands.rss": "RSS feed", "feed_billion_laughs.xml": "arXiv RSS listing feed",
    "feed_external_entity.xml": "arXiv Atom listing feed", "rss_item_without_title.rss": "RSS feed",
    "rss_cdata_and_comments.rss": "RSS feed",
}
# fixture -> every diagnostic it must give, as (line, severity, words in the message); others give none
NOTES = {
    "arxiv_api_error_response.atom": [(12, Severity.WARNING, "arXiv API answered with an error")],
    "feed_malformed_midway.xml": [(27, Severity.WARNING, "not well-formed XML (mismatched tag); kept the 2 entries"),
                                  (1, Severity.INFO, "3 entry elements but 2 entries read")],
    "feed_bare_ampersands.rss": [(4, Severity.INFO, "5 bare '&'")],
    "feed_billion_laughs.xml": [(2, Severity.WARNING, "declares 10 entities; none was expanded"),
                                (23, Severity.WARNING, "not well-formed XML (undefined entity)")],
    "feed_external_entity.xml": [(2, Severity.WARNING, "declares 2 entities; none was expanded or fetched"),
                                 (12, Severity.WARNING, "not well-formed XML (undefined entity)")],
}
REJECTED = {"rss_item_without_title.rss": [(7, "feed entry with no title")]}


def read(name: str) -> Reading:
    """Read one fixture capture the way the pipeline hands it over: decoded text."""
    return read_feed((CAPTURES / name).read_text(encoding="utf-8"), name)


def fields(entry: Entry) -> list[str]:
    """Every text an entry carries, for searching it for content that must not be there."""
    return [str(value) for value in astuple(entry) if value is not None]


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_yields_expected_entries(name: str) -> None:
    reading = read(name)
    assert [(e.line, e.title) for e in reading.entries] == [(line, title) for line, title, _ in CASES[name]]
    for entry, (_, _, expected) in zip(reading.entries, CASES[name]):
        for field, value in expected.items():
            assert getattr(entry, field) == value, f"{name}:{entry.line} {field}"
        assert "\n" not in entry.title + entry.abstract and not entry.abstract.startswith("arXiv:")
    assert reading.form == FORMS[name]
    notes = [(d.line, d.severity) for d in reading.diagnostics]
    assert notes == [(line, severity) for line, severity, _ in NOTES.get(name, [])]
    for note, (_, _, words) in zip(reading.diagnostics, NOTES.get(name, [])):
        assert words in note.message
    assert [(j.ref.line, j.reason) for j in reading.rejections] == REJECTED.get(name, [])


def test_every_feed_fixture_is_in_the_table() -> None:
    assert {p.name for p in CAPTURES.iterdir() if p.suffix in {".xml", ".rss", ".atom"}} == set(CASES)


def test_feed_entries_finish_into_records_with_resolved_dates() -> None:
    capture = finish(read("arxiv_rss_listing.rss"), Source("arxiv_rss_listing.rss"))
    assert [(r.ref.line, r.date, r.arxiv_id) for r in capture.records] == [
        (18, dt.date(2024, 4, 8), "2404.03658"), (30, dt.date(2024, 4, 8), "2404.03702"),
        (43, dt.date(2024, 4, 8), "2311.17024")]
    assert capture.captured == dt.date(2024, 4, 8) and capture.diagnostics == ()


def test_feed_fixtures_give_their_build_day_as_the_capture_day() -> None:
    assert read("arxiv_api_atom_response.xml").captured == dt.date(2024, 10, 9)
    assert read("arxiv_rss1_rdf_listing.xml").captured == dt.date(2023, 6, 20)


def test_api_error_response_is_a_diagnostic_not_a_paper() -> None:
    reading = read("arxiv_api_error_response.atom")
    assert reading.entries == () and reading.rejections == ()
    assert "incorrect id format for 2410.5434" in reading.diagnostics[0].message


def test_billion_laughs_neither_hangs_nor_balloons() -> None:
    start = time.perf_counter()
    reading = read("feed_billion_laughs.xml")
    assert time.perf_counter() - start < 5
    texts = [text for entry in reading.entries for text in fields(entry)]
    assert max(map(len, texts)) < 500 and not any("lollol" in text for text in texts)


def test_external_entities_are_neither_fetched_nor_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (CAPTURES / "feed_external_entity.xml").read_text(encoding="utf-8")
    reached: list[str] = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda file, *a, **k: reached.append(str(file)) or real_open(file, *a, **k))
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: reached.append(str(address)))
    monkeypatch.setattr(urllib.request, "urlopen", lambda url, *a, **k: reached.append(str(url)))
    reading = read_feed(text, "feed_external_entity.xml")
    assert reached == []
    passwd = Path("/etc/passwd")
    secret = passwd.read_text().splitlines()[0] if passwd.exists() else "root:x:0:0"
    assert reading.entries and not any(secret in text or "root:" in text
                                       for entry in reading.entries for text in fields(entry))


@pytest.mark.parametrize("text", ["https://export.arxiv.org/api/query?id_list=2410.05434", "/etc/passwd",
                                  "file:///etc/passwd"])
def test_text_that_names_a_url_or_path_is_read_as_text(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: pytest.fail(f"connected to {address}"))
    reading = read_feed(text, "capture.xml")
    assert reading.entries == () and "not an RSS or Atom feed" in reading.diagnostics[-1].message


@pytest.mark.parametrize(("text", "words"), [
    ("", "not an RSS or Atom feed"),
    ("<html><body><h1>arXiv listing</h1></body></html>", "not an RSS or Atom feed"),
    ('<rss version="2.0"><channel><title>cs.CV updates on arXiv.org</title></channel></rss>', "has no entries"),
    ('<feed xmlns="http://www.w3.org/2005/Atom"><title>empty</title></feed>', "has no entries"),
])
def test_file_without_entries_gives_one_diagnostic(text: str, words: str) -> None:
    reading = read_feed(text, "capture.xml")
    assert reading.entries == () and len(reading.diagnostics) == 1 and words in reading.diagnostics[0].message


def test_declared_encoding_is_ignored_as_the_text_is_decoded_already() -> None:
    text = ("\ufeff<?xml version='1.0' encoding='ISO-8859-1'?>\n<rss version='2.0'><channel>\n"
            "<item><title>Caf\u00e9 Scenes</title><dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'>"
            "Luc\u00eda Fern\u00e1ndez</dc:creator></item></channel></rss>")
    reading = read_feed(text, "capture.xml")
    assert [(e.line, e.title, e.author_names) for e in reading.entries] == [(3, "Café Scenes", ("Lucía Fernández",))]
    assert reading.diagnostics == ()


def test_a_feed_with_more_markup_than_any_feed_of_papers_is_refused_unread() -> None:
    start = time.perf_counter()
    reading = read_feed("<rss><channel><item><title>x" + "<b>" * (MAX_MARKUP + 1), "capture.xml")
    assert time.perf_counter() - start < 1
    assert reading.entries == () and reading.diagnostics[0].severity is Severity.ERROR


@pytest.mark.parametrize("tail", ["<!--" * 50_000, "<![CDATA[" * 50_000, "&" * 100_000, "\n" * 500_000])
def test_unterminated_constructs_read_in_linear_time(tail: str) -> None:
    start = time.perf_counter()
    reading = read_feed("<rss version='2.0'><channel><item><title>Kept</title><description>" + tail, "capture.xml")
    assert time.perf_counter() - start < 20
    assert [e.title for e in reading.entries] == ["Kept"]


def test_ten_megabyte_listing_reads_whole_and_in_linear_time() -> None:
    text = (CAPTURES / "arxiv_rss_listing.rss").read_text(encoding="utf-8")
    head, rest = text.split("    <item>", 1)
    item = "    <item>" + rest.split("</item>", 1)[0] + "</item>\n"
    item = item.replace("Abstract: ", "Abstract: " + "A long abstract of a paper, in many words. " * 40)
    count = 10_000_000 // len(item)
    start = time.perf_counter()
    reading = read_feed(head + item * count + "  </channel>\n</rss>\n", "big.rss")
    # About 5 s on a loaded two-core machine; a quadratic step would take hours, not a minute.
    assert time.perf_counter() - start < 60
    assert len(reading.entries) == count and reading.diagnostics == ()
    first_title = head.count("\n") + 2
    assert reading.entries[-1].line == first_title + item.count("\n") * (count - 1)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(CASES)), st.floats(0, 1))
def test_a_feed_cut_off_anywhere_reads_without_raising(name: str, share: float) -> None:
    text = (CAPTURES / name).read_text(encoding="utf-8")
    cut = text[: int(len(text) * share)]
    reading = read_feed(cut, name)
    last = cut.count("\n") + 1
    assert all(1 <= e.line <= last for e in reading.entries)
    assert all(1 <= d.line <= last for d in reading.diagnostics)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*"<>&;/!?[]-\"' \nabc", "<item>", "<title>", "</item>", "<rss>", "<feed>",
                                  "<!DOCTYPE", "<!ENTITY", "<![CDATA[", "<!--", "]]>", "-->"]),
                max_size=60).map("".join))
def test_any_text_reads_without_raising(text: str) -> None:
    assert isinstance(read_feed(text, "capture.xml"), Reading)


@pytest.mark.parametrize("pub_date", ["Mon, 08 Apr 24 00:00:00 GMT", "Monday, 08 Apr 2024 00:00:00 GMT"])
def test_rfc_822_dates_that_parse_date_value_lacks_are_read_by_feedparser(pub_date: str) -> None:
    text = f"<rss version='2.0'><channel><item><title>T</title><pubDate>{pub_date}</pubDate></item></channel></rss>"
    (entry,) = read_feed(text, "capture.rss").entries
    assert entry.date == DateText(pub_date, 4, 8, 2024)
