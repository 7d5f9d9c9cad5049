"""Tests for newsdoc.parsers.dates.reader: the table in fixtures/dates.tsv, then the rest."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import zoneinfo
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdoc.errors import DateError
from newsdoc.parsers.dates import reader as dates
from newsdoc.parsers.dates.reader import combine_date_time, parse_date

TABLE = Path(__file__).parent / "fixtures" / "dates.tsv"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class Case(NamedTuple):
    where: str
    value: str | int | float
    expected: str
    note: str


def _cell(text: str) -> str | int | float:
    if text.startswith('"'):
        value: str = json.loads(text)
        return value
    if text.startswith("int:"):
        return int(text[4:])
    if text.startswith("float:"):
        return float(text[6:])
    return text


def _read_table() -> list[Case]:
    cases = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        value, expected, *note = line.split("\t")
        cases.append(Case(f"{TABLE.name}:{number}", _cell(value), expected, "".join(note)))
    return cases


CASES = _read_table()


@pytest.mark.parametrize("case", CASES, ids=[case.where for case in CASES])
def test_table(case: Case) -> None:
    """Each line of dates.tsv: the value reads as the expected RFC 3339 time, or is refused."""
    context = f"{case.where}: {case.value!r} ({case.note})"
    if case.expected == "ERROR":
        with pytest.raises(DateError) as info:
            parse_date(case.value)
        quoted = repr(case.value)[1:20] if isinstance(case.value, str) else repr(case.value)
        assert quoted in info.value.message, context
    else:
        assert case.expected == parse_date(case.value).isoformat(), context


def test_table_is_large_and_covers_both_outcomes() -> None:
    """The table holds at least 60 cases, both readings and refusals."""
    expected = {"read", "refused"}
    actual = {"refused" if case.expected == "ERROR" else "read" for case in CASES}
    assert expected == actual
    assert len(CASES) >= 60


CORPUS_FORMS = [
    "Wed, 24 Nov 2021 08:11:59 GMT",
    "2005-10-13T08:34:00.000Z",
    "2017-05-06 23:32:54+00:00",
    "2018-11-27 19:37:27-06:00",
    "2020-06-09 00:00:00Z",
    "2022-06-14",
    "2021-03-22 04:50:47",
    "2021-07-06 17:30:00-12:00",
]


@pytest.mark.parametrize("value", CORPUS_FORMS)
def test_corpus_forms_are_aware(value: str) -> None:
    """Every date form found in the corpus reads as an aware datetime."""
    assert parse_date(value).utcoffset() is not None


def test_default_timezone_applies_to_text_without_zone() -> None:
    """A time written without a zone is wall-clock time in default_timezone."""
    expected = dt.datetime(2021, 11, 24, 8, 11, tzinfo=SHANGHAI)
    assert expected == parse_date("2021-11-24 08:11", default_timezone=SHANGHAI)


def test_default_timezone_applies_to_date_only() -> None:
    """A date-only value is midnight in default_timezone."""
    expected = "2021-11-24T00:00:00+08:00"
    assert expected == parse_date("2021-11-24", default_timezone=SHANGHAI).isoformat()


def test_default_timezone_is_ignored_when_a_zone_is_written() -> None:
    """A written zone wins over default_timezone."""
    expected = "2021-11-24T08:11:59+00:00"
    actual = parse_date("Wed, 24 Nov 2021 08:11:59 GMT", default_timezone=SHANGHAI)
    assert expected == actual.isoformat()


def test_default_timezone_may_be_a_zoneinfo() -> None:
    """A ZoneInfo default gives the offset in force on that day (summer time here)."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    expected = dt.timedelta(hours=2)
    assert expected == parse_date("2021-07-01 12:00", default_timezone=paris).utcoffset()


def test_naive_datetime_takes_default_timezone() -> None:
    """A naive datetime (what YAML gives for 2021-03-22 05:05:06) gets default_timezone."""
    expected = dt.datetime(2021, 3, 22, 5, 5, 6, tzinfo=SHANGHAI)
    assert expected == parse_date(dt.datetime(2021, 3, 22, 5, 5, 6), default_timezone=SHANGHAI)


