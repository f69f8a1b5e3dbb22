"""Dates as data, and their formatting per language; the "updated" stamp and where it comes from."""

from __future__ import annotations

import datetime as dt

import pytest

from cvtool.dates import PRESENT, PartialDate, parse_date, updated_date
from cvtool.errors import CvError
from cvtool.locales import locale as language

EN = language("en")
ZH = language("zh")


# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        (2021, PartialDate(2021)),
        ("2021", PartialDate(2021)),
        ("2021-08", PartialDate(2021, 8)),
        ("2021-08-15", PartialDate(2021, 8, 15)),
        (" 2021-08 ", PartialDate(2021, 8)),
        ("2020-02-29", PartialDate(2020, 2, 29)),
        (dt.date(2021, 8, 15), PartialDate(2021, 8, 15)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_present():
    assert parse_date("present", allow_present=True) is PRESENT
    assert parse_date("Present", allow_present=True).present
    with pytest.raises(ValueError, match="only allowed as an end date"):
        parse_date("present")


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("2021-13", "month 13 does not exist in '2021-13'; months are 01 to 12"),
        ("2021-00", "month 0 does not exist"),
        ("2021-02-29", "day 29 does not exist in '2021-02-29'"),
        ("2021-04-31", "day 31 does not exist"),
        ("2021-8", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '2021-8'"),
        ("Aug 2021", "found 'Aug 2021'"),
        ("0999", "year 999 is out of range"),
        ("3000", "year 3000 is out of range"),
        (True, "found the boolean true"),
        (None, "found nothing"),
        (2021.5, "found '2021.5'"),  # a number typed as a date is judged by its text
        ([2021], "found a list"),
    ],
)
def test_parse_date_errors(value, fragment):
    with pytest.raises(ValueError) as info:
        parse_date(value)
    assert fragment in str(info.value)


def test_str_and_order():
    assert str(PartialDate(2021, 8, 5)) == "2021-08-05"
    assert str(PartialDate(2021, 8)) == "2021-08"
    assert str(PartialDate(2021)) == "2021"
    assert str(PRESENT) == "present"
    dates = [PRESENT, PartialDate(2021, 1), PartialDate(2020, 12, 31), PartialDate(2021)]
    assert sorted(dates, key=PartialDate.sort_key) == [
        PartialDate(2020, 12, 31),
        PartialDate(2021),
        PartialDate(2021, 1),
        PRESENT,
    ]


# ---------------------------------------------------------------- Language formatting


def test_period_en_and_zh():
    start, end = parse_date("2021-08"), parse_date("2025-07")
    assert EN.period(start, end) == "Aug 2021 – Jul 2025"
    assert ZH.period(start, end) == "2021.8 – 2025.7"


def test_period_to_present():
    start = parse_date("2021-08")
    assert EN.period(start, PRESENT) == "Aug 2021 – Present"
    assert ZH.period(start, PRESENT) == "2021.8 – 至今"


def test_single_dates_and_years():
    assert EN.period(parse_date("2024-03"), None) == "Mar 2024"
    assert ZH.period(parse_date("2024-03"), None) == "2024.3"
    assert EN.period(parse_date(2021), parse_date(2025)) == "2021 – 2025"
    assert ZH.period(parse_date(2021), parse_date(2025)) == "2021 – 2025"
    assert EN.period(parse_date(2021), parse_date(2021)) == "2021"  # same start and end: one date
    assert EN.date(parse_date("2021-12-15")) == "Dec 2021"
    assert ZH.date(parse_date("2021-12-15")) == "2021.12"
    assert EN.date(parse_date("2021-01")) == "Jan 2021"


def test_term():
    assert EN.term("fall", 2021) == "Fall 2021"
    assert EN.term("spring", 2022) == "Spring 2022"
    assert ZH.term("spring", 2022) == "2022 年春季学期"
    assert ZH.term("summer", 2023) == "2023 年夏季学期"


def test_updated_stamp():
    day = dt.date(2026, 11, 3)
    assert EN.updated_stamp(day) == "Updated November 2026"
    assert ZH.updated_stamp(day) == "更新于 2026 年 11 月"
    assert EN.updated_stamp(dt.date(2025, 1, 31)) == "Updated January 2025"
    assert ZH.updated_stamp(dt.date(2025, 1, 31)) == "更新于 2025 年 1 月"


def test_chinese_words_and_pdf_languages():
    assert (EN.pdf_lang, ZH.pdf_lang) == ("en-US", "zh-CN")
    assert ZH.sections["publications"] == "论文成果"
    assert EN.dates.present == "Present" and ZH.dates.present == "至今"


# ---------------------------------------------------------------- updated_date


def test_updated_pinned_month():
    assert updated_date("2026-11", {}) == dt.date(2026, 11, 1)
    assert EN.updated_stamp(updated_date("2026-11", {})) == "Updated November 2026"


def test_updated_pinned_wins_over_source_date_epoch():
    assert updated_date("2026-11-15", {"SOURCE_DATE_EPOCH": "0"}) == dt.date(2026, 11, 15)


def test_updated_year_only_is_refused_the_stamp_names_a_month():
    with pytest.raises(CvError, match="the stamp names a month"):
        updated_date("2026", {})
    with pytest.raises(CvError):
        updated_date("", {})


def test_updated_from_source_date_epoch():
    assert updated_date(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert updated_date(None, {"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    # UTC, not local time: 2024-12-31T23:30:00Z is still December
    assert updated_date(None, {"SOURCE_DATE_EPOCH": "1735687800"}) == dt.date(2024, 12, 31)


def test_updated_defaults_to_today_utc():
    before = dt.datetime.now(tz=dt.UTC).date()
    got = updated_date(None, {})
    after = dt.datetime.now(tz=dt.UTC).date()
    assert before <= got <= after
    assert updated_date(None, {"SOURCE_DATE_EPOCH": ""}) in (before, after)


@pytest.mark.parametrize(
    "pinned, fragment",
    [
        ("2026-13", "--updated '2026-13': month 13 does not exist"),
        ("Nov 2026", "--updated 'Nov 2026': expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("present", "--updated 'present': `present` is only allowed as an end date"),
        ("2026-02-30", "day 30 does not exist"),
    ],
)
def test_updated_bad_pinned_value(pinned, fragment):
    with pytest.raises(CvError) as info:
        updated_date(pinned, {})
    assert fragment in str(info.value)


@pytest.mark.parametrize("epoch", ["yesterday", "1.5e9", "99999999999999999999", "17000000000000"])
def test_updated_bad_source_date_epoch(epoch):
    with pytest.raises(CvError) as info:
        updated_date(None, {"SOURCE_DATE_EPOCH": epoch})
    assert str(info.value) == f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp"
