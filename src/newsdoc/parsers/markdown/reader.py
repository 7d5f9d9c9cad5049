"""Markdown body → blocks, with pulldown-cmark (CommonMark 0.31 + GFM tables and strikethrough).

pulldown-cmark reads the body (through pyromark) into events.  The result is the
block model the HTML parser gives for the same content rendered as HTML by
markdown-it-py, newsdoc's earlier reader: ``parse_markdown(b)`` equals
``parse_html(render(b))`` on every input but the documented differences at the
end.  Event by event:

- paragraphs, ATX and setext headings, bullet and ordered lists (``start``
  None when it is 1; tight lists still give a `Paragraph` per item; GFM task
  items ``- [x] text`` set ``ListItem.checked``, a marker that ends its line
  is text, as in cmark-gfm and markdown-it), block
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
- link and image URLs are kept exactly as written (backslash escapes and
  character references decoded), since the model records what was written
  (serializers decide what is safe to emit), less the ``#blocked:`` prefix
  `newsdoc.to_markdown` puts before a dangerous or already prefixed URL
  (`newsdoc.common.urls.unblock`);
- whitespace markdown-it trims off a paragraph's, heading's or cell's edges
  (U+00A0, U+3000 and the like, when written as such) is trimmed; a single
  ``~`` pair is text, as in markdown-it (GFM and pulldown-cmark strike it);
- C0 control characters (but tab, LF, CR) and lone surrogates become U+FFFD,
  with a ``control-character`` `Problem`, as in the HTML parser.

Nesting: containers (block quotes, lists and list items, each one level) nest
at most `MARKDOWN_NESTING` levels (markdown-it's ``maxNesting``, kept).  What lies
deeper comes back as one plain paragraph of
its text (container markers removed) with a ``depth`` `Problem`.  Formatting
nested deeper than `INLINE_DEPTH` is unwrapped (``depth`` too).  Time is
linear in the size of the body.  GFM pads a table's short rows to the width of its
header, so a few bytes can ask for many cells: once a body's tables hold
``limits.max_table_cells`` cells, later tables are read as paragraphs (their lines
read again without tables; a ``limit`` `Problem`).

Differences from ``parse_html(render(b))``, on purpose: a code block's leading
blank lines are kept (the HTML parser drops a newline after ``<pre><code>``);
text past the nesting limit is kept (the rendering has dropped it); a
character reference for a newline (``&#10;&#10;``) inside a tight list item is
a space, not a paragraph break.  Where markdown-it-py and pulldown-cmark read the
same text differently, this reader follows pulldown-cmark (see docs/inputs.md).
"""

from __future__ import annotations

import re

import attrs

from newsdoc.common.chars import has_unsafe
from newsdoc.errors import Problem
from newsdoc.limits import DEFAULT_LIMITS, MARKDOWN_NESTING, Limits
from newsdoc.parsers.body import ParsedBody, replace_unsafe_characters
from newsdoc.parsers.markdown.blocks import BlockWalk, parse_html_piece
from newsdoc.parsers.markdown.events import (
    BLOCK_TAGS,
    Event,
    NeedRanges,
    Source,
    may_break_at_a_tab,
    parse_events,
    soft_tab_breaks,
)
from newsdoc.parsers.markdown.inline import needs_ranges, trim_all
from newsdoc.parsers.markdown.raw_html import is_self_contained
from newsdoc.parsers.markdown.render import render

__all__ = ["parse_markdown", "spans_blocks"]


_CLOSES_P = re.compile(
    r"<(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure"
    r"|footer|form|h[1-6]|header|hgroup|hr|main|menu|nav|ol|p|pre|search|section|table|ul)"
    r"[\s/>]",
    re.IGNORECASE,
)
"""A start tag that ends an open ``<p>`` (HTML's rule): the paragraph's text after it
is loose, and runs on into what follows the paragraph in the rendering."""


def spans_blocks(events: list[Event]) -> bool:
    """Whether a piece of raw HTML opens or closes an element across Markdown blocks.

    The pieces are those `BlockWalk` reads alone: a run of adjacent HTML blocks
    (they render as one), the inline HTML of a paragraph or heading, and that of a
    whole table.  When one is not self-contained, or a paragraph's holds a tag that
    ends the ``<p>``, the body is read as HTML as a whole.
    """
    pending: list[str] = []  # the inline HTML of the current leaf
    paragraph = False  # whether that leaf is a paragraph (rendered inside <p>)
    images = 0
    index = 0
    count = len(events)
    while index < count:
        event = events[index][0]
        index += 1
        if event.__class__ is str:
            if event == "Rule" and pending:
                if not is_self_contained("".join(pending)):
                    return True
                pending = []
            continue
        html = event.get("InlineHtml")
        if html is not None:
            if not images:
                pending.append(html)
            continue
        value = event.get("Start")
        if value is None:
            value = event.get("End")
            if value is None:
                continue
            opening = False
        else:
            opening = True
        tag = value if value.__class__ is str else next(iter(value))
        if tag == "Image":
            images += 1 if opening else -1
        elif tag in BLOCK_TAGS:
            if pending:
                html = "".join(pending)
                if not is_self_contained(html) or (paragraph and _CLOSES_P.search(html)):
                    return True
                pending = []
            paragraph = opening and tag == "Paragraph"
            if tag == "HtmlBlock" and opening:
                parts: list[str] = []
                index -= 1
                while index < count and events[index][0] == {"Start": "HtmlBlock"}:
                    index += 1
                    while "End" not in events[index][0]:  # Html, and Text for indentation
                        parts.extend(events[index][0].values())
                        index += 1
                    index += 1
                if not is_self_contained("".join(parts)):
                    return True
    return bool(pending) and not is_self_contained("".join(pending))


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
    if "\r" in body:  # markdown-it's line endings, so that lines count alike
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    cells = (DEFAULT_LIMITS if limits is None else limits).max_table_cells
    ranges = needs_ranges(body)
    try:
        return _read(body, problems, base_url, cells, ranges=ranges)
    except NeedRanges:  # a problem needs a line: read again, with the ranges this time
        return _read(body, problems, base_url, cells, ranges=True)


def _read(
    body: str, found: list[Problem], base_url: str | None, cells: int, *, ranges: bool
) -> ParsedBody:
    """`parse_markdown` once the body is clean; found: the problems found so far."""
    problems = list(found)
    source = Source(body)
    events = parse_events(body, ranges=ranges)
    if may_break_at_a_tab(body):
        events = soft_tab_breaks(events, source)
    events = trim_all(events, source)
    # "<" first: a body without one has no raw HTML, and the scan is then not needed.
    if "<" in body and spans_blocks(events):
        html, dropped = render(events, 0, len(events), source.data)
        parsed = parse_html_piece(html, base_url)
        if dropped is not None:
            problems.append(
                Problem(
                    code="depth",
                    message=f"content nested more than {MARKDOWN_NESTING} levels deep was dropped",
                    line=source.line_at(dropped),
                )
            )
        return attrs.evolve(parsed, problems=(*problems, *parsed.problems))
    walk = BlockWalk(events, source, base_url, cells)
    blocks = walk.run()
    if walk.table_refused is not None:
        problems.append(
            Problem(
                code="limit",
                message=f"the tables hold more than {cells} cells: later ones are read as text",
                line=walk.table_refused,
            )
        )
    problems.extend(walk.problems)
    return ParsedBody(blocks=blocks, more=walk.more, problems=tuple(problems))
