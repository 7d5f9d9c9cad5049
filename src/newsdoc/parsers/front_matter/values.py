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
stops long before it fills memory.  It stops in one top-level key: that key is
refused (it uses none of the budget) and the walk goes on with the next one, so a
bomb in one key leaves the title and the other keys as they are.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from newsdoc.errors import FrontMatterError, Problem

__all__ = ["Converted", "RawFrontMatter", "ValueLimitError", "refused_key", "to_json_compatible"]


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


@attrs.frozen(kw_only=True)
class Converted:
    """A mapping made JSON-compatible: the values, the conversions, the keys refused."""

    data: dict[str, Any]
    "The converted mapping, key order kept, refused keys left out."
    notes: list[tuple[str, str]]
    "``(top-level key, message)`` for each conversion that changed a value's type."
    refused: list[tuple[str, str]]
    "``(top-level key, why)`` for each key whose value broke ``max_values`` or ``max_depth``."


def refused_key(key: str, why: str, *, source: str | None, line: int) -> FrontMatterError:
    """The error (code ``limit``) for a top-level key left out because of a limit; lenient
    mode records it as a problem and keeps the other keys."""
    message = f"the key {key!r} is left out: {why}"
    return FrontMatterError(message, source=source, line=line, code="limit")


def to_json_compatible(data: dict[Any, Any], *, max_values: int, max_depth: int) -> Converted:
    """Convert a loaded mapping to JSON-compatible values (see the module docstring).

    Args:
        data: the top-level mapping.
        max_values: how many values (aliases expanded) may be walked in all.
        max_depth: how deeply lists and mappings may nest (the top level is 1).

    Returns:
        The converted mapping, the notes, and each top-level key refused because its value
        would take the walk past ``max_values`` (counting the keys before it) or nests
        beyond ``max_depth``; a refused key uses none of the budget.
    """
    walk = _Walk(max_values, max_depth)
    out: dict[str, Any] = {}
    refused: list[tuple[str, str]] = []
    sizes: dict[int, tuple[int, int]] = {}
    for key, value in data.items():
        name = key if type(key) is str else walk.key_text(key, top=True)
        walk.key = name
        try:
            # Sized first, each shared object once: refusing a bomb costs what its text does.
            if _size(value, max_depth - 1, sizes)[0] > walk.left:
                raise walk.too_many()
            out[name] = walk.value(value, 1)
        except ValueLimitError as exc:
            refused.append((name, str(exc)))
    return Converted(data=out, notes=walk.notes, refused=refused)


def _size(value: Any, room: int, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """How many values the walk counts in ``value`` (itself included) and how deeply its
    collections nest, each collection sized once (``sizes``, by ``id``: YAML aliases share).

    Raises:
        ValueLimitError: The collections nest deeper than ``room`` (a cycle nests forever).
    """
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        return 1, 0
    known = sizes.get(id(value))
    if known is not None:
        if known[1] > room:
            raise ValueLimitError(_TOO_DEEP)
        return known
    if room < 1:
        raise ValueLimitError(_TOO_DEEP)
    sizes[id(value)] = (0, room + 1)  # while it is sized: a cycle back to it is too deep
    count, height = 1, 0
    for item in items:
        size, nested = _size(item, room - 1, sizes)
        count += size
        height = max(height, nested)
    sizes[id(value)] = (count, height + 1)
    return count, height + 1


_TOO_DEEP = "it nests too deeply (YAML aliases followed)"


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

    def too_many(self) -> ValueLimitError:
        return ValueLimitError(
            f"with it the front matter holds more than {self.max_values} values"
            " (YAML aliases are counted each time they are used)"
        )

    def value(self, value: Any, depth: int) -> Any:
        self.left -= 1
        if self.left < 0:
            raise self.too_many()
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
            raise ValueLimitError(f"it nests deeper than {self.max_depth} levels")

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
