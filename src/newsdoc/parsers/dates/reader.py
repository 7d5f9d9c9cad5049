"""Front-matter dates: every written form seen in posts, to one timezone-aware datetime.

`parse_date` reads, in this order (cheap exact patterns first, python-dateutil last):

- ISO 8601 / RFC 3339 and the Hexo/Jekyll forms: ``2021-11-24T08:11:59+08:00``, ``…Z``,
  ``….000Z``, ``2021-11-24 08:11:59 +0800``, ``2021-11-24 8:11``, ``2021/11/24 8:11``,
  ``2021.11.24``, date only ``2021-11-24``; ``T`` or spaces between date and time, optional
  seconds and fraction (``.`` or ``,``; digits past microseconds are dropped), an optional space
  before the zone.
- RFC 822/2822 (RSS ``pubDate``, JavaScript ``toUTCString()``): ``Wed, 24 Nov 2021 08:11:59 GMT``,
  names in any case; the weekday is optional (a real weekday name, not checked against the
  date), seconds are optional, a trailing comment such as ``(CST)`` is ignored. Two-digit years
  follow RFC 2822: 00–49 are 2000–2049, 50–99 are 1950–1999; three-digit years add 1900.
- JavaScript ``Date.toString()``: ``Wed Nov 24 2021 16:11:59 GMT+0800 (中国标准时间)``; the text in
  parentheses is ignored, the numeric offset counts.
- CJK: ``2021年11月24日``, ``2021年11月24日 08:11``, ``2021年11月24日 下午3:05``, ``15时05分``.
  上午/凌晨/早上 mark a morning hour, 下午/晚上 an afternoon one (1–11 become 13–23).
- Anything else goes to python-dateutil (`newsdoc.parsers.dates.fallback`: never fuzzy, at most
  200 characters), but only if it names a year, a month and a day: nothing is filled in from
  today's date. Two-digit years follow the RFC 2822 rule above; ``11/24/21``-style dates are read
  month first unless the first number exceeds 12.

Zones: see `newsdoc.parsers.dates.zones` (RFC 822 names, ``CST`` is US Central -06:00;
offsets within ±14:00). A value without a zone takes
``default_timezone``; a date-only value is midnight there.

Other types: a `datetime.datetime` is kept (a naive one takes ``default_timezone``); a
`datetime.date` is midnight in ``default_timezone``; an int or float is a Unix time in seconds, or
in milliseconds when its magnitude exceeds 1e11 (after the year 5138 in seconds), returned in
UTC. Milliseconds stop below 1e13 (the year 2286): a 14-digit integer such as
``19970902090807`` is read as python-dateutil reads it, the digits YYYYMMDDhhmmss in
``default_timezone`` (1997-09-02 09:08:07), and any larger number is refused. Booleans and
other types are refused.

Refused with `DateError`: empty text, JavaScript's ``Invalid Date``, lone numbers in text
(``2021``, ``20211124``), text without a year, month or day, impossible calendar dates
(``2016-06-31``), leap seconds, offsets beyond ±14:00, unknown zone names, text longer than 200
characters, and anything no form above reads.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from typing import Final, TypeAlias

from newsdoc.errors import DateError
from newsdoc.parsers.dates.zones import MAX_OFFSET, zone_for_name, zone_for_offset

__all__ = ["combine_date_time", "parse_date"]

_MAX_LENGTH: Final = 200
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MILLISECONDS_ABOVE: Final = 1e11
# Milliseconds end at 1e13 (the year 2286): above, a 14-digit integer is the digits of a
# date and time, the only reading of it that names a plausible date; larger ones are refused.
_MILLISECONDS_BELOW: Final = 10**13
_DIGITS_BELOW: Final = 10**14
_SECONDS_PER_DAY: Final = 86_400

_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_WEEKDAYS: Final = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
# Letters are spelled [A-Za-z], never re.IGNORECASE: that lets 'ſ' match 's' and 'K' match 'k'.
_MONTH = r"(?P<mon>[A-Za-z]{3})"
_WEEKDAY = r"(?P<wd>[A-Za-z]{3})"
_CLOCK = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
# RFC 822 dates as mail software writes them also take dots in the time (13.47.26), as
# email.utils reads them; never a mix of the two separators, nor a fraction after dots.
_MAIL_CLOCK = (
    r"(?P<h>\d{1,2})(?:(?P<colon>:)|\.)(?P<mi>\d{2})"
    r"(?:(?(colon):|\.)(?P<s>\d{2})(?(colon)(?:[.,](?P<f>\d+))?))?"
)
# A name, an offset, or both (GMT+0800); which combinations make sense is checked in _zone.
_ZONE = r"\s*(?P<zn>[A-Za-z]{1,5})?(?:(?P<sign>[+-])(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?"
_MERIDIEM = r"(?:\s*(?P<ap>[AaPp])\.?[Mm]\.?)?"
_OFFSET_PREFIXES: Final = frozenset({"GMT", "UTC", "UT"})

# The patterns below are compiled on first use (`_forms`, `_time_pattern`), not at import,
# where they cost several milliseconds: the general forms serve only the dates the two
# common forms do not take (2 in 100 in the corpus), the time of day only Jekyll's ``time:``.
_ISO = (
    rf"(?P<y>\d{{4}})(?P<sep>[-/.])(?P<mo>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
    rf"(?:(?:[Tt]|\s+){_CLOCK}{_MERIDIEM}{_ZONE})?"
)
_RFC822 = (
    rf"(?:{_WEEKDAY},?\s*)?(?P<d>\d{{1,2}})\s+{_MONTH}\s+(?P<y>\d{{2,4}})"
    rf"(?:\s+{_MAIL_CLOCK})?{_ZONE}(?:\s*\([^()]*\))?"
)
_JS_DATE = (
    rf"{_WEEKDAY}\s+{_MONTH}\s+(?P<d>\d{{1,2}})\s+(?P<y>\d{{4}})\s+{_CLOCK}{_ZONE}"
    r"(?:\s*\([^()]*\))?"
)
_CJK = (
    r"(?P<y>\d{4})\s*年\s*(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"(?:\s*[(（]?(?:星期|周|週)[一二三四五六日天][)）]?)?"
    r"(?:\s*(?P<ap>上午|下午|凌晨|早上|晚上)?\s*(?P<h>\d{1,2})"
    r"(?:[:：](?P<mi>\d{2})(?:[:：](?P<s>\d{2}))?|[时時点點](?:(?P<mi2>\d{1,2})分(?:(?P<s2>\d{1,2})秒)?)?)"
    rf"{_ZONE})?"
)
# Go's Time.String(), what Hugo writes: the offset counts, the zone's name after it is only
# a label (Go writes whatever the location calls itself, or "+08"); a monotonic clock
# reading (m=+0.000000001) is dropped.
_GO = (
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2}) (?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})"
    r"(?:\.(?P<f>\d{1,9}))? (?P<sign>[+-])(?P<zh>\d{2})(?P<zm>\d{2})"
    r" (?:[A-Za-z]{1,5}|[+-]\d{2}(?:\d{2})?)(?: m=[+-]\d+\.\d{1,9})?"
)
_TIME = rf"{_CLOCK}{_MERIDIEM}{_ZONE}"
_MORNING: Final = frozenset({"上午", "凌晨", "早上"})
# RSS pubDate as nearly every feed writes it; with RFC 3339 it is nine dates in ten.
_RSS_GMT: Final = re.compile(
    r"([A-Z][a-z]{2}), (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) GMT"
)
_TITLE_MONTHS: Final = {name.title(): number for name, number in _MONTHS.items()}
_MINUTE: Final = dt.timedelta(minutes=1)
# fromisoformat takes +05:75 for +06:15; a non-zero offset must end the text in this shape.
_OFFSET_END: Final = re.compile(r"[+-]\d\d(?::?[0-5]\d)?\Z")


def _quote(value: object) -> str:
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 60:
        text = text[:59] + "…"
    return repr(text) if isinstance(value, str) else text


def _fail(value: object, reason: str) -> DateError:
    return DateError(f"{_quote(value)} is not a date: {reason}", code="date")


def _zone(match: re.Match[str], default: dt.tzinfo) -> dt.tzinfo:
    name = match["zn"]
    sign = match["sign"]
    if sign is not None:
        if name is not None and name.upper() not in _OFFSET_PREFIXES:
            raise ValueError(f"zone {name!r} followed by an offset is not understood")
        return zone_for_offset(sign, match["zh"], match["zm"])
    if name is not None:
        return zone_for_name(name)
    return default


def _microseconds(fraction: str | None) -> int:
    return int(fraction[:6].ljust(6, "0")) if fraction else 0


def _from_iso(match: re.Match[str], default: dt.tzinfo) -> dt.datetime:
    year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
    if match["h"] is None:
        return dt.datetime(year, month, day, tzinfo=default)
    second = match["s"]
    hour = int(match["h"])
    if match["ap"] is not None:
        hour = _twelve_hour(hour, match["ap"] in "aA")
    return dt.datetime(
        year,
        month,
        day,
        hour,
        int(match["mi"]),
        int(second) if second else 0,
        _microseconds(match["f"]),
        tzinfo=_zone(match, default),
    )


def _from_named_month(match: re.Match[str], default: dt.tzinfo) -> dt.datetime:
    year = int(match["y"])
    digits = len(match["y"])
    if digits == 2:
        year += 2000 if year < 50 else 1900
    elif digits == 3:
        year += 1900
    month = _MONTHS.get(match["mon"].lower())
    if month is None:
        raise ValueError(f"no month is called {match['mon']!r}")
    weekday = match["wd"]
    if weekday is not None and weekday.lower() not in _WEEKDAYS:
        raise ValueError(f"no weekday is called {weekday!r}")
    hour = match["h"]
    second = match["s"]
    return dt.datetime(
        year,
        month,
        int(match["d"]),
        int(hour) if hour else 0,
        int(match["mi"]) if hour else 0,
        int(second) if second else 0,
        _microseconds(match["f"]),
        tzinfo=_zone(match, default),
    )


def _from_go(match: re.Match[str], _default: dt.tzinfo) -> dt.datetime:
    return dt.datetime(
        int(match["y"]),
        int(match["mo"]),
        int(match["d"]),
        int(match["h"]),
        int(match["mi"]),
        int(match["s"]),
        _microseconds(match["f"]),
        tzinfo=zone_for_offset(match["sign"], match["zh"], match["zm"]),
    )


def _twelve_hour(hour: int, morning: bool) -> int:
    if not 1 <= hour <= 12:
        raise ValueError(f"hour {hour} contradicts its morning/afternoon marker")
    if morning:
        return 0 if hour == 12 else hour
    return hour if hour == 12 else hour + 12


def _from_cjk(match: re.Match[str], default: dt.tzinfo) -> dt.datetime:
    date = dt.date(int(match["y"]), int(match["mo"]), int(match["d"]))
    if match["h"] is None:
        return dt.datetime(date.year, date.month, date.day, tzinfo=default)
    hour = int(match["h"])
    if match["ap"] is not None:
        hour = _twelve_hour(hour, match["ap"] in _MORNING)
    minute = match["mi"] or match["mi2"]
    second = match["s"] or match["s2"]
    clock = dt.time(hour, int(minute) if minute else 0, int(second) if second else 0)
    return dt.datetime.combine(date, clock, tzinfo=_zone(match, default))


def _from_common_form(text: str, default: dt.tzinfo) -> dt.datetime | None:
    """The two commonest forms by C-level means; None leaves the text to the general patterns."""
    if text[4:5] == "-" == text[7:8]:
        try:
            result = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        if text[11:13] == "24":
            return None  # newer Pythons read 24:00 as the next midnight; the patterns refuse it
        offset = result.utcoffset()
        if offset is None:
            return result.replace(tzinfo=default)
        if not offset or (
            abs(offset) <= MAX_OFFSET
            and not offset % _MINUTE
            and _OFFSET_END.search(text, len(text) - 6)
        ):
            return result
        return None  # the patterns refuse it, and say why
    match = _RSS_GMT.fullmatch(text)
    if match is None:
        return None
    weekday, day, month, year, hour, minute, second = match.groups()
    number = _TITLE_MONTHS.get(month)
    if number is None or weekday.lower() not in _WEEKDAYS:
        return None
    try:
        return dt.datetime(
            int(year), number, int(day), int(hour), int(minute), int(second), tzinfo=dt.UTC
        )
    except ValueError:
        return None


def _from_text(text: str, default: dt.tzinfo) -> dt.datetime:
    result = _from_common_form(text, default)
    if result is not None:
        return result
    for pattern, build in _forms():
        match = pattern.fullmatch(text)
        if match is not None:
            return build(match, default)
    # Imported here: dateutil costs more at import than the rest of the date parser.
    from newsdoc.parsers.dates.fallback import parse_with_dateutil

    return parse_with_dateutil(text, default)


_Build: TypeAlias = Callable[[re.Match[str], dt.tzinfo], dt.datetime]


@functools.cache
def _forms() -> tuple[tuple[re.Pattern[str], _Build], ...]:
    """The general patterns, in the order they are tried, and what builds each one's date."""
    return (
        (re.compile(_ISO), _from_iso),
        (re.compile(_RFC822), _from_named_month),
        (re.compile(_JS_DATE), _from_named_month),
        (re.compile(_CJK), _from_cjk),
        (re.compile(_GO), _from_go),
    )


