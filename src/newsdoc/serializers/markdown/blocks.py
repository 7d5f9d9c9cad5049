"""Blocks as CommonMark lines: containers as line prefixes, one blank line between blocks.

- `Paragraph`: its inline Markdown (`markdown_inline`); hard breaks end lines.
- `Heading`: ATX (``## text``).
- `List`: ``-`` items (``+`` in lists nested at odd depths, so ``- + -`` never reads
  as a thematic break), ordered ``7.`` items counting from ``start``; a list right
  after another list of the same kind switches to the other marker (``+``/``-``,
  ``.``/``)``), else CommonMark would join them; a list numbered from below 0 or past nine
  digits, which CommonMark cannot write, is an HTML block.  A list is loose (blank lines between
  items and blocks) when it or an item is ``spread``, tight otherwise.  A tight item's
  blocks go on consecutive lines (`follows`): two paragraphs as one with two breaks
  between, where readers end a tight item's paragraph; an empty comment ``<!---->``
  before a block that could not start right there (a paragraph after a list or a
  quote).  Where that cannot be done (anything after HTML or a table, a paragraph
  written as ``<p>``), the list is an HTML block, whose items hold their paragraphs without
  ``<p>``; a paragraph holding a run of breaks (HTML ends a tight item's paragraph at
  ``<br><br>``) makes it loose, and it reads back spread: the one fallback, which changes
  only the spacing a browser shows.  A
  loose list of one item holding one paragraph, which no blank line can make loose,
  writes it as ``<p>…</p>``: it shows, and reads back, as a loose list's paragraph.
  A task (``checked``) starts its first paragraph with ``[x] ``/``[ ] `` (text ``[x]`` is
  escaped); a list where Markdown cannot put the marker is HTML (`tightness.layout`).
- `Blockquote`: ``> `` before every line (``>`` alone on blank ones).
- `Code`: fenced with backticks, longer than any backtick run inside (tildes when
  the language holds a backtick), language as the info string (one word, or
  `SchemaError`: readers keep the first word only).
- `ThematicBreak`: ``***`` (``---`` could be read as a setext underline or front matter);
  ``<hr>`` before another block of a loose item (cmark-gfm would read that list tight).
- `Table`: a GFM pipe table; ragged rows or a cell with no Markdown form: HTML.
- `Figure`, `Embed`, and paragraphs/headings with no Markdown form: HTML blocks
  (`markdown_html`).

Traversal is iterative, so nesting depth is bounded by memory only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newsdoc.errors import SchemaError
from newsdoc.model import (
    Block,
    Blockquote,
    Break,
    Code,
    Embed,
    Figure,
    Heading,
    List,
    ListItem,
    Paragraph,
    Table,
    ThematicBreak,
)
from newsdoc.serializers.markdown.escape import info_string
from newsdoc.serializers.markdown.inline import CELL, HEADING, PARAGRAPH, render_inlines
from newsdoc.serializers.markdown.raw_html import (
    blocks_html,
    embed_html,
    figure_html,
    table_html,
    wrap_html,
)
from newsdoc.serializers.markdown.tightness import (
    HTML,
    LOOSE,
    MAX_NUMBER,
    SEPARATED,
    TASKS,
    follows,
    layout,
)

__all__ = ["render_blocks"]

_ALIGN_ROW = {None: "---", "left": ":--", "right": "--:", "center": ":-:"}
_BACKTICK_RUN = re.compile(r"`{3,}")
_TILDE_RUN = re.compile(r"~{3,}")


class _Writer:
    """Collects output lines under a stack of container prefixes."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.firsts: list[str] = []  # each open container's first-line prefix ("- ", "> ")
        self.rests: list[str] = []  # cumulative prefix of the following lines
        self.used = 0  # containers whose first line is written
        self.written: dict[int, str | None] = {}  # paragraphs `tight` wrote, by id

    def push(self, first: str, rest: str) -> None:
        self.firsts.append(first)
        self.rests.append((self.rests[-1] if self.rests else "") + rest)

    def quoted(self) -> bool:  # whether the lines now written are inside a block quote
        return any(first[:1] == ">" for first in self.firsts)

    def pop(self) -> None:
        if self.used < len(self.firsts):  # nothing was written inside: the marker alone
            self.line("")
        self.used -= 1
        self.firsts.pop()
        self.rests.pop()

    def line(self, text: str) -> None:
        depth = len(self.firsts)
        if self.used < depth:
            base = self.rests[self.used - 1] if self.used else ""
            prefix = base + "".join(self.firsts[self.used :])
            self.used = depth
        else:
            prefix = self.rests[-1] if depth else ""
        self.lines.append(prefix + text if text else prefix.rstrip())

    def block(self, text: str, *, gap: bool) -> None:
        """Write a leaf block's ``text`` (lines), after a blank line if ``gap``."""
        if not self.firsts:  # no container: no prefix, and "\n".join() splits nothing
            if gap:
                self.lines.append("")
            self.lines.append(text)
            return
        if gap:
            self.line("")
        first, newline, rest = text.partition("\n")
        self.line(first)
        if newline:
            prefix = self.rests[-1]
            bare = prefix.rstrip()
            self.lines.extend(prefix + line if line else bare for line in rest.split("\n"))


