"""The date parser's last resort: python-dateutil, fenced in.

dateutil reads many forms the patterns in `newsdoc.parsers.dates.reader` do not (``24 November
2021``, ``November 24, 2021 8:11 PM``, asctime), but left to itself it fills missing parts from
today's date, reads two-digit years relative to the current year, treats ``GMT+3`` as three
hours *west*, ignores unknown zone names with a warning, and lets several exception types out.
Here it runs without fuzzy matching, and:

- a value must name a year, a month and a day (two parses with different defaults must agree):
  a weekday never stands in for the day (``Friday, Nov 1982`` is refused);
- ``A.M.``/``P.M.`` with dots are read as AM/PM;
- two-digit years follow RFC 2822 (00–49 → 2000s, 50–99 → 1900s);
- ``GMT+3``/``UTC+3`` mean east of UTC, as JavaScript writes them;
- zone names come from `newsdoc.parsers.dates.zones` only; anything else is refused;
- lone numbers (``2021``, ``20211124``), ``Invalid Date`` and control characters are refused
  before dateutil sees them.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Final

from dateutil.parser import ParserError, parser, parserinfo

from newsdoc.parsers.dates.zones import zone_for_name, zone_for_seconds

__all__ = ["parse_with_dateutil"]

_LONE_NUMBER: Final = re.compile(r"[+-]?\d+(?:[.,]\d*)?")
_GMT_BEFORE_OFFSET: Final = re.compile(r"\b(?:gmt|utc|ut)(?=\s*[+-]\d)", re.IGNORECASE | re.ASCII)
# Not `newsdoc.common.chars.C0_CONTROLS`: vertical tab and form feed are whitespace to
# dateutil, and DEL is refused too (a date never holds one).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class _Rfc2822Years(parserinfo):
    """dateutil's settings, but two-digit years by the RFC 2822 rule instead of today's date."""

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        if year < 100 and not century_specified:
            year += 2000 if year < 50 else 1900
        return year


_PARSER: Final = parser(_Rfc2822Years())
# Two parses with defaults that differ in year, month and day show whether any was missing.
# The days lie two weeks apart: dateutil moves a missing day to the weekday named
# (``Friday, Nov 1982``), which from the 1st and from the 15th gives different days.
_PROBE_DEFAULTS: Final = (dt.datetime(2000, 1, 1), dt.datetime(2004, 2, 15))
# A.M. and P.M. with dots: dateutil takes the A for the meridiem and M for a zone name.
_DOTTED_MERIDIEM: Final = re.compile(r"(?<![A-Za-z])([AaPp])\.\s?([Mm])\.?(?![A-Za-z])")


def parse_with_dateutil(text: str, default: dt.tzinfo) -> dt.datetime:
    """Read a date no exact pattern matched, with python-dateutil under the rules above.

    Args:
        text: The stripped text, at most a few hundred characters (the caller bounds it).
        default: The zone of a value that names none.

    Returns:
        A timezone-aware datetime.

    Raises:
        ValueError: The text is not a complete date; the message says why, without the text.
    """
    if text.lower() == "invalid date":
        raise ValueError("JavaScript's text for a date it could not read")
    if _LONE_NUMBER.fullmatch(text):
        raise ValueError("a lone number; a date needs a year, a month and a day")
    if _CONTROL.search(text):
        raise ValueError("it holds control characters")

    def zone(name: str | None, offset: int | None) -> dt.tzinfo:
        if offset is not None:
            return zone_for_seconds(offset)
        if name is not None:
            return zone_for_name(name)
        return default

    text = _DOTTED_MERIDIEM.sub(r"\1\2", _GMT_BEFORE_OFFSET.sub("", text))
    try:
        first, second = (
            _PARSER.parse(text, default=probe, tzinfos=zone) for probe in _PROBE_DEFAULTS
        )
    except ParserError as exc:
        raise ValueError("no known date form matches") from exc
    # dateutil lets these through from its arithmetic on odd tokens (long digit runs).
    except (OverflowError, TypeError, decimal.DecimalException) as exc:
        raise ValueError("no known date form matches") from exc
    if first.date() != second.date():
        raise ValueError("the year, month or day is missing")
    return first
