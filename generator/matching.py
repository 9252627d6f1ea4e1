"""Strict matching of a corpus paper to what a service answered: a wrong id is worse than none."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .normalize import containment, words

# A service may list a paper a little after the capture saw it (time zones, a late listing);
# a capture that saw a paper weeks before it was published saw another paper.
_SEEN_BEFORE_PUBLISHED = dt.timedelta(days=14)
NEAR_TITLE = 0.6  # share of the shorter title's words in the other at which it is still shown as a candidate
_LATEX_HINT = re.compile(r"[\\$]")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One paper a service returned for a lookup."""

    service: str
    title: str
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    venue: str | None = None
    on_huggingface: bool = False
    url: str | None = None  # the service's own page for it, where there is no arXiv id


@dataclass(frozen=True, slots=True)
class Shown:
    """What the capture itself shows of a paper, against which an answer is checked."""

    title: str
    authors: int | None = None
    author_names: tuple[str, ...] = ()
    date: dt.date | None = None
    refused: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Decision:
    """The accepted candidate, or why none was, with the candidates a person may choose from."""

    accepted: Candidate | None
    candidates: tuple[tuple[Candidate, str], ...] = ()

    @property
    def status(self) -> str:
        """`resolved`, `unresolved` (candidates to decide) or `absent` (nothing close anywhere)."""
        if self.accepted is not None:
            return "resolved"
        return "unresolved" if self.candidates else "absent"


def match_key(title: str) -> str:
    """The title with case, punctuation, spacing and LaTeX markup gone: equal keys, same title."""
    if _LATEX_HINT.search(title):
        title = _latex_to_text(title)
    return " ".join(words(title))


def _latex_to_text(title: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    # `%` starts a LaTeX comment; in a title it is a per cent sign.
    protected = re.sub(r"(?<!\\)%", r"\\%", title)
    try:
        return str(LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text(protected))
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds on odd input; fall back to the raw title
        return title


def disagreement(shown: Shown, candidate: Candidate) -> str | None:
    """Why `candidate` is not the paper shown (titles aside), or None when nothing shown disagrees."""
    if candidate.arxiv_id and candidate.arxiv_id in shown.refused:
        return f"refused in corpus/curation.yaml ({candidate.arxiv_id})"
    listed = len(candidate.authors)
    if shown.authors is not None and listed and shown.authors != listed:
        return f"the capture shows {shown.authors} authors, {candidate.service} lists {listed}"
    if shown.author_names and listed and listed < len(shown.author_names):
        return f"the capture names {len(shown.author_names)} authors, {candidate.service} lists {listed}"
    if shown.date and candidate.published and shown.date + _SEEN_BEFORE_PUBLISHED < candidate.published:
        return (f"the capture saw it on {shown.date.isoformat()}, before {candidate.service}'s "
                f"publication date {candidate.published.isoformat()}")
    return None


def decide(shown: Shown, candidates: list[Candidate]) -> Decision:
    """Accept the one candidate whose normalised title equals the capture's and that nothing contradicts."""
    key = match_key(shown.title)
    agreeing: list[Candidate] = []
    kept: list[tuple[Candidate, str]] = []
    for candidate in candidates:
        if match_key(candidate.title) == key:
            why = disagreement(shown, candidate)
            if why is None:
                agreeing.append(candidate)
            else:
                kept.append((candidate, why))
        elif _near(key, candidate.title):
            kept.append((candidate, "the title differs"))
    distinct = {c.arxiv_id or c.url or c.title for c in agreeing}
    if len(distinct) == 1:
        return Decision(agreeing[0], tuple(_unique(kept)))
    if len(distinct) > 1:
        ambiguous = [(c, "several papers share this title; pin one in corpus/curation.yaml") for c in agreeing]
        return Decision(None, tuple(_unique(ambiguous + kept)))
    return Decision(None, tuple(_unique(kept)))


def _near(key: str, title: str) -> bool:
    a, b = frozenset(key.split()), frozenset(match_key(title).split())
    return containment(a, b) >= NEAR_TITLE


def _unique(pairs: list[tuple[Candidate, str]]) -> list[tuple[Candidate, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for candidate, why in pairs:
        key = (candidate.service, candidate.arxiv_id or candidate.url or candidate.title)
        if key not in seen:
            seen.add(key)
            out.append((candidate, why))
    return out