@functools.cache
def _time_pattern() -> re.Pattern[str]:
    return re.compile(_TIME)


def _from_number(value: float, default: dt.tzinfo) -> dt.datetime:
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    magnitude = abs(value)
    if magnitude >= _MILLISECONDS_BELOW:
        if isinstance(value, int) and _MILLISECONDS_BELOW <= value < _DIGITS_BELOW:
            return _from_digits(value, default)
        raise ValueError("too large for a Unix time in milliseconds (after the year 2286)")
    try:
        if magnitude <= _MILLISECONDS_ABOVE:
            return _EPOCH + dt.timedelta(seconds=value)
        return _EPOCH + dt.timedelta(milliseconds=value)  # exact for an int, unlike value / 1000
    except OverflowError as exc:
        raise ValueError("a Unix time before the year 1") from exc


def _from_digits(value: int, default: dt.tzinfo) -> dt.datetime:
    """A 14-digit integer as python-dateutil reads it: YYYYMMDDhhmmss (19970902090807)."""
    digits = str(value)
    month, day, hour, minute, second = (int(digits[i : i + 2]) for i in range(4, 14, 2))
    try:
        return dt.datetime(int(digits[:4]), month, day, hour, minute, second, tzinfo=default)
    except ValueError as exc:
        raise ValueError(f"14 digits that do not spell YYYYMMDDhhmmss: {exc}") from exc


