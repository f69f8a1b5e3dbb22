"""Dates as data: `2021`, `2021-08`, `2021-08-15` or `present`, formatted per language later.

A CV rarely knows the day, so a date keeps only the precision the user wrote. Parsing is strict
(month 13 or `2021-8` are errors that say what was expected); formatting lives in the locale files (`cvtool.locales`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from cvtool.errors import CvError

_DATE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?\Z")
EXPECTED = "a date as YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, month or day. `present` sorts after every date."""

    year: int
    month: int | None = None
    day: int | None = None
    present: bool = False

    def sort_key(self) -> tuple[int, int, int, int]:
        if self.present:
            return (1, 0, 0, 0)
        return (0, self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        if self.present:
            return "present"
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text


PRESENT = PartialDate(year=9999, present=True)


def parse_date(value: Any, *, allow_present: bool = False) -> PartialDate:
    """Parse a YAML value into a `PartialDate`, raising ValueError with what was expected."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected {EXPECTED}, found {_describe(value)}")
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, float):  # `2021.08` read as a number: judge it by how it was written
        value = getattr(value, "text", repr(value))
    if not isinstance(value, str):
        raise ValueError(f"expected {EXPECTED}, found {_describe(value)}")
    text = value.strip()
    if text.lower() == "present":
        if allow_present:
            return PRESENT
        raise ValueError(f"`present` is only allowed as an end date; expected {EXPECTED}")
    match = _DATE.match(text)
    if not match:
        extra = " or `present`" if allow_present else ""
        hint = suggest(text)
        did_you_mean = f"; did you mean {hint}?" if hint else ""
        raise ValueError(f"expected {EXPECTED}{extra}, found {value!r}{did_you_mean}")
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else None
    day = int(match["d"]) if match["d"] else None
    if not 1000 <= year <= 2999:
        raise ValueError(f"year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist in {value!r}; months are 01 to 12")
    if day is not None:
        try:
            _dt.date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"day {day} does not exist in {value!r}") from None
    return PartialDate(year, month, day)


_MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
# the month a term usually starts in (northern academic calendar)
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 1}
_NUMERIC = re.compile(r"(\d{4})\s*[./年-]\s*(\d{1,2})(?:\s*[./月-]\s*(\d{1,2})\s*日?|\s*月)?\Z")
_NUMERIC_REVERSED = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{4})\Z")  # 08/2021
_WORDS = re.compile(r"([A-Za-z]+)\.?,?\s*(\d{4})\Z|(\d{4}),?\s*([A-Za-z]+)\.?\Z")


def suggest(text: str) -> str | None:
    """The ISO form of a date written another common way: `2021.08`, `2021/8`, `2021年8月`,
    `08/2021`, `Aug 2021`, `August 2021`, `Fall 2020` (a season → the month its term starts)."""
    text = text.strip()
    month: int | None
    if m := _NUMERIC.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    elif m := _NUMERIC_REVERSED.match(text):
        year, month, day = int(m[2]), int(m[1]), None
    elif m := _WORDS.match(text):
        word, year, day = (m[1] or m[4]).lower(), int(m[2] or m[3]), None
        month = _MONTHS.get(word) or _SEASONS.get(word)
    else:
        return None
    if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"


def updated_date(pinned: str | None, env: dict[str, str]) -> _dt.date:
    """The "updated" stamp: `--updated`, else SOURCE_DATE_EPOCH, else today (UTC)."""
    if pinned is not None:
        try:
            parsed = parse_date(pinned.strip())
            if parsed.month is None:
                raise ValueError("expected YYYY-MM or YYYY-MM-DD: the stamp names a month")
        except ValueError as exc:
            raise CvError(f"--updated {pinned!r}: {exc}") from None
        return _dt.date(parsed.year, parsed.month, parsed.day or 1)
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise CvError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return _dt.datetime.now(tz=_dt.UTC).date()