class _Level:
    """A sequence of sibling blocks being written."""

    __slots__ = ("blocks", "depth", "gap", "last_marker", "pop", "started", "task")

    def __init__(
        self, blocks: Iterator[Block], depth: int, pop: bool, gap: bool = True, task: str = ""
    ) -> None:
        self.blocks = blocks
        self.task = task  # a task item's "[x] " or "[ ] ", written before its first paragraph
        self.depth = depth  # how many lists enclose these blocks
        self.pop = pop  # whether finishing it closes a container prefix
        self.gap = gap  # whether a blank line separates the blocks
        self.started = False
        self.last_marker = ""  # the previous sibling's list marker, or "<" after HTML


def render_blocks(blocks: Sequence[Block]) -> str:
    """Write blocks as CommonMark (+ GFM tables and strikethrough).

    Args:
        blocks: The body.

    Returns:
        The Markdown, ending with a newline ('' for no blocks).
    """
    out = _Writer()
    stack = [_Level(iter(blocks), 0, pop=False)]
    while stack:
        level = stack[-1]
        # The level's blocks are walked with a for loop; a container suspends it.
        for block in level.blocks:
            if isinstance(block, Paragraph):  # the commonest block first
                written = None
                if type(block) is Paragraph:
                    written = out.written.pop(id(block), _UNWRITTEN)
                    if written is _UNWRITTEN:
                        written = render_inlines(block.children, PARAGRAPH)
                elif type(block) is _Separator:
                    out.block("<!---->", gap=False)
                    level.last_marker = ""  # a comment ends on its line: a list may follow
                    continue
                text = wrap_html("p", block.children) if written is None else written
                html = written is None  # a Markdown paragraph may start with a literal "<"
                if level.task and not level.started and written:
                    text = level.task + text
            elif isinstance(block, List) and (shape := _layout_in(block, out)) == HTML:
                text = blocks_html((block,))
                html = True
            elif isinstance(block, List):
                if not block.items:
                    continue
                marker = _marker(block, level)
                if level.started and (level.gap or level.last_marker == "<"):
                    out.line("")  # an HTML block runs on until a blank line
                level.started = True
                level.last_marker = marker
                items = _items(block, marker, level.depth + 1, out, loose=shape == LOOSE)
                stack.extend(reversed(items))
                break
            elif isinstance(block, Blockquote):
                if level.started and level.gap:
                    out.line("")
                level.started = True
                level.last_marker = ""
                out.push("> ", "> ")
                stack.append(_Level(iter(block.children), level.depth, pop=True))
                break
            else:
                text = _leaf(block)
                html = text[:1] == "<"
            if not text:
                continue
            out.block(text, gap=level.started and level.gap)
            level.started = True
            level.last_marker = "<" if html else ""
        else:
            stack.pop()
            if level.pop:
                out.pop()
    return "\n".join(out.lines) + "\n" if out.lines else ""


def _layout_in(block: List, out: _Writer) -> int:
    """`layout` of a list where the writer now is (in a quote? on an item's marker line?)."""
    shares_line = out.used < len(out.firsts)
    return layout(block, out.written, quoted=out.quoted(), shares_line=shares_line)


def _marker(block: List, level: _Level) -> str:
    if block.ordered:
        return ")" if level.last_marker == "." else "."
    base = "-" if level.depth % 2 == 0 else "+"
    if level.last_marker == base:
        return "+" if base == "-" else "-"
    return base


