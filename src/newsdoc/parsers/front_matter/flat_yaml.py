"""A fast reader for the common flat YAML front matter, exact or silent.

Most front matter is a flat mapping: ``key: scalar`` lines, quoted scalars,
``key:`` followed by ``- item`` lines, ``[a, b]`` flow lists, comments and blank
lines.  libyaml parses that quickly, but PyYAML then builds its nodes and marks
in Python, which costs more than parsing the post's body.  `load_flat` reads
this subset with a few regular expressions per line and gives exactly what
`newsdoc.common.yaml_core.Loader` gives (YAML 1.2 core typing, key lines); for
anything it is not sure of (nesting, anchors, tags, block scalars, multi-line
scalars, tabs, unusual escapes or characters, duplicate keys) it returns None
and the caller takes the full path.  ``tests/test_front_matter_fast.py``
checks it against the loader (Hypothesis documents and the corpus).
"""

from __future__ import annotations

import math
import re
from typing import Any

from newsdoc.common.chars import C0_CONTROLS, DEL_AND_C1, NONCHARACTERS, SURROGATES
from newsdoc.common.yaml_scalars import BOOL as _BOOL
from newsdoc.common.yaml_scalars import DECIMAL as _DECIMAL
from newsdoc.common.yaml_scalars import FLOAT as _FLOAT
from newsdoc.common.yaml_scalars import INT as _INT
from newsdoc.common.yaml_scalars import NULL as _NULL
from newsdoc.parsers.front_matter.values import RawFrontMatter

__all__ = ["load_flat"]

# What the full path must see: controls (tab, CR), NEL, BOM, line/paragraph
# separators, non-characters, lone surrogates.  (A negated class: compiling the
# class of allowed characters costs 10 ms at import.)
_UNSAFE = re.compile(
    f"[\t\r{C0_CONTROLS}{DEL_AND_C1}\u2028\u2029\ufeff{SURROGATES}{NONCHARACTERS}]"
)
_SKIP = re.compile(r" *(?:#.*)?\Z")  # blank or comment line
_KEY = re.compile(r"([^\W\d][\w.-]*):(?: +|\Z)")
_ITEM = re.compile(r"( *)-(?: +|\Z)")
_END = re.compile(r"(?: +#.*)? *\Z")  # after a quoted scalar or flow list
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
# A plain scalar in block context: no indicator first (``-``/``?``/``:`` only before
# a non-space), no ``: `` inside, no trailing ``:``; ends at `` #``.
_PLAIN = re.compile(r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:][^\s])")
_FLOW_ITEM = re.compile(
    r""" *(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'"""
    r"""|([^\s,\[\]{}#&*!|>'"%@`?:\-](?:[^,\[\]{}#:]*[^\s,\[\]{}#:])?)) *([,\]])"""
)
_EMPTY_FLOW = re.compile(r"\[ *\]")
_FIRST_RESOLVED = frozenset("~nNtTfF-+.0123456789<")


class _UnsureError(Exception):
    """The text is outside the subset this reader is sure of."""


def load_flat(fragment: str, first_line: int) -> RawFrontMatter | None:
    """Read a flat YAML mapping exactly as `yaml_core.Loader` would, or give None.

    Args:
        fragment: the YAML text between the fences.
        first_line: the 1-based line of the fragment's first line in the whole text.

    Returns:
        The mapping and the line of each key; None when the text is not a flat
        mapping this reader is sure of (the caller then loads it in full).
    """
    if _UNSAFE.search(fragment) is not None:
        return None
    try:
        return _read(fragment.split("\n"), first_line)
    except _UnsureError:
        return None


def _read(lines: list[str], first_line: int) -> RawFrontMatter | None:
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        index += 1
        key_match = _KEY.match(line)
        if key_match is None:
            if _SKIP.match(line):
                continue
            return None
        key = key_match.group(1)
        if key in data or _NULL.match(key) or _BOOL.match(key):
            return None
        key_lines[key] = first_line + index - 1
        rest = line[key_match.end() :]
        if rest and rest[0] != "#":
            data[key] = _value(rest)
            continue
        items, index = _block_list(lines, index)
        data[key] = items
    if not data:
        return None
    return RawFrontMatter(data=data, lines=key_lines)


def _block_list(lines: list[str], index: int) -> tuple[list[Any] | None, int]:
    """The ``- item`` lines from `index` (None if there are none), and the next line's index."""
    items: list[Any] = []
    indent = -1
    count = len(lines)
    while index < count:
        line = lines[index]
        if _SKIP.match(line):
            index += 1
            continue
        item = _ITEM.match(line)
        if item is None:
            if line[0] == " ":
                raise _UnsureError  # nested mapping or a continued scalar
            break
        if indent < 0:
            indent = len(item.group(1))
        elif len(item.group(1)) != indent:
            raise _UnsureError
        rest = line[item.end() :]
        index += 1
        if not rest or rest[0] == "#":
            raise _UnsureError  # an empty item may open a nested block
        if rest[0] == "[":
            raise _UnsureError
        items.append(_value(rest))
    return (items if indent >= 0 else None), index


def _value(text: str) -> Any:
    """The scalar or flow list that starts `text` (the rest of a line, not blank)."""
    first = text[0]
    if first == '"':
        match = _DOUBLE.match(text)
        if match is None or _END.match(text, match.end()) is None:
            raise _UnsureError
        return _unescape(match.group(1))
    if first == "'":
        match = _SINGLE.match(text)
        if match is None or _END.match(text, match.end()) is None:
            raise _UnsureError
        return match.group(1).replace("''", "'")
    if first == "[":
        return _flow_list(text)
    if _PLAIN.match(text) is None:
        raise _UnsureError
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _UnsureError
    return _resolve(text)


def _flow_list(text: str) -> list[Any]:
    items: list[Any] = []
    empty = _EMPTY_FLOW.match(text)
    if empty is not None:
        position = empty.end()
    else:
        position = 1
        while True:
            match = _FLOW_ITEM.match(text, position)
            if match is None:
                raise _UnsureError
            double, single, plain, end = match.groups()
            if double is not None:
                items.append(_unescape(double))
            elif single is not None:
                items.append(single.replace("''", "'"))
            else:
                items.append(_resolve(plain))
            position = match.end()
            if end == "]":
                break
    if _END.match(text, position) is None:
        raise _UnsureError
    return items


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = match.group()[1:]
    if len(code) == 1:
        try:
            return _ESCAPES[code]
        except KeyError:
            raise _UnsureError from None
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise _UnsureError
    return chr(point)


def _resolve(text: str) -> Any:
    """A plain scalar typed with the YAML 1.2 core schema, as `yaml_core.Loader` does."""
    if text[0] not in _FIRST_RESOLVED:
        return text
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text in ("true", "True", "TRUE")
    if _INT.match(text):
        return _integer(text)
    if _FLOAT.match(text):
        return _float(text)
    if text == "<<":
        raise _UnsureError
    return text


def _float(text: str) -> float:
    low = text.lower()
    if low in (".inf", "+.inf"):
        return math.inf
    if low == "-.inf":
        return -math.inf
    if low == ".nan":
        return math.nan
    return float(low)


def _integer(text: str) -> int | str:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:] if text[0] in "+-" else text
    try:
        if digits[:2] == "0o":
            return sign * int(digits[2:], 8)
        if digits[:2] == "0x":
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)
    except ValueError:
        if _DECIMAL.match(text):
            return text
        raise _UnsureError from None
