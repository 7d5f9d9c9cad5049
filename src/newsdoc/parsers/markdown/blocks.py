"""pulldown-cmark's block events → newsdoc blocks (see `newsdoc.parsers.markdown.reader`).

`BlockWalk` makes one pass over the events with an explicit stack of open
containers, so no nesting depth reaches Python's recursion limit.  Raw HTML is
read by the HTML parser, from markdown-it's rendering of the piece that holds it
(`newsdoc.parsers.markdown.render`).
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from newsdoc.common.urls import resolve
from newsdoc.errors import Problem
from newsdoc.limits import INLINE_DEPTH, MARKDOWN_NESTING
from newsdoc.model import (
    Align,
    Block,
    Blockquote,
    Code,
    Heading,
    List,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    ThematicBreak,
)
from newsdoc.parsers.body import ParsedBody, make_list
from newsdoc.parsers.inline_buffer import InlineBuffer
from newsdoc.parsers.markdown.events import (
    BLOCK_TAGS,
    Event,
    Source,
    container_end,
    parse_events,
)
from newsdoc.parsers.markdown.inline import convert_paragraphs, trim_all
from newsdoc.parsers.markdown.render import fence_text, render

__all__ = ["BlockWalk", "has_html", "parse_html_piece"]


def parse_html_piece(html: str, base_url: str | None) -> ParsedBody:
    """Read a piece of HTML with the HTML parser."""
    from newsdoc.parsers.html.reader import parse_html  # lazily: html.py imports lxml

    return parse_html(html, base_url=base_url, in_markdown=True)


def has_html(events: list[Event], start: int, end: int) -> bool:
    """Whether inline HTML stands among ``events[start:end]`` (an image's alt text aside)."""
    images = 0
    for index in range(start, end):
        event = events[index][0]
        if event.__class__ is dict:
            if "InlineHtml" in event:
                if not images:
                    return True
            elif event.get("Start").__class__ is dict and "Image" in event["Start"]:
                images += 1
            elif event.get("End") == "Image":
                images -= 1
    return False


_CONTAINER_MARKERS = re.compile(  # at line starts only: spaces and "-" inside text stay
    r"^(?:[ \t]*+(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*+[ \t]*+", re.MULTILINE
)
_ALIGNS: dict[str, Align] = {"Left": "left", "Right": "right", "Center": "center"}


class _Container:
    """A block container being filled: the root, a blockquote, a list or a list item."""

    __slots__ = (
        "at", "blocks", "checked", "deep", "html", "items", "kind", "mark", "spread", "start",
        "tight",
    )  # fmt: skip

    def __init__(self, kind: str, at: int = 0, start: int | None = None) -> None:
        self.kind = kind
        self.at = at  # the index of its Start event
        self.start = start  # an ordered list's first number
        self.blocks: list[Block] = []
        # (blocks, spread, checked) of each item
        self.items: list[tuple[tuple[Block, ...], bool, bool | None]] = []
        self.html = self.tight = self.deep = False
        self.spread = False  # an item showing a paragraph as one (a loose list's <p>)
        self.mark: tuple[int, int | None, Any] = (0, None, None)
        self.checked: bool | None = None  # a task item's TaskListMarker


class BlockWalk:
    """One pass over the events, building blocks with an explicit stack."""

    def __init__(
        self, events: list[Event], source: Source, base_url: str | None, cells: int
    ) -> None:
        self.events = events
        self.source = source
        self.base_url = base_url
        self.cells_left = cells
        self.table_refused: int | None = None  # the line of the first table read as text
        self.more: int | None = None
        self.problems: list[Problem] = []
        self._too_deep_inline: tuple[Any] | None = None  # (the range of the leaf,) of the
        # first span unwrapped
        self._at: Any = None  # the range of the leaf being read, for its line
        self._too_deep_block = False
        self._stack = [_Container("root")]
        self._html = "<" in source.text  # whether raw HTML can be among the events

    # ------------------------------------------------------------ driver

    def run(self) -> tuple[Block, ...]:
        """The blocks of events whose raw HTML does not `spans_blocks`."""
        events = self.events
        index = 0
        count = len(events)
        while index < count:
            event, span = events[index]
            if event.__class__ is str:
                if event == "Rule":
                    self._add(ThematicBreak())
                    index += 1
                else:
                    index = self._loose(index)
                continue
            value = event.get("Start")
            if value is None:
                if "End" in event:
                    self._close(index)
                    index += 1
                elif "TaskListMarker" in event:  # first in a tight item
                    self._stack[-1].checked = event["TaskListMarker"]
                    index += 1
                else:
                    index = self._loose(index)
                continue
            tag = value if value.__class__ is str else next(iter(value))
            if tag not in BLOCK_TAGS:
                index = self._loose(index)
                continue
            if tag in ("BlockQuote", "List", "Item"):
                if len(self._stack) > MARKDOWN_NESTING - 1:
                    index = self._flatten_skipped(index, tag)
                    continue
                container = _Container(tag, index, value["List"] if tag == "List" else None)
                if tag == "Item" and self._html:
                    container.mark = (len(self.problems), self.more, self._too_deep_inline)
                self._stack.append(container)
                index += 1
                continue
            if tag == "HtmlBlock":
                index = self._html_run(index)
                continue
            end = container_end(events, index)
            self._at = span
            if tag == "Paragraph" or tag == "Heading":
                marker = events[index + 1][0] if index + 1 < end else None
                if marker.__class__ is dict and "TaskListMarker" in marker:  # a loose item's
                    self._stack[-1].checked = marker["TaskListMarker"]
                    index += 1
                self._leaf(index + 1, end, value)
            elif tag == "Table":
                self._table(index, end, value["Table"])
            else:
                self._add(_code(events, index, end, value["CodeBlock"]))
            index = end + 1
        if self._too_deep_inline is not None:
            self.problems.append(
                Problem(
                    code="depth",
                    message=f"formatting nested more than {INLINE_DEPTH} deep was unwrapped",
                    line=self.source.line_at(self._too_deep_inline[0]),
                )
            )
        return tuple(self._stack[0].blocks)

    # ------------------------------------------------------------ containers

    def _add(self, block: Block) -> None:
        self._stack[-1].blocks.append(block)

    def _close(self, index: int) -> None:
        done = self._stack[-1]
        kind = done.kind
        if kind == "Item" and done.html and done.tight and not done.deep:
            self._html_item(done, index)
        self._stack.pop()
        parent = self._stack[-1]
        if kind == "Item":
            parent.items.append((tuple(done.blocks), done.spread, done.checked))
        elif kind == "BlockQuote":
            if done.blocks:  # an empty quote shows nothing
                parent.blocks.append(Blockquote(children=tuple(done.blocks)))
        elif done.items:  # a list whose items were all too deep is left out (flattened)
            start = done.start
            number = start if start is not None and start != 1 else None
            parent.blocks.append(make_list(start is not None, number, done.items))

    def _html_item(self, item: _Container, end: int) -> None:
        """Read a list item again, as the HTML it renders as.

        It holds a raw HTML block beside tight text: that text renders without
        ``<p>``, so it runs on from the HTML block's (``- <!--x-->b`` then ``  a``
        renders as ``<li><!--x-->b\\na</li>``, one line of text).
        """
        problems, more, too_deep = item.mark
        del self.problems[problems:]
        self.more, self._too_deep_inline = more, too_deep
        item.blocks = []
        item.spread = False
        start = self.events[item.at][1]
        self._at = start
        html, _ = render(self.events, item.at + 1, end, self.source.data, depth=len(self._stack))
        self._splice_html(html, start)

    def _flatten_skipped(self, index: int, tag: str) -> int:
        """Put back, as one plain paragraph, the lines of a container too deep to read.

        markdown-it skips them, silently; the paragraph goes where markdown-it's
        rendering reads at its deepest, so the model reads back the same.
        """
        end = container_end(self.events, index)
        span = self.events[index][1]
        for container in self._stack:
            container.deep = True
        first, last = self.source.lines(span)
        if not self._too_deep_block:
            self._too_deep_block = True
            self.problems.append(
                Problem(
                    code="depth",
                    message=f"content nested more than {MARKDOWN_NESTING} levels deep"
                    " was kept as plain text",
                    line=first + 1,
                )
            )
        lines = self.source.text.split("\n")[first:last]
        buffer = InlineBuffer()
        buffer.text(_CONTAINER_MARKERS.sub("", "\n".join(lines)))
        inlines = buffer.take()
        outer = self._stack[-1]
        if tag == "Item":  # its text is the paragraph outside: no empty item is left
            outer = self._stack[-2]
        if inlines:
            outer.blocks.append(Paragraph(children=inlines))
        return end + 1

    # ------------------------------------------------------------ leaves

    def _resolve(self, url: str) -> str:
        """The URL as written, or joined to ``base_url`` when one was given."""
        url, problem = resolve(url, self.base_url, markdown=True)
        if problem is not None:  # the HTML parser reports it the same way
            self.problems.append(
                Problem(code="url", message=problem, line=self.source.line_at(self._at))
            )
        return url

    def _note_too_deep(self) -> None:
        if self._too_deep_inline is None:
            self._too_deep_inline = (self._at,)

    def _loose(self, index: int) -> int:
        """A tight list item's text, up to the next block: a paragraph without ``<p>``."""
        events = self.events
        end = index
        count = len(events)
        while end < count:
            event = events[end][0]
            if event.__class__ is str:
                if event == "Rule":
                    break
            else:
                value = event.get("Start") or event.get("End")
                if (
                    value is not None
                    and (value if value.__class__ is str else next(iter(value))) in BLOCK_TAGS
                ):
                    break
            end += 1
        self._stack[-1].tight = True
        self._at = events[index][1]
        self._leaf(index, end, None)
        return end

    def _leaf(self, start: int, end: int, opener: Any) -> None:
        """The paragraph or heading (``opener``; None: loose text) of ``events[start:end]``."""
        events = self.events
        if self._html and has_html(events, start, end):
            html, _ = render(events, start, end, self.source.data)
            if opener is not None:  # a tight list's paragraphs render without <p>
                tag = "p" if opener == "Paragraph" else f"h{opener['Heading']['level'][1]}"
                html = f"<{tag}>{html}</{tag}>"
            self._splice_html(html, self._at)
            return
        paragraphs = convert_paragraphs(
            events[start:end],
            self.source.data,
            loose=opener is None,
            resolve=self._resolve,
            on_too_deep=self._note_too_deep,
        )
        if opener is None or opener == "Paragraph":
            container = self._stack[-1]
            if opener is not None:  # a loose list's item: its paragraph renders as <p>
                container.spread = True
            container.blocks.extend(Paragraph(children=p) for p in paragraphs)
        elif paragraphs:  # an empty heading shows nothing
            depth = int(opener["Heading"]["level"][1])
            self._add(Heading(depth=depth, children=paragraphs[0]))

    def _table(self, start: int, end: int, aligns: tuple[str, ...]) -> None:
        """The table between ``start`` and ``end``."""
        events = self.events
        cells = sum(1 for i in range(start, end) if events[i][0] == {"Start": "TableCell"})
        if self.cells_left <= 0:
            self._refused_table(start, end)
            return
        self.cells_left -= cells
        if self._html and has_html(events, start, end):
            html, _ = render(events, start, end + 1, self.source.data)
            self._splice_html(html, self._at)
            return
        rows: list[TableRow] = []
        row: list[TableCell] = []
        index = start + 1
        while index < end:
            event = events[index][0]
            if event == {"Start": "TableCell"}:
                stop = container_end(events, index)
                content = convert_paragraphs(
                    events[index + 1 : stop],
                    self.source.data,
                    loose=False,
                    resolve=self._resolve,
                    on_too_deep=self._note_too_deep,
                )
                row.append(TableCell(children=content[0] if content else ()))
                index = stop
            elif event in ({"End": "TableHead"}, {"End": "TableRow"}):
                rows.append(TableRow(cells=tuple(row)))
                row = []
            index += 1
        align = tuple(_ALIGNS.get(a) for a in aligns)
        self._add(Table(rows=tuple(rows), align=align))

    def _refused_table(self, start: int, end: int) -> None:
        """A table past the cell budget, read as the paragraph markdown-it makes of it."""
        span = self.events[start][1]
        first, last = self.source.lines(span)
        if self.table_refused is None:
            self.table_refused = first + 1
        lines = self.source.text.split("\n")[first:last]
        text = _CONTAINER_MARKERS.sub("", "\n".join(lines))
        events = trim_all(parse_events(text, tables=False), Source(text))
        walk = BlockWalk(events, Source(text), self.base_url, 0)
        self._stack[-1].blocks.extend(walk.run())
        self.problems.extend(attrs.evolve(p, line=self.table_refused) for p in walk.problems)

    def _html_run(self, index: int) -> int:
        """The run of HTML blocks at ``index`` (adjacent ones render as one)."""
        events = self.events
        start = events[index][1]
        parts: list[str] = []
        count = len(events)
        while index < count and events[index][0] == {"Start": "HtmlBlock"}:
            index += 1
            while "End" not in events[index][0]:  # Html, and Text for indentation
                parts.extend(events[index][0].values())
                index += 1
            index += 1  # its End
        self._stack[-1].html = True
        self._at = start
        self._splice_html("".join(parts), start)
        return index

    def _splice_html(self, html: str, at: Any) -> None:
        """Add the blocks of a self-contained piece of HTML where it stood.

        Inside a container the piece is read inside a ``<blockquote>``, so that
        it is read as in the whole document (a ``<!--more-->`` marker, or a
        ``<br><br>`` run in loose text, acts differently at the top level); inside
        a list item, inside ``<ul><li>``, so that a ``<p>`` of the piece tells the
        item's ``spread`` as the rendering shows it.
        """
        container = self._stack[-1]
        nested = len(self._stack) > 1
        item = container.kind == "Item"
        if item:
            html = f"<ul><li>{html}</li></ul>"
        elif nested:
            html = f"<blockquote>{html}</blockquote>"
        parsed = parse_html_piece(html, self.base_url)
        blocks = parsed.blocks
        if item and len(blocks) == 1 and type(blocks[0]) is List and len(blocks[0].items) == 1:
            container.spread = container.spread or blocks[0].items[0].spread
            blocks = blocks[0].items[0].children
        elif nested and len(blocks) == 1 and isinstance(blocks[0], Blockquote):
            blocks = blocks[0].children
        if parsed.more is not None and self.more is None:
            before = len(self._stack[0].blocks)
            self.more = before if nested else before + parsed.more
        container.blocks.extend(blocks)
        if parsed.problems:
            line = self.source.line_at(at)
            for problem in parsed.problems:  # lines relative to the body, not the piece
                found = problem.line + line - 1 if problem.line is not None else line
                self.problems.append(attrs.evolve(problem, line=found))


def _code(events: list[Event], start: int, end: int, kind: Any) -> Code:
    value = "".join(events[i][0]["Text"] for i in range(start + 1, end))
    lang = None
    if kind.__class__ is dict:
        value = fence_text(value)
        words = kind["Fenced"].split(None, 1)
        lang = words[0] if words else None
    if value.endswith("\n"):
        value = value[:-1]
    return Code(value=value, lang=lang)