def _read(value: object, default: dt.tzinfo) -> dt.datetime:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("the text is empty")
        if len(text) > _MAX_LENGTH:
            raise ValueError(f"longer than {_MAX_LENGTH} characters")
        return _from_text(text, default)
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        if offset is None:
            return value.replace(tzinfo=default)
        if abs(offset) > MAX_OFFSET:
            raise ValueError("its UTC offset is beyond ±14:00")
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=default)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value, default)
    raise ValueError(f"expected text, a date or a number, not {type(value).__name__}")


def parse_date(
    value: str | int | float | dt.date | dt.datetime,
    *,
    default_timezone: dt.tzinfo = dt.UTC,
) -> dt.datetime:
    """Read a front-matter date in any of the forms in this module's docstring.

    Args:
        value: The value as the front-matter loader gave it: text, a date or datetime (YAML,
            TOML), or a number (Unix time in seconds, or milliseconds above 1e11).
        default_timezone: The zone of values that name none; date-only values are midnight here.

    Returns:
        A timezone-aware datetime.

    Raises:
        DateError: The value is not a readable date; the message quotes it. It carries no
            source or line: the caller adds them.
    """
    try:
        return _read(value, default_timezone)
    except ValueError as exc:
        raise _fail(value, str(exc)) from exc


def _clock_from_seconds(seconds: float) -> dt.time:
    if not 0 <= seconds < _SECONDS_PER_DAY:  # also NaN, and ints too big for a float
        raise ValueError("seconds since midnight must be within one day")
    whole, microsecond = divmod(round(seconds * 1_000_000), 1_000_000)
    minutes, second = divmod(whole, 60)
    return dt.time(minutes // 60, minutes % 60, second, microsecond)


def _clock_from_text(text: str, date_zone: dt.tzinfo) -> tuple[dt.time, dt.tzinfo]:
    match = _time_pattern().fullmatch(text.strip())
    if match is None:
        raise ValueError("not a time of day such as 20:00:00")
    hour = int(match["h"])
    if match["ap"] is not None:
        hour = _twelve_hour(hour, match["ap"] in "aA")
    second = match["s"]
    clock = dt.time(hour, int(match["mi"]), int(second) if second else 0, _microseconds(match["f"]))
    return clock, _zone(match, date_zone)


def combine_date_time(
    date: dt.date | dt.datetime,
    time_value: str | int | float,
    *,
    default_timezone: dt.tzinfo = dt.UTC,
) -> dt.datetime:
    """Join Jekyll's split keys (``date: 2014-03-27`` and ``time: "20:00:00"``) into one datetime.

    The time of day replaces the one in ``date``; the zone is the one written after the time,
    else the date's, else ``default_timezone``.

    Args:
        date: The date, as `parse_date` or the front-matter loader gave it.
        time_value: ``H:MM``, ``H:MM:SS[.ffffff]``, optionally with ``am``/``pm`` and a zone; or a
            number of seconds since midnight (what YAML 1.1 makes of an unquoted ``20:00:00``).
        default_timezone: The zone used when neither the time nor the date names one.

    Returns:
        A timezone-aware datetime.

    Raises:
        DateError: The time is unreadable (a placeholder such as ``hh:mm:00``, an hour past 23,
            a number outside one day) or ``date`` is not a date; the message quotes the value.
    """
    if not isinstance(date, dt.date):
        raise _fail(date, f"expected a date or datetime, not {type(date).__name__}")
    date_zone = date.tzinfo if isinstance(date, dt.datetime) else None
    zone = default_timezone if date_zone is None else date_zone
    try:
        if isinstance(time_value, str):
            clock, zone = _clock_from_text(time_value, zone)
        elif isinstance(time_value, int | float) and not isinstance(time_value, bool):
            clock = _clock_from_seconds(time_value)
        else:
            raise ValueError(f"expected text or a number, not {type(time_value).__name__}")
    except ValueError as exc:
        message = f"{_quote(time_value)} is not a time of day: {exc}"
        raise DateError(message, code="date") from exc
    return dt.datetime.combine(date, clock, tzinfo=zone)
