"""arXiv identifiers in any form a capture writes them, reduced to the bare id."""

from __future__ import annotations

import re

# New-style ids (0704.0001 on): YYMM.NNNN until 2014, YYMM.NNNNN since 2015.
_NEW = r"(?P<new>(?P<yy>\d\d)(?P<mm>0[1-9]|1[0-2])\.(?P<num>\d{4,5}))"
# Old-style ids: archive(.SUBJECT)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})"
_ID = rf"(?:{_NEW}|{_OLD})(?:v\d{{1,3}})?"
_VERSION = re.compile(r"v\d{1,3}$")
# Where an id stands: a paper page URL, an OAI identifier, or the "arXiv:" prefix.
ARXIV_REFERENCE = re.compile(
    r"(?:(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf|html|format)|alphaxiv\.org/(?:abs|overview)"
    r"|papers\.cool/arxiv|paperswithcode\.com/paper/arxiv|semanticscholar\.org/arxiv)/"
    rf"|oai:arxiv\.org:|\barxiv\s*:\s*){_ID}(?!\d)",
    re.IGNORECASE,
)
_BARE = re.compile(rf"^{_ID}$")


def arxiv_id_in(text: str | None) -> str | None:
    """The first arXiv id that a URL or text names (`arXiv:2410.05434v2`, `/abs/...`), unversioned."""
    if not text:
        return None
    for m in ARXIV_REFERENCE.finditer(text):
        found = _valid(m)
        if found:
            return found
    return None


def bare_arxiv_id(text: str | None) -> str | None:
    """`text` itself as an arXiv id ("2410.05434", "2410.05434v1", "hep-th/9901001"), else None."""
    if not text:
        return None
    m = _BARE.match(text.strip())
    return _valid(m) if m else None


def _valid(m: re.Match[str]) -> str | None:
    if m["new"]:
        # Four digits after the dot until 1412, five since 1501.
        digits = 4 if int(m["yy"]) < 15 else 5
        if len(m["num"]) != digits:
            return None
        return m["new"]
    return m["old"] if m["old"] else None


def without_version(arxiv_id: str) -> str:
    """`2410.05434v2` becomes `2410.05434`."""
    return _VERSION.sub("", arxiv_id)
