"""The one URL convention shared by the writers and the parsers.

newsdoc's writers never emit a live ``javascript:``/``vbscript:``/``file:``/``data:`` URL: they
put `BLOCKED_PREFIX` in front, which makes the URL a harmless same-page fragment while keeping
the original readable.  newsdoc's parsers take the prefix off again, so that a model written out
and read back is the same model (and is neutralised again whenever it is written).
"""

from __future__ import annotations

__all__ = ["BLOCKED_PREFIX", "unblock"]

BLOCKED_PREFIX = "#blocked:"
"Put before a dangerous URL on output."


def unblock(url: str) -> str:
    """The URL without newsdoc's `BLOCKED_PREFIX`, if it has one."""
    return url[len(BLOCKED_PREFIX) :] if url.startswith(BLOCKED_PREFIX) else url
