"""Dates as listing pages print them ("Sep 25, 2025", "Mar 26") resolved to ISO dates."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "Sep 25, 2025", "Sep 25 2025", "Mar 26", optionally followed by an upvote count.
DATE_LINE = re.compile(
    rf"^(?:published on\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?(?:\s+(?P<votes>\d{{1,6}}))?$",
    re.IGNORECASE,
)
ISO_DATE_LINE = re.compile(r"^(?:published on\s+)?(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)(?:\s+(?P<votes>\d{1,6}))?$",
                           re.IGNORECASE)


class DateText:
    """A parsed date line: the printed text, its parts, and any upvotes after it."""

    __slots__ = ("text", "month", "day", "year", "votes")

    def __init__(self, text: str, month: int, day: int, year: int | None, votes: int | None) -> None:
        self.text, self.month, self.day, self.year, self.votes = text, month, day, year, votes

    def resolve(self, reference_year: int | None) -> dt.date | None:
        """The ISO date, using `reference_year` when the text has no year; None if unknown."""
        year = self.year if self.year is not None else reference_year
        if year is None:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def match_date_line(line: str) -> DateText | None:
    """Parse a whole line that is a date (and maybe upvotes), else None."""
    m = DATE_LINE.match(line)
    if m:
        month = _MONTHS[m["month"].lower()]
        year = int(m["year"]) if m["year"] else None
        votes = int(m["votes"]) if m["votes"] else None
        text = line[: m.end("year") if m["year"] else m.end("day")]
        return DateText(_strip_published(text), month, int(m["day"]), year, votes)
    m = ISO_DATE_LINE.match(line)
    if m:
        votes = int(m["votes"]) if m["votes"] else None
        text = line[: m.end("day")]
        return DateText(_strip_published(text), int(m["month"]), int(m["day"]), int(m["year"]), votes)
    return None


def _strip_published(text: str) -> str:
    return re.sub(r"^published on\s+", "", text, flags=re.IGNORECASE)
