"""Markdown body → blocks, with markdown-it-py (CommonMark + GFM tables and strikethrough).

The result is the block model the HTML parser gives for the same content
rendered as HTML: ``parse_markdown(b)`` equals ``parse_html(render(b))``, where
``render`` is `markdown_it` below, on every input but the documented
differences at the end.  Token by token:

- paragraphs, ATX and setext headings, bullet and ordered lists (``start``
  None when it is 1; tight lists still give a `Paragraph` per item), block
  quotes, thematic breaks, GFM tables (``align`` has one entry per column);
  empty headings, paragraphs and block quotes are left out;
- fenced and indented code: ``lang`` is the first word of the info string
  (backslash escapes and entities decoded), the value loses its final newline;
- inline content as in `newsdoc.parsers.markdown.inline`: text exactly as
  CommonMark decodes it, whitespace as a browser shows it (soft break a space,
  or nothing between two CJK characters; hard break `Break`); a paragraph
  holding a single image stays a `Paragraph`;
- raw HTML goes through `parse_html`: an HTML block that stands on its own
  (``<figure>``, ``<iframe>``, a whole ``<table>``, ``<!--more-->``) gives its
  blocks in its place, and a paragraph, heading or table with inline HTML is
  rendered and read as HTML.  When a piece of HTML opens or closes an element
  across Markdown blocks (a ``<table>`` with blank lines inside, a ``<div>``
  around Markdown), the whole body is rendered and read as HTML;
- ``more`` is the number of top-level blocks before the first ``<!--more-->``
  (or ``<!--break-->``), as the HTML parser counts it;
- link and image URLs are kept exactly as written: markdown-it's
  percent-encoding and its refusal of ``javascript:``/``data:`` URLs are turned
  off, since the model records what was written (serializers decide what is
  safe to emit), less the ``#blocked:`` prefix `newsdoc.to_markdown` puts before
  a dangerous or already prefixed URL (`newsdoc.common.urls.unblock`);
- C0 control characters (but tab, LF, CR) and lone surrogates become U+FFFD,
  with a ``control-character`` `Problem`, as in the HTML parser.

Nesting: containers (block quotes, lists and list items, each one level) nest
at most `MARKDOWN_NESTING` levels (markdown-it's ``maxNesting``).  markdown-it
drops what lies deeper; here that content comes back as one plain paragraph of
its text (container markers removed) with a ``depth`` `Problem`.  Formatting
nested deeper than `INLINE_DEPTH` is unwrapped (``depth`` too).  Time is
linear in the size of the body.  GFM pads a table's short rows to the width of its
header, so a few bytes can ask for many cells: once a body's tables hold
``limits.max_table_cells`` cells, later tables are read as paragraphs (their text
kept; a ``limit`` `Problem`).

Differences from ``parse_html(render(b))``, on purpose: a code block's leading
blank lines are kept (the HTML parser drops a newline after ``<pre><code>``);
text past the nesting limit is kept (the rendering has dropped it); a
character reference for a newline (``&#10;&#10;``) inside a tight list item is
a space, not a paragraph break.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as gfm_table
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from newsdoc.common.chars import has_unsafe
from newsdoc.errors import Problem
from newsdoc.limits import DEFAULT_LIMITS, MARKDOWN_NESTING, Limits
from newsdoc.parsers.body import ParsedBody, replace_unsafe_characters
from newsdoc.parsers.markdown.blocks import (
    BlockWalk,
    is_truncated,
    line_of,
    parse_html_piece,
    spans_blocks,
)

__all__ = ["markdown_it", "parse_markdown"]


class _Reader(MarkdownIt):
    """markdown-it that keeps every link destination exactly as written."""

    def normalizeLink(self, url: str) -> str:  # noqa: N802 - markdown-it's name
        return url

    def normalizeLinkText(self, link: str) -> str:  # noqa: N802 - markdown-it's name
        return link

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        return True


_CELLS_LEFT = "newsdoc:table-cells-left"
_TABLE_REFUSED = "newsdoc:table-refused"


def _table_within_budget(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM's table rule, refusing tables once ``env`` says the cell budget is spent."""
    left: int | None = state.env.get(_CELLS_LEFT)
    if left is not None and left <= 0:
        if _TABLE_REFUSED not in state.env and gfm_table(state, start, end, True):
            state.env[_TABLE_REFUSED] = start
        return False
    before = len(state.tokens)
    found = gfm_table(state, start, end, silent)
    if found and not silent and left is not None:
        cells = sum(1 for t in state.tokens[before:] if t.type == "td_open" or t.type == "th_open")
        state.env[_CELLS_LEFT] = left - cells
    return found


