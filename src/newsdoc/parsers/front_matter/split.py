"""Split a post into its front matter (as a JSON-compatible mapping) and its body.

Recognized shapes, by the first line that is not blank:

- ``---`` … ``---`` (or ``...``): YAML, typed with the YAML 1.2 core schema
  (`newsdoc.common.yaml_core`: ``10:00``, ``no`` and ``2015-10-11`` stay strings);
- ``+++`` … ``+++``: TOML (Hugo);
- ``;;;`` … ``;;;``, or members with no braces ending at a ``;;;`` line: JSON (Hexo);
- ``{`` …: a JSON object, the body after it (Hugo);
- ``key: value`` lines ending at a ``---`` line, no opening fence (Hexo), only
  when they load as a YAML mapping.

Fences may carry trailing spaces; blank lines may precede the opening fence.  As in
Hexo (and python-frontmatter), a fence may be longer than three dashes or semicolons
(``----``, ``;;;;;``): the closing fence is then the same line, as Hexo wants it.  A
later ``---`` line belongs to the body (a thematic break).  An opening fence
that is never closed is no front matter: the whole text is the body.  So is a fenced
block whose YAML is not a mapping (a string, a list: ``---\nfoo\n---``), as Hexo
reads it; the problem is recorded all the same (code ``front-matter``).

Lenient mode records what goes wrong as `Problem`s and recovers what it can (for
YAML, entry by entry); strict mode raises `FrontMatterError` located in the whole
text.  Tabs used as YAML indentation (``yaml-tab``), duplicate keys
(``duplicate-key``) and values converted to fit JSON (``value-converted``) are
problems in both modes.  Limits (code ``limit``): ``max_front_matter_chars``,
``max_front_matter_values`` and ``max_front_matter_depth`` of `newsdoc.limits.Limits`
(see `newsdoc.limits.Limits` for their defaults).
"""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

from newsdoc.errors import FrontMatterError, Problem
from newsdoc.limits import DEFAULT_LIMITS, Limits
from newsdoc.parsers.front_matter.flat_yaml import load_flat
from newsdoc.parsers.front_matter.values import (
    RawFrontMatter,
    refused_key,
    to_json_compatible,
)

# The loaders other than `load_flat` (full YAML with PyYAML, TOML with tomllib, JSON) are
# imported by the functions that need them: most posts need none, and `import newsdoc`
# stays cheaper.

__all__ = ["FrontMatter", "split"]

Format = Literal["yaml", "toml", "json"]


@attrs.frozen(kw_only=True)
class FrontMatter:
    """A post split into its front matter and its body."""

    format: Format | None
    "The dialect of the front matter; None when there is none."
    data: dict[str, Any]
    "The top-level mapping, key order kept, JSON-compatible values only."
    lines: dict[str, int]
    "The 1-based line in the whole text of each top-level key (best effort)."
    body: str
    "The text after the closing fence (the blank line after the fence stays)."
    body_line: int
    "The 1-based line of the body's first line in the whole text."
    problems: tuple[Problem, ...] = ()
    "What was found on the way; line numbers are in the whole text."


_LEADING_BLANK = re.compile(r"(?:[ \t]*\n)*")
# Hexo (and python-frontmatter) take fences of more than three dashes or semicolons too; the
# closing fence is then the same line, as in Hexo.
_OPENING = re.compile(r"(-{3,}|\+\+\+|;{3,})[ \t]*(?:\n|\Z)")
_CLOSING = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M),
    "+++": re.compile(r"^\+\+\+[ \t]*$", re.M),
    ";;;": re.compile(r"^;;;[ \t]*$", re.M),
}
_FORMATS: dict[str, Format] = {"-": "yaml", "+": "toml", ";": "json"}
_JSON_OBJECT = re.compile(r"[ \t]*\{[ \t]*(?:\"|\}|\n|\Z)")
_UNFENCED_END = re.compile(r"^(-{3,}|;{3,})[ \t]*$", re.M)
_KEY_VALUE = re.compile(
    r"""(?:[^\s#:?'"{}\[\],&*!|>%@`<-][^\n]*?|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|$)""", re.M
)
_JSON_MEMBER = re.compile(r'[ \t]*"')
_CLOSING_BRACE = re.compile(r"^\}[ \t]*$", re.M)


