"""Inline events of pulldown-cmark → canonical inline content.

The events go through the HTML parser's `InlineBuffer`, so whitespace follows
exactly the rules the HTML parser applies to the same content rendered as HTML:
a soft line break is a newline in the text (a space, or nothing between two CJK
characters), a hard break is a `Break`, runs of ASCII whitespace collapse, and
the result is `newsdoc.model.canonical.normalize`-d with ``block=True``.

Formatting nested deeper than `INLINE_DEPTH` (``***…***`` thousands deep)
is unwrapped past that depth, its text kept, so no later recursive walk over
the model can overflow the stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsdoc.limits import INLINE_DEPTH
from newsdoc.model import Image, Inline
from newsdoc.parsers.inline_buffer import DELETE, EMPHASIS, LINK, STRONG, InlineBuffer, collapse
from newsdoc.parsers.markdown.events import (
    BLOCK_TAGS,
    TRIM,
    Event,
    Source,
    container_end,
    may_break_at_a_tab,
)
from newsdoc.parsers.markdown.render import alt_text, link_url, single_tilde

__all__ = ["convert_paragraphs", "needs_ranges", "trim_all", "trim_edges"]

_OPENS = {"Strong": STRONG, "Emphasis": EMPHASIS, "Strikethrough": DELETE, "Link": LINK}


def trim_edges(events: list[Event], source: Source) -> list[Event]:
    """``events`` less the whitespace markdown-it trims off the content's edges.

    pulldown-cmark has trimmed spaces and tabs already; markdown-it also trims the
    rest of `TRIM` when written as such (not ``&nbsp;``).
    """
    if not events:
        return events
    first = events[0][0]
    last = events[-1][0]
    if not (
        (first.__class__ is dict and first.get("Text", "a")[:1] in TRIM)
        or (last.__class__ is dict and last.get("Text", "a")[-1:] in TRIM)
    ):
        return events
    events = list(events)
    while events:
        event, span = events[0]
        text = event.get("Text") if event.__class__ is dict else None
        if not text:
            break
        edge = len(text) - len(text.lstrip(TRIM))
        written = source.written_chars(span, text[:edge], at_end=False)
        if not written:
            break
        if written < len(text):
            events[0] = ({"Text": text[written:]}, span)
            break
        del events[0]
        if events and events[0][0] in ("HardBreak", "SoftBreak"):
            # A first line of nothing but trimmed space: markdown-it trims its line end too
            # (a backslash's hard break stays: it reads one again after trimming).
            if events[0][0] == "HardBreak" and source.written(events[0][1], "\\", at_end=False):
                break
            del events[0]
    while events:
        event, span = events[-1]
        text = event.get("Text") if event.__class__ is dict else None
        if not text:
            break
        edge = len(text) - len(text.rstrip(TRIM))
        written = source.written_chars(span, text[len(text) - edge :], at_end=True)
        if not written:
            break
        if written < len(text):
            events[-1] = ({"Text": text[: len(text) - written]}, span)
            break
        del events[-1]
        if events and events[-1][0] in ("HardBreak", "SoftBreak"):
            # The line break now ends the content: markdown-it, trimming first, sees a
            # backslash there (text), or spaces and a newline (trimmed too).
            _, span = events.pop()
            if source.written(span, "\\", at_end=False):
                events.append(({"Text": "\\"}, span))
                break
    return events


_BOUNDARIES = BLOCK_TAGS | {"TableHead", "TableRow", "TableCell"}
_TO_TRIM = re.compile(
    "[\x0b\x0c\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|\t[ \t]*#|#[ \t]*\t"
)
_CLOSING_HASHES = re.compile(r"(?:\A|[ \t]+)#+[ \t]*\Z")


def _closing_hashes(events: list[Event], source: Source) -> None:
    """Take off an ATX heading's closing ``#``s after a tab (pulldown-cmark keeps them)."""
    if not events or events[-1][0].__class__ is not dict:
        return
    event, span = events[-1]
    text = event.get("Text")
    found = None if text is None else _CLOSING_HASHES.search(text)
    if found is None or "\t" not in found.group():
        return
    hashes = found.group().encode()
    end = span["end"]
    if source.data[end - len(hashes) : end] == hashes and source.data[end - len(hashes) - 1] != 92:
        events[-1] = ({"Text": text[: found.start()]}, span)  # 92: not after a backslash


def needs_ranges(body: str) -> bool:
    """Whether reading ``body`` looks at ranges whatever it holds (a trim, a ``~``)."""
    return "~" in body or _TO_TRIM.search(body) is not None or may_break_at_a_tab(body)


