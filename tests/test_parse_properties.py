"""Properties of the text reader on random files built from real entries and real page chrome.

Whatever the layout of each entry and whatever chrome stands between entries, every
record keeps its own abstract: no entry ever receives another entry's text, and no
entry is lost.
"""

from __future__ import annotations

from functools import lru_cache

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from generator.model import Source
from generator.parse import parse_capture

# Lines that stand between entries on real pages (../shared/captures/ and the seeds).
CHROME = (
    "new", "Subscribe", "Get trending papers in your email inbox!", "Get trending papers in your email inbox once a day!",
    "byAK and the research community", "Daily Papers", "Daily", "Weekly", "Monthly", "Trending Papers",
    "Submitted by", "[图片：无替代文本]", "-", "--------------------", "<a id=\"source-section-7\"></a>",
    "[Previous](https://huggingface.co/papers/date/2026-10-01)", "Mar 25", "Jun 30",
    "Trending Papers ranked by GitHub stars activity", "System theme", "Search", "View all",
)
# Metadata that closes an entry, as the listings print it.
METADATA = (
    ("  • 11 authors", "·", "Sep 25, 2025 2"), ("HKUST HKUST", "·", "Dec 1, 2025"), ("- 8 authors",),
    ("[LINK: GitHub 11.3k](https://github.com/microsoft/agent-lightning)",), ("▲ 15",), ("·", "Mar 26"),
)


@lru_cache(maxsize=1)
def real_entries() -> tuple[tuple[str, str], ...]:
    """Titles and abstracts of the real corpus, as the seeds captured them."""
    data = yaml.safe_load((CORPUS / "papers.yaml").read_text(encoding="utf-8"))
    return tuple((p["title"], p["abstract"]) for p in data["papers"][:60])


def _plain(title: str, abstract: str, n: int) -> list[str]:
    return [title, "", abstract, ""]


def _tight(title: str, abstract: str, n: int) -> list[str]:
    return [title, abstract]


def _heading(title: str, abstract: str, n: int) -> list[str]:
    return [f"### {title}", "", abstract, ""]


def _linked(title: str, abstract: str, n: int) -> list[str]:
    url = f"https://huggingface.co/papers/2501.{10000 + n}"
    return [f"[{n}](https://huggingface.co/login?next=%2Fpapers%2F2501.{10000 + n})", "",
            f"### [{_md(title)}]({url})", "", f"[{_md(abstract)}]({url})", ""]


PLAIN_CHROME = tuple(c for c in CHROME if "](" not in c and not c.startswith("<"))
PLAIN_METADATA = tuple(m for m in METADATA if not any("](" in line for line in m))


def _links_on_lines(title: str, abstract: str, n: int) -> list[str]:
    url = f"https://huggingface.co/papers/2501.{10000 + n}"
    return [f" [-] {n}", "", f"https://huggingface.co/login?next=%2Fpapers%2F2501.{10000 + n}", "", title, "", url, "",
            abstract, "", url, "", "[", "", f"{n % 9 + 1} authors]({url})", "", "·", "", "Oct 7, 2024", ""]


def _md(text: str) -> str:
    """Text as Markdown link text: brackets and backslashes escaped, as exporters write them."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


LAYOUTS = (_plain, _tight, _heading, _linked, _links_on_lines)


@st.composite
def capture(draw) -> tuple[list[str], list[tuple[str, str]]]:
    """A capture made of real entries in random layouts, with chrome and metadata between them."""
    pool = real_entries()
    picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=8, unique=True))
    markdown = draw(st.booleans())
    layouts = LAYOUTS if markdown else LAYOUTS[:2]
    # A Markdown export shows itself by its links; its text has Markdown's escapes.
    lines: list[str] = ["[Subscribe](https://huggingface.co/login?next=%2Fpapers)"] if markdown else []
    lines += draw(st.lists(st.sampled_from(CHROME if markdown else PLAIN_CHROME), max_size=4))
    entries = []
    for n, pick in enumerate(picks, start=1):
        title, abstract = pool[pick]
        layout = draw(st.sampled_from(layouts))
        shown = (_md(title), _md(abstract)) if markdown and layout is not _linked else (title, abstract)
        lines += ["", *layout(*shown, n)]
        if layout in (_plain, _tight, _heading):
            lines += draw(st.sampled_from(((),) + (METADATA if markdown else PLAIN_METADATA)))
        lines += ["", *draw(st.lists(st.sampled_from(CHROME if markdown else PLAIN_CHROME), max_size=3)), ""]
        entries.append((title, abstract))
    return lines, entries


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(capture())
def test_every_entry_keeps_its_own_abstract(case) -> None:
    lines, entries = case
    parsed = parse_capture(lines, Source("random.md"))
    expected = dict(entries)
    got = [(r.title, r.abstract or r.summary) for r in parsed.records]
    for title, text in got:
        assert title in expected, f"a record that is no entry: {title!r}"
        assert text == expected[title], f"{title!r} got another text"
    assert sorted(t for t, _ in got) == sorted(expected), "an entry was lost"
