"""Record how a post was written (`newsdoc.model.origin.Origin`), for writing it back faithfully.

The front matter's text is cut into one entry per top-level key, from the key's line to the
next key's (comments and blank lines after a value belong to its entry).  When the lines are
not certain — duplicate keys, a recovered or unreadable front matter, a JSON front matter, keys
out of order — no entry keeps its text: an unchanged post is still written back as it was (the
whole head is kept), a changed one has every value written afresh.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsdoc.model.article import FIELD_KEYS
from newsdoc.model.nodes import Block
from newsdoc.model.origin import FIELD_ATTRIBUTES, Entry, Origin
from newsdoc.parsers.front_matter.split import FrontMatter

__all__ = ["origin_of"]

_FENCE = re.compile(r"(?:---|\+\+\+|;;;)[ \t]*\Z")
_UNSURE = frozenset({"duplicate-key", "front-matter", "limit"})
"Problems after which the key lines do not say where each entry's text is."
_UNREAD = frozenset({"front-matter", "limit"})
"Problems after which the front matter is not written back as it was: newsdoc did not read it."


def origin_of(
    fm: FrontMatter,
    text: str,
    fields: Mapping[str, Any],
    blocks: tuple[Block, ...],
    *,
    keep_body: bool,
) -> Origin | None:
    """How the post ``text`` was written, or None if it has no front matter.

    Args:
        fm: The split front matter of ``text``.
        text: The decoded post.
        fields: The field values read from ``fm`` (`newsdoc.parsers.fields.normalize_fields`,
            the summary from the body included), ``extra`` among them.
        blocks: The body as read.
        keep_body: Keep the body's text too.

    Returns:
        The origin; its entries' text is None where the lines are not certain.
    """
    if fm.format is None:
        return None
    head = text[: len(text) - len(fm.body)]
    extra = fields["extra"]
    field_of = _fields_of_keys(fm.data, extra)
    texts = _entry_texts(fm, head)
    unread = any(p.code in _UNREAD for p in fm.problems)
    opening, closing = _fences(head) if texts is None else (texts[0], texts[-1])
    entries = tuple(
        Entry(
            key=key,
            field=field_of.get(key),
            value=value,
            text=None if texts is None else texts[index + 1],
        )
        for index, (key, value) in enumerate(fm.data.items())
    )
    read = tuple(fields[name] for names in FIELD_ATTRIBUTES.values() for name in names)
    return Origin(
        dialect=fm.format,
        # The texts hold the head when they are known (kept once); a front matter newsdoc did
        # not read whole (a YAML bomb over the limits) is not kept at all.
        head=None if texts is not None or unread else head,
        opening=opening,
        closing=closing,
        entries=entries,
        read=read,
        body=fm.body if keep_body else None,
        blocks=blocks if keep_body else (),
    )


def _fields_of_keys(data: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, str]:
    """The field each consumed key fills (the first alias present, as the reader takes it)."""
    by_lower: dict[str, str] = {}
    for key in data:
        by_lower.setdefault(key.lower(), key)
    found: dict[str, str] = {}
    for field, aliases in FIELD_KEYS.items():
        for alias in aliases:
            own = by_lower.get(alias)
            if own is not None:
                if own not in extra:
                    found[own] = field
                break
    return found


def _fences(head: str) -> tuple[str, str]:
    """The text before the front matter (blank lines, opening fence) and the closing fence."""
    lines = head.splitlines(keepends=True)
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    opening = "".join(lines[: start + 1]) if start < len(lines) else head
    if start < len(lines) and _FENCE.match(lines[start].rstrip("\n")) is None:
        opening = "".join(lines[:start])  # no opening fence (Hexo) or a JSON object
    closing = lines[-1] if lines and _FENCE.match(lines[-1].rstrip("\n")) else ""
    if closing and len(lines) - 1 <= start:
        closing = ""
    return opening, closing


def _entry_texts(fm: FrontMatter, head: str) -> list[str] | None:
    """[opening, each entry's text…, closing], or None when the key lines are not certain."""
    if fm.format == "json" or any(p.code in _UNSURE for p in fm.problems):
        return None
    starts = [0]
    for index, char in enumerate(head):
        if char == "\n":
            starts.append(index + 1)
    closing_line = fm.body_line - 1  # 1-based line of the closing fence
    if not 1 <= closing_line <= len(starts):
        return None
    first = _first_content_line(head)
    previous = first
    lines: list[int] = []
    for key in fm.data:
        line = fm.lines.get(key)
        if line is None or not previous <= line < closing_line or (lines and line <= lines[-1]):
            return None
        lines.append(line)
        previous = line
    bounds = [starts[line - 1] for line in lines]
    close_at = starts[closing_line - 1]
    opening = head[: bounds[0]] if bounds else head[:close_at]
    pieces = [opening]
    for index, start in enumerate(bounds):
        end = bounds[index + 1] if index + 1 < len(bounds) else close_at
        pieces.append(head[start:end])
    pieces.append(head[close_at:])
    return pieces


def _first_content_line(head: str) -> int:
    """The 1-based line after the opening fence (the first line, when there is no fence)."""
    for number, line in enumerate(head.split("\n"), start=1):
        if line.strip():
            return number + 1 if _FENCE.match(line) else number
    return 1
