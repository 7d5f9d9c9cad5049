"""Is a body HTML or Markdown?  A cheap guess from the text alone.

Posts do not say: Hexo writes HTML bodies into ``.md`` files, Hugo sites keep
Drupal HTML in ``.md`` files, Jekyll ``.html`` posts are HTML, and Markdown
often carries raw HTML (tables, images).  The rules, in order:

1. **Leading block tag.**  The first thing after blank lines and comments is a
   block-level start tag (``<p>``, ``<div>``, ``<table>``, ``<ul>``, ``<h2>``,
   ``<br>``…): HTML — unless the body also shows a Markdown block sign and does
   not end with an end tag (a Markdown post that opens with a centred
   ``<div>`` logo).
2. **Markdown signs.**  An ATX heading, a list marker, a blockquote marker, a
   code fence, a thematic break or setext underline, a table delimiter row, a
   link reference definition, ``[text](url)``, ``**strong**``, ``__strong__``,
   an autolink ``<https://…>``, or a backslash escape: Markdown.
3. **Block tags anywhere.**  Block-level tags in a body without any Markdown
   sign (Drupal imports: bare text with ``<p>``, ``<br>``, ``<ul>`` here and
   there): HTML.
4. **Neither** (plain text, or text with inline tags only such as ``<img>``,
   ``<a>``, ``<b>``): Markdown.  Both readers give one paragraph per blank-line
   chunk here; Markdown also decodes the escapes that `to_markdown` writes.

``<figure>``, ``<img>``, ``<iframe>``, ``<video>``, ``<audio>`` and comments are
not counted as HTML signs: `to_markdown` itself writes figures and embeds as
HTML blocks, and Markdown posts start with images and comments.

Each rule is a regex search or three; the whole guess is linear in the body's length.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["BodyFormat", "detect_body_format"]

BodyFormat = Literal["html", "markdown"]

_BLOCK_TAGS = (
    r"(?:p|div|br|hr|table|tbody|thead|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|blockquote|pre"
    r"|section|article|header|footer|aside|nav|main|center|address|form)"
)
_LEADING_BLOCK_TAG = re.compile(rf"<{_BLOCK_TAGS}(?:[\s/>]|\Z)", re.IGNORECASE)
_ANY_BLOCK_TAG = re.compile(rf"</?{_BLOCK_TAGS}(?:[\s/>]|\Z)", re.IGNORECASE)
_ENDS_WITH_END_TAG = re.compile(r"</[A-Za-z][A-Za-z0-9]*\s*>\Z")
_NOT_SPACE = re.compile(r"\S")
_LINE_SIGN = (
    r" {0,3}(?:"
    r"#{1,6}[ \t]+\S"  # ATX heading
    r"|[*+-][ \t]+\S"  # bullet list item
    r"|\d{1,9}[.)][ \t]+\S"  # ordered list item
    r"|>[ \t]"  # blockquote
    r"|```|~~~"  # code fence
    r"|(?:={3,}|-{3,}|\*{3,}|_{3,})[ \t]*$"  # setext underline, thematic break
    r"|\|?[ \t]*:?-+:?[ \t]*\|[ \t]*:?-"  # table delimiter row
    r"|\[[^\]\n]+\]:[ \t]*\S"  # link reference definition
    r")"
)
# Three patterns, not one with "^": a pattern that starts with one character (or a set)
# lets the regex engine skip ahead to it, which halves the scan of a body with no sign.
_FIRST_LINE_SIGN = re.compile(_LINE_SIGN, re.MULTILINE)
_LATER_LINE_SIGN = re.compile(r"\n" + _LINE_SIGN, re.MULTILINE)
_INLINE_SIGN = re.compile(
    r"\]\(\S"  # [text](url), ![alt](src)
    r"|\*\*[^\s*]|__[^\s_]"  # strong
    r"|<https?://[^\s<>]*>"  # autolink
    r"|\\[!-/:-@\[-`{-~]"  # backslash escape
)


def detect_body_format(body: str) -> BodyFormat:
    """Guess whether a post body is HTML or Markdown (see the module docstring).

    Args:
        body: The body, front matter already removed.

    Returns:
        ``"html"`` or ``"markdown"``; ``"markdown"`` for plain text and for an
        empty body.
    """
    start = _skip_blanks_and_comments(body)
    if _LEADING_BLOCK_TAG.match(body, start):
        # The end tag is checked first: it spares the whole-body search for Markdown signs.
        if _ENDS_WITH_END_TAG.search(body.rstrip()[-100:]) or not _has_markdown_sign(body):
            return "html"
        return "markdown"
    if _has_markdown_sign(body):
        return "markdown"
    if _ANY_BLOCK_TAG.search(body):
        return "html"
    return "markdown"


def _has_markdown_sign(body: str) -> bool:
    """Whether the body shows a Markdown sign (rule 2)."""
    return (
        _FIRST_LINE_SIGN.match(body) is not None
        or _LATER_LINE_SIGN.search(body) is not None
        or _INLINE_SIGN.search(body) is not None
    )


def _skip_blanks_and_comments(body: str) -> int:
    """The offset of the first thing that is neither whitespace nor an HTML comment."""
    position = len(body) - len(body.lstrip())
    while body.startswith("<!--", position):
        end = body.find("-->", position + 4)
        found = _NOT_SPACE.search(body, end + 3) if end >= 0 else None
        if found is None:
            return len(body)
        position = found.start()
    return position
