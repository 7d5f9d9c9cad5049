"""Refuse, before YAML is composed, the top-level keys of a front matter that break a limit.

Limits bound what is superlinear or amplified, not what is merely large: a 10 MB scalar or
a list of 200,000 tags is read whole, and when one key breaks a limit only that key is
left out (a ``limit`` problem naming it; `FrontMatterError` in strict mode), the others
kept.  Three limits are checked here, on the text, because composing costs memory first:

- ``max_front_matter_chars``: the largest top-level entries are left out until the rest fits;
- ``max_front_matter_depth``: an entry nesting deeper (libyaml composes recursively in C);
- ``max_front_matter_values``: an entry whose values, counted in order with those before it,
  go past the budget (each node of the text counts once here; aliases expanded count in
  `newsdoc.parsers.front_matter.values`, which refuses keys the same way).

A few ``str.count`` calls on the whole text rule out almost every front matter at once.
Otherwise the text is cut into top-level entries (a line starting at column 0 that is no
comment and no ``- `` item begins one), each entry is counted the same way, and only an
entry that might break a limit is read exactly: libyaml's events (no nodes built), stopped
as soon as it goes past a limit.  A refused entry's lines are blanked, so every other line
keeps its number.  Brackets inside a scalar (a folded title whose next line starts with
``[[[``) are text, not nesting: only the events say which is which.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

import attrs
import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from newsdoc.common import yaml_core
from newsdoc.limits import Limits

__all__ = ["Refused", "survey"]

_ENTRY_START = re.compile(r"^(?![ \t\n#]|-[ \t\n]|-\Z)", re.M)
_KEY = re.compile(r"""\s*("[^"\n]*"|'[^'\n]*'|[^:\n]*?)[ \t]*:""")
_BLANKS = re.compile(r"[ \t]+")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# Every value but the document's follows one of these (a block mapping's ':', a sequence's
# '-', a flow collection's '[', '{' and ','; '?' for a complex key): counting them bounds the
# values from above, and closely for the YAML people write.
_NODE_SIGNS = (":", ",", "-", "[", "{", "?")


@attrs.frozen(kw_only=True)
class Refused:
    """A top-level entry left out."""

    key: str
    "The key, as written (quotes removed)."
    line: int
    "The 0-based line of the entry in the text."
    why: str
    "Which limit it breaks."


def survey(text: str, limits: Limits) -> tuple[str, list[Refused]]:
    """The text with the entries that break a limit blanked, and those entries.

    Args:
        text: The YAML front matter (between the fences).
        limits: The limits (``max_front_matter_chars``, ``_depth``, ``_values``).

    Returns:
        ``text`` itself and ``[]`` when nothing is refused (the common case, decided by a
        few ``str.count`` calls); else the text with each refused entry's lines emptied.
        Once the values are used up, the entries left are refused together, as one.
    """
    depth, values = limits.max_front_matter_depth, limits.max_front_matter_values
    chars = limits.max_front_matter_chars
    if len(text) <= chars and not _might_break(text, depth, values):
        return text, []
    refused: dict[int, tuple[int, str]] = {}  # start: (end, why)
    if len(text) > chars:
        refused = _largest(text, chars)
    left = values
    for start, end in _entries(text):
        if start in refused:
            continue
        if left <= 0:  # every entry holds a value: none of the rest fits
            refused[start] = (
                len(text),
                f"with it the front matter holds more than {values} values",
            )
            break
        why, used = _check(text[start:end], depth, left, values)
        if why is None:
            left -= used
        else:
            refused[start] = (end, why)
    if not refused:
        return text, []
    pieces: list[str] = []
    found: list[Refused] = []
    kept = 0
    for start in sorted(refused):
        end, why = refused[start]
        if start < kept:  # inside the rest refused together
            continue
        pieces.append(text[kept:start])
        pieces.append("\n" * text.count("\n", start, end))
        line = text.count("\n", 0, start)
        found.append(Refused(key=_key(text[start : start + 200]), line=line, why=why))
        kept = end
    pieces.append(text[kept:])
    return "".join(pieces), found


def _entries(text: str) -> Iterator[tuple[int, int]]:
    """Where each top-level entry starts and ends (the text before the first is one too)."""
    starts = (match.start() for match in _ENTRY_START.finditer(text))
    first = next(starts, len(text))
    bounds = itertools.chain([0] if first else [], [first], starts, [len(text)])
    return ((a, b) for a, b in itertools.pairwise(bounds) if a < b)


