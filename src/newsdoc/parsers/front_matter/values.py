"""Front-matter values made JSON-compatible, within a budget of values and depth.

What the dialect loaders return may hold more than JSON can carry.  Each value
is brought to None, bool, int, float, str, list or dict with str keys:

- a key that is not a string: JSON's spelling (``true``, ``false``, ``null``),
  the ISO form of a date, else ``str(key)``;
- date and datetime (TOML, YAML ``!!timestamp``): ``isoformat()``, not reported,
  since the author wrote a date;
- time (TOML local time): ``isoformat()``;
- bytes (YAML ``!!binary``): base64 text;
- set (``!!set``): a list, sorted when its items can be; tuple (``!!omap``,
  ``!!pairs``): a list;
- a float infinity or NaN: the string ``"inf"``, ``"-inf"`` or ``"nan"``;
- an integer too large to write in decimal (over ~4,200 digits: Python refuses to
  convert it, and so would `json`): its hexadecimal text, ``"0x…"``.

Every conversion but dates is reported as a note.  The walk counts values as it
goes, aliases expanded: a "billion laughs" document or a self-referencing list
stops with `ValueLimitError` long before it fills memory.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from newsdoc.errors import Problem

__all__ = ["RawFrontMatter", "ValueLimitError", "to_json_compatible"]


_MAX_INT_BITS = 14_000  # 10**4300 (Python's default int/str conversion limit) is ~2**14284


class ValueLimitError(Exception):
    """The front matter holds more values, or nests deeper, than allowed."""


@attrs.frozen(kw_only=True)
class RawFrontMatter:
    """What a dialect loader found, before values are made JSON-compatible."""

    data: Any
    "The loaded document (a dict when all went well)."
    lines: dict[str, int] = attrs.field(factory=dict)
    "1-based line in the whole text of each top-level key, by the key as written."
    problems: tuple[Problem, ...] = ()
    "Non-fatal findings (tabs, duplicate keys, recovered entries)."


def to_json_compatible(
    data: dict[Any, Any], *, max_values: int, max_depth: int
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Convert a loaded mapping to JSON-compatible values (see the module docstring).

    Args:
        data: the top-level mapping.
        max_values: how many values (aliases expanded) may be walked.
        max_depth: how deeply lists and mappings may nest (the top level is 1).

    Returns:
        The converted mapping, key order kept, and notes ``(top-level key, message)``
        for each conversion that changed a value's type.

    Raises:
        ValueLimitError: more values than ``max_values``, or nesting beyond ``max_depth``.
    """
    walk = _Walk(max_values, max_depth)
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = key if type(key) is str else walk.key_text(key, top=True)
        walk.key = name
        out[name] = walk.value(value, 1)
    return out, walk.notes


class _Walk:
    __slots__ = ("key", "left", "max_depth", "max_values", "notes")

    def __init__(self, max_values: int, max_depth: int) -> None:
        self.left = max_values
        self.max_values = max_values
        self.max_depth = max_depth
        self.notes: list[tuple[str, str]] = []
        self.key = ""

    def note(self, message: str) -> None:
        self.notes.append((self.key, f"{self.key!r}: {message}"))

    def value(self, value: Any, depth: int) -> Any:
        self.left -= 1
        if self.left < 0:
            raise ValueLimitError(
                f"the front matter expands to more than {self.max_values} values"
                " (YAML aliases are counted each time they are used)"
            )
        kind = type(value)
        if kind is str or kind is bool or value is None:
            return value
        if kind is int:
            return value if value.bit_length() <= _MAX_INT_BITS else self.huge_int(value)
        if kind is dict:
            return self.mapping(value, depth + 1)
        if kind is list:
            return self.sequence(value, depth + 1)
        return self.other(value, depth)

    def check_depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise ValueLimitError(f"the front matter nests deeper than {self.max_depth} levels")

    def mapping(self, value: dict[Any, Any], depth: int) -> dict[str, Any]:
        self.check_depth(depth)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key if type(key) is str else self.key_text(key)
            out[name] = self.value(item, depth)
        return out

    def sequence(self, value: list[Any] | tuple[Any, ...], depth: int) -> list[Any]:
        self.check_depth(depth)
        return [self.value(item, depth) for item in value]

    def key_text(self, key: Any, *, top: bool = False) -> str:
        if isinstance(key, dt.date | dt.time):
            text = key.isoformat()
            if isinstance(key, dt.date):
                return text
        elif key is True or key is False or key is None:
            text = {True: "true", False: "false", None: "null"}[key]
        else:
            text = str(key)
        if top:
            self.key = text
        self.note(f"the key {key!r} ({type(key).__name__}) became the string {text!r}")
        return text

    def huge_int(self, value: int) -> str:
        text = hex(value)
        self.note(f"an integer of {value.bit_length()} bits became its hexadecimal text")
        return text

    def other(self, value: Any, depth: int) -> Any:
        if isinstance(value, float):
            if math.isfinite(value):
                return value
            text = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
            self.note(f"the float {text} became the string {text!r} (JSON has no {text})")
            return text
        if isinstance(value, bool | int | str):
            return value
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dt.time):
            text = value.isoformat()
            self.note(f"the time {text} became a string")
            return text
        if isinstance(value, bytes):
            self.note("binary data became base64 text")
            import base64  # only YAML's !!binary gives bytes: most runs never need it

            return base64.b64encode(value).decode("ascii")
        if isinstance(value, dict):
            return self.mapping(value, depth + 1)
        if isinstance(value, set | frozenset):
            self.note("a set became a list")
            try:
                items = sorted(value)
            except TypeError:  # items of different types cannot be ordered
                items = list(value)
            return self.sequence(items, depth + 1)
        if isinstance(value, list | tuple):
            if isinstance(value, tuple):
                self.note("a tuple (YAML !!omap or !!pairs) became a list")
            return self.sequence(value, depth + 1)
        text = str(value)
        self.note(f"a {type(value).__name__} became the string {text!r}")
        return text
