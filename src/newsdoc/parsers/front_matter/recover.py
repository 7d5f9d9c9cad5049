"""Recover what can be read from a YAML front matter that does not load as a whole.

The front matter is cut into top-level entries (a line that starts without
indentation, and is not a comment or a ``- item`` of a list written at column
0, begins an entry) and each entry is loaded on its own.  The usual culprit is a
title full of quotes (``title: "He said "no""``): an entry of one line
``key: value`` that fails to load is kept as the raw text after ``key:``,
stripped, one pair of matching outer quotes removed.  Other failing entries are
dropped; every kept raw text and every dropped entry is reported.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from newsdoc.errors import Problem
from newsdoc.parsers.front_matter.values import RawFrontMatter
from newsdoc.parsers.front_matter.yaml_data import load_tolerating_tabs, yaml_error

__all__ = ["recover_yaml"]

_ENTRY_START = re.compile(r"^(?![ \t\n#]|-[ \t\n]|-\Z)", re.M)
_ONE_LINE = re.compile(
    r"""(?P<key>"[^"\n]*"|'[^'\n]*'|[^\s#'"][^\n]*?)[ \t]*:(?:[ \t]+(?P<value>[^\n]*))?\Z"""
)


def recover_yaml(fragment: str, first_line: int, *, source: str | None) -> RawFrontMatter:
    """Load each top-level entry of a broken YAML front matter on its own.

    Args:
        fragment: the YAML text between the fences.
        first_line: the 1-based line of the fragment's first line in the whole text.
        source: the input's name, for problems.

    Returns:
        The entries that could be read, in order, their lines, and one problem
        (code ``front-matter``) for each entry kept as raw text or dropped, plus
        ``duplicate-key`` and ``yaml-tab`` problems as for a whole load.
    """
    starts = [match.start() for match in _ENTRY_START.finditer(fragment)]
    data: dict[Any, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(fragment)
        entry = fragment[start:end]
        line = first_line + fragment.count("\n", 0, start)
        found = _load_entry(entry, line, source, problems)
        for key, (value, key_line) in found.items():
            if key in data:
                problems.append(
                    Problem(
                        code="duplicate-key",
                        message=f"the key {key!r} appears more than once; the last value is kept",
                        source=source,
                        line=key_line,
                    )
                )
            data[key] = value
            lines[str(key)] = key_line
    return RawFrontMatter(data=data, lines=lines, problems=tuple(problems))


def _load_entry(
    entry: str, line: int, source: str | None, problems: list[Problem]
) -> dict[Any, tuple[Any, int]]:
    """The key/value pairs of one entry, each with its line; problems appended."""
    try:
        loaded, tab_width = load_tolerating_tabs(entry)
    except yaml.YAMLError as exc:
        return _raw_entry(entry, line, exc, source, problems)
    except RecursionError:  # only the pure-Python PyYAML recurses in Python
        problems.append(_dropped(entry, line, "it nests too deeply", source))
        return {}
    if tab_width is not None:
        problems.append(
            Problem(
                code="yaml-tab",
                message=f"tabs indent the YAML (YAML forbids them); read as {tab_width} spaces",
                source=source,
                line=line,
            )
        )
    problems.extend(
        Problem(
            code="duplicate-key",
            message=f"the key {key!r} appears more than once; the last value is kept",
            source=source,
            line=line + key_line,
            column=column + 1,
        )
        for key, key_line, column in loaded.duplicate_keys
    )
    if not isinstance(loaded.data, dict):
        if loaded.data is not None:
            problems.append(_dropped(entry, line, "it is not a key: value pair", source))
        return {}
    return {
        key: (value, line + loaded.key_lines.get(str(key), 0)) for key, value in loaded.data.items()
    }


def _raw_entry(
    entry: str, line: int, exc: yaml.YAMLError, source: str | None, problems: list[Problem]
) -> dict[Any, tuple[Any, int]]:
    kept = entry.rstrip().split("\n")
    while len(kept) > 1 and kept[-1].lstrip().startswith("#"):
        kept.pop()
    match = _ONE_LINE.match(kept[0]) if len(kept) == 1 else None
    # A refused tag is not a quoting accident: never keep it as text.
    if match is None or isinstance(exc, yaml.constructor.ConstructorError):
        reason = yaml_error(exc, entry, line, source).message
        problems.append(_dropped(entry, line, reason, source))
        return {}
    key = _unquote(match.group("key"))
    value = _unquote((match.group("value") or "").strip())
    problems.append(
        Problem(
            code="front-matter",
            message=f"{key!r} kept as the raw text after '{key}:', which is not valid YAML",
            source=source,
            line=line,
        )
    )
    return {key: (value, line)}


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _dropped(entry: str, line: int, reason: str, source: str | None) -> Problem:
    head = entry.split("\n", 1)[0].split(":", 1)[0].strip()
    head = head if len(head) <= 40 else head[:39] + "…"
    return Problem(
        code="front-matter",
        message=f"the entry {head!r} was dropped: {reason}",
        source=source,
        line=line,
    )
