"""TOML front matter (Hugo, between ``+++`` lines), read with `tomllib`."""

from __future__ import annotations

import functools
import json
import re
import tomllib

from newsdoc.errors import FrontMatterError
from newsdoc.parsers.front_matter.values import RawFrontMatter

__all__ = ["load_toml"]

_KEY = r"""(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
# A top-level key is assigned before the first table header, or names a table.
_KEY_LINE = re.compile(
    rf"^[ \t]*(?:(?P<table>\[\[?)[ \t]*(?P<name>{_KEY})|(?P<key>{_KEY})[ \t]*[.=])", re.M
)
_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)\Z")
_DOTTED_PART = rf"{_KEY}[ \t]*+\.[ \t]*+"


@functools.lru_cache(maxsize=4)
def _dotted(parts: int) -> re.Pattern[str]:
    return re.compile(f"(?:{_DOTTED_PART}){{{parts}}}")


def load_toml(
    fragment: str, first_line: int, *, source: str | None, max_depth: int = 100
) -> RawFrontMatter:
    """Load a TOML front matter and find the lines of its top-level keys.

    Args:
        fragment: the text between the ``+++`` lines.
        first_line: the 1-based line of the fragment's first line in the whole text.
        source: the input's name, for errors.
        max_depth: the most parts a dotted key may have (checked before parsing:
            `tomllib` spends time and memory quadratic in a key's length).

    Returns:
        The table (dates as `datetime` objects) and the line of each top-level key.

    Raises:
        FrontMatterError: malformed TOML (code ``front-matter``), nesting too deep
            for the parser, a dotted key longer than ``max_depth``, an integer with
            more digits than Python converts (code ``limit``).
    """
    if fragment.count(".") >= max_depth:
        long_key = _dotted(max_depth).search(fragment)
        if long_key is not None:
            raise FrontMatterError(
                f"a dotted key has more than {max_depth} parts",
                source=source,
                line=first_line + fragment.count("\n", 0, long_key.start()),
                code="limit",
            )
    try:
        data = tomllib.loads(fragment)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _WHERE.search(message)
        if where is not None:
            line = first_line + int(where.group(1)) - 1
            column: int | None = int(where.group(2))
            message = message[: where.start()].rstrip()
        else:  # "(at end of document)"
            line, column = first_line + fragment.count("\n"), None
        raise FrontMatterError(
            f"invalid TOML: {message}", source=source, line=line, column=column, code="front-matter"
        ) from exc
    except RecursionError as exc:  # tomllib recurses once per nested array or table
        raise FrontMatterError(
            "the front matter nests too deeply", source=source, line=first_line - 1, code="limit"
        ) from exc
    except ValueError as exc:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise FrontMatterError(
            f"a value cannot be read: {exc}", source=source, line=first_line - 1, code="limit"
        ) from exc
    return RawFrontMatter(data=data, lines=_key_lines(fragment, first_line))


def _key_lines(fragment: str, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    line, position = first_line, 0
    in_table = False
    for match in _KEY_LINE.finditer(fragment):
        line += fragment.count("\n", position, match.start())
        position = match.start()
        if match.group("table"):
            in_table = True
            key = match.group("name")
        elif in_table:
            continue
        else:
            key = match.group("key")
        name = _unquote(key)
        lines.setdefault(name, line)
    return lines


def _unquote(key: str) -> str:
    if key[:1] == '"':
        try:
            value = json.loads(key)
        except json.JSONDecodeError:  # a TOML escape JSON lacks (\e, \UXXXXXXXX)
            return key[1:-1]
        return str(value)
    if key[:1] == "'":
        return key[1:-1]
    return key
