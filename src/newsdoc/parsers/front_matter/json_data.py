"""JSON front matter: a leading ``{…}`` object (Hugo), or Hexo's braceless ``…\\n;;;``."""

from __future__ import annotations

import json
import re
from typing import Any

from newsdoc.errors import FrontMatterError, Problem
from newsdoc.parsers.front_matter.values import RawFrontMatter

__all__ = ["load_json_fragment", "load_json_object"]

_KEY_LINE = re.compile(r'^([ \t]*\{?[ \t]*)"((?:[^"\\\n]|\\.)*)"[ \t]*:', re.M)


def load_json_object(
    text: str, start: int, first_line: int, *, source: str | None
) -> tuple[RawFrontMatter, int]:
    """Load the JSON object that starts at ``text[start]`` (Hugo's JSON front matter).

    Args:
        text: the whole text.
        start: the index of the opening ``{``.
        first_line: the 1-based line of ``start``.
        source: the input's name, for problems and errors.

    Returns:
        The object with its key lines and duplicate-key problems, and the index just
        after its closing ``}``.

    Raises:
        FrontMatterError: malformed JSON (code ``front-matter``), nesting too deep for
            the parser (code ``limit``).
    """
    duplicates: list[str] = []
    decoder = json.JSONDecoder(
        object_pairs_hook=lambda pairs: _mapping(pairs, duplicates), parse_int=_int
    )
    try:
        data, end = decoder.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(
            f"invalid JSON: {exc.msg}",
            source=source,
            line=exc.lineno,
            column=exc.colno,
            code="front-matter",
        ) from exc
    except RecursionError as exc:
        raise FrontMatterError(
            "the front matter nests too deeply", source=source, line=first_line, code="limit"
        ) from exc
    fragment = text[start:end]
    return _raw(data, fragment, first_line, duplicates, source), end


def load_json_fragment(fragment: str, first_line: int, *, source: str | None) -> RawFrontMatter:
    """Load Hexo's JSON front matter: the members of an object, braces optional.

    Args:
        fragment: the text before the ``;;;`` line (after the opening ``;;;``, if any).
        first_line: the 1-based line of the fragment's first line in the whole text.
        source: the input's name, for problems and errors.

    Returns:
        The object with its key lines and duplicate-key problems.

    Raises:
        FrontMatterError: malformed JSON, or JSON that is not an object (code
            ``front-matter``), nesting too deep for the parser (code ``limit``).
    """
    braced = fragment.lstrip().startswith("{")
    document = fragment if braced else "{" + fragment + "}"
    duplicates: list[str] = []
    try:
        data = json.loads(
            document, object_pairs_hook=lambda pairs: _mapping(pairs, duplicates), parse_int=_int
        )
    except json.JSONDecodeError as exc:
        column = exc.colno - 1 if exc.lineno == 1 and not braced else exc.colno
        raise FrontMatterError(
            f"invalid JSON: {exc.msg}",
            source=source,
            line=first_line + exc.lineno - 1,
            column=max(column, 1),
            code="front-matter",
        ) from exc
    except RecursionError as exc:
        raise FrontMatterError(
            "the front matter nests too deeply", source=source, line=first_line, code="limit"
        ) from exc
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"the front matter is a JSON {type(data).__name__}, not an object",
            source=source,
            line=first_line,
            code="front-matter",
        )
    return _raw(data, fragment, first_line, duplicates, source)


def _int(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:  # more digits than int() converts: keep the text, as YAML does
        return text


def _mapping(pairs: list[tuple[str, Any]], duplicates: list[str]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            duplicates.append(key)
        mapping[key] = value  # as in YAML: the first place, the last value
    return mapping


def _raw(
    data: dict[str, Any], fragment: str, first_line: int, duplicates: list[str], source: str | None
) -> RawFrontMatter:
    lines = _key_lines(fragment, first_line, data)
    problems = tuple(
        Problem(
            code="duplicate-key",
            message=f"the key {key!r} appears more than once; the last value is kept",
            source=source,
            line=lines.get(key),
        )
        for key in duplicates
    )
    return RawFrontMatter(data=data, lines=lines, problems=problems)


def _key_lines(fragment: str, first_line: int, data: dict[str, Any]) -> dict[str, int]:
    if "\n" not in fragment.strip():
        return dict.fromkeys(data, first_line)
    # Without positions from the parser, take each key's least indented occurrence:
    # the top level is normally the least indented.
    found: dict[str, tuple[int, int]] = {}
    line, position = first_line, 0
    for match in _KEY_LINE.finditer(fragment):
        line += fragment.count("\n", position, match.start())
        position = match.start()
        key = match.group(2)
        if "\\" in key:
            try:
                key = json.loads(f'"{key}"')
            except json.JSONDecodeError:
                continue
        indent = len(match.group(1).replace("{", ""))
        if key in data and (key not in found or indent < found[key][0]):
            found[key] = (indent, line)
    return {key: found[key][1] for key in data if key in found}