def test_aware_datetime_is_kept() -> None:
    """An aware datetime (TOML, YAML with an offset) comes back unchanged."""
    value = dt.datetime(2021, 3, 22, 5, 5, 6, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    assert value is parse_date(value)


def test_date_is_midnight_in_default_timezone() -> None:
    """A date object (YAML `date: 2015-01-21`) is midnight in default_timezone."""
    expected = dt.datetime(2015, 1, 21, tzinfo=SHANGHAI)
    assert expected == parse_date(dt.date(2015, 1, 21), default_timezone=SHANGHAI)


def test_aware_datetime_beyond_14_hours_is_refused() -> None:
    """A datetime object whose offset lies beyond ±14:00 is refused like the text form."""
    value = dt.datetime(2021, 1, 1, 19, tzinfo=dt.timezone(dt.timedelta(hours=19)))
    with pytest.raises(DateError):
        parse_date(value)


@pytest.mark.parametrize("value", [None, True, False, [2021, 11, 24], {"y": 2021}, b"2021-11-24"])
def test_other_types_are_refused(value: object) -> None:
    """Values of other types (what a loose front matter may hold) raise DateError."""
    with pytest.raises(DateError):
        parse_date(value)  # type: ignore[arg-type]


def test_error_has_code_and_no_location() -> None:
    """DateError quotes the value, has code 'date' and leaves the location to the caller."""
    with pytest.raises(DateError) as info:
        parse_date("Fob 3")
    expected = ("date", None, None, "'Fob 3' is not a date")
    actual = (info.value.code, info.value.source, info.value.line, info.value.message[:21])
    assert expected == actual


def test_error_message_is_short_for_huge_input() -> None:
    """A huge value is refused with a message of bounded length."""
    with pytest.raises(DateError) as info:
        parse_date("2021-11-24 " * 100_000)
    assert len(info.value.message) < 150


MARCH_27 = dt.datetime(2014, 3, 27, tzinfo=dt.UTC)

COMBINE_CASES = [
    ("20:00:00", "2014-03-27T20:00:00+00:00"),
    ("09:00", "2014-03-27T09:00:00+00:00"),
    (" 9:05:30 ", "2014-03-27T09:05:30+00:00"),
    ("19:30:00.25", "2014-03-27T19:30:00.250000+00:00"),
    ("8:00 pm", "2014-03-27T20:00:00+00:00"),
    ("20:00:00 -0500", "2014-03-27T20:00:00-05:00"),
    ("20:00 CET", "2014-03-27T20:00:00+01:00"),
    (72000, "2014-03-27T20:00:00+00:00"),
    (0, "2014-03-27T00:00:00+00:00"),
    (86399, "2014-03-27T23:59:59+00:00"),
    (41399.5, "2014-03-27T11:29:59.500000+00:00"),
]


@pytest.mark.parametrize(("time_value", "expected"), COMBINE_CASES)
def test_combine_date_time(time_value: str | int, expected: str) -> None:
    """Jekyll's `time:` key sets the time of day of the `date:` key."""
    assert expected == combine_date_time(MARCH_27, time_value).isoformat()


@pytest.mark.parametrize(
    "time_value",
    ["hh:mm:00", "", "24:00:00", "20:61", "noon", 86400, -1, True, None, 13.5e9, 10**400, math.nan],
)
def test_combine_date_time_refuses_unreadable_times(time_value: object) -> None:
    """Placeholders, impossible clocks and numbers outside one day raise DateError."""
    with pytest.raises(DateError):
        combine_date_time(MARCH_27, time_value)  # type: ignore[arg-type]


def test_combine_date_time_keeps_the_date_zone() -> None:
    """Without a zone after the time, the date's own zone stays."""
    date = parse_date("2014-03-27", default_timezone=SHANGHAI)
    expected = "2014-03-27T09:00:00+08:00"
    assert expected == combine_date_time(date, "09:00:00").isoformat()


def test_combine_date_time_replaces_the_time_of_day() -> None:
    """A date that already has a time of day gets the written time instead."""
    date = dt.datetime(2014, 3, 27, 10, 30, tzinfo=dt.UTC)
    expected = "2014-03-27T20:00:00+00:00"
    assert expected == combine_date_time(date, "20:00").isoformat()


def test_combine_date_time_accepts_a_plain_date() -> None:
    """A date object (what YAML gives) is placed in default_timezone."""
    expected = "2014-03-27T20:00:00+08:00"
    actual = combine_date_time(dt.date(2014, 3, 27), "20:00:00", default_timezone=SHANGHAI)
    assert expected == actual.isoformat()


def test_combine_date_time_refuses_a_non_date() -> None:
    """A date argument that is not a date raises DateError."""
    with pytest.raises(DateError):
        combine_date_time("2014-03-27", "20:00")  # type: ignore[arg-type]


fixed_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1000, 1, 1),
    max_value=dt.datetime(9998, 12, 31),
    timezones=st.one_of(st.just(dt.UTC), fixed_offsets),
)


