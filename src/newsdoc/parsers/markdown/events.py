"""pulldown-cmark's events for a Markdown body, through pyromark, and what they tell.

An event is pyromark's: a one-key dict (``{"Text": "a"}``, ``{"Start": "Paragraph"}``)
or a bare string (``"SoftBreak"``, ``"HardBreak"``, ``"Rule"``), paired with its source
range in UTF-8 bytes.  `Source` turns a range into a body line only when a problem needs
one.
"""

from __future__ import annotations

import re
from typing import Any

import pyromark

__all__ = [
    "BLOCK_TAGS",
    "OPTIONS",
    "TRIM",
    "Event",
    "NeedRanges",
    "Source",
    "container_end",
    "may_break_at_a_tab",
    "parse_events",
    "soft_tab_breaks",
]

Event = tuple[Any, Any]
"One event and its range (``{'start': …, 'end': …}``, bytes of the UTF-8 body)."

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)
"CommonMark with GFM tables, strikethrough (as markdown-it's reader had them) and task lists."

TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
"""What markdown-it-py trims off a paragraph, heading or table cell before reading its
inline content (JavaScript's ``trim`` but U+FEFF): pulldown-cmark trims only spaces
and tabs, so a literal U+00A0 or U+3000 at a paragraph's edge is trimmed here."""

BLOCK_TAGS = frozenset(
    {"Paragraph", "Heading", "BlockQuote", "CodeBlock", "List", "Item", "HtmlBlock", "Table"}
)
"The tags of block-level events: where a tight list item's loose text ends."


_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_NOT_REFERABLE = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")
"""Code points markdown-it turns a numeric character reference for into U+FFFD
(pulldown-cmark decodes them: ``&#1;`` would be a control character)."""


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _refers_to_unsafe(body: str) -> bool:
    for found in _NUMERIC_REFERENCE.finditer(body):
        hexadecimal, decimal = found.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        if code <= 0x10FFFF and _NOT_REFERABLE.match(chr(code)):
            return True
    return False


def parse_events(body: str, *, tables: bool = True, ranges: bool = True) -> list[Event]:
    """Every event of ``body`` (adjacent text merged), with its range, or None for it
    when not ``ranges`` (three times faster: a range is a dict each)."""
    options = OPTIONS if tables else OPTIONS & ~pyromark.Options.ENABLE_TABLES
    events: list[Event]
    if ranges:
        events = list(pyromark.events_with_range(body, options=options, merge_text=True))
    else:
        events = [(event, None) for event in pyromark.events(body, options=options)]
    if "&#" in body and _refers_to_unsafe(body):
        for index, (event, span) in enumerate(events):
            if event.__class__ is dict:
                fixed = _referable(event)
                if fixed != event:
                    events[index] = (fixed, span)
    if "[ ]" in body or "[x]" in body or "[X]" in body:
        events = _text_markers(events, body)
    return events


def _referable(payload: Any) -> Any:
    """``payload`` with U+FFFD for each code point no reference may give: in text, and also in
    a fence's info string, a link's destination and title (markdown-it keeps ``&#1;`` as
    written there; its spelling is gone from the event, and a control character must not
    reach the model)."""
    if payload.__class__ is str:
        return _NOT_REFERABLE.sub("\ufffd", payload)
    if payload.__class__ is dict:
        return {key: _referable(value) for key, value in payload.items()}
    return payload


def _text_markers(events: list[Event], body: str) -> list[Event]:
    """A task marker that ends its line (``- [x]`` alone, or before spaces) is text, as
    markdown-it reads it (pulldown-cmark makes it a task of nothing)."""
    data = b""
    out: list[Event] = []
    made_text = False  # whether the last event is a marker made text
    for event, span in events:
        if event.__class__ is dict and "TaskListMarker" in event:
            if span is None:
                raise NeedRanges
            data = data or body.encode("utf-8", "surrogatepass")
            end = span["end"]
            line_end = data.find(b"\n", end)
            if not data[end : None if line_end < 0 else line_end].strip(b" \t"):
                # Text, and the line break after it a space.
                out.append(({"Text": data[span["start"] : end].decode() + " "}, span))
                made_text = True
                continue
        elif made_text and event.__class__ is dict and "Text" in event:
            previous, start = out.pop()  # merged, as pulldown-cmark's texts are
            event, span = {"Text": previous["Text"] + event["Text"]}, {**start, "end": span["end"]}
        made_text = False
        out.append((event, span))
    return out


