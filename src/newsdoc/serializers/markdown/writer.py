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

from typing import Literal, TypeAlias

import attrs

from newsdoc.common.detect import detect_body_format
from newsdoc.errors import OptionError
from newsdoc.model import Article
from newsdoc.model.article import require_article
from newsdoc.model.origin import CHANGED, FIELD_ATTRIBUTES, Dialect, Origin, body_is_kept
from newsdoc.model.text import block_texts
from newsdoc.serializers.markdown.blocks import render_blocks
from newsdoc.serializers.markdown.write_back import head_text

__all__ = ["DIALECTS", "Keys", "to_markdown"]

Keys: TypeAlias = Literal["own", "canonical"]
"Whose keys `to_markdown` writes: the post's own, or newsdoc's vocabulary."
DIALECTS: tuple[Dialect, ...] = ("yaml", "toml", "json")


MARKDOWN_MARK = "[//]: # (markdown)\n\n"
"Put first in a body that would otherwise read as HTML; CommonMark renders nothing for it."


def to_markdown(
    article: Article,
    *,
    front_matter: bool | Dialect = True,
    keys: Keys = "own",
) -> str:
    """Write an article as a Markdown post.

    An article parsed from a post is written back into its own world (`write_back`): its own
    keys, key order, value spelling and dialect; with ``keep_body=True`` at parse time, an
    unchanged body is written back byte for byte.

    Args:
        article: The article; its inline content is expected in the canonical form of
            `newsdoc.model.canonical.normalize`, as every newsdoc parser produces it.
        front_matter: True: the front matter in the post's own dialect (YAML for an article
            built by a program); ``"yaml"`` (``---``), ``"toml"`` (``+++``, Hugo) or ``"json"``
            (an object; ``;;;`` for a Hexo JSON post): that dialect; False: the body alone.
        keys: ``"own"``: the post's own keys and order; ``"canonical"``: newsdoc's vocabulary
            (``authors``, ``image``, …) in its documented order.

    Returns:
        The post, ending with a newline (an empty string for no front matter and no body).

    Raises:
        ArgumentTypeError: `article` is not an `Article`.
        OptionError: ``front_matter`` or ``keys`` is none of the values above.
        SchemaError: An ``extra`` value that the dialect cannot represent (a null in TOML),
            or a code block's ``lang`` that is not one word (Markdown keeps only the first).

    Examples:
        >>> from newsdoc.model import Article, Paragraph, Strong, Text
        >>> body = Paragraph(children=(Text(value="说"), Strong(children=(Text(value="“好”"),))))
        >>> to_markdown(Article(title="T", blocks=(body,)))
        '---\\ntitle: T\\n---\\n\\n&#x8BF4;**“好”**\\n'
    """
    require_article(article, "to_markdown")
    if not (isinstance(front_matter, bool) or front_matter in DIALECTS):
        raise OptionError(
            f"front_matter must be True, False, 'yaml', 'toml' or 'json', not {front_matter!r}"
        )
    if keys not in ("own", "canonical"):
        raise OptionError(f"keys must be 'own' or 'canonical', not {keys!r}")
    origin = article.origin
    kept = origin.body if origin is not None and body_is_kept(article, origin) else None
    if kept is not None:
        body = kept
    elif keys == "own" and origin is not None and _summary_from_body(origin):
        # The summary was the body before <!--more-->: the marker goes back, not a new key.
        more = _more_index(article)
        if more is None:
            read = list(origin.read)
            read[_SUMMARY_INDEX] = CHANGED  # the summary then goes in the front matter
            article = attrs.evolve(article, origin=attrs.evolve(origin, read=tuple(read)))
        body = _body(article, more)
    else:
        body = _body(article)
    if front_matter is False:
        return body
    head = head_text(article, None if front_matter is True else front_matter, own=keys == "own")
    if kept is not None:
        return head + body
    return f"{head}\n{body}" if body else head


_SUMMARY_INDEX = [n for names in FIELD_ATTRIBUTES.values() for n in names].index("summary")


def _summary_from_body(origin: Origin) -> bool:
    """Whether the summary was read from the body (no key held it) and not changed since."""
    if origin.read[_SUMMARY_INDEX] is None:
        return False
    return not any(entry.field == "summary" for entry in origin.entries)


def _more_index(article: Article) -> int | None:
    """How many blocks come before the <!--more--> that gives ``article.summary``, if any."""
    if article.summary is None:
        return None
    for more in range(1, len(article.blocks) + 1):
        if "\n\n".join(block_texts(article.blocks[:more])) == article.summary:
            return more
    return None


def _body(article: Article, more: int | None = None) -> str:
    if more is None:
        body = render_blocks(article.blocks)
    else:
        before, after = render_blocks(article.blocks[:more]), render_blocks(article.blocks[more:])
        body = f"{before}\n<!--more-->\n" + (f"\n{after}" if after else "")
    # Without a "<" no HTML sign can be found: spare the guess.
    if "<" in body and detect_body_format(body) == "html":
        # Only HTML blocks of our own (a fallback, a figure) and no Markdown sign: newsdoc
        # would read the body back as HTML. A link reference definition renders nothing and
        # says "Markdown".
        body = MARKDOWN_MARK + body
    return body
