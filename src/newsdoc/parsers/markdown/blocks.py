"""Block tokens of markdown-it-py → newsdoc blocks (see `newsdoc.parsers.markdown.reader`).

`spans_blocks` first tells whether raw HTML makes the body one to read as HTML
as a whole; if not, `BlockWalk` makes one pass over the token list with an
explicit stack of open containers, so no nesting depth reaches Python's
recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from newsdoc.common.urls import resolve
from newsdoc.errors import Problem
from newsdoc.limits import INLINE_DEPTH, MARKDOWN_NESTING
from newsdoc.model import (
    Align,
    Block,
    Blockquote,
    Code,
    Heading,
    Inline,
    List,
    ListItem,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    ThematicBreak,
)
from newsdoc.parsers.body import ParsedBody
from newsdoc.parsers.inline_buffer import InlineBuffer
from newsdoc.parsers.markdown.inline import convert_inline, convert_paragraphs
from newsdoc.parsers.markdown.raw_html import is_self_contained

__all__ = ["BlockWalk", "is_truncated", "line_of", "parse_html_piece", "spans_blocks"]


def parse_html_piece(html: str, base_url: str | None) -> ParsedBody:
    """Read a piece of HTML with the HTML parser."""
    from newsdoc.parsers.html.reader import parse_html  # lazily: html.py imports lxml

    return parse_html(html, base_url=base_url, in_markdown=True)


def is_truncated(tokens: Sequence[Token], index: int) -> bool:
    """Whether markdown-it skipped the content of the container opened at ``index``.

    It does so, silently, for a container opened at the deepest level: its
    closing token follows at once.
    """
    token = tokens[index]
    return (
        token.nesting == 1
        and token.level >= MARKDOWN_NESTING - 1
        and index + 1 < len(tokens)
        and tokens[index + 1].nesting == -1
    )


def spans_blocks(tokens: Sequence[Token]) -> bool:
    """Whether a piece of raw HTML opens or closes an element across Markdown blocks.

    The pieces are those `BlockWalk` reads alone: a run of adjacent HTML blocks
    (they render as one), the inline HTML of a paragraph or heading, and that of a
    whole table.  When one is not self-contained, the body is read as HTML as a whole.
    """
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        if kind == "html_block":
            end = _html_run_end(tokens, index)
            if not is_self_contained("".join(block.content for block in tokens[index:end])):
                return True
            index = end
            continue
        if kind == "table_open":
            end = _closing(tokens, index)
            cells = [cell for cell in tokens[index:end] if cell.type == "inline"]
            if any(_has_html(cell) for cell in cells) and not is_self_contained(
                "".join(_inline_html(cell) for cell in cells)
            ):
                return True
            index = end + 1
            continue
        if kind == "inline" and _has_html(token) and not is_self_contained(_inline_html(token)):
            return True
        index += 1
    return False


_CONTAINER_MARKERS = re.compile(  # at line starts only: spaces and "-" inside text stay
    r"^(?:[ \t]*+(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*+[ \t]*+", re.MULTILINE
)
_NEWLINES = re.compile(r"\r\n?")


class _Container:
    """A block container being filled: the root, a blockquote, a list or a list item."""

    __slots__ = ("blocks", "items", "token")

    def __init__(self, token: Token | None) -> None:
        self.token = token
        self.blocks: list[Block] = []
        self.items: list[ListItem] = []


class BlockWalk:
    """One pass over the block tokens, building blocks with an explicit stack."""

    def __init__(
        self, md: MarkdownIt, env: dict[str, Any], body: str, base_url: str | None
    ) -> None:
        self.md = md
        self.env = env
        self.body = body
        self.base_url = base_url
        self.more: int | None = None
        self.problems: list[Problem] = []
        self._too_deep_inline: int | None = None  # the line of the first span unwrapped
        self._line: int | None = None  # the line of the leaf being read
        self._too_deep_block = False
        self._lines: list[str] | None = None  # the body's lines, split once when needed
        self._stack = [_Container(None)]
        self._html_blocks = "<" in body  # whether a raw HTML block can be among the tokens

    # ------------------------------------------------------------ driver

    def run(self, tokens: Sequence[Token]) -> tuple[Block, ...]:
        """The blocks of a token list whose raw HTML does not `spans_blocks`."""
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "paragraph_open" or kind == "heading_open":
                self._leaf(tokens, index)
                index += 3
                continue
            if kind == "table_open":
                end = _closing(tokens, index)
                self._table(tokens, index, end)
                index = end + 1
                continue
            if kind == "list_item_open" and self._html_blocks:
                end = _closing(tokens, index)
                if not is_truncated(tokens, index) and _runs_into_html(tokens, index, end):
                    self._html_item(tokens, index, end)
                    index = end + 1
                    continue
            if token.nesting == 1:
                container = _Container(token)
                self._stack.append(container)
                if is_truncated(tokens, index):
                    self._flatten_skipped(container)
            elif token.nesting == -1:
                self._close()
            elif kind == "fence" or kind == "code_block":
                self._add(_code(token))
            elif kind == "hr":
                self._add(ThematicBreak())
            elif kind == "html_block":
                end = _html_run_end(tokens, index)
                self._splice_html("".join(block.content for block in tokens[index:end]), token)
                index = end
                continue
            index += 1
        if self._too_deep_inline is not None:
            self.problems.append(
                Problem(
                    code="depth",
                    message=f"formatting nested more than {INLINE_DEPTH} deep was unwrapped",
                    line=self._too_deep_inline,
                )
            )
        return tuple(self._stack[0].blocks)

    # ------------------------------------------------------------ containers

    def _add(self, block: Block) -> None:
        self._stack[-1].blocks.append(block)

    def _close(self) -> None:
        done = self._stack.pop()
        parent = self._stack[-1]
        opener = done.token
        assert opener is not None  # the root is never closed
        kind = opener.type
        if kind == "list_item_open":
            parent.items.append(ListItem(children=tuple(done.blocks)))
        elif kind == "blockquote_open":
            if done.blocks:  # an empty quote shows nothing
                parent.blocks.append(Blockquote(children=tuple(done.blocks)))
        elif done.items:  # a list whose items were all too deep is left out (flattened)
            ordered = kind == "ordered_list_open"
            start = opener.attrGet("start") if ordered else None
            parent.blocks.append(
                List(
                    ordered=ordered,
                    items=tuple(done.items),
                    start=int(start) if start is not None and int(start) != 1 else None,
                )
            )

    def _html_item(self, tokens: Sequence[Token], start: int, end: int) -> None:
        """The list item between ``start`` and ``end``, read as the HTML it renders as."""
        opener = tokens[start]
        self._stack.append(_Container(opener))
        self._line = line_of(opener)
        rendered = self.md.renderer.render(tokens[start + 1 : end], self.md.options, self.env)
        self._splice_html(rendered, opener)
        self._close()

    def _flatten_skipped(self, container: _Container) -> None:
        """Put back, as one plain paragraph, the lines markdown-it skipped as too deep."""
        token = container.token
        if token is None or not token.map:
            return
        start, end = token.map
        if not self._too_deep_block:
            self._too_deep_block = True
            self.problems.append(
                Problem(
                    code="depth",
                    message=f"content nested more than {MARKDOWN_NESTING} levels deep"
                    " was kept as plain text",
                    line=start + 1,
                )
            )
        if self._lines is None:
            self._lines = _NEWLINES.sub("\n", self.body).split("\n")
        buffer = InlineBuffer()
        buffer.text(_CONTAINER_MARKERS.sub("", "\n".join(self._lines[start:end])))
        inlines = buffer.take()
        if not inlines:
            return
        # Into the nearest container that is not a list, outside the skipped one: there
        # the paragraph is as deep as markdown-it reads, so the model reads back the same.
        outer = -3 if token.type == "list_item_open" else -2
        self._stack[outer].blocks.append(Paragraph(children=inlines))

    # ------------------------------------------------------------ leaves

    def _inlines(self, inline: Token) -> tuple[Inline, ...]:
        return convert_inline(
            inline.children or (), resolve=self._resolve, on_too_deep=self._note_too_deep
        )

    def _resolve(self, url: str) -> str:
        """The URL as written, or joined to ``base_url`` when one was given."""
        url, problem = resolve(url, self.base_url, markdown=True)
        if problem is not None:  # the HTML parser reports it the same way
            self.problems.append(Problem(code="url", message=problem, line=self._line))
        return url

    def _note_too_deep(self) -> None:
        if self._too_deep_inline is None:
            self._too_deep_inline = self._line

    def _leaf(self, tokens: Sequence[Token], index: int) -> None:
        """The paragraph or heading at ``index``."""
        opener, inline = tokens[index], tokens[index + 1]
        self._line = line_of(opener)
        if _has_html(inline):
            rendered = self.md.renderer.render([inline], self.md.options, self.env)
            if not opener.hidden:  # a tight list's paragraphs render without <p>
                rendered = f"<{opener.tag}>{rendered}</{opener.tag}>"
            self._splice_html(rendered, opener)
            return
        if opener.type == "heading_open":
            children = self._inlines(inline)
            if children:  # an empty heading shows nothing
                self._add(Heading(depth=int(opener.tag[1]), children=children))
            return
        blocks = self._stack[-1].blocks
        for children in convert_paragraphs(
            inline.children or (),
            loose=opener.hidden,
            resolve=self._resolve,
            on_too_deep=self._note_too_deep,
        ):
            blocks.append(Paragraph(children=children))

    def _table(self, tokens: Sequence[Token], start: int, end: int) -> None:
        """The table between ``start`` and ``end``."""
        part = tokens[start : end + 1]
        self._line = line_of(part[0])
        if any(token.type == "inline" and _has_html(token) for token in part):
            self._splice_html(self.md.renderer.render(part, self.md.options, self.env), part[0])
            return
        rows: list[TableRow] = []
        cells: list[TableCell] = []
        align: list[Align] = []
        for token in part:
            kind = token.type
            if kind == "inline":
                cells.append(TableCell(children=self._inlines(token)))
            elif kind == "tr_close":
                rows.append(TableRow(cells=tuple(cells)))
                cells = []
            elif kind == "th_open":
                align.append(_ALIGNS.get(str(token.attrGet("style") or "")))
        self._add(Table(rows=tuple(rows), align=tuple(align)))

    def _splice_html(self, html: str, token: Token) -> None:
        """Add the blocks of a self-contained piece of HTML where it stood.

        Inside a container the piece is read inside a ``<blockquote>``, so that
        it is read as in the whole document (a ``<!--more-->`` marker, or a
        ``<br><br>`` run in loose text, acts differently at the top level).
        """
        nested = len(self._stack) > 1
        parsed = parse_html_piece(
            f"<blockquote>{html}</blockquote>" if nested else html, self.base_url
        )
        blocks = parsed.blocks
        if nested and len(blocks) == 1 and isinstance(blocks[0], Blockquote):
            blocks = blocks[0].children
        if parsed.more is not None and self.more is None:
            before = len(self._stack[0].blocks)
            self.more = before if nested else before + parsed.more
        self._stack[-1].blocks.extend(blocks)
        offset = token.map[0] if token.map else 0
        for problem in parsed.problems:  # lines relative to the body, not the piece
            line = problem.line + offset if problem.line is not None else line_of(token)
            self.problems.append(attrs.evolve(problem, line=line))


_ALIGNS: dict[str, Align] = {
    "text-align:left": "left",
    "text-align:right": "right",
    "text-align:center": "center",
}


def _closing(tokens: Sequence[Token], start: int) -> int:
    """The index of the token closing the one at ``start``."""
    level = tokens[start].level
    index = start + 1
    while tokens[index].nesting != -1 or tokens[index].level != level:
        index += 1
    return index


def _runs_into_html(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether the list item between ``start`` and ``end`` holds a raw HTML block beside
    paragraphs of a tight list.

    Those paragraphs render without ``<p>``, so their text runs on from the HTML block's
    (``- <!--x-->b`` then ``  a`` renders as ``<li><!--x-->b\na</li>``, one line of
    text): the item reads as the HTML it renders as, not block by block.
    """
    level = tokens[start].level + 1
    html = tight = False
    for index in range(start + 1, end):
        token = tokens[index]
        if token.level >= MARKDOWN_NESTING - 1 and is_truncated(tokens, index):
            return False  # the rendering lost what was too deep: read block by block to keep it
        if token.level == level:
            if token.type == "html_block":
                html = True
            elif token.type == "paragraph_open" and token.hidden:
                tight = True
    return html and tight


def _html_run_end(tokens: Sequence[Token], start: int) -> int:
    """The index after the run of HTML blocks at ``start`` (adjacent ones render as one)."""
    end = start + 1
    while end < len(tokens) and tokens[end].type == "html_block":
        end += 1
    return end


def line_of(token: Token) -> int | None:
    """The 1-based body line where a block token starts."""
    return token.map[0] + 1 if token.map else None


def _has_html(inline: Token) -> bool:
    # Inline HTML starts with "<": content without one needs no look at the children.
    return "<" in inline.content and any(
        child.type == "html_inline" for child in inline.children or ()
    )


def _inline_html(inline: Token) -> str:
    return "".join(child.content for child in inline.children or () if child.type == "html_inline")


def _code(token: Token) -> Code:
    value = token.content
    if value.endswith("\n"):
        value = value[:-1]
    lang = None
    if token.type == "fence" and token.info:
        words = unescapeAll(token.info).split(None, 1)
        lang = words[0] if words else None
    return Code(value=value, lang=lang)
