"""Markdown body → blocks, with markdown-it-py (CommonMark + GFM tables and strikethrough).

The result is the block model the HTML parser gives for the same content
rendered as HTML: ``parse_markdown(b)`` equals ``parse_html(render(b))`` where
``render`` is the markdown-it instance below.  Token by token:

- paragraphs, ATX and setext headings, bullet and ordered lists (``start``
  kept unless it is 1; tight lists still give a `Paragraph` per item),
  blockquotes, thematic breaks, GFM tables (``align`` has one entry per column);
- fenced and indented code: ``lang`` is the first word of the info string, the
  value loses its final newline;
- inline content as in `markdown_inline` (soft break: a space, or nothing
  between two CJK characters; hard break: `Break`); a paragraph holding a
  single image stays a `Paragraph`;
- raw HTML goes through `parse_html`: an HTML block that stands on its own
  (``<figure>``, ``<iframe>``, a whole ``<table>``, ``<!--more-->``) gives the
  blocks spliced in its place, and a paragraph, heading or table with inline
  HTML is rendered and re-read as HTML.  When a piece of HTML opens or closes
  an element across Markdown blocks (a ``<table>`` with blank lines inside, a
  ``<div>`` wrapped around Markdown), the whole body is rendered and read as
  HTML, which is what a browser would show;
- link and image URLs are kept exactly as written (markdown-it's
  percent-encoding and its refusal of ``javascript:``/``data:`` URLs are turned
  off: the model records what was written; serializers decide what is safe).

Nesting: containers (blockquotes, lists and list items, each counting one
level) may nest `MAX_NESTING` levels deep, markdown-it's CommonMark limit.
markdown-it drops whatever lies deeper; here that content comes back as one
plain paragraph of its text (container markers removed) and a `Problem` with
code ``depth`` is recorded.  Formatting deeper than `MAX_SPAN_DEPTH` unwraps.
Time is linear in the size of the body.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from newsdoc.errors import Problem
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
from newsdoc.parsers.html_inline import InlineBuffer
from newsdoc.parsers.markdown_html import is_self_contained
from newsdoc.parsers.markdown_inline import MAX_SPAN_DEPTH, convert_inline, convert_paragraphs

__all__ = ["MAX_NESTING", "MAX_SPAN_DEPTH", "parse_markdown"]

MAX_NESTING = 20
"How deep containers may nest (markdown-it's ``maxNesting`` of its CommonMark preset)."


class _Reader(MarkdownIt):
    """markdown-it that keeps every link destination exactly as written."""

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        return url

    def normalizeLinkText(self, link: str) -> str:  # noqa: N802 - markdown-it's name
        return link

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        return True


@functools.cache
def markdown_it() -> MarkdownIt:
    """The shared, configured markdown-it instance (built on first use: it is costly)."""
    return _Reader("commonmark", {"maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])


def parse_markdown(body: str, *, base_url: str | None = None) -> ParsedBody:
    """Read a Markdown body into blocks.

    Args:
        body: The body, front matter already removed.
        base_url: Resolve relative link and image URLs against it, if given.

    Returns:
        The blocks, the number of top-level blocks before ``<!--more-->`` (if
        the marker is there) and the problems found (``depth``, with line
        numbers relative to the body's first line).
    """
    md = markdown_it()
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    walk = _Walk(md, env, body, base_url)
    blocks = walk.run(tokens)
    if blocks is None:
        return _whole_as_html(md, env, tokens, base_url)
    return ParsedBody(blocks=blocks, more=walk.more, problems=tuple(walk.problems))


def _parse_html(html: str, base_url: str | None) -> ParsedBody:
    from newsdoc.parsers.html import parse_html  # lazily: html.py imports lxml

    return parse_html(html, base_url=base_url)


def _whole_as_html(
    md: MarkdownIt, env: dict[str, Any], tokens: Sequence[Token], base_url: str | None
) -> ParsedBody:
    """Render the whole body and read it as HTML (raw HTML spans Markdown blocks)."""
    parsed = _parse_html(md.renderer.render(tokens, md.options, env), base_url)
    first = next(
        (token for index, token in enumerate(tokens) if _is_truncated(tokens, index)), None
    )
    if first is None:
        return parsed
    problem = Problem(
        code="depth",
        message=f"content nested more than {MAX_NESTING} levels deep was dropped",
        line=first.map[0] + 1 if first.map else None,
    )
    return attrs.evolve(parsed, problems=(problem, *parsed.problems))


def _is_truncated(tokens: Sequence[Token], index: int) -> bool:
    """Whether markdown-it skipped the content of the container opened at ``index``.

    It does so, silently, for a container opened at the deepest level: its
    closing token follows at once.
    """
    token = tokens[index]
    return (
        token.nesting == 1
        and token.level >= MAX_NESTING - 1
        and index + 1 < len(tokens)
        and tokens[index + 1].nesting == -1
    )


_CONTAINER_MARKERS = re.compile(
    r"(?:[ \t]*+(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*+[ \t]*+", re.MULTILINE
)
_NEWLINES = re.compile(r"\r\n?")


class _Container:
    """A block container being filled: the root, a blockquote, a list or a list item."""

    __slots__ = ("blocks", "items", "token")

    def __init__(self, token: Token | None) -> None:
        self.token = token
        self.blocks: list[Block] = []
        self.items: list[ListItem] = []


class _Walk:
    """One pass over the block tokens, building blocks with an explicit stack."""

    def __init__(self, md: MarkdownIt, env: dict[str, Any], body: str, base_url: str | None):
        self.md = md
        self.env = env
        self.body = body
        self.base_url = base_url
        self.more: int | None = None
        self.problems: list[Problem] = []
        self._too_deep_inline = False
        self._too_deep_block = False
        self._stack = [_Container(None)]

    # ------------------------------------------------------------ driver

    def run(self, tokens: Sequence[Token]) -> tuple[Block, ...] | None:
        """The blocks, or None when the body must be read as HTML as a whole."""
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "paragraph_open" or kind == "heading_open":
                if not self._leaf(tokens, index):
                    return None
                index += 3
                continue
            if kind == "table_open":
                end = _closing(tokens, index)
                if not self._table(tokens, index, end):
                    return None
                index = end + 1
                continue
            if token.nesting == 1:
                container = _Container(token)
                self._stack.append(container)
                if _is_truncated(tokens, index):
                    self._flatten_skipped(container)
            elif token.nesting == -1:
                self._close()
            elif kind == "fence" or kind == "code_block":
                self._add(_code(token))
            elif kind == "hr":
                self._add(ThematicBreak())
            elif kind == "html_block":
                # Adjacent HTML blocks render as one run of HTML: read them together.
                end = index + 1
                while end < count and tokens[end].type == "html_block":
                    end += 1
                html = "".join(block.content for block in tokens[index:end])
                if not is_self_contained(html):
                    return None
                self._splice_html(html)
                index = end
                continue
            index += 1
        if self._too_deep_inline:
            self.problems.append(
                Problem(
                    code="depth",
                    message=f"formatting nested more than {MAX_SPAN_DEPTH} deep was unwrapped",
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
        else:  # bullet_list_open, ordered_list_open
            ordered = kind == "ordered_list_open"
            start = opener.attrGet("start") if ordered else None
            parent.blocks.append(
                List(
                    ordered=ordered,
                    items=tuple(done.items),
                    start=int(start) if start is not None and int(start) != 1 else None,
                )
            )

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
                    message=f"content nested more than {MAX_NESTING} levels deep"
                    " was kept as plain text",
                    line=start + 1,
                )
            )
        lines = _NEWLINES.sub("\n", self.body).split("\n")[start:end]
        buffer = InlineBuffer()
        buffer.text(_CONTAINER_MARKERS.sub("", "\n".join(lines)).replace("\x00", "\ufffd"))
        inlines = buffer.take()
        if not inlines:
            return
        paragraph = Paragraph(children=inlines)
        if token.type.endswith("list_open"):
            container.items.append(ListItem(children=(paragraph,)))
        else:
            container.blocks.append(paragraph)

    # ------------------------------------------------------------ leaves

    def _inlines(self, inline: Token) -> tuple[Inline, ...]:
        return convert_inline(
            inline.children or (), base_url=self.base_url, on_too_deep=self._note_too_deep
        )

    def _note_too_deep(self) -> None:
        self._too_deep_inline = True

    def _leaf(self, tokens: Sequence[Token], index: int) -> bool:
        """A paragraph or heading at ``index``; False if the body must be read as HTML."""
        opener, inline = tokens[index], tokens[index + 1]
        if _has_html(inline):
            if not is_self_contained(_inline_html(inline)):
                return False
            rendered = self.md.renderer.render([inline], self.md.options, self.env)
            if not opener.hidden:  # a tight list's paragraphs render without <p>
                rendered = f"<{opener.tag}>{rendered}</{opener.tag}>"
            self._splice_html(rendered)
            return True
        if opener.type == "heading_open":
            children = self._inlines(inline)
            if children:  # an empty heading shows nothing
                self._add(Heading(depth=int(opener.tag[1]), children=children))
            return True
        for children in convert_paragraphs(
            inline.children or (),
            loose=opener.hidden,
            base_url=self.base_url,
            on_too_deep=self._note_too_deep,
        ):
            self._add(Paragraph(children=children))
        return True

    def _table(self, tokens: Sequence[Token], start: int, end: int) -> bool:
        """The table between ``start`` and ``end``; False if the body must be read as HTML."""
        part = tokens[start : end + 1]
        if any(token.type == "inline" and _has_html(token) for token in part):
            html = "".join(_inline_html(token) for token in part if token.type == "inline")
            if not is_self_contained(html):
                return False
            self._splice_html(self.md.renderer.render(part, self.md.options, self.env))
            return True
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
        return True

    def _splice_html(self, html: str) -> None:
        """Add the blocks of a self-contained piece of HTML where it stood.

        Inside a container the piece is read inside a ``<blockquote>``, so that
        it is read as in the whole document (a ``<!--more-->`` marker, or a
        ``<br><br>`` run in loose text, acts differently at the top level).
        """
        nested = len(self._stack) > 1
        parsed = _parse_html(f"<blockquote>{html}</blockquote>" if nested else html, self.base_url)
        blocks = parsed.blocks
        if nested and len(blocks) == 1 and isinstance(blocks[0], Blockquote):
            blocks = blocks[0].children
        if parsed.more is not None and self.more is None:
            before = len(self._stack[0].blocks)
            self.more = before if nested else before + parsed.more
        self._stack[-1].blocks.extend(blocks)
        self.problems.extend(parsed.problems)


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


def _has_html(inline: Token) -> bool:
    return any(child.type == "html_inline" for child in inline.children or ())


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