def split(
    text: str, *, source: str | None = None, strict: bool = False, limits: Limits | None = None
) -> FrontMatter:
    """Split a decoded post into front matter and body.

    Args:
        text: the post, decoded (no BOM, ``\\n`` line endings: see `decode`).
        source: a name for the input, used in problems and errors.
        strict: raise on a malformed front matter instead of recording a problem.
        limits: the size, value and depth limits (None: `newsdoc.limits.DEFAULT_LIMITS`).

    Returns:
        The front matter (format None and empty data if there is none) and the body.

    Raises:
        FrontMatterError: in strict mode, for malformed YAML, TOML or JSON, a front
            matter that is not a mapping, a refused YAML tag, an unclosed fence, or
            a limit exceeded (code ``limit``); line and column are in the whole text.
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    blank = _LEADING_BLANK.match(text)
    start = blank.end() if blank else 0
    line = text.count("\n", 0, start) + 1
    opening = _OPENING.match(text, start)
    if opening is not None:
        return _split_fenced(text, opening, line, source, strict, limits)
    if _JSON_OBJECT.match(text, start):
        return _split_json_object(text, start, line, source, strict, limits)
    if _KEY_VALUE.match(text, start) or _JSON_MEMBER.match(text, start):
        found = _split_unfenced(text, start, line, source, strict, limits)
        if found is not None:
            return found
    return FrontMatter(format=None, data={}, lines={}, body=text, body_line=1)


def _split_fenced(
    text: str, opening: re.Match[str], line: int, source: str | None, strict: bool, limits: Limits
) -> FrontMatter:
    fence = opening.group(1)
    closing_fence = _CLOSING.get(fence) or re.compile(rf"^{fence}[ \t]*$", re.M)
    closing = closing_fence.search(text, opening.end())
    if closing is None:
        error = FrontMatterError(
            f"the {fence!r} on line {line} opens a front matter that is never closed"
            f" (no {fence!r} line follows)",
            source=source,
            line=line,
            code="front-matter",
        )
        if strict:
            raise error
        return FrontMatter(
            format=None, data={}, lines={}, body=text, body_line=1, problems=(error.to_problem(),)
        )
    fragment = text[opening.end() : closing.start()]
    close_line = line + 1 + fragment.count("\n")
    body = text[closing.end() + 1 :]  # past the fence line's newline, if any
    fmt = _FORMATS[fence[0]]
    problems: list[Problem] = []
    raw = _load_fenced(fmt, fragment, line, source, strict, problems, limits)
    if raw is False:  # not a mapping: Hexo keeps the whole text as the body
        return FrontMatter(
            format=None, data={}, lines={}, body=text, body_line=1, problems=tuple(problems)
        )
    return _finish(fmt, raw, line, body, close_line + 1, problems, source, strict, limits)


def _load_fenced(
    fmt: Format,
    fragment: str,
    fence_line: int,
    source: str | None,
    strict: bool,
    problems: list[Problem],
    limits: Limits,
) -> RawFrontMatter | Literal[False] | None:
    """The loaded front matter, or None (with a problem recorded) if it cannot be read.

    False (with a problem recorded) when the YAML loads as something else than a mapping.
    """
    first_line = fence_line + 1
    depth = limits.max_front_matter_depth
    try:
        if fmt == "yaml":
            fragment = _refuse_entries(fragment, first_line, source, strict, problems, limits)
        _check_size(len(fragment), fence_line, source, limits)
        if fmt == "toml":
            from newsdoc.parsers.front_matter.toml_data import load_toml

            return load_toml(fragment, first_line, source=source, max_depth=depth)
        if fmt == "json":
            from newsdoc.parsers.front_matter.json_data import load_json_fragment

            return load_json_fragment(fragment, first_line, source=source)
        # The flat fast path nests two levels at most; it gives None when unsure.
        raw = load_flat(fragment, first_line) if depth >= 2 else None
        if raw is None:
            from newsdoc.parsers.front_matter.yaml_data import load_yaml

            raw = load_yaml(fragment, first_line, source=source)
    except FrontMatterError as error:
        if strict:
            raise
        problems.append(error.to_problem())
        if fmt != "yaml" or error.code == "limit":
            return None
        from newsdoc.parsers.front_matter.recover import recover_yaml

        return recover_yaml(fragment, first_line, source=source)
    if raw.data is None or isinstance(raw.data, dict):
        return raw
    from newsdoc.parsers.front_matter.yaml_data import not_a_mapping

    wrong = not_a_mapping(raw.data, fragment, first_line, source)
    if strict:
        raise wrong
    problem = wrong.to_problem()
    problems.append(attrs.evolve(problem, message=f"{problem.message}: read as the body"))
    return False


def _split_json_object(
    text: str, start: int, line: int, source: str | None, strict: bool, limits: Limits
) -> FrontMatter:
    from newsdoc.parsers.front_matter.json_data import load_json_object

    brace = text.index("{", start)
    problems: list[Problem] = []
    try:
        raw, end = load_json_object(text, brace, line, source=source)
        _check_size(end - brace, line, source, limits)
    except FrontMatterError as error:
        if strict:
            raise
        problems.append(error.to_problem())
        # The body starts after the first line that is a lone '}', if any.
        brace_line = _CLOSING_BRACE.search(text, brace)
        if brace_line is None:
            return FrontMatter(
                format="json", data={}, lines={}, body=text, body_line=1, problems=tuple(problems)
            )
        body_line = text.count("\n", 0, brace_line.end()) + 2
        rest = text[brace_line.end() + 1 :]
        return _finish("json", None, line, rest, body_line, problems, source, strict, limits)
    newline = text.find("\n", end)
    rest = text[end:] if newline < 0 else text[end:newline]
    if rest.strip(" \t"):  # the body starts on the line the object ends on
        body, body_offset = text[end:], end
    else:
        body, body_offset = ("", len(text)) if newline < 0 else (text[newline + 1 :], newline + 1)
    body_line = text.count("\n", 0, body_offset) + 1
    return _finish("json", raw, line, body, body_line, problems, source, strict, limits)


def _split_unfenced(
    text: str, start: int, line: int, source: str | None, strict: bool, limits: Limits
) -> FrontMatter | None:
    """Hexo's front matter without an opening fence, or None if the text has none."""
    closing = _UNFENCED_END.search(text, start)
    if closing is None:
        return None
    fragment = text[start : closing.start()]
    close_line = line + fragment.count("\n")
    body = text[closing.end() + 1 :]
    problems: list[Problem] = []
    if closing.group(1)[0] == ";":
        if not _JSON_MEMBER.match(text, start):
            return None
        from newsdoc.parsers.front_matter.json_data import load_json_fragment

        try:
            _check_size(len(fragment), line, source, limits)
            raw: RawFrontMatter | None = load_json_fragment(fragment, line, source=source)
        except FrontMatterError as error:
            if strict:
                raise
            problems.append(error.to_problem())
            raw = None
        return _finish("json", raw, line, body, close_line + 1, problems, source, strict, limits)
    if not _KEY_VALUE.match(text, start):
        return None
    from newsdoc.parsers.front_matter.yaml_data import load_yaml

    try:
        fragment = _refuse_entries(fragment, line, source, strict, problems, limits)
        raw = load_yaml(fragment, line, source=source)
    except FrontMatterError:
        return None  # Hexo reads it as body too
    if not isinstance(raw.data, dict):
        return None
    return _finish("yaml", raw, line, body, close_line + 1, problems, source, strict, limits)


