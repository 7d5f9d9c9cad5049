"""Time zones for the date parser: zone abbreviations and numeric UTC offsets.

Zone abbreviations follow RFC 822 (section 5) where it defines them, so ``CST`` is US Central
Standard Time (-06:00), never China or Cuba Standard Time. The full table, case-insensitive:

- ``UT``, ``UTC``, ``GMT``, ``Z``: +00:00
- ``EST`` -05:00, ``EDT`` -04:00; ``CST`` -06:00, ``CDT`` -05:00;
  ``MST`` -07:00, ``MDT`` -06:00; ``PST`` -08:00, ``PDT`` -07:00 (RFC 822)
- ``WET`` +00:00, ``WEST`` +01:00; ``CET`` +01:00, ``CEST`` +02:00;
  ``EET`` +02:00, ``EEST`` +03:00
- ``HKT`` +08:00; ``JST`` and ``KST`` +09:00

Any other name (``IST``, ``BST``, military letters other than ``Z``, …) is refused: it is either
ambiguous or too rare to guess. Numeric offsets are read east-positive (``+0800`` is eight hours
ahead of UTC), also after ``GMT``/``UTC`` (``GMT+0800``, as JavaScript writes it), and must lie
within ±14:00, the range of the zones in use on Earth. ``-00:00`` is UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

__all__ = ["MAX_OFFSET", "zone_for_name", "zone_for_offset", "zone_for_seconds"]

MAX_OFFSET: Final = dt.timedelta(hours=14)
"The largest UTC offset accepted, either way."

_HOUR: Final = 60
_ZONE_MINUTES: Final[dict[str, int]] = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5 * _HOUR,
    "EDT": -4 * _HOUR,
    "CST": -6 * _HOUR,
    "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR,
    "MDT": -6 * _HOUR,
    "PST": -8 * _HOUR,
    "PDT": -7 * _HOUR,
    "WET": 0,
    "WEST": 1 * _HOUR,
    "CET": 1 * _HOUR,
    "CEST": 2 * _HOUR,
    "EET": 2 * _HOUR,
    "EEST": 3 * _HOUR,
    "HKT": 8 * _HOUR,
    "JST": 9 * _HOUR,
    "KST": 9 * _HOUR,
}

# One shared tzinfo per offset: results compare and pickle cheaply, and UTC is `dt.UTC` itself.
_ZONES: dict[int, dt.timezone] = {0: dt.UTC}


def _zone(minutes: int) -> dt.timezone:
    zone = _ZONES.get(minutes)
    if zone is None:
        zone = _ZONES[minutes] = dt.timezone(dt.timedelta(minutes=minutes))
    return zone


def zone_for_name(name: str) -> dt.timezone:
    """The fixed-offset zone an abbreviation such as ``GMT`` or ``PDT`` stands for.

    Args:
        name: The abbreviation, in any case.

    Returns:
        The zone, from the table in this module's docstring.

    Raises:
        ValueError: The name is not in the table.
    """
    minutes = _ZONE_MINUTES.get(name.upper())
    if minutes is None:
        raise ValueError(f"unknown time zone {name!r}")
    return _zone(minutes)


def zone_for_offset(sign: str, hours: str, minutes: str | None) -> dt.timezone:
    """The zone of a numeric offset such as ``+08:00`` split into its parts.

    Args:
        sign: ``+`` or ``-``.
        hours: The hours, one or two digits.
        minutes: The minutes, two digits, or None.

    Returns:
        The fixed-offset zone.

    Raises:
        ValueError: The minutes exceed 59 or the offset lies beyond ±14:00.
    """
    mins = int(minutes) if minutes else 0
    if mins >= _HOUR:
        raise ValueError(f"offset minutes {mins} exceed 59")
    total = int(hours) * _HOUR + mins
    if total > 14 * _HOUR:
        raise ValueError(f"offset {sign}{int(hours):02d}:{mins:02d} is beyond ±14:00")
    return _zone(-total if sign == "-" else total)


def zone_for_seconds(seconds: int) -> dt.timezone:
    """The zone of an offset given in seconds east of UTC (what dateutil reports).

    Args:
        seconds: The offset in seconds.

    Returns:
        The fixed-offset zone.

    Raises:
        ValueError: The offset is not a whole number of minutes or lies beyond ±14:00.
    """
    minutes, rest = divmod(seconds, _HOUR)
    if rest:
        raise ValueError("offset is not a whole number of minutes")
    if abs(minutes) > 14 * _HOUR:
        raise ValueError("offset is beyond ±14:00")
    return _zone(minutes)