def tag_of(event: Any) -> str:
    """The tag name of a ``Start`` or ``End`` payload (``"Heading"`` for ``{"Heading": …}``)."""
    return event if event.__class__ is str else next(iter(event))


def container_end(events: list[Event], start: int) -> int:
    """The index of the ``End`` event matching the ``Start`` at ``start``."""
    depth = 0
    index = start
    while True:
        event = events[index][0]
        if event.__class__ is dict:
            if "Start" in event:
                depth += 1
            elif "End" in event:
                depth -= 1
                if not depth:
                    return index
        index += 1


class NeedRanges(Exception):  # noqa: N818 - a signal, not an error
    """Raised when a range is needed and the events were read without them."""


class Source:
    """The body as UTF-8 bytes, for ranges: lines and the text as written."""

    __slots__ = ("data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")

    def line_at(self, span: Any) -> int:
        """The 1-based body line where a range starts."""
        if span is None:
            raise NeedRanges
        return self.line(span["start"])

    def line(self, offset: int) -> int:
        """The 1-based body line holding byte ``offset``."""
        return self.data.count(b"\n", 0, offset) + 1

    def lines(self, span: Any) -> tuple[int, int]:
        """The 0-based lines a range covers: first, and one past the last."""
        if span is None:
            raise NeedRanges
        start, end = span["start"], span["end"]
        first = self.data.count(b"\n", 0, start)
        last = self.data.count(b"\n", start, max(start, end - 1)) + first
        return first, last + 1

    def written_chars(self, span: Any, text: str, *, at_end: bool) -> int:
        """How many characters of ``text`` stand literally at the start (or end) of a range,
        counted from that edge (a merged text's character references are not)."""
        data = self.data
        count = 0
        if at_end:
            end = span["end"]
            for char in reversed(text):
                encoded = char.encode("utf-8", "surrogatepass")
                if data[end - len(encoded) : end] != encoded:
                    break
                end -= len(encoded)
                count += 1
        else:
            start = span["start"]
            for char in text:
                encoded = char.encode("utf-8", "surrogatepass")
                if data[start : start + len(encoded)] != encoded:
                    break
                start += len(encoded)
                count += 1
        return count

    def written(self, span: Any, text: str, *, at_end: bool) -> bool:
        """Whether ``text`` stands literally at the start (or end) of a range."""
        encoded = text.encode("utf-8", "surrogatepass")
        if at_end:
            end = span["end"]
            return self.data[end - len(encoded) : end] == encoded
        start = span["start"]
        return self.data[start : start + len(encoded)] == encoded


_TAB_BREAK = re.compile(r"(?:\t\t| \t|\t )\n")
"""Trailing whitespace pulldown-cmark takes for a hard break and CommonMark does not: two
characters or more, a tab among them, not ending in two spaces (``a \\t\\n``)."""


def may_break_at_a_tab(body: str) -> bool:
    """Whether ``body`` has a line `soft_tab_breaks` may have to correct (it needs ranges)."""
    return _TAB_BREAK.search(body) is not None


def soft_tab_breaks(events: list[Event], source: Source) -> list[Event]:
    """``events`` with each hard break that CommonMark would not make a soft one: a line
    break is hard after two spaces or a backslash, and a tab is not a space."""
    data = source.data
    for index, (event, span) in enumerate(events):
        if event == "HardBreak" and span is not None:
            written = data[span["start"] : span["end"]].rstrip(b"\n")
            if not written.endswith((b"  ", b"\\")):
                events[index] = ("SoftBreak", span)
    return events
