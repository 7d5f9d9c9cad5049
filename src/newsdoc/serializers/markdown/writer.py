"""`to_markdown`: an `Article` as a post that `newsdoc.parse` reads back as the same article.

Output: a YAML front matter block (`front_matter_out`), a blank line, and the
body as CommonMark with GFM tables and strikethrough (`markdown_blocks`,
`markdown_inline`), no hard wrapping, one blank line between blocks.

How each type is written:

- ``Text``: as is, escaped only where it would read as Markdown (`markdown_escape`);
- ``Strong``/``Emphasis``/``Delete``: ``**…**``/``*…*``/``~~…~~``, with a neighbour
  written as a character reference where CommonMark's flanking rules would
  otherwise leave the markers literal (``&#x8BF4;**“狗”**&#x4E8B;``); ``_``/``__``
  where two ``*`` delimiters would touch (``**_x_**``);
- ``InlineCode``: a code span (line endings become spaces; empty code: HTML);
- ``Link``/``Image``: ``[text](url "title")``/``![alt](url "title")``, the URL in
  ``<…>`` when it holds spaces or parentheses; ``javascript:``, ``vbscript:``,
  ``file:`` and ``data:`` URLs (except ``data:image/…`` images) get the prefix
  ``#blocked:``; a link inside a link keeps only its text;
- ``Break``: backslash + newline (``<br>`` in a table cell);
- ``Paragraph``, ``Heading`` (ATX), ``List``, ``Blockquote``, ``Code`` (fenced),
  ``ThematicBreak`` (``***``), ``Table`` (GFM): see `markdown_blocks`;
- ``Figure``, ``Embed``, and anything above that has no exact Markdown form:
  escaped HTML blocks (`markdown_html`).

Known limits: a list ``start`` beyond nine digits (or negative) is clamped; code
``lang`` with whitespace comes back as its first word; inline code and URLs
cannot hold line endings; an empty link or image title is written as none
(markdown-it drops ``""``); a table's ``align`` is written for its header's
columns (``()`` reads back as one None per column); ``source`` and ``problems``
are not written.  Content that is not in `newsdoc.model.canonical.normalize` form
(spaces inside a span's edges, breaks at a paragraph's edges, empty spans) is
written safely but may read back normalized.
"""

from __future__ import annotations

from newsdoc.common.detect import detect_body_format
from newsdoc.model import Article
from newsdoc.serializers.markdown.blocks import render_blocks
from newsdoc.serializers.markdown.front_matter import front_matter_text

__all__ = ["to_markdown"]


MARKDOWN_MARK = "[//]: # (markdown)\n\n"
"Put first in a body that would otherwise read as HTML; CommonMark renders nothing for it."


def to_markdown(article: Article, *, front_matter: bool = True) -> str:
    """Write an article as a Markdown post.

    Args:
        article: The article; its inline content is expected in the canonical form of
            `newsdoc.model.canonical.normalize`, as every newsdoc parser produces it.
        front_matter: Write the front matter block (``---`` … ``---``) before the body;
            without it the result is the body alone.

    Returns:
        The post, ending with a newline (an empty string for no front matter and no body).

    Raises:
        SchemaError: An ``extra`` value that YAML cannot represent, or a code block's
            ``lang`` that is not one word (Markdown keeps only the first).

    Examples:
        >>> from newsdoc.model import Article, Paragraph, Strong, Text
        >>> body = Paragraph(children=(Text(value="说"), Strong(children=(Text(value="“好”"),))))
        >>> to_markdown(Article(title="T", blocks=(body,)))
        '---\\ntitle: T\\n---\\n\\n&#x8BF4;**“好”**\\n'
    """
    body = render_blocks(article.blocks)
    # Without a "<" no HTML sign can be found: spare the guess.
    if "<" in body and detect_body_format(body) == "html":
        # Only HTML blocks of our own (a fallback, a figure) and no Markdown sign: newsdoc
        # would read the body back as HTML. A link reference definition renders nothing and
        # says "Markdown".
        body = MARKDOWN_MARK + body
    if not front_matter:
        return body
    head = front_matter_text(article)
    return f"{head}\n{body}" if body else head
