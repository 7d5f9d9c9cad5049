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
- inline content as in `newsdoc.parsers.markdown_inline`: text exactly as
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
  safe to emit);
- C0 control characters (but tab, LF, CR) and lone surrogates become U+FFFD,
  with a ``control-character`` `Problem`, as in the HTML parser.

Nesting: containers (block quotes, lists and list items, each one level) nest
at most `MAX_NESTING` levels, markdown-it's CommonMark limit.  markdown-it
drops what lies deeper; here that content comes back as one plain paragraph of
its text (container markers removed) with a ``depth`` `Problem`.  Formatting
nested deeper than `MAX_SPAN_DEPTH` is unwrapped (``depth`` too).  Time is
linear in the size of the body.

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
from markdown_it.token import Token

from newsdoc.errors import Problem
from newsdoc.parsers.body import ParsedBody
from newsdoc.parsers.markdown_blocks import (
    MAX_NESTING,
    BlockWalk,
    is_truncated,
    line_of,
    parse_html_piece,
)
from newsdoc.parsers.markdown_inline import MAX_SPAN_DEPTH

__all__ = ["MAX_NESTING", "MAX_SPAN_DEPTH", "markdown_it", "parse_markdown"]


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
        The blocks, the number of top-level blocks before ``<!--more-->`` (None
        without the marker) and the problems found (``depth``,
        ``control-character``, and those of the HTML parser on raw HTML), with
        line numbers relative to the body's first line.

    Raises:
        BodyError: The HTML parser cannot read raw HTML at all (not seen in
            practice: it recovers from any markup).
    """
    problems: list[Problem] = []
    body = _replace_bad_characters(body, problems)
    md = markdown_it()
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    walk = BlockWalk(md, env, body, base_url)
    blocks = walk.run(tokens)
    if blocks is None:
        parsed = _whole_as_html(md, env, tokens, base_url)
        return attrs.evolve(parsed, problems=(*problems, *parsed.problems))
    problems.extend(walk.problems)
    return ParsedBody(blocks=blocks, more=walk.more, problems=tuple(problems))


_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_C0_BYTES = bytes(set(range(32)) - {9, 10, 13})


def _replace_bad_characters(body: str, problems: list[Problem]) -> str:
    """The body with C0 controls (but tab, LF, CR) and lone surrogates made U+FFFD.

    The HTML parser does the same, so both readers give the same text.  The
    check is C-level (encode, translate); the regex runs only when it finds one.
    """
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        pass
    else:
        if len(data.translate(None, _C0_BYTES)) == len(data):
            return body
    match = _BAD_CHARS.search(body)
    if match is None:  # pragma: no cover - the checks above found one
        return body
    line = body.count("\n", 0, match.start()) + 1
    body, count = _BAD_CHARS.subn("\ufffd", body)
    problems.append(
        Problem(
            code="control-character",
            message=f"{count} control character(s) or lone surrogate(s) replaced with U+FFFD",
            line=line,
        )
    )
    return body


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
        message=f"content nested more than {MAX_NESTING} levels deep was dropped",
        line=line_of(first),
    )
    return attrs.evolve(parsed, problems=(problem, *parsed.problems))