_INLINE_RULES = (
    [
        "text",
        "newline",
        "escape",
        "backticks",
        "strikethrough",
        "emphasis",
        "link",
        "image",
        "autolink",
        "html_inline",
        "entity",
    ],
    ["balance_pairs", "strikethrough", "emphasis", "fragments_join"],
)
"The inline rules `_inline` is proven against (``ruler``, ``ruler2``)."
_MARKUP = re.compile(r"[\n\\`~*_\[<&]")
"""The characters on which one of those rules can fire: newline, escape, code span,
strikethrough, emphasis, link (and image: ``![``), autolink or HTML, entity."""


def _inline(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, with plain text spared the inline parser.

    With the rules of `_INLINE_RULES`, content free of `_MARKUP` characters comes
    out of the inline parser as one text token holding it all: no rule fires on any
    other character (the text rule, or the parser's fallback, adds it to the pending
    text) and the post-processing rules only act on what those rules made.  Over
    half of real inline tokens are such text; building the token directly skips the
    parser's per-character rule loop.
    """
    md = state.md
    env = state.env
    parse = md.inline.parse
    has_markup = _MARKUP.search
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if has_markup(content) is not None:
                parse(content, md, env, token.children)
            elif content:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)


@functools.cache
def markdown_it() -> MarkdownIt:
    """The shared, configured markdown-it instance (built on first use: it is costly)."""
    md = _Reader("commonmark", {"maxNesting": MARKDOWN_NESTING}).enable(["table", "strikethrough"])
    md.block.ruler.at("table", _table_within_budget, {"alt": ["paragraph", "reference"]})
    rules = (md.inline.ruler.get_active_rules(), md.inline.ruler2.get_active_rules())
    if rules == _INLINE_RULES:  # another markdown-it version may add rules: then parse all
        md.core.ruler.at("inline", _inline)
    return md


def parse_markdown(
    body: str, *, base_url: str | None = None, limits: Limits | None = None
) -> ParsedBody:
    """Read a Markdown body into blocks.

    Args:
        body: The body, front matter already removed.
        base_url: Resolve relative link and image URLs against it, if given.
        limits: Its ``max_table_cells`` bounds the cells of all tables together
            (None: `newsdoc.limits.DEFAULT_LIMITS`).

    Returns:
        The blocks, the number of top-level blocks before ``<!--more-->`` (None
        without the marker) and the problems found (``depth``, ``limit``,
        ``control-character``, and those of the HTML parser on raw HTML), with
        line numbers relative to the body's first line.

    Raises:
        BodyError: The HTML parser cannot read raw HTML at all (not seen in
            practice: it recovers from any markup).
    """
    problems: list[Problem] = []
    if has_unsafe(body):
        body = replace_unsafe_characters(body, problems)
    md = markdown_it()
    cells = (DEFAULT_LIMITS if limits is None else limits).max_table_cells
    env: dict[str, Any] = {_CELLS_LEFT: cells}
    tokens = md.parse(body, env)
    if _TABLE_REFUSED in env:
        problems.append(
            Problem(
                code="limit",
                message=f"the tables hold more than {cells} cells: later ones are read as text",
                line=env[_TABLE_REFUSED] + 1,
            )
        )
    # "<" first: a body without one has no raw HTML, and the scan is then not needed.
    if "<" in body and spans_blocks(tokens):
        parsed = _whole_as_html(md, env, tokens, base_url)
        return attrs.evolve(parsed, problems=(*problems, *parsed.problems))
    walk = BlockWalk(md, env, body, base_url)
    blocks = walk.run(tokens)
    problems.extend(walk.problems)
    return ParsedBody(blocks=blocks, more=walk.more, problems=tuple(problems))


def _whole_as_html(
    md: MarkdownIt, env: dict[str, Any], tokens: Sequence[Token], base_url: str | None
) -> ParsedBody:
    """Render the whole body and read it as HTML (raw HTML spans Markdown blocks)."""
    parsed = parse_html_piece(md.renderer.render(tokens, md.options, env), base_url)
    first = next((token for index, token in enumerate(tokens) if is_truncated(tokens, index)), None)
    if first is None:
        return parsed
    problem = Problem(
        code="depth",
        message=f"content nested more than {MARKDOWN_NESTING} levels deep was dropped",
        line=line_of(first),
    )
    return attrs.evolve(parsed, problems=(problem, *parsed.problems))