def _refuse_entries(
    fragment: str,
    first_line: int,
    source: str | None,
    strict: bool,
    problems: list[Problem],
    limits: Limits,
) -> str:
    """The YAML fragment without the top-level entries that break a limit (see `survey`)."""
    from newsdoc.parsers.front_matter.survey import survey

    kept, refused = survey(fragment, limits)
    for entry in refused:
        error = refused_key(entry.key, entry.why, source=source, line=first_line + entry.line)
        if strict:
            raise error
        problems.append(error.to_problem())
    return kept


def _check_size(size: int, fence_line: int, source: str | None, limits: Limits) -> None:
    if size > limits.max_front_matter_chars:
        raise FrontMatterError(
            f"the front matter is larger than {limits.max_front_matter_chars} characters ({size})",
            source=source,
            line=fence_line,
            code="limit",
        )


def _finish(
    fmt: Format,
    raw: RawFrontMatter | None,
    fence_line: int,
    body: str,
    body_line: int,
    problems: list[Problem],
    source: str | None,
    strict: bool,
    limits: Limits,
) -> FrontMatter:
    """Make the loaded values JSON-compatible and assemble the result."""
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if raw is not None:
        problems.extend(raw.problems)
        converted = to_json_compatible(
            raw.data or {},
            max_values=limits.max_front_matter_values,
            max_depth=limits.max_front_matter_depth,
        )
        for key, why in converted.refused:
            error = refused_key(key, why, source=source, line=raw.lines.get(key, fence_line))
            if strict:
                raise error
            problems.append(error.to_problem())
        data = converted.data
        lines = {key: raw.lines[key] for key in data if key in raw.lines}
        problems.extend(
            Problem(code="value-converted", message=message, source=source, line=lines.get(key))
            for key, message in converted.notes
        )
    return FrontMatter(
        format=fmt,
        data=data,
        lines=lines,
        body=body,
        body_line=body_line,
        problems=tuple(problems),
    )
