"""YAML front matter: load with the core schema, bound nesting, tolerate tabs, locate errors."""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, ScalarNode
from yaml.reader import ReaderError

from newsdoc.common import yaml_core
from newsdoc.errors import FrontMatterError, Problem
from newsdoc.parsers.front_matter.values import RawFrontMatter

__all__ = [
    "Loaded",
    "load_document",
    "load_tolerating_tabs",
    "load_yaml",
    "not_a_mapping",
    "yaml_error",
]

_TAB_INDENT = re.compile(r"^ *\t", re.M)
_INDENT = re.compile(r"^[ \t]+", re.M)
_TAB_WIDTHS = (2, 4, 8)  # the narrowest first: too wide a tab turns siblings into children
_TOML_LINE = re.compile(r"[ \t]*[\w.\"'-]+[ \t]*=")
_PYYAML_TAG = "tag:yaml.org,2002:"


@attrs.frozen(kw_only=True)
class Loaded:
    """One YAML document, constructed, with where its top-level keys are."""

    data: Any
    "The constructed document (None for an empty one)."
    key_lines: dict[str, int]
    "0-based line of each top-level scalar key, by its text as written (last one wins)."
    duplicate_keys: tuple[tuple[str, int, int], ...]
    "Each repeated key as ``(key, 0-based line, 0-based column)``."


_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _reader_error(text: str) -> ReaderError:
    bad = _NON_PRINTABLE.search(text)
    position = bad.start() if bad else 0
    character = ord(bad.group()) if bad else 0
    return ReaderError(
        "<yaml>", position, character, "unicode", "special characters are not allowed"
    )


def load_document(text: str) -> Loaded:
    """Compose and construct one YAML document with `yaml_core.Loader`, in a single pass.

    Args:
        text: the YAML text.

    Returns:
        The data, the lines of the top-level keys and the duplicate keys.

    Raises:
        yaml.YAMLError: the text is not YAML, holds a refused tag, several
            documents, or a character YAML forbids (`yaml.reader.ReaderError`,
            whose position is a character offset in ``text``); `yaml_core.YAMLLimitError`
            for runaway merge keys.
    """
    try:
        loader = yaml_core.Loader(text)
    except (UnicodeEncodeError, ReaderError) as exc:  # libyaml wants UTF-8: no lone surrogate
        raise _reader_error(text) from exc
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except ReaderError as exc:  # libyaml counts bytes; say which character it was
        raise _reader_error(text) from exc
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    if isinstance(node, MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                key_lines[key_node.value] = key_node.start_mark.line
    duplicates = tuple((key, mark.line, mark.column) for key, mark in loader.duplicate_keys)
    return Loaded(data=data, key_lines=key_lines, duplicate_keys=duplicates)


def _expand(match: re.Match[str], *, width: int) -> str:
    return match.group().expandtabs(width)


def load_tolerating_tabs(fragment: str) -> tuple[Loaded, int | None]:
    """Load YAML; if it fails and tabs indent some line, retry with the tabs expanded.

    Args:
        fragment: the YAML text.

    Returns:
        The loaded document and the tab width that made it load (None: no retry).

    Raises:
        yaml.YAMLError: the error of the first attempt, when no retry helps.
    """
    try:
        return load_document(fragment), None
    except yaml_core.YAMLLimitError:
        raise
    except yaml.YAMLError:
        if _TAB_INDENT.search(fragment) is None:
            raise
        for width in _TAB_WIDTHS:
            expanded = _INDENT.sub(functools.partial(_expand, width=width), fragment)
            try:
                return load_document(expanded), width
            except yaml.YAMLError:
                continue
        raise


def load_yaml(fragment: str, first_line: int, *, source: str | None) -> RawFrontMatter:
    """Load a YAML front matter (any document; the caller checks it is a mapping).

    The caller has left out what nests too deeply or holds too many values first
    (`newsdoc.parsers.front_matter.survey`): libyaml composes recursively in C.

    Args:
        fragment: the text between the fences.
        first_line: the 1-based line of the fragment's first line in the whole text.
        source: the input's name, for problems and errors.

    Returns:
        The document, the lines of its top-level keys, and problems: tabs used as
        indentation (``yaml-tab``), duplicate keys (``duplicate-key``).

    Raises:
        FrontMatterError: malformed YAML or a refused tag (code ``front-matter``),
            nesting or merge keys beyond the limits (code ``limit``).
    """
    try:
        loaded, tab_width = load_tolerating_tabs(fragment)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, fragment, first_line, source) from exc
    except RecursionError as exc:  # only the pure-Python PyYAML recurses in Python
        raise FrontMatterError(
            "the front matter nests too deeply", source=source, line=first_line - 1, code="limit"
        ) from exc
    problems: list[Problem] = []
    if tab_width is not None:
        tab = _TAB_INDENT.search(fragment)
        line = first_line + fragment.count("\n", 0, tab.start()) if tab else first_line
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
            line=first_line + line,
            column=column + 1,
        )
        for key, line, column in loaded.duplicate_keys
    )
    lines = {key: first_line + line for key, line in loaded.key_lines.items()}
    return RawFrontMatter(data=loaded.data, lines=lines, problems=tuple(problems))


def yaml_error(
    exc: yaml.YAMLError, fragment: str, first_line: int, source: str | None
) -> FrontMatterError:
    """A PyYAML error as a `FrontMatterError` located in the whole text.

    Args:
        exc: the error.
        fragment: the YAML text it came from.
        first_line: the 1-based line of the fragment's first line in the whole text.
        source: the input's name.

    Returns:
        The error to raise (code ``limit`` for runaway merge keys).
    """
    code = "limit" if isinstance(exc, yaml_core.YAMLLimitError) else "front-matter"
    if isinstance(exc, yaml.reader.ReaderError):
        before = fragment[: exc.position]
        line = first_line + before.count("\n")
        column = len(before) - before.rfind("\n")
        message = f"the YAML holds the character U+{exc.character:04X}, which YAML forbids"
        return FrontMatterError(message, source=source, line=line, column=column, code=code)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return FrontMatterError(f"invalid YAML: {exc}", source=source, line=first_line, code=code)
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "invalid YAML").replace(_PYYAML_TAG, "!!")
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.rsplit(" ", 1)[-1]
        message = (
            f"the YAML tag {tag} is refused: front matter may hold only plain data"
            " (strings, numbers, booleans, null, lists, mappings, dates)"
        )
    else:
        message = f"invalid YAML: {problem}"
        if exc.context:
            where = exc.context_mark
            at = f" on line {first_line + where.line}" if where is not None else ""
            message += f" ({exc.context}{at})"
    return FrontMatterError(
        message,
        source=source,
        line=first_line + mark.line if mark is not None else first_line,
        column=mark.column + 1 if mark is not None else None,
        code=code,
    )


def not_a_mapping(
    data: object, fragment: str, first_line: int, source: str | None
) -> FrontMatterError:
    """The error for a YAML front matter that loaded as something else than a mapping."""
    kind = {str: "a string", list: "a list", int: "a number", float: "a number", bool: "a boolean"}
    message = f"the front matter is {kind.get(type(data), type(data).__name__)}, not a mapping"
    if isinstance(data, str) and _TOML_LINE.match(fragment.lstrip("\n")):
        message += " (it looks like TOML, which goes between '+++' lines, not '---')"
    blank = len(fragment) - len(fragment.lstrip("\n"))
    return FrontMatterError(message, source=source, line=first_line + blank, code="front-matter")