@given(aware_datetimes)
def test_isoformat_round_trips(value: dt.datetime) -> None:
    """parse_date reads back isoformat() as the same instant with the same offset."""
    actual = parse_date(value.isoformat())
    assert (value, value.utcoffset()) == (actual, actual.utcoffset())


@given(aware_datetimes)
def test_isoformat_round_trips_with_a_space(value: dt.datetime) -> None:
    """parse_date reads back isoformat(" ") (the Hexo/Hugo form) as the same time and offset."""
    actual = parse_date(value.isoformat(" "))
    assert (value, value.utcoffset()) == (actual, actual.utcoffset())


@given(aware_datetimes, st.booleans())
def test_rfc822_round_trips(value: dt.datetime, in_gmt: bool) -> None:
    """parse_date reads back email.utils.format_datetime (RSS pubDate) with the same offset."""
    value = value.replace(microsecond=0)
    in_gmt = in_gmt and not value.utcoffset()
    actual = parse_date(email.utils.format_datetime(value, usegmt=in_gmt))
    assert (value, value.utcoffset()) == (actual, actual.utcoffset())


OFFSETS = ["", "Z", "+00:00", "-00:00", "+0000", "+08:00", "+0800", "+08", "-06:00", " +01:00"]
BAD_OFFSETS = ["+05:75", "-14:01", "+19:00", "+00:30:00", "+05:30:15", "+0560"]


def _iso_text(moment: dt.datetime, sep: str, seconds: str, offset: str) -> str:
    return f"{moment:%Y-%m-%d}{sep}{moment:%H:%M}{seconds}{offset}"


iso_like = st.builds(
    _iso_text,
    st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9998, 12, 31)),
    st.sampled_from(["T", " "]),
    st.sampled_from(["", ":00", ":59", ":07.5", ":07.000", ":07.1234567"]),
    st.sampled_from(OFFSETS + BAD_OFFSETS),
)


def _by_patterns(text: str) -> str:
    try:
        for pattern, build in dates._forms():
            match = pattern.fullmatch(text)
            if match is not None:
                return build(match, dt.UTC).isoformat()
    except ValueError:
        return "refused"
    return "unmatched"


def _by_parse_date(text: str) -> str:
    try:
        return parse_date(text).isoformat()
    except DateError:
        return "refused"


@given(iso_like)
def test_fast_path_agrees_with_the_patterns(text: str) -> None:
    """The fromisoformat shortcut reads ISO text exactly as the documented patterns do."""
    expected = _by_patterns(text)
    if expected != "unmatched":  # else left to dateutil, tested elsewhere
        assert expected == _by_parse_date(text)


@given(
    st.builds(
        "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} GMT".format,
        st.sampled_from(["Mon", "Wed", "Sun"]),
        st.integers(0, 32),
        st.sampled_from(["Jan", "Feb", "Nov"]),
        st.integers(1000, 9999),
        st.integers(0, 25),
        st.integers(0, 61),
        st.integers(0, 61),
    )
)
def test_rss_shortcut_agrees_with_the_patterns(text: str) -> None:
    """The RSS pubDate shortcut reads text exactly as the RFC 822 pattern does."""
    assert _by_patterns(text) == _by_parse_date(text)


DATE_LIKE = "0123456789 -:/.,+TZtzGMTUCESPDAMJanFebMrpyJulgSOctNovDecWedThuSat()年月日时分下午"


def _only_date_error(value: str) -> None:
    try:
        result = parse_date(value)
    except DateError:
        return
    assert result.utcoffset() is not None


@given(st.text(max_size=300))
def test_any_text_gives_a_date_or_a_date_error(value: str) -> None:
    """Arbitrary text reads as an aware datetime or raises DateError, nothing else."""
    _only_date_error(value)


@given(st.text(alphabet=DATE_LIKE, max_size=40))
def test_date_like_text_gives_a_date_or_a_date_error(value: str) -> None:
    """Text made of date characters (which reaches dateutil) gives no foreign exception."""
    _only_date_error(value)


@given(st.text(alphabet="0123456789:.apmAPM +-hUTCEST", max_size=20))
def test_any_time_text_gives_a_datetime_or_a_date_error(value: str) -> None:
    """combine_date_time on arbitrary clock-like text raises nothing but DateError."""
    try:
        result = combine_date_time(MARCH_27, value)
    except DateError:
        return
    assert MARCH_27.date() == result.date()