def _largest(text: str, chars: int) -> dict[int, tuple[int, str]]:
    """The largest entries, left out until the rest fits in ``chars`` (their lines stay)."""
    entries = sorted(_entries(text), key=lambda entry: entry[0] - entry[1])
    why = f"with it the front matter is larger than {chars} characters"
    refused: dict[int, tuple[int, str]] = {}
    excess = len(text) - chars
    for start, end in entries:
        if excess <= 0:
            break
        refused[start] = (end, why)
        excess -= end - start - text.count("\n", start, end)
    return refused


def _might_break(text: str, depth: int, values: int) -> bool:
    """Whether the text may nest deeper than ``depth`` or hold more than ``values`` values."""
    return _estimate(text) > values or _might_nest(text, depth)


def _estimate(text: str) -> int:
    """At least the number of values the value walk counts (see `_NODE_SIGNS`)."""
    return sum(text.count(sign) for sign in _NODE_SIGNS)


def _might_nest(text: str, depth: int) -> bool:
    """Whether the text may nest deeper than ``depth``: every level needs a bracket, a
    compact ``- ``/``? `` indicator, or one more space (or tab) of indentation."""
    if text.count("[") + text.count("{") > depth or "\n" + " " * depth in text:
        return True
    if "\t" in text and _tabbed(depth).search(text) is not None:
        return True
    # Compact nesting (``- - - x``): a run of indicators on one line, one level each.
    if text.count("- ") + text.count("-\t") + text.count("? ") + text.count("?\t") <= depth:
        return False
    spaced = _BLANKS.sub(" ", text)
    pairs = sum(spaced.count(pair) for pair in ("- -", "- ?", "? -", "? ?"))
    return 2 * pairs >= depth and _compact(depth).search(spaced) is not None


@functools.lru_cache(maxsize=4)
def _compact(depth: int) -> re.Pattern[str]:
    """A run of more than ``depth`` compact indicators (blanks already made one space)."""
    return re.compile(rf"(?:[-?] ){{{depth + 1}}}")


@functools.lru_cache(maxsize=4)
def _tabbed(depth: int) -> re.Pattern[str]:
    """A line indented with a tab, wide enough to nest ``depth`` deep with tabs 8 wide."""
    return re.compile(rf"^(?=[ \t]*\t)[ \t]{{{max(1, depth // 8)},}}", re.M)


def _check(entry: str, depth: int, left: int, values: int) -> tuple[str | None, int]:
    """Which limit the entry breaks (None: none) and how many values it holds at most."""
    estimate = _estimate(entry)
    if estimate <= left and not _might_nest(entry, depth):
        return None, estimate
    try:
        return _count_events(entry, depth, left, values)
    except (yaml.YAMLError, UnicodeEncodeError):  # not YAML alone: the load will say why
        if _brackets_nest_deeper(entry, depth):
            return f"it nests deeper than {depth} levels", 0
        return None, estimate


def _count_events(entry: str, depth: int, left: int, values: int) -> tuple[str | None, int]:
    """The exact count, from libyaml's events: values as the value walk counts them (an
    alias once), and how deeply collections nest; it stops at the first limit passed."""
    loader = yaml_core.Loader(entry)
    stack: list[list[int]] = []  # per open collection: [is a mapping, next node is a key]
    count = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, NodeEvent):
                parent = stack[-1] if stack else None
                if parent is not None and parent[0]:
                    is_key, parent[1] = parent[1], 1 - parent[1]
                else:
                    is_key = 0
                if stack and not is_key:
                    count += 1
                    if count > left:
                        return f"with it the front matter holds more than {values} values", count
                if isinstance(event, CollectionStartEvent):
                    stack.append([isinstance(event, MappingStartEvent), 1])
                    if len(stack) > depth:
                        return f"it nests deeper than {depth} levels", count
                elif not isinstance(event, ScalarEvent | AliasEvent):  # pragma: no cover
                    raise AssertionError(event)
            elif isinstance(event, CollectionEndEvent):
                stack.pop()
    finally:
        loader.dispose()
    return None, count


def _brackets_nest_deeper(text: str, depth: int) -> bool:
    """Whether flow brackets, quoted or not, may nest deeper than ``depth`` (an upper bound)."""
    brackets = _NOT_BRACKET.sub("", text)
    steps = map(_BRACKET_STEP.__getitem__, brackets)
    return max(itertools.accumulate(steps, lambda d, s: max(d + s, 0)), default=0) > depth


def _key(entry: str) -> str:
    match = _KEY.match(entry)
    key = match.group(1) if match else entry.strip().split("\n", 1)[0]
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"":
        key = key[1:-1]
    return key if len(key) <= 40 else key[:39] + "…"