def trim_all(events: list[Event], source: Source) -> list[Event]:
    """``events`` with `trim_edges` applied to the inline content of every leaf.

    A leaf is a paragraph, heading or table cell, or a tight list item's text
    between blocks (a paragraph without ``<p>`` to markdown-it).
    """
    if _TO_TRIM.search(source.text) is None:
        return events
    out: list[Event] = []
    run: int | None = None  # where in ``out`` the current leaf's content began
    verbatim = False  # inside a code or HTML block
    for item in events:
        event = item[0]
        if event.__class__ is str:
            boundary = event == "Rule"
        else:
            value = event.get("Start") or event.get("End")
            tag = None if value is None else value if value.__class__ is str else next(iter(value))
            boundary = tag in _BOUNDARIES
            if tag == "CodeBlock" or tag == "HtmlBlock":
                verbatim = "Start" in event
        if boundary or verbatim:
            if run is not None:
                if event.__class__ is dict and tag == "Heading":
                    leaf = out[run:]
                    _closing_hashes(leaf, source)
                    out[run:] = trim_edges(leaf, source)
                else:
                    out[run:] = trim_edges(out[run:], source)
                run = None
        elif run is None:
            run = len(out)
        out.append(item)
    if run is not None:
        out[run:] = trim_edges(out[run:], source)
    return out


_SCRATCH = InlineBuffer()
"An empty buffer: its `InlineBuffer.text_block` leaves it empty, so one serves every call."


def _plain_text(events: list[Event]) -> str | None:
    """The text of events that are only text and soft breaks, else None."""
    parts: list[str] = []
    for event, _ in events:
        if event == "SoftBreak":
            parts.append("\n")
        elif event.__class__ is dict and "Text" in event:
            parts.append(event["Text"])
        else:
            return None
    return "".join(parts)


def convert_paragraphs(
    events: list[Event],
    source: bytes,
    *,
    loose: bool,
    resolve: Callable[[str], str],
    on_too_deep: Callable[[], None],
) -> list[tuple[Inline, ...]]:
    """The paragraphs of one leaf's inline events: one, or more when ``loose``.

    A tight list's paragraphs render without ``<p>``, as loose text, where the
    HTML parser ends a paragraph at a run of two or more line breaks; ``loose``
    does the same.  Empty paragraphs are left out.

    Args:
        events: The inline events (no ``InlineHtml`` outside images: the caller
            reads such leaves as HTML).
        source: The body's UTF-8 bytes, which the ranges index.
        loose: Whether a run of hard breaks ends the paragraph.
        resolve: Turns a link or image URL as written into the model's URL.
        on_too_deep: Called for each span unwrapped for being too deep.

    Returns:
        The content of each paragraph, normalized with ``block=True``.
    """
    plain = _plain_text(events)
    if plain is not None:
        content = _SCRATCH.text_block(plain)
        return [content] if content else []
    buffer = InlineBuffer()
    text = buffer.text
    paragraphs: list[tuple[Inline, ...]] = []
    applied: list[int | str] = []  # per open span: 1 a frame, 0 unwrapped, or literal tildes
    index = 0
    count = len(events)
    while index < count:
        event, span = events[index]
        index += 1
        if event.__class__ is str:
            if event == "SoftBreak":
                text("\n")
            elif loose and buffer.last_break:  # HardBreak
                buffer.drop_last_break()
                content = buffer.take()
                if content:
                    paragraphs.append(content)
            else:
                buffer.br()
            continue
        value = event.get("Text")
        if value is not None:
            text(value)
            continue
        value = event.get("Start")
        if value is not None:
            tag = value if value.__class__ is str else next(iter(value))
            if tag == "Image":
                data = value["Image"]
                stop = container_end(events, index - 1)
                buffer.atom(
                    Image(
                        url=resolve(link_url(data)),
                        alt=alt_text(events, index - 1, stop),
                        title=data["title"] or None,
                    )
                )
                index = stop + 1
            elif tag == "Strikethrough" and (tildes := single_tilde(source, span)):
                text(tildes)
                applied.append(tildes)
            elif buffer.depth < INLINE_DEPTH:
                if tag == "Link":
                    data = value["Link"]
                    buffer.open(LINK, resolve(link_url(data)), data["title"] or None)
                else:
                    buffer.open(_OPENS[tag])
                applied.append(1)
            else:
                on_too_deep()
                applied.append(0)
        elif "End" in event:
            done = applied.pop() if applied else 0
            if done == 1:
                buffer.close()
            elif done:
                text(str(done))
        else:
            code = event.get("Code")
            if code is not None:
                buffer.code(collapse(code))  # as a browser shows <code>
    while applied:  # pulldown-cmark closes what it opens; be safe anyway
        if applied.pop() == 1:
            buffer.close()
    content = buffer.take()
    if content:
        paragraphs.append(content)
    return paragraphs
