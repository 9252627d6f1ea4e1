"""Dates as captures print them ("Sep 25, 2025", "Mar 26", "2024-10-07T17:58:42Z") made ISO dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
_PUBLISHED = r"(?:(?:published|submitted|posted)(?:\s+on)?:?\s+)?"
# "Sep 25, 2025", "Sep 25 2025", "Mar 26", optionally followed by an upvote count.
DATE_LINE = re.compile(
    rf"^{_PUBLISHED}(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d))?(?:\s+(?P<votes>\d{{1,6}}))?$",
    re.IGNORECASE,
)
ISO_DATE_LINE = re.compile(rf"^{_PUBLISHED}(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)"
                           r"(?:\s+(?P<votes>\d{1,6}))?$", re.IGNORECASE)
# Dates inside structured fields: ISO dates and timestamps, RFC 822 (RSS), "25 Sep 2025", "Sep 2025", "2025".
_ISO_VALUE = re.compile(r"^(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)(?:-(?P<day>\d\d))?(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
_DAY_MONTH_YEAR = re.compile(rf"^(?:[a-z]{{3}},\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)\b",
                             re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?P<year>(?:19|20)\d\d)$")


@dataclass(frozen=True, slots=True)
class DateText:
    """A date as printed, its parts (month and day may be unknown), and any upvotes printed after it."""

    text: str
    month: int | None
    day: int | None
    year: int | None
    votes: int | None = None

    def resolve(self, reference_year: int | None) -> dt.date | None:
        """The ISO date, using `reference_year` when the text has no year; None if unknown."""
        year = self.year if self.year is not None else reference_year
        if year is None or self.month is None or self.day is None:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


def match_date_line(line: str) -> DateText | None:
    """Parse a whole line that is a listing's date (and maybe upvotes), else None."""
    m = DATE_LINE.match(line)
    if m:
        year = int(m["year"]) if m["year"] else None
        votes = int(m["votes"]) if m["votes"] else None
        text = line[m.start("month"): m.end("year") if m["year"] else m.end("day")]
        return DateText(text, _MONTHS[m["month"].lower()], int(m["day"]), year, votes)
    m = ISO_DATE_LINE.match(line)
    if m:
        votes = int(m["votes"]) if m["votes"] else None
        return DateText(line[m.start("year"): m.end("day")], int(m["month"]), int(m["day"]), int(m["year"]), votes)
    return None


# The start of a listing's date: "Sept 31", "Published on Sep 25, 2025"; what follows may be junk.
_DATE_START = re.compile(rf"^{_PUBLISHED}(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?",
                         re.IGNORECASE)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
# A short line: a title that happens to open with "May 4" goes on for many words.
_MALFORMED_MAX_WORDS = 3


def malformed_date_line(line: str) -> str | None:
    """Why a short line that starts as a listing's date is not one ("Sept 31, 2025 x": a word
    after the date, and no such day); None for a good date line or a line that is no date."""
    m = _DATE_START.match(line)
    if not m or match_date_line(line) is not None:
        return None
    rest = line[m.end():].strip()
    if not rest or len(rest.split()) > _MALFORMED_MAX_WORDS:
        return None
    month, day = _MONTHS[m["month"].lower()], int(m["day"])
    why = [f"`{rest}` follows the date"]
    if not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        why.append(f"{_MONTH_NAMES[month - 1]} has no day {day}")
    elif m["year"] and month == 2 and day == 29 and not _leap(int(m["year"])):
        why.append(f"{m['year']} has no February 29")
    return " and ".join(why)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# The longest way of writing a date ("Wednesday, 25 September 2025 17:58:42 +0000") is shorter.
DATE_VALUE_MAX = 60


def parse_date_value(value: str) -> DateText | None:
    """A date field of structured data (JSON, feeds, BibTeX, tables), however it is written."""
    text = " ".join(value.split()).strip("*_ ")
    if not text or len(text) > DATE_VALUE_MAX:
        return None
    if m := _ISO_VALUE.match(text):
        day = int(m["day"]) if m["day"] else None
        shown = text[: m.end("day") if m["day"] else m.end("month")]
        return DateText(shown, int(m["month"]), day, int(m["year"]))
    if m := _DAY_MONTH_YEAR.match(text):
        return DateText(text[m.start("day"): m.end("year")], _MONTHS[m["month"].lower()], int(m["day"]),
                        int(m["year"]))
    if m := _MONTH_YEAR.match(text):
        return DateText(text, _MONTHS[m["month"].lower()], None, int(m["year"]))
    if m := _YEAR.match(text):
        return DateText(text, None, None, int(m["year"]))
    return match_date_line(text)


def month_number(text: str) -> int | None:
    """1-12 for a month name, abbreviation or number ("Sep", "september", "9"), else None."""
    text = text.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTHS.get(text)