def _items(block: List, marker: str, depth: int, out: _Writer, *, loose: bool) -> list[_Level]:
    """One level per item, in order (a list `layout` writes in Markdown)."""
    items = block.items
    spread = block.spread or any(item.spread for item in items)
    quoted = out.quoted()
    if spread and len(items) == 1 and len(items[0].children) == 1:
        # One item, one block: no blank line can make the list loose, but a <p> of the item
        # shows (and reads back) as a loose list's paragraph.
        only = items[0].children[0]
        if isinstance(only, Paragraph):
            items = (ListItem(children=(_HtmlParagraph(children=only.children),)),)
    start = 1 if block.start is None else block.start
    counting = start + len(items) - 1 <= MAX_NUMBER
    levels: list[_Level] = []
    for index, item in enumerate(items):
        if block.ordered:
            first = f"{start + index if counting else start}{marker} "
        else:
            first = f"{marker} "
        children = _loose_blocks(item.children) if loose else _tight_blocks(item.children, quoted)
        blocks = _item_blocks(children, first, out, gap=loose and index > 0)
        task = TASKS[item.checked] if item.children and type(item.children[0]) is Paragraph else ""
        levels.append(_Level(blocks, depth, pop=True, gap=loose, task=task))
    return levels


def _loose_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """A loose item's blocks, a thematic break before another block as ``<hr>``: cmark-gfm
    does not count the blank line after ``***`` and would read the list tight."""
    if not any(type(block) is ThematicBreak for block in blocks[:-1]):
        return blocks
    last = len(blocks) - 1
    return tuple(
        _HtmlRule() if type(block) is ThematicBreak and index < last else block
        for index, block in enumerate(blocks)
    )


class _HtmlRule(ThematicBreak):
    """A thematic break written ``<hr>`` (in a loose item, before another block)."""

    __slots__ = ()


class _HtmlParagraph(Paragraph):
    """A paragraph to write as ``<p>…</p>`` (the one block of a loose list's only item)."""

    __slots__ = ()


_UNWRITTEN = ""  # no paragraph renders as "": not in `_Writer.written`


class _Separator(Paragraph):
    """An empty HTML comment ending the block before it in a tight item (see `follows`)."""

    __slots__ = ()


def _tight_blocks(blocks: Sequence[Block], quoted: bool) -> Sequence[Block]:
    """A tight item's blocks as `follows` says they are written: paragraphs that follow one
    another as one with two breaks between, `_Separator` where one is needed."""
    joined: list[Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if last is None:
            joined.append(block)
        elif type(block) is Paragraph and type(last) is Paragraph:
            joined[-1] = Paragraph(children=(*last.children, Break(), Break(), *block.children))
        else:
            if follows(last, block, quoted) == SEPARATED:
                joined.append(_Separator(children=()))
            joined.append(block)
    return joined


def _item_blocks(
    children: Sequence[Block], first: str, out: _Writer, *, gap: bool
) -> Iterator[Block]:
    """The item's blocks; its marker prefix is pushed when the first one is asked for."""
    if gap:
        out.line("")
    out.push(first, " " * len(first))
    yield from children


def _leaf(block: Block) -> str:
    """A leaf block other than a paragraph, as lines ('' for nothing to write)."""
    if isinstance(block, Heading):
        depth = min(max(block.depth, 1), 6)
        text = render_inlines(block.children, HEADING)
        if text is None:
            return wrap_html(f"h{depth}", block.children)
        return "#" * depth + (" " + text if text else "")
    if isinstance(block, Code):
        return "\n".join(_code(block))
    if isinstance(block, ThematicBreak):
        return "<hr>" if type(block) is _HtmlRule else "***"
    if isinstance(block, Figure):
        return figure_html(block)
    if isinstance(block, Embed):
        return "\n".join(embed_html(block))
    if isinstance(block, Table):
        return "\n".join(_table(block))
    return ""  # pragma: no cover - containers are handled by the caller


def _code(block: Code) -> list[str]:
    lang = block.lang
    # Readers take the first word of the info string (or nothing): no other language reads back.
    if lang is not None and lang.split(None, 1) != [lang]:
        raise SchemaError(
            f"a code block's language must be one word to be written as Markdown, not {lang!r}"
        )
    lang = lang or ""
    value = block.value
    if "\r" in value:  # a carriage return would end a line inside the fence
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    fence_char = "~" if "`" in lang else "`"
    runs = (_TILDE_RUN if fence_char == "~" else _BACKTICK_RUN).findall(value)
    fence = fence_char * max(3, max((len(run) + 1 for run in runs), default=3))
    return [fence + info_string(lang), *value.split("\n"), fence]


def _table(table: Table) -> list[str]:
    rows = table.rows
    if not any(row.cells for row in rows):
        return []
    width = len(rows[0].cells)
    cells: list[list[str]] = []
    for row in rows:
        if len(row.cells) != width:
            return [table_html(table)]
        written: list[str] = []
        for cell in row.cells:
            text = render_inlines(cell.children, CELL)
            if text is None:
                return [table_html(table)]
            written.append(text)
        cells.append(written)
    align = [table.align[i] if i < len(table.align) else None for i in range(width)]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "| " + " | ".join(_ALIGN_ROW[a] for a in align) + " |")
    return lines
